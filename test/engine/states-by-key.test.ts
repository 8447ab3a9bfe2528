// The key-by-key state replay (what `causeway check` runs on long traces) against the reference
// step-by-step replay: on random executions of every CRDT type, with delta, state and op syncs
// and operations the CRDTs refuse, the final states and the refusals, in causal order, are the same.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeTrace } from '../../engine/analysis/analyze';
import type { CrdtTypeName } from '../../engine/crdt/types';
import { replayStates } from '../../engine/replay/states';
import { KeyReplayer, keyPasses, keyReplayJob, replayKeyJob, replayStatesByKey } from '../../engine/replay/states-by-key';
import type { Trace } from '../../engine/trace/model';
import { nativeText, readText } from '../helpers/load';

const REPLICAS = ['A', 'B', 'C'];
/** Per CRDT type, an operation from a small number n (n = 5: one the type refuses, where it has one). */
const OPERATIONS: Record<CrdtTypeName, (n: number) => object> = {
  'g-counter': (n) => ({ type: 'inc', value: n === 5 ? -1 : n + 1 }),
  'pn-counter': (n) => ({ type: n % 2 === 0 ? 'inc' : 'dec', value: n === 5 ? -2 : n }),
  'lww-register': (n) => ({ type: 'set', value: `v${n}` }),
  'mv-register': (n) => ({ type: 'set', value: n }),
  'g-set': (n) => ({ type: 'add', value: `e${n % 3}` }),
  '2p-set': (n) => ({ type: n < 2 ? 'remove' : 'add', value: `e${n % 3}` }),
  'or-set': (n) => ({ type: n < 2 ? 'remove' : 'add', value: `e${n % 3}` }),
  'rw-set': (n) => ({ type: n < 2 ? 'remove' : 'add', value: `e${n % 3}` }),
  'lww-map': (n) => (n === 0 ? { type: 'delete', field: 'f1' } : { type: 'set', field: `f${n % 2}`, value: n }),
  'or-map': (n) => (n === 0 ? { type: 'delete', field: 'f0' } : { type: 'update', field: `f${n % 2}`, op: { type: 'inc', value: n === 5 ? -1 : n } }),
};
const TYPES = Object.keys(OPERATIONS) as CrdtTypeName[];

/** A random execution over one object of each type: [replica, what (0-4 op, 5-7 send, 8-9 receive), object, n] per event. */
const arbitraryTrace = fc
  .record({
    sync: fc.constantFrom('delta', 'state', 'ops'),
    events: fc.array(fc.tuple(fc.nat(REPLICAS.length - 1), fc.nat(9), fc.nat(TYPES.length - 1), fc.nat(5)), { minLength: 1, maxLength: 60 }),
  })
  .map(({ sync, events }) => {
    const objects = Object.fromEntries(TYPES.map((type, k) => [`k${k}`, type]));
    const sent: { msg: string; to: string }[] = [];
    const lines = events.map(([r, what, k, n], at) => {
      const replica = REPLICAS[r];
      const waiting = sent.findIndex((m) => m.to === replica);
      if (what >= 8 && waiting >= 0) return { replica, kind: 'receive', msg: sent.splice(waiting, 1)[0].msg };
      if (what >= 5) {
        sent.push({ msg: `m${at}`, to: REPLICAS[(r + 1 + (n % 2)) % REPLICAS.length] });
        return { replica, kind: 'send', msg: `m${at}`, to: sent[sent.length - 1].to };
      }
      return { replica, kind: 'op', key: `k${k}`, op: OPERATIONS[TYPES[k]](n), time: 100 + (at % 7) };
    });
    return nativeText({ replicas: REPLICAS, objects, sync }, lines);
  });

/** Both replays of the trace agree (final states and refusals); `maxActions` sorts the keys' actions in several passes. */
function assertSameReplay(trace: Trace, maxActions?: number): void {
  const { causal, clocks, knowledge, budget } = analyzeTrace(trace);
  const reference = replayStates(trace, causal, clocks, knowledge);
  const byKey = replayStatesByKey(trace, causal, clocks, knowledge, budget, maxActions);
  byKey.finalStates.forEach((row, r) => row.forEach((state, k) => assert.deepEqual(state.inspect(), reference.finalStates[r][k].inspect(), `replica ${r}, key ${k}`)));
  assert.deepEqual(byKey.findings, reference.findings);
  assert.deepEqual(byKey.syncs, []);
}

test("the key-by-key replay gives the step-by-step replay's final states and refused operations, in one pass or several", () => {
  fc.assert(
    fc.property(arbitraryTrace, fc.constantFrom(1, 5, 40, undefined), (text, maxActions) => {
      for (const trace of readText(text).executions) assertSameReplay(trace, maxActions);
    }),
    { numRuns: 400 },
  );
});

test('two replayers sharing the keys of a job (as the CLI\'s two threads do) end in the states and refusals of one replaying them all', () => {
  fc.assert(
    fc.property(arbitraryTrace, fc.array(fc.boolean(), { minLength: TYPES.length, maxLength: TYPES.length }), (text, mine) => {
      for (const trace of readText(text).executions) {
        const { causal, clocks, knowledge, budget } = analyzeTrace(trace);
        const job = keyReplayJob(trace, causal, clocks, knowledge, budget);
        const alone = replayKeyJob(job);
        // The other thread's copy, as posting it makes one (the typed arrays in shared memory are shared, not copied).
        const here = new KeyReplayer(job);
        const there = new KeyReplayer(structuredClone(job));
        for (const pass of keyPasses(job)) for (let k = pass.from; k < pass.to; k++) (mine[k] ? here : there).replay(pass, k);
        alone.finalStates.forEach((row, r) =>
          row.forEach((state, k) => assert.deepEqual((mine[k] ? here : there).finalStates[r][k].inspect(), state.inspect(), `replica ${r}, key ${k}`)),
        );
        const refusals = ({ refused, reasons }: { refused: number[]; reasons: string[] }) => refused.map((i, n) => `${i} ${reasons[n]}`);
        assert.deepEqual([...refusals(here), ...refusals(there)].sort(), refusals(alone).sort());
        // Replaying does not change the job: a second replay of it ends the same.
        assert.deepEqual(replayKeyJob(job).finalStates.map((row) => row.map((s) => s.inspect())), alone.finalStates.map((row) => row.map((s) => s.inspect())));
      }
    }),
    { numRuns: 200 },
  );
});

test('the key-by-key replay reports refused operations of several keys in causal order, not by key', () => {
  const events = [
    { replica: 'A', kind: 'op', key: 'pn', op: { type: 'inc', value: -1 } },
    { replica: 'B', kind: 'op', key: 'gc', op: { type: 'inc', value: -2 } },
    { replica: 'A', kind: 'op', key: 'pn', op: { type: 'dec', value: -3 } },
  ];
  const trace = readText(nativeText({ replicas: REPLICAS, objects: { gc: 'g-counter', pn: 'pn-counter' } }, events)).executions[0];
  const { causal, clocks, knowledge, budget } = analyzeTrace(trace);
  const byKey = replayStatesByKey(trace, causal, clocks, knowledge, budget);
  assert.deepEqual(
    byKey.findings.map((f) => `${f.line} ${f.kind}`),
    ['2 invalid-operation', '3 invalid-operation', '4 invalid-operation'],
  );
  assertSameReplay(trace);
});
