// Who knows which operations, step by step, without building any CRDT state: operations are
// numbered per origin, a state or delta payload delivers everything its sender had seen, and an
// ops payload delivers the sender's own operations through a causal buffer. The deliveries it
// records are what the state replay (states.ts) applies, and what convergence is measured on.

import { counted, type MemoryBudget } from '../analysis/limits';
import { isDeliverable } from '../clock/causal-delivery';
import type { Trace } from '../trace/model';
import { EventKind, Payload } from '../trace/model';
import { IntList } from '../util/int-list';
import { sharedArray } from '../util/shared-arrays';
import { CountRows } from './count-rows';
import type { CausalOrder } from './order';

/** An operation's wait in a replica's causal buffer: when it arrived, when it could be delivered. */
export interface BufferWait {
  /** The op event. */
  op: number;
  replica: number;
  /** Step at which its message arrived. */
  arrived: number;
  /** Step at which it was delivered (or found already delivered), or -1 if it never was. */
  delivered: number;
  /** What it waited for, in words (e.g. "A's operation 3 (C has 1)"). */
  waitingFor: string;
}

export interface Knowledge {
  /** Op number of each event (-1 for non-op events); `opEvent[op]` is the event of an op number. */
  opOfEvent: Int32Array;
  opEvent: Int32Array;
  /** Operations (op numbers) delivered at each event from other replicas: CSR in event order. */
  deliveredStart: Uint32Array;
  delivered: Int32Array;
  buffered: BufferWait[];
  /** Per replica, operations delivered from each origin by the end (replicas that delivered none share one row of zeros). */
  seen: Uint32Array[];
}

/** The most deliveries per event that replayKnowledge makes room for at once (more grow the list). */
const DELIVERIES_RESERVED_PER_EVENT = 8;

/**
 * Replays knowledge along the causal order. `onStep(i, seen)` is called after each event with
 * every replica's delivered counts (do not keep or change them). A replica's row of counts, and
 * a sender's copy of it, are allocated (against the budget) only once they are not all zero.
 */
export function replayKnowledge(trace: Trace, causal: CausalOrder, budget: MemoryBudget, onStep?: (i: number, seen: Uint32Array[]) => void): Knowledge {
  const n = trace.size;
  const R = trace.replicas.size;
  const { replica, kind, key, edgeStart, edgeFrom, payload } = trace;

  // Shared memory: the check's state replay reads these on another thread (engine/replay/states-by-key.ts).
  const opOfEvent = sharedArray(Int32Array, n).fill(-1);
  let opCount = 0;
  for (let s = 0; s < n; s++) {
    const i = causal.order[s];
    if (kind[i] === EventKind.op && key[i] >= 0) opOfEvent[i] = opCount++;
  }
  const opEvent = sharedArray(Int32Array, opCount);
  for (let i = 0; i < n; i++) if (opOfEvent[i] >= 0) opEvent[opOfEvent[i]] = i;
  /** opsOf[j][s-1]: origin j's s-th operation. */
  const opsOf = Array.from({ length: R }, () => new IntList());
  /** Dependency vector of each op (its origin's delivered counts when issued, itself included): only ops payloads need it. */
  const depsEntries = trace.payload.includes(Payload.ops) ? opCount * R : 0;
  budget.reserve(depsEntries * 4, `dependencies of ${counted(opCount)} operations × ${counted(R)} replicas`);
  const opDeps = new Uint32Array(depsEntries);

  // Delivered counts of the sender at each event a message leaves from, when not all zero: sentPool from sentAt[i].
  const isSource = new Uint8Array(n);
  for (let k = 0; k < edgeFrom.length; k++) isSource[edgeFrom[k]] = 1;
  const sentAt = new Int32Array(n).fill(-1);
  let sentPool = new Uint32Array(0);
  let sentUsed = 0;
  /** Copies replica r's counts as sent at event i. */
  const recordSent = (i: number, row: Uint32Array) => {
    if (sentUsed + R > sentPool.length) {
      const length = Math.max(2 * sentPool.length, sentUsed + R, 1024);
      budget.reserve((length - sentPool.length) * 4, `delivered counts of ${counted(R)} replicas at each send`);
      const grown = new Uint32Array(length);
      grown.set(sentPool.subarray(0, sentUsed));
      sentPool = grown;
    }
    copyRow(row, sentPool, sentUsed);
    sentAt[i] = sentUsed;
    sentUsed += R;
  };

  const counts = new CountRows(R, budget, 'delivered counts');
  const seen = counts.rows;
  const writable = (r: number) => counts.writable(r);
  const pending: number[][] = Array.from({ length: R }, () => []);
  const pendingInfo = new Map<number, BufferWait>();
  const buffered: BufferWait[] = [];
  const deliveredCount = new Uint32Array(n);
  // In shared memory: in source order it becomes `delivered` as it is, without a copy. Sized at
  // once for each operation reaching every other replica once (within a bound): growing it by
  // doubling copied and faulted in twice its final size, 0.1 s at a million events. Pages the
  // deliveries never reach are never touched, so they take no memory.
  const deliveredInCausalOrder = new IntList((length) => sharedArray(Int32Array, length));
  deliveredInCausalOrder.reserve(Math.min(opCount * Math.max(R - 1, 0), DELIVERIES_RESERVED_PER_EVENT * n));

  const deliverable = (r: number, o: number) => isDeliverable(opDeps.subarray(o * R, o * R + R), replica[opEvent[o]], seen[r]);
  const waitingFor = (r: number, o: number): string => {
    const origin = replica[opEvent[o]];
    for (let j = 0; j < R; j++) {
      const need = opDeps[o * R + j] - (j === origin ? 1 : 0);
      if (need > seen[r][j]) return `${trace.replicas.name(j)}'s operation ${need} (${trace.replicas.name(r)} has ${seen[r][j]})`;
    }
    return 'nothing';
  };
  /** Delivers buffered operations of replica r that became deliverable, until none is. */
  const drain = (r: number, i: number, step: number) => {
    const list = pending[r];
    for (let progress = true; progress && list.length > 0; ) {
      progress = false;
      for (let x = 0; x < list.length; x++) {
        const o = list[x];
        const origin = replica[opEvent[o]];
        const already = opDeps[o * R + origin] <= seen[r][origin];
        if (!already && !deliverable(r, o)) continue;
        list.splice(x--, 1);
        pendingInfo.get(o * R + r)!.delivered = step;
        pendingInfo.delete(o * R + r);
        if (!already) {
          writable(r)[origin]++;
          deliveredInCausalOrder.push(o);
          deliveredCount[i]++;
        }
        progress = true;
      }
    }
  };

  for (let step = 0; step < n; step++) {
    const i = causal.order[step];
    const r = replica[i];
    let mine = seen[r];
    const o = opOfEvent[i];
    if (o >= 0) {
      mine = writable(r);
      mine[r]++;
      opsOf[r].push(o);
      if (opDeps.length > 0) copyRow(mine, opDeps, o * R);
    }
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
      if (causal.ignoredEdge[k]) continue;
      const from = edgeFrom[k];
      const sent = sentAt[from];
      if (causal.step[from] >= step) continue;
      const carried = payload[kind[i] === EventKind.sync && trace.msg[i] < 0 ? i : from];
      if (carried === Payload.state || carried === Payload.delta) {
        // The sender had delivered something (else it kept no copy of its counts): the receiver gets a row of its own.
        if (sent >= 0) mine = writable(r);
        for (let j = 0; sent >= 0 && j < R; j++) {
          const upTo = sentPool[sent + j];
          const have = mine[j];
          if (upTo <= have) continue;
          deliveredInCausalOrder.reserve(upTo - have);
          const ops = opsOf[j].data;
          const into = deliveredInCausalOrder.data;
          for (let s = have, at = deliveredInCausalOrder.length; s < upTo; s++, at++) into[at] = ops[s];
          deliveredInCausalOrder.length += upTo - have;
          deliveredCount[i] += upTo - have;
          mine[j] = upTo;
        }
        if (pending[r].length > 0) {
          drain(r, i, step);
          mine = seen[r];
        }
      } else if (carried === Payload.ops) {
        const j = replica[from];
        const ops = opsOf[j].data;
        for (let s = mine[j], upTo = sent < 0 ? 0 : sentPool[sent + j]; s < upTo; s++) {
          const op = ops[s];
          if (pendingInfo.has(op * R + r)) continue;
          if (deliverable(r, op)) {
            mine = writable(r);
            mine[j]++;
            deliveredInCausalOrder.push(op);
            deliveredCount[i]++;
            if (pending[r].length > 0) {
              drain(r, i, step);
              mine = seen[r];
            }
          } else {
            const info: BufferWait = { op: opEvent[op], replica: r, arrived: step, delivered: -1, waitingFor: waitingFor(r, op) };
            pending[r].push(op);
            pendingInfo.set(op * R + r, info);
            buffered.push(info);
          }
        }
      }
    }
    if (isSource[i] && !counts.isZero(r)) recordSent(i, seen[r]);
    onStep?.(i, seen);
  }
  return { opOfEvent, opEvent, ...toEventOrder(causal, deliveredCount, deliveredInCausalOrder), buffered, seen };
}

/** Copies `row` into `into` at `at` (a loop: TypedArray.set costs more for a row of a few entries). */
function copyRow(row: Uint32Array, into: Uint32Array, at: number): void {
  for (let j = 0; j < row.length; j++) into[at + j] = row[j];
}

/** Deliveries were appended in causal order; re-index them so event i's are contiguous at its slot. */
function toEventOrder(causal: CausalOrder, count: Uint32Array, list: IntList): { deliveredStart: Uint32Array; delivered: Int32Array } {
  const n = causal.order.length;
  const start = sharedArray(Uint32Array, n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + count[i];
  if (causal.isSourceOrder) return { deliveredStart: start, delivered: list.data.subarray(0, list.length) };
  const delivered = sharedArray(Int32Array, list.length);
  let at = 0;
  for (let s = 0; s < n; s++) {
    const i = causal.order[s];
    delivered.set(list.data.subarray(at, at + count[i]), start[i]);
    at += count[i];
  }
  return { deliveredStart: start, delivered };
}
