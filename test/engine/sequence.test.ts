// Sequence numbers (`seq`, written by live clients): a jump means lost events, a repeat an event
// sent twice; replicas that do not number their events are not checked.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { checkSequenceNumbers } from '../../engine/analysis/sequence';
import { nativeText, readText } from '../helpers/load';

const local = (replica: string, seq?: number) => ({ replica, kind: 'local', ...(seq === undefined ? {} : { seq }) });

test('a jump in seq is reported as lost events, a repeat as a repeated event, each with its line', () => {
  const [trace] = readText(nativeText({}, [local('A', 1), local('A', 2), local('B', 3), local('A', 5), local('A', 5), local('A', 4), local('A', 7), local('C')])).executions;
  const findings = checkSequenceNumbers(trace);
  assert.deepEqual(
    findings.map((f) => [f.kind, f.line, f.events[0]]),
    [
      ['lost-events', 4, 'B:1'],
      ['lost-events', 5, 'A:3'],
      ['repeated-event', 6, 'A:4'],
      ['lost-events', 8, 'A:6'],
    ],
  );
  assert.match(findings[0].message, /B's first numbered event but has seq 3: 2 events B numbered before it never arrived/);
  assert.match(findings[1].message, /has seq 5 after 2: one event of A numbered in between never arrived/);
  assert.match(findings[2].message, /seq 5, which an earlier event of A already has/);
  assert.match(findings[3].message, /has seq 7 after 5: one event of A numbered in between never arrived/);
  assert.ok(analyzeTrace(trace).findings.some((f) => f.kind === 'repeated-event'));
});

test('an event that arrives late, filling a jump, is neither lost nor a repeat (a live recording after a reconnect)', () => {
  const [trace] = readText(nativeText({}, [local('A', 1), local('A', 2), local('A', 5), local('A', 6), local('A', 3), local('A', 4), local('A', 7)])).executions;
  assert.deepEqual(checkSequenceNumbers(trace), []);
  const [huge] = readText(nativeText({}, [local('A', 1), local('A', 2), local('A', 4294967295), local('A', 3)])).executions;
  assert.deepEqual(
    checkSequenceNumbers(huge).map((f) => [f.kind, f.line, f.message.match(/(\d+) events/)?.[1]]),
    [['lost-events', 4, '4294967291']],
  );
});

test('lost and repeated numbers agree with counting every replica\'s numbers (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.record({ replica: fc.constantFrom('A', 'B'), seq: fc.integer({ min: 1, max: 12 }) }), { minLength: 1, maxLength: 20 }), (events) => {
      const [trace] = readText(nativeText({}, events.map((e) => local(e.replica, e.seq)))).executions;
      const findings = checkSequenceNumbers(trace);
      for (const replica of ['A', 'B']) {
        const numbers = events.filter((e) => e.replica === replica).map((e) => e.seq);
        const repeats = numbers.length - new Set(numbers).size;
        const never = numbers.length === 0 ? 0 : Math.max(...numbers) - new Set(numbers).size;
        const mine = findings.filter((f) => f.events[0].startsWith(`${replica}:`));
        assert.equal(mine.filter((f) => f.kind === 'repeated-event').length, repeats);
        const lost = mine.filter((f) => f.kind === 'lost-events').reduce((sum, f) => sum + Number(/(\d+) events|(one) event/.exec(f.message)![1] ?? 1), 0);
        assert.equal(lost, never, JSON.stringify(numbers));
      }
    }),
    { numRuns: 500, seed: 12 },
  );
});

test('consecutive numbering from 1 is clean, and a trace without seq is not checked', () => {
  const [numbered] = readText(nativeText({}, [local('A', 1), local('B', 1), local('A', 2)])).executions;
  assert.deepEqual(checkSequenceNumbers(numbered), []);
  const [plain] = readText(nativeText({}, [local('A'), local('A')])).executions;
  assert.deepEqual(checkSequenceNumbers(plain), []);
});
