// Memory bounded by the input, not by replicas squared (issue #12): traces naming thousands of
// replicas check within a budget of a few MB, sparse clocks give the same report as dense ones,
// and a trace too wide for the budget is refused with a message naming the flag that raises it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Analysis, analyzeTrace } from '../../engine/analysis/analyze';
import { relationOf } from '../../engine/analysis/causality';
import { checkReport } from '../../engine/analysis/report';
import { MemoryBudget, TraceTooLargeError } from '../../engine/analysis/limits';
import { dclocksFormat } from '../../engine/format/dclocks';
import { nativeFormat } from '../../engine/format/native';
import { otlpFormat } from '../../engine/format/otlp';
import { shivizFormat } from '../../engine/format/shiviz';
import { computeClocks } from '../../engine/replay/clocks';
import { CheckpointRecorder } from '../../engine/replay/checkpoints';
import { emptyStates } from '../../engine/replay/states';
import { causalOrder } from '../../engine/replay/order';
import type { Trace } from '../../engine/trace/model';
import { prng } from '../../engine/util/prng';
import { readText } from '../helpers/load';
import {
  distributedClocksEventWithWideClock,
  eventsOnDistinctReplicas,
  headerNamingReplicas,
  nativeEventWithWideClock,
  otlpWithServices,
  shivizEventWithWideClock,
} from './hostile-traces';

const MB = 1024 * 1024;
/** A budget far below replicas² for 5,000 replicas (100 MB as 32-bit counts). */
const SMALL_BUDGET = 8 * MB;

/** Analyses the trace within `maxMatrixBytes`, states included (what `check` does). */
function checkWithin(trace: Trace, maxMatrixBytes: number): Analysis {
  const analysis = analyzeTrace(trace, { maxMatrixBytes });
  analysis.states();
  assert.ok(analysis.budget.used <= maxMatrixBytes);
  return analysis;
}

const errorsOf = (analysis: Analysis) => [...analysis.findings, ...analysis.states().findings].filter((f) => f.severity === 'error');

test('a header naming 5,000 replicas checks within 8 MB: one write, 4,999 replicas that lack it', () => {
  const trace = readText(headerNamingReplicas(5000)).executions[0];
  assert.equal(trace.replicas.size, 5000);
  const analysis = checkWithin(trace, SMALL_BUDGET);
  assert.equal(analysis.findings.filter((f) => f.kind === 'not-converged').length, 4999);
  assert.deepEqual(errorsOf(analysis), []);
});

test('one event whose clock names 5,000 replicas checks within 8 MB in every clock format', () => {
  const inputs = [
    { format: nativeFormat, text: nativeEventWithWideClock(5000) },
    { format: shivizFormat, text: shivizEventWithWideClock(5000) },
    { format: dclocksFormat, text: distributedClocksEventWithWideClock(5000) },
  ];
  for (const { format, text } of inputs) {
    const trace = readText(text, format).executions[0];
    assert.equal(trace.replicas.size, 5000, format.id);
    const analysis = checkWithin(trace, SMALL_BUDGET);
    assert.deepEqual(errorsOf(analysis), [], format.id);
  }
});

test('5,000 events on as many replicas keep one clock entry each, not 5,000', () => {
  const trace = readText(eventsOnDistinctReplicas(5000)).executions[0];
  const budget = new MemoryBudget(SMALL_BUDGET);
  const clocks = computeClocks(trace, causalOrder(trace), budget);
  assert.ok(budget.used <= 5000 * 8, `${budget.used} bytes`);
  assert.equal(clocks.entry(1234, trace.replica[1234]), 1);
  assert.equal(clocks.entry(1234, trace.replica[1235]), 0);
  assert.equal(relationOf({ trace, clocks } as Analysis, 1234, 1235), 'concurrent');
});

test('a trace too large for the budget is refused before allocating, with the flag that raises the limit', () => {
  // Every replica issues a write, so each needs a row of delivered counts: 5,000 × 5,000 × 4 bytes.
  const trace = readText(eventsOnDistinctReplicas(5000)).executions[0];
  assert.throws(
    () => analyzeTrace(trace, { maxMatrixBytes: SMALL_BUDGET }),
    (e: unknown) =>
      e instanceof TraceTooLargeError &&
      /too large to check within the memory limit of 8 MB for the analysis's tables/.test(e.message) &&
      /besides the trace itself/.test(e.message) &&
      /5,000 replicas × 5,000 replicas/.test(e.message) &&
      /--max-memory-mb/.test(e.message),
  );
});

test('an OTLP export with thousands of services checks within 8 MB, as it reads with room for dense clocks', () => {
  const file = readText(otlpWithServices(4000), otlpFormat);
  const trace = file.executions[0];
  assert.ok(trace.replicas.size > 2000, `${trace.replicas.size} services`);
  const sparse = checkWithin(trace, SMALL_BUDGET);
  const dense = analyzeTrace(trace);
  assert.deepEqual(checkReport(file, [sparse]), checkReport(file, [dense]));
});

/** A header naming `replicas` replicas and one OR-Set, then `adds` adds of distinct elements by ten of them. */
function manyElementsAmongManyReplicas(replicas: number, adds: number): string {
  const names = Array.from({ length: replicas }, (_, r) => `r${r}`);
  const lines = [JSON.stringify({ format: 'causeway', version: 1, replicas: names, objects: { tags: 'or-set' } })];
  for (let e = 0; e < adds; e++) lines.push(JSON.stringify({ replica: `r${e % 10}`, kind: 'op', key: 'tags', op: { type: 'add', value: `t${e}` } }));
  return `${lines.join('\n')}\n`;
}

test('1,000 set elements among 2,000 replicas check within 8 MB: conflict slots only for the views that exist', () => {
  // Replicas × elements would be 2,000,000 slots; ten replicas each see their own 100 elements.
  const trace = readText(manyElementsAmongManyReplicas(2000, 1000)).executions[0];
  const analysis = checkWithin(trace, SMALL_BUDGET);
  assert.deepEqual(errorsOf(analysis), []);
  assert.equal(analysis.conflicts.length, 0);
  const cursor = analysis.states().cursor();
  cursor.seek(trace.size - 1);
  assert.equal((cursor.state(3, 0).value() as string[]).length, 100);
});

test('a checkpoint copies the states of the replicas that changed since the previous one, and shares the rest', () => {
  const trace = readText(manyElementsAmongManyReplicas(50, 10)).executions[0];
  const states = emptyStates(trace);
  const recorder = new CheckpointRecorder(4096, trace.replicas.size, 0);
  const seen = states.map(() => new Uint32Array(trace.replicas.size));
  assert.equal(recorder.interval, 256);
  for (let step = 0; step < 512; step++) recorder.record(step, states, step < 256 ? step % 50 : 7, seen, [], -1);
  const [first, second] = [recorder.checkpoints.get(256)!.states, recorder.checkpoints.get(512)!.states];
  assert.notEqual(first[7], second[7]);
  assert.notEqual(first[7], states[7]);
  for (const q of [0, 6, 8, 49]) assert.equal(first[q], second[q]);
});

/**
 * Groups of three replicas that write two registers and send their state to each other (never
 * to another group): many replicas, sparse clocks, and conflicts and lost updates in every group.
 */
function gossipInGroups(groups: number, events: number): string {
  const random = prng(7);
  const lines = [JSON.stringify({ format: 'causeway', version: 1, objects: { lww: 'lww-register', mv: 'mv-register' } })];
  const inFlight: { msg: string; to: string }[] = [];
  for (let e = 0; e < events; e++) {
    const g = Math.floor(random() * groups);
    const replica = `g${g}-${Math.floor(random() * 3)}`;
    const roll = random();
    if (roll < 0.5) {
      const key = roll < 0.25 ? 'lww' : 'mv';
      lines.push(JSON.stringify({ replica, kind: 'op', key, op: { type: 'set', value: e }, time: 1000 + Math.floor(random() * 50) }));
    } else if (roll < 0.75 || inFlight.length === 0) {
      const msg = `m${e}`;
      const to = `g${g}-${Math.floor(random() * 3)}`;
      if (to === replica) continue;
      lines.push(JSON.stringify({ replica, kind: 'send', msg, to: [to] }));
      inFlight.push({ msg, to });
    } else {
      const { msg, to } = inFlight.splice(Math.floor(random() * inFlight.length), 1)[0];
      lines.push(JSON.stringify({ replica: to, kind: 'receive', msg }));
    }
  }
  return `${lines.join('\n')}\n`;
}

test('sparse clocks give the same report, conflicts and causality as dense ones', () => {
  const file = readText(gossipInGroups(100, 4000));
  const trace = file.executions[0];
  const R = trace.replicas.size;
  // Too small for dense clocks (events × replicas × 4 bytes), ample for sparse ones.
  const budget = (trace.size * R * 4) / 2;
  const sparse = checkWithin(trace, budget);
  const dense = analyzeTrace(trace);
  assert.ok(sparse.conflicts.length > 10 && sparse.findings.some((f) => f.kind === 'lost-update'));
  assert.deepEqual(checkReport(file, [sparse]), checkReport(file, [dense]));
  assert.deepEqual(
    sparse.conflicts.map((c) => [c.id, c.events, c.winners, c.reason]),
    dense.conflicts.map((c) => [c.id, c.events, c.winners, c.reason]),
  );
  for (let i = 0; i < trace.size; i += 7) {
    assert.deepEqual(sparse.clocks.row(i), dense.clocks.row(i));
    const j = (i * 31) % trace.size;
    assert.equal(relationOf(sparse, i, j), relationOf(dense, i, j));
  }
});

test('the diagram gets dense clocks from sparse ones once, counted against the budget once', () => {
  const trace = readText(eventsOnDistinctReplicas(300)).executions[0];
  const budget = new MemoryBudget(trace.size * trace.replicas.size * 4 * 1.5);
  const clocks = computeClocks(trace, causalOrder(trace), new MemoryBudget(trace.size * 8));
  const matrix = clocks.denseMatrix(budget);
  assert.equal(matrix[17 * 300 + trace.replica[17]], 1);
  assert.equal(clocks.denseMatrix(budget), matrix);
});
