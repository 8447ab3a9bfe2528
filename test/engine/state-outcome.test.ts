// The check's state replay (no checkpoints, each delta let go after its last delivery) against
// the reference replay that serves the cursor: on random traces of every CRDT type, with ops,
// state and delta syncs, invalid operations and recorded states both right and wrong, the final
// states, findings, syncs and the whole report are the same; the streamed JSON is JSON.stringify's.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { checkReport, checkSummary } from '../../engine/analysis/report';
import { reportJsonPieces } from '../../engine/analysis/report-json';
import { createCrdt } from '../../engine/crdt/registry';
import type { AnyCrdt, CrdtTypeName, Json } from '../../engine/crdt/types';
import { EventKind, Payload } from '../../engine/trace/model';
import { deltasOf, freshStatesAfter } from '../helpers/fresh-replay';
import { nativeText, readText } from '../helpers/load';

const REPLICAS = ['A', 'B', 'C', 'D'];
const OBJECTS: Record<string, CrdtTypeName> = {
  gc: 'g-counter',
  pn: 'pn-counter',
  lww: 'lww-register',
  mv: 'mv-register',
  gs: 'g-set',
  tp: '2p-set',
  or: 'or-set',
  rw: 'rw-set',
  lm: 'lww-map',
  om: 'or-map',
};
const KEYS = Object.keys(OBJECTS);

/** An operation on `key`'s type from two small numbers; `invalid` picks one its type rejects. */
function operationOn(key: string, a: number, b: number, invalid: boolean): object {
  if (invalid) return a % 2 === 0 ? { type: 'frobnicate', value: a } : { type: 'inc', value: -1 };
  const element = `e${a % 3}`;
  switch (OBJECTS[key]) {
    case 'g-counter':
      return { type: 'inc', value: a + 1 };
    case 'pn-counter':
      return { type: b % 2 === 0 ? 'inc' : 'dec', value: a + 1 };
    case 'lww-register':
    case 'mv-register':
      return { type: 'set', value: `v${a}` };
    case 'g-set':
      return { type: 'add', value: element };
    case 'lww-map':
      return b % 3 === 0 ? { type: 'delete', field: `f${a % 2}` } : { type: 'set', field: `f${a % 2}`, value: a };
    case 'or-map':
      return b % 3 === 0 ? { type: 'delete', field: `f${a % 2}` } : { type: 'update', field: `f${a % 2}`, op: { type: 'inc', value: a + 1 } };
    default:
      return { type: b % 3 === 0 ? 'remove' : 'add', value: element };
  }
}

interface Step {
  replica: number;
  action: number;
  key: number;
  a: number;
  b: number;
  payload: 'state' | 'delta' | 'ops' | undefined;
  invalid: boolean;
  record: 'none' | 'right' | 'wrong';
}

const arbitraryStep: fc.Arbitrary<Step> = fc.record({
  replica: fc.nat(REPLICAS.length - 1),
  action: fc.nat(9),
  key: fc.nat(KEYS.length - 1),
  a: fc.nat(5),
  b: fc.nat(5),
  payload: fc.constantFrom('state', 'delta', 'ops', undefined),
  invalid: fc.nat(6).map((n) => n === 0),
  record: fc.constantFrom('none', 'none', 'none', 'right', 'wrong'),
});

/** Events of a random execution; each event's `record` says whether it should carry a recorded state, and which. */
function eventsOf(steps: Step[]): { events: Record<string, unknown>[]; record: Step['record'][] } {
  const events: Record<string, unknown>[] = [];
  const record: Step['record'][] = [];
  const inFlight: { msg: string; to: string }[] = [];
  let messages = 0;
  steps.forEach((s, n) => {
    const replica = REPLICAS[s.replica];
    const waiting = inFlight.findIndex((m) => m.to === replica);
    if (s.action < 3 && waiting >= 0) {
      events.push({ replica, kind: 'receive', msg: inFlight.splice(waiting, 1)[0].msg });
    } else if (s.action < 6) {
      const to = REPLICAS[(s.replica + 1 + (s.a % (REPLICAS.length - 1))) % REPLICAS.length];
      const msg = `m${++messages}`;
      inFlight.push({ msg, to });
      events.push({ replica, kind: 'send', msg, to, ...(s.payload ? { payload: s.payload } : {}) });
    } else {
      const key = KEYS[s.key];
      events.push({ replica, kind: 'op', key, op: operationOn(key, s.a, s.b, s.invalid), time: 1000 + ((n * 7) % 13) * 10 });
    }
    record.push(s.record);
  });
  return { events, record };
}

/**
 * Native trace text whose chosen events record states: the reference cursor's values at that
 * step ("right"), or a value no replay gives ("wrong").
 */
function traceText(steps: Step[]): string {
  const header = { replicas: REPLICAS, objects: OBJECTS };
  const { events, record } = eventsOf(steps);
  const plain = analyzeTrace(readText(nativeText(header, events)).executions[0]);
  const cursor = plain.states().cursor();
  const { trace, causal } = plain;
  for (let i = 0; i < trace.size; i++) {
    if (record[i] === 'none') continue;
    cursor.seek(causal.step[i]);
    const key = trace.key[i] >= 0 ? trace.key[i] : i % trace.keys.size;
    if (key < 0 || trace.keys.size === 0) continue;
    const value: Json = record[i] === 'right' ? cursor.state(trace.replica[i], key).value() : 'a value no replay gives';
    events[i].state = { [trace.keys.name(key)]: value };
  }
  return nativeText(header, events);
}

const arbitraryTrace = fc.array(arbitraryStep, { minLength: 1, maxLength: 50 }).map(traceText);

test("the check's state replay gives the reference replay's final states, findings, syncs and report", () => {
  fc.assert(
    fc.property(arbitraryTrace, (text) => {
      const file = readText(text);
      const reference = file.executions.map((t) => analyzeTrace(t, { measureSyncs: true }));
      const checked = file.executions.map((t) => analyzeTrace(t, { measureSyncs: true }));
      reference.forEach((a, n) => {
        const full = a.states();
        const lean = checked[n].stateOutcome();
        assert.notEqual(lean, full, 'the check replays on its own');
        lean.replay.finalStates.forEach((row, r) => row.forEach((state, k) => assert.deepEqual(state.value(), full.replay.finalStates[r][k].value(), `replica ${r}, key ${k}`)));
        assert.deepEqual(lean.findings, full.findings);
        assert.deepEqual(lean.replay.syncs, full.replay.syncs);
      });
      assert.deepEqual(checkReport(file, checked), checkReport(file, reference));
    }),
    { numRuns: 300 },
  );
});

/** A state memory budget: none (dense), none at all (lean from the first delta), or one the replay passes somewhere along the trace. */
const arbitraryStateBudget = fc.oneof(fc.constant(undefined), fc.constant(0), fc.integer({ min: 1, max: 20_000 }));

test("the cursor's states at random steps, in any order, are a fresh full replay's, dense, lean or switched on the way (every CRDT type, syncs, invalid operations; from checkpoints, its own snapshot or where it is)", () => {
  fc.assert(
    // Long enough for checkpoints (every 16 events in traces this short) and deltas in flight across them.
    fc.property(fc.array(arbitraryStep, { minLength: 20, maxLength: 120 }).map(traceText), fc.array(fc.integer({ min: -1, max: 120 }), { minLength: 1, maxLength: 10 }), arbitraryStateBudget, (text, seeks, stateMemoryBudgetBytes) => {
      const analysis = analyzeTrace(readText(text).executions[0], { stateMemoryBudgetBytes });
      const { trace } = analysis;
      const cursor = analysis.cursor();
      for (const wanted of seeks) {
        const step = Math.min(wanted, trace.size - 1);
        cursor.seek(step);
        const fresh = freshStatesAfter(analysis, step);
        fresh.forEach((row, r) => row.forEach((state, k) => assert.deepEqual(cursor.state(r, k).inspect(), state.inspect(), `step ${step}, replica ${r}, key ${k}`)));
      }
    }),
    { numRuns: 150 },
  );
});

test('the state replay keeps every delta and a checkpoint every few events within its memory budget; past it, the deltas go and the lean checkpoints are as many as the budget affords', () => {
  const text = traceText(Array.from({ length: 600 }, (_, n) => ({ replica: n % 4, action: (n * 7) % 10, key: n % KEYS.length, a: n % 6, b: (n * 5) % 6, payload: 'delta' as const, invalid: false, record: 'none' as const })));
  const recorderOf = (stateMemoryBudgetBytes?: number) => analyzeTrace(readText(text).executions[0], { stateMemoryBudgetBytes }).states().replayed.checkpoints;
  const dense = recorderOf(undefined);
  assert.ok(dense.dense);
  assert.equal(recorderOf(10_000_000).dense, true);
  const lean = recorderOf(0);
  assert.equal(lean.dense, false);
  assert.ok(lean.interval >= dense.interval);
  for (const position of lean.checkpoints.keys()) assert.equal(position % lean.interval, 0);
  assert.ok(lean.checkpoints.size < dense.checkpoints.size, `${lean.checkpoints.size} lean checkpoints, ${dense.checkpoints.size} dense`);
  // A budget passed along the trace (about a third of the dense estimate here) still affords twice the fewest lean checkpoints.
  const roomier = recorderOf(10_000);
  assert.equal(roomier.dense, false);
  assert.ok(roomier.checkpoints.size > lean.checkpoints.size, `${roomier.checkpoints.size} checkpoints within the larger budget, ${lean.checkpoints.size} within none`);
});

/**
 * Checks each sync's delta bytes against the join, per key, of the deltas it delivers, joined from
 * empty states, and its full bytes against the sender's states at the send, as a cursor replays them.
 */
function assertSyncDeltaBytes(text: string): void {
  for (const trace of readText(text).executions) {
    const analysis = analyzeTrace(trace, { measureSyncs: true });
    const { syncs } = analysis.states().replay;
    const deltas = deltasOf(analysis);
    const { knowledge } = analysis;
    const cursor = analysis.cursor();
    const fullBytesOfSends = (receiver: number) =>
      [...trace.edgeFrom.subarray(trace.edgeStart[receiver], trace.edgeStart[receiver + 1])]
        .filter((send) => trace.kind[send] === EventKind.send && (trace.payload[send] === Payload.state || trace.payload[send] === Payload.delta))
        .map((send) => {
          cursor.seek(analysis.causal.step[send]);
          return trace.objects.reduce((sum, _, k) => sum + cursor.state(trace.replica[send], k).byteSize(), 0);
        });
    for (let receiver = 0; receiver < trace.size; receiver++) {
      assert.deepEqual(
        syncs.filter((sync) => sync.event === receiver).map((sync) => sync.fullBytes),
        fullBytesOfSends(receiver),
        `the full bytes of the sends received at event ${receiver}`,
      );
    }
    for (const sync of syncs) {
      const joins = new Map<number, AnyCrdt>();
      for (let d = knowledge.deliveredStart[sync.event]; d < knowledge.deliveredStart[sync.event + 1]; d++) {
        const o = knowledge.delivered[d];
        if (!deltas[o]) continue;
        const key = trace.key[knowledge.opEvent[o]];
        const join = joins.get(key) ?? createCrdt(trace.objects[key]);
        join.merge(deltas[o]);
        joins.set(key, join);
      }
      let bytes = 0;
      for (const join of joins.values()) bytes += join.byteSize();
      assert.equal(sync.deltaBytes, bytes, `the sync received at event ${sync.event}`);
    }
  }
}

test("a sync's delta bytes are those of the join, per key, of the deltas it delivers (random traces)", () => {
  fc.assert(fc.property(arbitraryTrace, assertSyncDeltaBytes), { numRuns: 200 });
});

test('deltas relayed again are measured as their own join, and a send no one receives does not disturb the next', () => {
  const add = (replica: string, value: string, time: number) => ({ replica, kind: 'op', key: 'or', op: { type: 'add', value }, time });
  const events = [
    add('A', 'x', 1000),
    add('A', 'y', 1001),
    { replica: 'A', kind: 'send', msg: 'lost', to: 'B', payload: 'state' },
    { replica: 'A', kind: 'send', msg: 'm1', to: 'C', payload: 'state' },
    { replica: 'C', kind: 'receive', msg: 'm1' },
    { replica: 'A', kind: 'send', msg: 'm2', to: 'B', payload: 'delta' },
    { replica: 'B', kind: 'receive', msg: 'm2' },
    add('A', 'z', 1002),
    { replica: 'A', kind: 'send', msg: 'm3', to: 'D', payload: 'state' },
    { replica: 'D', kind: 'receive', msg: 'm3' },
  ];
  assertSyncDeltaBytes(nativeText({ replicas: REPLICAS, objects: OBJECTS }, events));
});

test("a sync's delta bytes join several deltas of a key (and measure a key's only delta as it is)", () => {
  const ops = [
    { key: 'or', op: { type: 'add', value: 'x' } },
    { key: 'or', op: { type: 'add', value: 'y' } },
    { key: 'gc', op: { type: 'inc', value: 1 } },
    { key: 'lm', op: { type: 'set', field: 'f0', value: 1 } },
    { key: 'lm', op: { type: 'set', field: 'f1', value: 2 } },
    { key: 'mv', op: { type: 'set', value: 'v' } },
  ];
  const events = [
    ...ops.map((o, n) => ({ replica: 'A', kind: 'op', ...o, time: 1000 + n })),
    { replica: 'B', kind: 'op', key: 'gc', op: { type: 'inc', value: 5 }, time: 1010 },
    { replica: 'B', kind: 'send', msg: 'm1', to: 'A', payload: 'delta' },
    { replica: 'A', kind: 'receive', msg: 'm1' },
    { replica: 'A', kind: 'send', msg: 'm2', to: 'C', payload: 'state' },
    { replica: 'C', kind: 'receive', msg: 'm2' },
  ];
  assertSyncDeltaBytes(nativeText({ replicas: REPLICAS, objects: OBJECTS }, events));
});

test('recorded states are checked by the lean replay: a wrong merge is an error (and a divergence from the sender), a right one is not', () => {
  const events = [
    { replica: 'A', kind: 'op', key: 'n', op: { type: 'inc', value: 2 }, state: { n: 2 } },
    { replica: 'A', kind: 'send', msg: 'm1', to: 'B' },
    { replica: 'B', kind: 'receive', msg: 'm1', state: { n: 3 } },
  ];
  const file = readText(nativeText({ replicas: ['A', 'B'], objects: { n: 'pn-counter' } }, events));
  const report = checkReport(file, [analyzeTrace(file.executions[0])]);
  assert.deepEqual(
    report.executions[0].findings.map((f) => `${f.line} ${f.kind}`),
    ['4 merge-not-join', '4 divergence'],
  );
});

test('the streamed JSON of a report is the text of JSON.stringify, for one file and for several', () => {
  fc.assert(
    fc.property(arbitraryTrace, (text) => {
      const file = readText(text);
      const summary = checkSummary(file, file.executions.map((t) => analyzeTrace(t)));
      const whole = checkReport(file, file.executions.map((t) => analyzeTrace(t)));
      assert.equal([...reportJsonPieces(summary)].join(''), JSON.stringify(whole));
      const several = { files: [{ file: 'a', status: 0, ...summary }, { file: 'b', error: 'unreadable' }] };
      const severalWhole = { files: [{ file: 'a', status: 0, ...whole }, { file: 'b', error: 'unreadable' }] };
      assert.equal([...reportJsonPieces(several)].join(''), JSON.stringify(severalWhole));
    }),
    { numRuns: 100 },
  );
});
