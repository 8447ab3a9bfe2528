// Causal past, future and concurrency of a selected event, from the dense vector clocks, as a
// threshold per lane: the past of e on lane r is a prefix of r (own clock <= e's entry for r),
// its future a suffix (first event whose entry for e's replica reaches e's own entry). O(R log n).

import type { TraceIndex } from './trace-index';

export interface Shading {
  event: number;
  /** Per lane: events at lane positions `[0, pastEnd[r])` happened before the event. */
  pastEnd: Uint32Array;
  /** Per lane: events at lane positions `[futureStart[r], laneSize)` happened after it. */
  futureStart: Uint32Array;
  past: number;
  future: number;
  concurrent: number;
}

export function shadingOf(index: TraceIndex, e: number): Shading {
  const { R, view } = index;
  const own = view.replica[e];
  const ownValue = view.clocks[e * R + own];
  const pastEnd = new Uint32Array(R);
  const futureStart = new Uint32Array(R);
  let past = 0;
  let future = 0;
  for (let r = 0; r < R; r++) {
    const size = index.laneSize(r);
    if (r === own) {
      pastEnd[r] = index.lanePos[e];
      futureStart[r] = index.lanePos[e] + 1;
    } else {
      pastEnd[r] = index.countOwnClockAtMost(r, view.clocks[e * R + r]);
      futureStart[r] = Math.max(pastEnd[r], index.firstKnowing(r, own, ownValue));
    }
    past += pastEnd[r];
    future += size - futureStart[r];
  }
  return { event: e, pastEnd, futureStart, past, future, concurrent: index.N - past - future - 1 };
}

export type Relation = 'same' | 'before' | 'after' | 'concurrent';

/** How a relates to b: `before` when a happened before b. */
export function relationOf(index: TraceIndex, a: number, b: number): Relation {
  if (a === b) return 'same';
  const { R, view } = index;
  const ra = view.replica[a];
  const rb = view.replica[b];
  if (view.clocks[b * R + ra] >= view.clocks[a * R + ra]) return 'before';
  if (view.clocks[a * R + rb] >= view.clocks[b * R + rb]) return 'after';
  return 'concurrent';
}

/** Where an event on lane r at lane position m stands relative to a shading. */
export function standing(sh: Shading, r: number, m: number): 'past' | 'future' | 'concurrent' {
  if (m < sh.pastEnd[r]) return 'past';
  if (m >= sh.futureStart[r]) return 'future';
  return 'concurrent';
}

/**
 * One causal path from a to b (a happened before b), as the events where knowledge of a crossed
 * to another replica: [a, send, receive, ..., b]. Each hop finds, on the current lane, the first
 * event that knew a (a receive) and follows its message back to the sender that carried it.
 */
export function causalPath(index: TraceIndex, a: number, b: number, maxHops = 16): number[] {
  const { R, view } = index;
  const ra = view.replica[a];
  const va = view.clocks[a * R + ra];
  const path: number[] = [b];
  let cur = b;
  for (let hop = 0; hop < maxHops; hop++) {
    const r = view.replica[cur];
    if (r === ra) break;
    const f = index.laneEvent(r, index.firstKnowing(r, ra, va));
    if (f !== cur) path.push(f);
    let from = -1;
    for (let j = view.edgeStart[f]; j < view.edgeStart[f + 1]; j++) {
      const s = view.edgeFrom[j];
      if (s >= 0 && view.clocks[s * R + ra] >= va) {
        from = s;
        break;
      }
    }
    if (from < 0) break;
    path.push(from);
    cur = from;
  }
  if (path[path.length - 1] !== a) path.push(a);
  return path.reverse();
}
