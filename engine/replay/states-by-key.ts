// The check's state replay one key at a time: a delta of key k only ever changes key k's states,
// so each key's operations and deliveries, replayed on their own in causal order, end in the same
// states and refusals as replayStates' walk over every key at every step, with one key's states
// and deltas in the processor's cache at a time instead of every replica's state of every key.

import { mergeOfType } from '../crdt/merge-by-type';
import { createCrdt, OP_TYPES_BY_CRDT } from '../crdt/registry';
import { type AnyCrdt, CrdtOpError } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import type { MemoryBudget } from '../analysis/limits';
import type { ComputedClocks } from './clocks';
import { CountRows } from './count-rows';
import type { Knowledge } from './knowledge';
import type { CausalOrder } from './order';
import { actionsByKey } from './key-actions';
import { stampTime } from './stamps';
import { refusedOperation, type StateOutcome } from './states';

/** How the operations are numbered and delivered. */
interface OperationPlan {
  /** Per operation: the key's type supports it. */
  supported: Uint8Array;
  /** Per operation: its dot's sequence number (the operations its origin issued up to it). */
  seq: Uint32Array;
  /** Per operation: the deliveries of its delta still to come. */
  awaiting: Uint32Array;
}

/** Numbers the operations' dots (against the budget, as replayStates does) and counts their deliveries. */
function planOperations(trace: Trace, causal: CausalOrder, knowledge: Knowledge, budget: MemoryBudget): OperationPlan {
  const { opEvent, opOfEvent, delivered } = knowledge;
  const types = trace.objects.map((spec) => new Set(OP_TYPES_BY_CRDT[spec.type].map((t) => trace.strings.find(t))));
  const supported = new Uint8Array(opEvent.length);
  for (let o = 0; o < opEvent.length; o++) supported[o] = types[trace.key[opEvent[o]]].has(trace.opType[opEvent[o]]) ? 1 : 0;
  const awaiting = new Uint32Array(opEvent.length);
  for (let d = 0; d < delivered.length; d++) awaiting[delivered[d]]++;
  const seq = new Uint32Array(opEvent.length);
  const counts = new CountRows(trace.replicas.size, budget, 'operation counts of the state replay');
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    const r = trace.replica[i];
    if (opOfEvent[i] >= 0) seq[opOfEvent[i]] = ++counts.writable(r)[r];
  }
  return { supported, seq, awaiting };
}

/**
 * The final states and refused operations of replayStates (without per-step callbacks or sync
 * measures), replayed key by key; each delta is let go after its last delivery. (`maxActions`:
 * see actionsByKey.)
 */
export function replayStatesByKey(trace: Trace, causal: CausalOrder, clocks: ComputedClocks, knowledge: Knowledge, budget: MemoryBudget, maxActions?: number): StateOutcome {
  const { supported, seq, awaiting } = planOperations(trace, causal, knowledge, budget);
  const { opEvent } = knowledge;
  const replicaNames = trace.replicas.all();
  const finalStates: AnyCrdt[][] = replicaNames.map(() => new Array<AnyCrdt>(trace.objects.length));
  const deltas: (AnyCrdt | undefined)[] = new Array(opEvent.length);
  const refused: number[] = [];
  const reasons: string[] = [];
  for (const { from, to, first, action, event } of actionsByKey(trace, causal, knowledge, supported, maxActions)) {
    for (let k = from; k < to; k++) {
      const spec = trace.objects[k];
      const states = replicaNames.map(() => createCrdt(spec));
      const merge = mergeOfType(spec.type);
      for (let a = first[k - from]; a < first[k - from + 1]; a++) {
        const o = action[a];
        const i = event[a];
        if (o >= 0) {
          const delta = deltas[o];
          if (delta !== undefined) merge(states[trace.replica[i]], delta);
          if (--awaiting[o] === 0) deltas[o] = undefined;
          continue;
        }
        const own = -1 - o;
        const origin = replicaNames[trace.replica[i]];
        try {
          const delta = states[trace.replica[i]].mutate(trace.opOf(i)!, { dot: { replica: origin, seq: seq[own] }, stamp: { time: stampTime(trace, clocks, i), replica: origin } });
          if (awaiting[own] > 0) deltas[own] = delta;
        } catch (err) {
          if (!(err instanceof CrdtOpError)) throw err;
          refused.push(i);
          reasons.push(err.message);
        }
      }
      states.forEach((state, r) => (finalStates[r][k] = state));
    }
  }
  // Refusals in causal order, as the step-by-step replay meets them.
  const byStep = refused.map((_, n) => n).sort((a, b) => causal.step[refused[a]] - causal.step[refused[b]]);
  const findings: Finding[] = byStep.map((n) => refusedOperation(trace, refused[n], reasons[n]));
  return { finalStates, findings, syncs: [] };
}
