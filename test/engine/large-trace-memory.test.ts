// What keeps ten million events within 4 GB, pinned on small traces: columns sized once from the
// source's length, recorded clocks serving as the computed ones only when they agree, no replica
// column for clocks that list every replica in order, and conflicts that hold no lists.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateNativeTrace } from '../../bench/generate-native';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { MemoryBudget } from '../../engine/analysis/limits';
import { computeClocks } from '../../engine/replay/clocks';
import { causalOrder } from '../../engine/replay/order';
import { nativeText, readText } from '../helpers/load';

const generated = (events: number) => [...generateNativeTrace({ events, replicas: 4, keys: 6, seed: 7 })].join('\n') + '\n';

/** The trace's text without its recorded clocks: the clocks then come from its structure alone. */
const withoutClocks = (text: string) => text.replace(/,"clock":\{[^}]*\}/g, '');

test('a reader told the source length sizes the columns once, near the event count, and never copies them to trim', () => {
  const text = generated(20_000);
  const trace = readText(text, undefined, { totalBytes: Buffer.byteLength(text) }).executions[0];
  assert.equal(trace.size, 20_000);
  // Doubling from 1,024 would stop at 32,768; the projection from the first lines' lengths lands near 20,000.
  assert.ok(trace.kind.buffer.byteLength < 1.3 * trace.size, `capacity ${trace.kind.buffer.byteLength} for ${trace.size} events`);
  assert.ok(trace.time.buffer.byteLength >= trace.time.byteLength);
  const unsized = readText(text).executions[0];
  assert.deepEqual(Array.from(unsized.time), Array.from(trace.time));
  assert.deepEqual(unsized.recordedClock(19_999), trace.recordedClock(19_999));
});

test('full recorded clocks that agree with the causal structure are the computed clocks, with no table of their own', () => {
  const text = generated(3_000);
  const trace = readText(text).executions[0];
  const structural = readText(withoutClocks(text)).executions[0];
  const budget = new MemoryBudget();
  const clocks = computeClocks(trace, causalOrder(trace), budget);
  const expected = computeClocks(structural, causalOrder(structural));
  assert.equal(budget.used, 0);
  assert.equal(clocks.denseMatrix(budget).buffer, trace.clockValue.buffer);
  for (let i = 0; i < trace.size; i += 97) assert.deepEqual(clocks.row(i), expected.row(i), `event ${i}`);
  assert.deepEqual(Array.from(clocks.lamport), Array.from(expected.lamport));
});

test('one recorded clock that disagrees with the structure leaves the computed clocks to the structure', () => {
  const events = [
    { replica: 'A', kind: 'send', msg: 'm', clock: { A: 1, B: 0 } },
    { replica: 'B', kind: 'local', clock: { A: 0, B: 1 } },
    // Receiving m, B's clock should say A=1: it says A=0 (the tracer lost the merge).
    { replica: 'B', kind: 'receive', msg: 'm', clock: { A: 0, B: 2 } },
  ];
  const trace = readText(nativeText({ replicas: ['A', 'B'] }, events)).executions[0];
  const budget = new MemoryBudget();
  const clocks = computeClocks(trace, causalOrder(trace), budget);
  assert.deepEqual(Array.from(clocks.row(2)), [1, 2]);
  assert.deepEqual(trace.recordedClock(2), { A: 0, B: 2 });
  assert.ok(budget.used > 0, 'the computed clocks have a table of their own');
  assert.ok(analyzeTrace(trace).findings.some((f) => f.kind === 'clock-anomaly' && f.line === 4));
});

test('clocks that list every replica in id order keep no replica column, and read back and check as before', () => {
  const full = readText(nativeText({ replicas: ['A', 'B'] }, [
    { replica: 'A', kind: 'local', clock: { A: 1, B: 0 } },
    { replica: 'A', kind: 'local', clock: { A: 1, B: 0 } },
  ])).executions[0];
  assert.equal(full.clockReplica, undefined);
  assert.deepEqual(full.recordedClock(1), { A: 1, B: 0 });
  assert.ok(analyzeTrace(full).findings.some((f) => f.kind === 'clock-regression' && f.line === 3));
  const reordered = readText(nativeText({ replicas: ['A', 'B'] }, [{ replica: 'A', kind: 'local', clock: { B: 0, A: 1 } }])).executions[0];
  assert.ok(reordered.clockReplica !== undefined);
  assert.deepEqual(reordered.recordedClock(0), { B: 0, A: 1 });
});

test('a conflict keeps two numbers: its writes, winners and reason are the same each time they are asked for', () => {
  const analysis = analyzeTrace(readText(generated(3_000)).executions[0]);
  assert.ok(analysis.conflicts.length > 10);
  for (const c of analysis.conflicts.slice(0, 10)) {
    assert.deepEqual(Object.keys(c).sort(), ['context', 'n']);
    assert.deepEqual(c.events, c.events);
    assert.ok(c.events.length >= 2);
    assert.deepEqual([...c.winners, ...c.losers].sort((a, b) => a - b), [...c.events].sort((a, b) => a - b));
    assert.equal(c.reason, c.reason);
  }
});

test('a vector-clock trace keeps no Lamport columns; a Lamport trace keeps them, NaN where an event records none', () => {
  assert.equal(readText(generated(100)).executions[0].recordedScalar, undefined);
  const events = [
    { replica: 'A', kind: 'local' },
    { replica: 'A', kind: 'send', msg: 'm', clock: 4 },
    { replica: 'B', kind: 'receive', msg: 'm', clock: 3 },
  ];
  const trace = readText(nativeText({ clock: 'lamport' }, events)).executions[0];
  assert.deepEqual(Array.from(trace.recordedScalar ?? []), [NaN, 4, 3]);
  assert.equal(trace.event(1).lamport, 4);
  assert.equal(trace.event(0).lamport, undefined);
  assert.ok(analyzeTrace(trace).findings.some((f) => f.kind === 'clock-anomaly' && f.line === 4));
});
