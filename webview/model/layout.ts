// Where events go along the time axis and which lanes are shown: a column per causal depth (or
// step), compressed where runs of local events are collapsed or replicas hidden; lanes for the
// replicas shown. Positions are monotone along every lane, so lane ranges are binary searches.

import { partitionPoint } from '../../engine/util/bisect';
import type { ColumnMode } from '../protocol';
import { KIND_LOCAL, type TraceIndex } from './trace-index';

export class Layout {
  /** Raw column of each event: `view.depth` or `view.step`. */
  readonly column: Uint32Array;
  readonly maxColumn: number;
  /** With collapse: compressed position of each raw column (monotone); null = identity. */
  private readonly colPos: Uint32Array | null;
  /** With collapse: 1 for events folded into the head of their run. */
  readonly folded: Uint8Array | null;
  /** With collapse: length of the run each run head stands for (0 elsewhere). */
  readonly runLength: Uint32Array | null;
  /** Replicas shown, in lane order, and each replica's slot among them (-1 when hidden). */
  readonly lanes: number[];
  readonly slotOf: Int32Array;
  readonly maxPos: number;

  constructor(
    readonly index: TraceIndex,
    readonly columns: ColumnMode,
    readonly hidden: ReadonlySet<number>,
    readonly collapse: boolean,
  ) {
    const { view, R, N } = index;
    this.column = columns === 'depth' ? view.depth : view.step;
    let maxColumn = 0;
    for (let r = 0; r < R; r++) {
      const size = index.laneSize(r);
      if (size > 0) maxColumn = Math.max(maxColumn, this.column[index.laneEvent(r, size - 1)]);
    }
    this.maxColumn = maxColumn;
    this.lanes = [];
    this.slotOf = new Int32Array(R).fill(-1);
    for (let r = 0; r < R; r++) {
      if (hidden.has(r)) continue;
      this.slotOf[r] = this.lanes.length;
      this.lanes.push(r);
    }
    if (!collapse && hidden.size === 0) {
      this.colPos = null;
      this.folded = null;
      this.runLength = null;
      this.maxPos = maxColumn;
      return;
    }
    // Runs of two or more consecutive local events fold into their first event; a column that
    // then holds only folded events, or only events of hidden replicas, disappears.
    const kind = view.kind;
    let folded: Uint8Array | null = null;
    let runLength: Uint32Array | null = null;
    if (collapse) {
      folded = new Uint8Array(N);
      runLength = new Uint32Array(N);
      for (let r = 0; r < R; r++) {
        const size = index.laneSize(r);
        let m = 0;
        while (m < size) {
          if (kind[index.laneEvent(r, m)] !== KIND_LOCAL) {
            m++;
            continue;
          }
          let end = m + 1;
          while (end < size && kind[index.laneEvent(r, end)] === KIND_LOCAL) end++;
          if (end - m >= 2) {
            runLength[index.laneEvent(r, m)] = end - m;
            for (let j = m + 1; j < end; j++) folded[index.laneEvent(r, j)] = 1;
          }
          m = end;
        }
      }
    }
    const keep = new Uint8Array(maxColumn + 1);
    for (const r of this.lanes) {
      for (let m = 0, size = index.laneSize(r); m < size; m++) {
        const e = index.laneEvent(r, m);
        if (!folded || !folded[e]) keep[this.column[e]] = 1;
      }
    }
    const colPos = new Uint32Array(maxColumn + 1);
    let p = 0;
    for (let c = 0; c <= maxColumn; c++) {
      colPos[c] = p;
      if (keep[c]) p++;
    }
    this.colPos = colPos;
    this.folded = folded;
    this.runLength = runLength;
    this.maxPos = Math.max(0, p - 1);
  }

  pos(e: number): number {
    const c = this.column[e];
    return this.colPos ? this.colPos[c] : c;
  }

  /** The position of raw column c (where its events are, or the next kept column's when none shows). */
  posOfColumn(c: number): number {
    if (!this.colPos) return c;
    return this.colPos[Math.max(0, Math.min(this.colPos.length - 1, c))];
  }

  /** The smallest raw column at position >= p (for mapping a visible range back to raw columns). */
  columnAtPos(p: number): number {
    if (!this.colPos) return Math.max(0, Math.ceil(p));
    const cp = this.colPos;
    return partitionPoint(0, cp.length, (c) => cp[c] < p);
  }

  /** Lane positions `[lo, hi)` of lane r whose position lies in `[pLo, pHi]`. */
  laneRange(r: number, pLo: number, pHi: number): [number, number] {
    return [this.lowerBound(r, pLo), this.upperBound(r, pHi)];
  }

  /** First lane position on lane r with pos >= p. */
  lowerBound(r: number, p: number): number {
    const { index } = this;
    const base = index.laneStart[r];
    const ev = index.laneEvents;
    return partitionPoint(0, index.laneSize(r), (m) => this.pos(ev[base + m]) < p);
  }

  /** First lane position on lane r with pos > p. */
  upperBound(r: number, p: number): number {
    const { index } = this;
    const base = index.laneStart[r];
    const ev = index.laneEvents;
    return partitionPoint(0, index.laneSize(r), (m) => this.pos(ev[base + m]) <= p);
  }

  /** The event drawn for e: itself, or the head of the collapsed run it is folded into. */
  shown(e: number): number {
    if (!this.folded || !this.folded[e]) return e;
    const { index } = this;
    const r = index.view.replica[e];
    let m = index.lanePos[e];
    while (m > 0 && this.folded[index.laneEvent(r, m)]) m--;
    return index.laneEvent(r, m);
  }

  /** The shown event of lane r nearest to position p, within `maxDistance` positions, or -1. */
  nearest(r: number, p: number, maxDistance: number): number {
    const { index } = this;
    const size = index.laneSize(r);
    if (size === 0) return -1;
    let best = -1;
    let bestD = Infinity;
    const m = this.lowerBound(r, p);
    for (const start of [m - 1, m]) {
      let j = start;
      const step = start < m ? -1 : 1;
      while (j >= 0 && j < size) {
        const e = index.laneEvent(r, j);
        if (!this.folded || !this.folded[e]) {
          const d = Math.abs(this.pos(e) - p);
          if (d < bestD) {
            bestD = d;
            best = e;
          }
          break;
        }
        j += step;
      }
    }
    return bestD <= maxDistance ? best : -1;
  }
}

/** A run of this many local events in a row on one lane folds the trace's runs by default (ShiViz does too). */
export const LONG_LOCAL_RUN = 20;

/** Whether some lane holds a run of LONG_LOCAL_RUN or more local events in a row. */
export function hasLongLocalRuns(index: TraceIndex): boolean {
  const { kind } = index.view;
  for (let r = 0; r < index.R; r++) {
    let run = 0;
    for (let m = 0, size = index.laneSize(r); m < size; m++) {
      run = kind[index.laneEvent(r, m)] === KIND_LOCAL ? run + 1 : 0;
      if (run >= LONG_LOCAL_RUN) return true;
    }
  }
  return false;
}
