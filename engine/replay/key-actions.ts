// Each key's operations and deliveries in causal order, for the analyses that follow one key at a
// time (a key's states and conflicts depend on its own operations only): one key's working set
// then stays in the processor's cache. Sorted out of the causal order in passes, each over as
// many keys as fit in a bound, so memory does not grow with the whole trace.

import type { Trace } from '../trace/model';
import type { Knowledge } from './knowledge';
import type { CausalOrder } from './order';

/** Actions sorted at once at most by default (8 bytes each; one key with more is sorted alone). */
const MAX_ACTIONS = 1 << 24;

/** What the keys [from, to) of one pass do, in causal order within each key. */
export interface KeyActions {
  readonly from: number;
  readonly to: number;
  /** Key k's actions are [first[k - from], first[k - from + 1]). */
  readonly first: Int32Array;
  /** `-1 - o`: operation o is issued at its origin; `o` >= 0: its delivery. */
  readonly action: Int32Array;
  /** The event of the action: the operation's own, or the one delivering it. */
  readonly event: Int32Array;
}

/** Per operation: its key. */
export function keysOfOperations(trace: Trace, knowledge: Knowledge): Int32Array {
  const { opEvent } = knowledge;
  const keys = new Int32Array(opEvent.length);
  for (let o = 0; o < opEvent.length; o++) keys[o] = trace.key[opEvent[o]];
  return keys;
}

/**
 * The actions of the operations marked in `wanted` (and of their deliveries), key by key: yields
 * one pass of keys after another, each sorted from one walk over the causal order.
 */
export function* actionsByKey(trace: Trace, causal: CausalOrder, knowledge: Knowledge, wanted: Uint8Array, maxActions = MAX_ACTIONS): Generator<KeyActions> {
  const { opEvent, opOfEvent, delivered, deliveredStart } = knowledge;
  const keys = trace.objects.length;
  const keyOfOp = keysOfOperations(trace, knowledge);
  // start[k]: where key k's actions would start were all keys sorted at once.
  const start = new Float64Array(keys + 1);
  for (let o = 0; o < opEvent.length; o++) if (wanted[o]) start[keyOfOp[o] + 1]++;
  for (let d = 0; d < delivered.length; d++) if (wanted[delivered[d]]) start[keyOfOp[delivered[d]] + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  for (let from = 0; from < keys; ) {
    let to = from + 1;
    while (to < keys && start[to + 1] - start[from] <= maxActions) to++;
    const first = Int32Array.from(start.subarray(from, to + 1), (at) => at - start[from]);
    const next = first.slice(0, to - from);
    const action = new Int32Array(first[to - from]);
    const event = new Int32Array(first[to - from]);
    for (let step = 0; step < trace.size; step++) {
      const i = causal.order[step];
      const own = opOfEvent[i];
      if (own >= 0 && wanted[own] && keyOfOp[own] >= from && keyOfOp[own] < to) {
        const at = next[keyOfOp[own] - from]++;
        action[at] = -1 - own;
        event[at] = i;
      }
      for (let d = deliveredStart[i]; d < deliveredStart[i + 1]; d++) {
        const o = delivered[d];
        const k = keyOfOp[o];
        if (!wanted[o] || k < from || k >= to) continue;
        const at = next[k - from]++;
        action[at] = o;
        event[at] = i;
      }
    }
    yield { from, to, first, action, event };
    from = to;
  }
}
