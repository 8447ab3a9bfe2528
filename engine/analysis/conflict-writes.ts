// The writes the conflict search looks at, one row of typed-array entries each (event, replica,
// target, and a copy of the write's clock when that is cheap), with their last-writer-wins stamps.

import type { ComputedClocks } from '../replay/clocks';
import { stampTime } from '../replay/stamps';
import type { Trace } from '../trace/model';
import type { ConflictTargets } from './conflict-targets';
import { counted, type MemoryBudget } from './limits';

/**
 * The writes that can conflict, one row each: the write's event, replica and target, then, when
 * the clocks are dense and the budget has room, a copy of its clock (R entries). Rows are
 * grouped by origin in issue order, as deliveries mostly come (a state carries runs of one
 * origin's operations), so they are read in sequence; op o's row starts at `rowOfOp[o]` (-1: no target).
 */
export class TargetedWrites {
  static readonly EVENT = 0;
  static readonly REPLICA = 1;
  static readonly TARGET = 2;
  /** Clock entries copied into each row: R, or 0 when they are looked up in the clocks. */
  private readonly clockWidth: number;
  readonly stride: number;
  readonly rows: Uint32Array;
  readonly rowOfOp: Int32Array;
  /** Per row (row start / stride): the last-writer-wins stamp time, for writes to lww targets. */
  readonly stamp: Float64Array;

  constructor(
    trace: Trace,
    private readonly clocks: ComputedClocks,
    targets: ConflictTargets,
    opEvent: Int32Array,
    budget: MemoryBudget,
  ) {
    const R = clocks.replicaCount;
    const next = new Int32Array(R + 1);
    for (let o = 0; o < opEvent.length; o++) if (targets.ofOp[o] >= 0) next[trace.replica[opEvent[o]] + 1]++;
    for (let r = 0; r < R; r++) next[r + 1] += next[r];
    const copyBytes = next[R] * R * 4;
    this.clockWidth = clocks.isDense && copyBytes <= budget.available / 2 ? R : 0;
    budget.reserve(next[R] * this.clockWidth * 4, `clocks of ${counted(next[R])} writes × ${counted(R)} replicas`);
    this.stride = 3 + this.clockWidth;
    this.rows = new Uint32Array(next[R] * this.stride);
    this.stamp = new Float64Array(next[R]);
    this.rowOfOp = new Int32Array(opEvent.length).fill(-1);
    for (let o = 0; o < opEvent.length; o++) {
      const t = targets.ofOp[o];
      if (t < 0) continue;
      const n = next[trace.replica[opEvent[o]]]++;
      const row = n * this.stride;
      const w = opEvent[o];
      this.rowOfOp[o] = row;
      this.rows[row + TargetedWrites.EVENT] = w;
      this.rows[row + TargetedWrites.REPLICA] = trace.replica[w];
      this.rows[row + TargetedWrites.TARGET] = t;
      for (let j = 0; j < this.clockWidth; j++) this.rows[row + 3 + j] = clocks.entry(w, j);
      if (targets.lww[t]) this.stamp[n] = stampTime(trace, clocks, w);
    }
  }

  /** Entry r of the clock of the write whose row starts at `row`. */
  entry(row: number, r: number): number {
    return this.clockWidth > 0 ? this.rows[row + 3 + r] : this.clocks.entry(this.rows[row + TargetedWrites.EVENT], r);
  }
}
