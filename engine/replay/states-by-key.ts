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
import { stampTime } from './stamps';
import { refusedOperation, type StateOutcome } from './states';

/** Actions held at once at most by default (6 bytes each, unless one key has more): keys beyond are sorted in another pass. */
const MAX_ACTIONS = 1 << 24;

/** How the operations are numbered and delivered, key by key. */
interface KeyPlan {
  /** Actions of key k: [start[k], start[k + 1]) of all keys' actions. */
  start: Int32Array;
  /** Per operation: its dot's sequence number (the operations its origin issued up to it). */
  seq: Uint32Array;
  /** Per operation: the deliveries of its delta still to come (0 when the key's type does not support it). */
  awaiting: Uint32Array;
  /** Per key: its type supports the operation type (a string id). */
  supported: Set<number>[];
}

/** What the keys [from, to) do, in causal order within each key. */
interface KeyActions {
  /** `-1 - o`: operation o is applied at its origin; `o` >= 0: its delta is merged into `replica[a]`. Key k's are at [start[k] - start[from], start[k + 1] - start[from]). */
  action: Int32Array;
  replica: Uint16Array | Uint32Array;
}

/** Counts each key's actions and numbers the operations' dots (against the budget, as replayStates does). */
function planByKey(trace: Trace, causal: CausalOrder, knowledge: Knowledge, budget: MemoryBudget): KeyPlan {
  const { opEvent, opOfEvent, delivered } = knowledge;
  const keys = trace.objects.length;
  const supported = trace.objects.map((spec) => new Set(OP_TYPES_BY_CRDT[spec.type].map((t) => trace.strings.find(t))));
  const awaiting = new Uint32Array(opEvent.length);
  for (let d = 0; d < delivered.length; d++) awaiting[delivered[d]]++;
  const start = new Int32Array(keys + 1);
  for (let o = 0; o < opEvent.length; o++) {
    const i = opEvent[o];
    if (supported[trace.key[i]].has(trace.opType[i])) start[trace.key[i] + 1] += 1 + awaiting[o];
    else awaiting[o] = 0;
  }
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  const seq = new Uint32Array(opEvent.length);
  const counts = new CountRows(trace.replicas.size, budget, 'operation counts of the state replay');
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    const r = trace.replica[i];
    if (opOfEvent[i] >= 0) seq[opOfEvent[i]] = ++counts.writable(r)[r];
  }
  return { start, seq, awaiting, supported };
}

/** The actions of keys [from, to), from one pass over the causal order. */
function actionsOfKeys(trace: Trace, causal: CausalOrder, knowledge: Knowledge, plan: KeyPlan, from: number, to: number): KeyActions {
  const { opEvent, opOfEvent, delivered, deliveredStart } = knowledge;
  const { start, awaiting, supported } = plan;
  const base = start[from];
  const total = start[to] - base;
  const action = new Int32Array(total);
  const replica = trace.replicas.size <= 0x10000 ? new Uint16Array(total) : new Uint32Array(total);
  const next = start.slice(0, trace.objects.length).map((at) => at - base);
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    const own = opOfEvent[i];
    const k = trace.key[i];
    if (own >= 0 && k >= from && k < to && supported[k].has(trace.opType[i])) action[next[k]++] = -1 - own;
    for (let d = deliveredStart[i]; d < deliveredStart[i + 1]; d++) {
      const o = delivered[d];
      const ok = trace.key[opEvent[o]];
      if (awaiting[o] === 0 || ok < from || ok >= to) continue;
      const at = next[ok]++;
      action[at] = o;
      replica[at] = trace.replica[i];
    }
  }
  return { action, replica };
}

/**
 * The final states and refused operations of replayStates (without per-step callbacks or sync
 * measures), replayed key by key; each delta is let go after its last delivery. The actions of
 * as many keys as fit in `maxActions` are sorted in each pass over the causal order.
 */
export function replayStatesByKey(trace: Trace, causal: CausalOrder, clocks: ComputedClocks, knowledge: Knowledge, budget: MemoryBudget, maxActions = MAX_ACTIONS): StateOutcome {
  const plan = planByKey(trace, causal, knowledge, budget);
  const { start, seq, awaiting } = plan;
  const { opEvent } = knowledge;
  const replicaNames = trace.replicas.all();
  const finalStates: AnyCrdt[][] = replicaNames.map(() => new Array<AnyCrdt>(trace.objects.length));
  const deltas: (AnyCrdt | undefined)[] = new Array(opEvent.length);
  const refused: number[] = [];
  const reasons: string[] = [];
  for (let from = 0; from < trace.objects.length; ) {
    // The next keys whose actions fit in maxActions (at least one key).
    let to = from + 1;
    while (to < trace.objects.length && start[to + 1] - start[from] <= maxActions) to++;
    const { action, replica } = actionsOfKeys(trace, causal, knowledge, plan, from, to);
    for (let k = from; k < to; k++) {
      const spec = trace.objects[k];
      const states = replicaNames.map(() => createCrdt(spec));
      const merge = mergeOfType(spec.type);
      for (let a = start[k] - start[from]; a < start[k + 1] - start[from]; a++) {
        const o = action[a];
        if (o >= 0) {
          const delta = deltas[o];
          if (delta !== undefined) merge(states[replica[a]], delta);
          if (--awaiting[o] === 0) deltas[o] = undefined;
          continue;
        }
        const own = -1 - o;
        const i = opEvent[own];
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
    from = to;
  }
  // Refusals in causal order, as the step-by-step replay meets them.
  const byStep = refused.map((_, n) => n).sort((a, b) => causal.step[refused[a]] - causal.step[refused[b]]);
  const findings: Finding[] = byStep.map((n) => refusedOperation(trace, refused[n], reasons[n]));
  return { finalStates, findings, syncs: [] };
}
