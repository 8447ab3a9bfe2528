// A trace still being recorded (a live session, a followed file): receives whose sends have not
// arrived yet and replicas that have not caught up are summed up in one `still-recording` finding;
// everything else is reported as for a finished trace.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { nativeText, readText } from '../helpers/load';

const [trace] = readText(
  nativeText({ replicas: ['A', 'B', 'C'], objects: { n: 'pn-counter' } }, [
    { replica: 'A', kind: 'op', key: 'n', op: { type: 'inc', value: 1 } },
    { replica: 'B', kind: 'receive', msg: 'm1' }, // its send (from C) is still on its way
    { replica: 'B', kind: 'receive', msg: 'm2' },
    { replica: 'C', kind: 'local', clock: { C: 2 } }, // a real error: the first clock must start at 1
  ]),
).executions;

const kinds = (findings: { severity: string; kind: string }[]) => findings.map((f) => `${f.severity} ${f.kind}`).sort();

test('a finished trace reports every receive without its send and every replica behind', () => {
  const { findings } = analyzeTrace(trace);
  assert.deepEqual(kinds(findings), [
    'warning clock-gap',
    'warning not-converged',
    'warning not-converged',
    'warning unknown-message',
    'warning unknown-message',
  ]);
});

test('a trace still being recorded sums them up in one still-recording finding and keeps the rest', () => {
  const { findings } = analyzeTrace(trace, { recording: true });
  assert.deepEqual(kinds(findings), ['info still-recording', 'warning clock-gap']);
  const summary = findings.find((f) => f.kind === 'still-recording')!;
  assert.equal(summary.line, 0);
  assert.match(summary.message, /2 events wait for the events they refer to .*; 2 replicas have not received every operation yet/);
});

test('a recording with nothing to wait for says nothing more', () => {
  const [complete] = readText(nativeText({ replicas: ['A'] }, [{ replica: 'A', kind: 'local' }])).executions;
  assert.deepEqual(analyzeTrace(complete, { recording: true }).findings, []);
});
