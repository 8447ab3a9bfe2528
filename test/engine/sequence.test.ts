// Sequence numbers (`seq`, written by live clients): a jump means lost events, a repeat an event
// sent twice; replicas that do not number their events are not checked.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { checkSequenceNumbers } from '../../engine/analysis/sequence';
import { nativeText, readText } from '../helpers/load';

const local = (replica: string, seq?: number) => ({ replica, kind: 'local', ...(seq === undefined ? {} : { seq }) });

test('a jump in seq is reported as lost events, a repeat as a repeated event, each with its line', () => {
  const [trace] = readText(nativeText({}, [local('A', 1), local('A', 2), local('B', 3), local('A', 5), local('A', 5), local('A', 4), local('A', 6), local('C')])).executions;
  const findings = checkSequenceNumbers(trace);
  assert.deepEqual(
    findings.map((f) => [f.kind, f.line, f.events[0]]),
    [
      ['lost-events', 4, 'B:1'],
      ['lost-events', 5, 'A:3'],
      ['repeated-event', 6, 'A:4'],
      ['repeated-event', 7, 'A:5'],
    ],
  );
  assert.match(findings[0].message, /B's first numbered event but has seq 3: the 2 events B numbered before it never arrived/);
  assert.match(findings[1].message, /has seq 5 after 2: 2 events of A were lost on the way/);
  assert.match(findings[2].message, /seq 5, which A already used \(its last was 5\)/);
  assert.ok(analyzeTrace(trace).findings.some((f) => f.kind === 'repeated-event'));
});

test('consecutive numbering from 1 is clean, and a trace without seq is not checked', () => {
  const [numbered] = readText(nativeText({}, [local('A', 1), local('B', 1), local('A', 2)])).executions;
  assert.deepEqual(checkSequenceNumbers(numbered), []);
  const [plain] = readText(nativeText({}, [local('A'), local('A')])).executions;
  assert.deepEqual(checkSequenceNumbers(plain), []);
});
