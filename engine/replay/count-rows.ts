// Per replica, a row of counts per origin replica (operations issued or delivered): rows that
// are still all zero share one row, and a replica's own row is allocated, against the memory
// budget, when it is first changed. Replicas that never learn anything then take no memory.

import { counted, type MemoryBudget } from '../analysis/limits';

export class CountRows {
  /** rows[r][j]: replica r's count for origin j (do not change a row but through `writable`). */
  readonly rows: Uint32Array[];
  private readonly zeros: Uint32Array;

  constructor(
    replicas: number,
    private readonly budget: MemoryBudget,
    /** What the counts are, for the budget's message (e.g. "delivered counts"). */
    private readonly what: string,
  ) {
    this.zeros = new Uint32Array(replicas);
    this.rows = Array.from({ length: replicas }, () => this.zeros);
  }

  /** Replica r's row, to change. */
  writable(r: number): Uint32Array {
    if (this.rows[r] === this.zeros) {
      const R = this.zeros.length;
      this.budget.reserve(R * 4, `${this.what} of ${counted(R)} replicas × ${counted(R)} replicas`);
      this.rows[r] = new Uint32Array(R);
    }
    return this.rows[r];
  }

  /** Replica r's counts are all still zero. */
  isZero(r: number): boolean {
    return this.rows[r] === this.zeros;
  }
}
