// Causal order: a topological order of the events under program order (per replica, as in the
// source) and message edges. Source order is kept where it is already causal; a happens-before
// cycle is reported with the events involved, and its edge ignored so the rest still replays.

import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import { MinHeap } from '../util/min-heap';
import { sharedArray } from '../util/shared-arrays';

export interface CausalOrder {
  /** order[s] = the event at step s. */
  order: Uint32Array;
  /** step[i] = the step of event i. */
  step: Uint32Array;
  /** Previous event of the same replica in source order, or -1. */
  previousOnReplica: Int32Array;
  /** 1 where the message edge at that position of `trace.edgeFrom` was ignored (it closed a cycle). */
  ignoredEdge: Uint8Array;
  /** The source order is already causal: order[s] === s. */
  isSourceOrder: boolean;
  findings: Finding[];
}

function previousEventOnReplica(trace: Trace): Int32Array {
  const prev = new Int32Array(trace.size);
  const last = new Int32Array(trace.replicas.size).fill(-1);
  for (let i = 0; i < trace.size; i++) {
    const r = trace.replica[i];
    prev[i] = last[r];
    last[r] = i;
  }
  return prev;
}

export function causalOrder(trace: Trace): CausalOrder {
  const n = trace.size;
  const prev = previousEventOnReplica(trace);
  const ignoredEdge = new Uint8Array(trace.edgeFrom.length);
  const findings: Finding[] = [];
  // The order is in shared memory: the check's state replay reads it on another thread (engine/replay/states-by-key.ts).
  if (sourceOrderIsCausal(trace)) {
    const order = sharedArray(Uint32Array, n);
    for (let i = 0; i < n; i++) order[i] = i;
    return { order, step: order.slice(), previousOnReplica: prev, ignoredEdge, findings, isSourceOrder: true };
  }
  const order = topologicalOrder(trace, prev, ignoredEdge, findings);
  const step = new Uint32Array(n);
  for (let s = 0; s < n; s++) step[order[s]] = s;
  return { order, step, previousOnReplica: prev, ignoredEdge, findings, isSourceOrder: false };
}

function sourceOrderIsCausal(trace: Trace): boolean {
  const { edgeStart, edgeFrom } = trace;
  for (let i = 0; i < trace.size; i++) {
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) if (edgeFrom[k] >= i) return false;
  }
  return true;
}

/** Kahn's algorithm, always taking the ready event that comes first in the source (a min-heap). */
function topologicalOrder(trace: Trace, prev: Int32Array, ignoredEdge: Uint8Array, findings: Finding[]): Uint32Array {
  const n = trace.size;
  const { edgeStart, edgeFrom } = trace;
  const waiting = new Uint32Array(n);
  const outStart = new Uint32Array(n + 1);
  for (let k = 0; k < edgeFrom.length; k++) outStart[edgeFrom[k] + 1]++;
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];
  const outTo = new Int32Array(edgeFrom.length);
  const outEdge = new Int32Array(edgeFrom.length);
  const fill = outStart.slice(0, n);
  for (let i = 0; i < n; i++) {
    waiting[i] = (prev[i] >= 0 ? 1 : 0) + (edgeStart[i + 1] - edgeStart[i]);
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
      const p = fill[edgeFrom[k]]++;
      outTo[p] = i;
      outEdge[p] = k;
    }
  }
  const nextOnReplica = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) if (prev[i] >= 0) nextOnReplica[prev[i]] = i;

  const heap = new MinHeap(n);
  for (let i = 0; i < n; i++) if (waiting[i] === 0) heap.push(i);
  const order = sharedArray(Uint32Array, n);
  const placed = new Uint8Array(n);
  let s = 0;
  const release = (j: number) => {
    if (--waiting[j] === 0) heap.push(j);
  };
  while (s < n) {
    while (heap.size > 0) {
      const i = heap.pop();
      order[s++] = i;
      placed[i] = 1;
      if (nextOnReplica[i] >= 0) release(nextOnReplica[i]);
      for (let p = outStart[i]; p < outStart[i + 1]; p++) if (!ignoredEdge[outEdge[p]]) release(outTo[p]);
    }
    if (s < n) {
      const edge = breakCycle(trace, prev, placed, ignoredEdge, findings);
      ignoredEdge[edge] = 1;
      const to = receiverOfEdge(edgeStart, edge);
      release(to);
    }
  }
  return order;
}

function receiverOfEdge(edgeStart: Uint32Array, edge: number): number {
  let lo = 0;
  let hi = edgeStart.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (edgeStart[mid] <= edge) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Finds a cycle among unplaced events, reports it, and returns one of its message edges to ignore. */
function breakCycle(trace: Trace, prev: Int32Array, placed: Uint8Array, ignoredEdge: Uint8Array, findings: Finding[]): number {
  const { edgeStart, edgeFrom } = trace;
  let start = 0;
  while (placed[start]) start++;
  // Walk backwards along unplaced predecessors until an event repeats: that closes a cycle.
  const seenAt = new Map<number, number>();
  const path: number[] = [];
  const viaEdge: number[] = [];
  let i = start;
  while (!seenAt.has(i)) {
    seenAt.set(i, path.length);
    path.push(i);
    let next = -1;
    let edge = -1;
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
      if (!ignoredEdge[k] && !placed[edgeFrom[k]]) {
        next = edgeFrom[k];
        edge = k;
        break;
      }
    }
    if (next < 0) next = prev[i];
    viaEdge.push(edge);
    i = next;
  }
  const cycle = path.slice(seenAt.get(i)).reverse();
  const edges = viaEdge.slice(seenAt.get(i)).filter((e) => e >= 0);
  const ids = cycle.map((e) => trace.eventId(e));
  const where = cycle.map((e) => `${trace.eventId(e)} (line ${trace.line[e]})`).join(' → ');
  findings.push({
    severity: 'error',
    kind: 'causal-cycle',
    line: trace.line[cycle[0]],
    message: `These events happen before each other in a cycle, which no real execution can produce: ${where} → ${ids[0]}. One message edge of the cycle is ignored so the rest of the trace can be replayed.`,
    events: ids,
  });
  return edges[0];
}

/** Each replica's events in program order (the lanes of the diagram). */
export function eventsByReplica(trace: Trace, causal: CausalOrder): Uint32Array[] {
  const lanes: number[][] = Array.from({ length: trace.replicas.size }, () => []);
  for (let s = 0; s < trace.size; s++) lanes[trace.replica[causal.order[s]]].push(causal.order[s]);
  return lanes.map((lane) => Uint32Array.from(lane));
}
