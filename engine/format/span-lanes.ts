// The order of each service's events in a span trace: by time, except where happens-before says
// otherwise. Services' clocks disagree (skew) and one service runs many instances, so time alone
// can contradict the parent/child edges; the edges win, as Zipkin's clock-skew correction lets them.

import { MinHeap } from '../util/min-heap';

/** A time as whole seconds and nanoseconds: exact for nanosecond texts beyond 2^53, without BigInt. */
export interface Instant {
  sec: number;
  nano: number;
}

/** Negative, zero or positive as a is before, at or after b; times not known come last. */
export function compareInstants(a: Instant | undefined, b: Instant | undefined): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  return a.sec - b.sec || a.nano - b.nano;
}

/**
 * One number per time that sorts like the time: nanoseconds since the earliest second in the file
 * (exact while the file spans less than 104 days, 2^53 ns), else seconds with a fraction.
 */
function sortKeys(time: readonly (Instant | undefined)[]): Float64Array {
  let min = Infinity;
  let max = -Infinity;
  for (const t of time) {
    if (t === undefined) continue;
    if (t.sec < min) min = t.sec;
    if (t.sec > max) max = t.sec;
  }
  const exact = max - min < 9e6;
  return Float64Array.from(time, (t) => (t === undefined ? Infinity : exact ? (t.sec - min) * 1e9 + t.nano : t.sec + t.nano / 1e9));
}

/** Events and the happens-before constraints between them (a span's start before its marks and end, parent and child, links). */
export interface LaneInput {
  /** Host (service) of each event. */
  host: ArrayLike<number>;
  hosts: number;
  time: readonly (Instant | undefined)[];
  /** At equal times: starts (outer first), marks, then ends (inner first). */
  rank: readonly number[];
  beforeFrom: readonly number[];
  beforeTo: readonly number[];
}

/**
 * Each host's events in one order that keeps every constraint and otherwise follows time (then
 * rank, then input order). Only a cycle among the constraints themselves is broken, at its
 * earliest event; the edges it contradicts are then reported by the causal emitter.
 */
export function laneChains(input: LaneInput): number[][] {
  const n = input.time.length;
  const key = sortKeys(input.time);
  const byTime = Array.from({ length: n }, (_, i) => i).sort((a, b) => key[a] - key[b] || input.rank[a] - input.rank[b] || a - b);
  const priority = new Int32Array(n);
  byTime.forEach((i, k) => (priority[i] = k));
  const chains: number[][] = Array.from({ length: input.hosts }, () => []);
  // Clocks that agree with every edge (the usual case): time order is the answer.
  if (input.beforeFrom.every((a, e) => priority[a] < priority[input.beforeTo[e]])) {
    for (const i of byTime) chains[input.host[i]].push(i);
    return chains;
  }
  const waiting = new Uint32Array(n);
  const outStart = new Uint32Array(n + 1);
  for (let e = 0; e < input.beforeFrom.length; e++) {
    outStart[input.beforeFrom[e] + 1]++;
    waiting[input.beforeTo[e]]++;
  }
  for (let i = 0; i < n; i++) outStart[i + 1] += outStart[i];
  const outTo = new Uint32Array(input.beforeFrom.length);
  const fill = outStart.slice(0, n);
  for (let e = 0; e < input.beforeFrom.length; e++) outTo[fill[input.beforeFrom[e]]++] = input.beforeTo[e];

  const ready = new MinHeap(n);
  for (let i = 0; i < n; i++) if (waiting[i] === 0) ready.push(priority[i]);
  const placed = new Uint8Array(n);
  let earliest = 0;
  for (let count = 0; count < n; ) {
    let i = -1;
    while (ready.size > 0 && i < 0) {
      const next = byTime[ready.pop()];
      if (!placed[next]) i = next;
    }
    if (i < 0) {
      while (placed[byTime[earliest]]) earliest++;
      i = byTime[earliest];
    }
    placed[i] = 1;
    count++;
    chains[input.host[i]].push(i);
    for (let e = outStart[i]; e < outStart[i + 1]; e++) {
      const j = outTo[e];
      if (--waiting[j] === 0 && !placed[j]) ready.push(priority[j]);
    }
  }
  return chains;
}
