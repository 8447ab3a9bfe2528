// Message edges that cross a visible column range, without scanning them all: edges grouped by
// span (powers of two, in raw columns), each group sorted by its first column, so a range query
// is one binary search per group. Also the dashed edges that stand for paths through hidden lanes.

import { partitionPoint } from '../../engine/util/bisect';
import type { Layout } from './layout';
import type { TraceIndex } from './trace-index';

interface SpanGroup {
  /** Largest span in the group. */
  span: number;
  start: Uint32Array;
  edge: Uint32Array;
}

export class EdgeIndex {
  private readonly groups: SpanGroup[] = [];

  constructor(
    readonly index: TraceIndex,
    readonly column: Uint32Array,
  ) {
    const { view, edgeTo } = index;
    const E = view.edgeFrom.length;
    // Counting sort of edges by first column, then a stable split by span class.
    let maxCol = 0;
    for (let i = 0; i < column.length; i++) if (column[i] > maxCol) maxCol = column[i];
    const count = new Uint32Array(maxCol + 2);
    const first = new Uint32Array(E);
    const cls = new Uint8Array(E);
    const perClass = new Uint32Array(33);
    for (let j = 0; j < E; j++) {
      const s = view.edgeFrom[j];
      const a = s >= 0 ? column[s] : column[edgeTo[j]];
      const b = column[edgeTo[j]];
      const lo = Math.min(a, b);
      first[j] = lo;
      const span = Math.abs(b - a);
      cls[j] = span === 0 ? 0 : 32 - Math.clz32(span);
      perClass[cls[j]]++;
      count[lo + 1]++;
    }
    for (let c = 0; c <= maxCol; c++) count[c + 1] += count[c];
    const sorted = new Uint32Array(E);
    for (let j = 0; j < E; j++) sorted[count[first[j]]++] = j;
    const groups: { start: Uint32Array; edge: Uint32Array; n: number }[] = [];
    for (let c = 0; c < 33; c++) {
      groups.push({ start: new Uint32Array(perClass[c]), edge: new Uint32Array(perClass[c]), n: 0 });
    }
    for (let k = 0; k < E; k++) {
      const j = sorted[k];
      const g = groups[cls[j]];
      g.start[g.n] = first[j];
      g.edge[g.n++] = j;
    }
    groups.forEach((g, c) => {
      if (g.n > 0) this.groups.push({ span: c === 0 ? 0 : 2 ** c - 1, start: g.start, edge: g.edge });
    });
  }

  /**
   * Calls `visit(edge)` for every edge that overlaps raw columns `[cLo, cHi]`, up to `limit`
   * edges; returns false when it stopped at the limit.
   */
  query(cLo: number, cHi: number, limit: number, visit: (edge: number) => void): boolean {
    const { view, edgeTo } = this.index;
    const column = this.column;
    let n = 0;
    for (const g of this.groups) {
      const from = Math.max(0, cLo - g.span);
      const lo = partitionPoint(0, g.start.length, (k) => g.start[k] < from);
      for (let k = lo; k < g.start.length && g.start[k] <= cHi; k++) {
        const j = g.edge[k];
        const s = view.edgeFrom[j];
        const end = Math.max(s >= 0 ? column[s] : 0, column[edgeTo[j]]);
        if (end < cLo) continue;
        if (++n > limit) return false;
        visit(j);
      }
    }
    return true;
  }
}

/**
 * For a message from a hidden replica into visible event e: the visible events whose knowledge
 * reached e only through hidden replicas (the sender knew them, e's previous event did not), most
 * recent first per lane and without those already implied by another source. Uses clocks only.
 */
export function transitiveSources(layout: Layout, sender: number, e: number): number[] {
  const { index } = layout;
  const { view, R } = index;
  const re = view.replica[e];
  const m = index.lanePos[e];
  const prev = m > 0 ? index.laneEvent(re, m - 1) : -1;
  const candidates: number[] = [];
  for (const r of layout.lanes) {
    if (r === re) continue;
    const known = view.clocks[sender * R + r];
    if (known === 0) continue;
    if (prev >= 0 && view.clocks[prev * R + r] >= known) continue;
    const pos = index.countOwnClockAtMost(r, known) - 1;
    if (pos < 0) continue;
    const v = index.laneEvent(r, pos);
    let direct = false;
    for (let j = view.edgeStart[e]; j < view.edgeStart[e + 1]; j++) if (view.edgeFrom[j] === v) direct = true;
    if (!direct) candidates.push(v);
  }
  return candidates.filter(
    (v) => !candidates.some((w) => w !== v && view.clocks[w * R + view.replica[v]] >= index.ownClock(v)),
  );
}
