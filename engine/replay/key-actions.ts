// Each key's operations and deliveries in causal order, for the analyses that follow one key at a
// time (a key's states and conflicts depend on its own operations only): one key's working set
// then stays in the processor's cache. Sorted out of the causal order in passes, each over as
// many keys as fit in a bound, so memory does not grow with the whole trace.

import type { Trace } from '../trace/model';
import { sharedArray } from '../util/shared-arrays';
import type { Knowledge } from './knowledge';

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

/** What the sort reads: the causal order, each event's operation and deliveries, and each operation's key. */
export interface ActionSource {
  /** Event indices in causal order. */
  readonly order: Uint32Array;
  /** Per event: its operation number, or -1. */
  readonly opOfEvent: Int32Array;
  /** Per event: the operations delivered at it, `delivered[deliveredStart[i] .. deliveredStart[i + 1])`. */
  readonly deliveredStart: Uint32Array;
  readonly delivered: Int32Array;
  /** Per operation: its key. */
  readonly keyOfOp: Int32Array;
  /** How many keys there are. */
  readonly keys: number;
}

/** Per operation: its key (in shared memory, for the state replay's thread). */
export function keysOfOperations(trace: Trace, knowledge: Knowledge): Int32Array {
  const { opEvent } = knowledge;
  const keys = sharedArray(Int32Array, opEvent.length);
  for (let o = 0; o < opEvent.length; o++) keys[o] = trace.key[opEvent[o]];
  return keys;
}

/**
 * The actions of the operations marked in `wanted` (and of their deliveries), key by key: yields
 * one pass of keys after another, each sorted from one walk over the causal order.
 */
export function* actionsByKey(source: ActionSource, wanted: Uint8Array, maxActions = MAX_ACTIONS): Generator<KeyActions> {
  const { order, opOfEvent, delivered, deliveredStart, keyOfOp, keys } = source;
  // start[k]: where key k's actions would start were all keys sorted at once.
  const start = new Float64Array(keys + 1);
  for (let o = 0; o < keyOfOp.length; o++) if (wanted[o]) start[keyOfOp[o] + 1]++;
  for (let d = 0; d < delivered.length; d++) if (wanted[delivered[d]]) start[keyOfOp[delivered[d]] + 1]++;
  for (let k = 0; k < keys; k++) start[k + 1] += start[k];
  for (let from = 0; from < keys; ) {
    let to = from + 1;
    while (to < keys && start[to + 1] - start[from] <= maxActions) to++;
    // In shared memory: a pass can be handed to another thread that replays some of its keys.
    const first = sharedArray(Int32Array, to - from + 1);
    for (let k = from; k <= to; k++) first[k - from] = start[k] - start[from];
    const next = first.slice(0, to - from);
    const action = sharedArray(Int32Array, first[to - from]);
    const event = sharedArray(Int32Array, first[to - from]);
    for (let step = 0; step < order.length; step++) {
      const i = order[step];
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
