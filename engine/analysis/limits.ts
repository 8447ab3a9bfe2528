// The memory budget of one analysis: the tables whose size grows with replicas × replicas or
// events × replicas reserve their bytes here before they are allocated, so an input too large
// for the budget is refused with a message that names the limit and how to raise it.

import { TraceReadError } from '../format/types';
import { groupedCount } from '../util/count-text';

/** Default budget of the analysis's tables: leaves room for the trace itself within 1 GB. */
export const DEFAULT_MAX_MATRIX_BYTES = 512 * 1024 * 1024;

/** The analysis would need more memory than its budget allows (the CLI exits with status 2). */
export class TraceTooLargeError extends TraceReadError {
  constructor(message: string) {
    super(message);
    this.name = 'TraceTooLargeError';
  }
}

const megabytes = (bytes: number) => Math.ceil(bytes / (1024 * 1024));

export class MemoryBudget {
  private reserved = 0;

  constructor(readonly maxBytes: number = DEFAULT_MAX_MATRIX_BYTES) {}

  /**
   * Counts `bytes` against the budget, before they are allocated; throws when they do not fit.
   * `what` names the table in words (e.g. "vector clocks of 30,000 events × 30,000 replicas").
   */
  reserve(bytes: number, what: string): void {
    if (bytes > this.available) {
      throw new TraceTooLargeError(
        `This trace is too large to check within the memory limit of ${megabytes(this.maxBytes)} MB for the analysis's tables: the ${what} ` +
          `would go past it (${megabytes(this.reserved + bytes)} MB needed so far, besides the trace itself). Raise the limit with --max-memory-mb ` +
          `(setting causeway.maxMemoryMB), or split the trace.`,
      );
    }
    this.reserved += bytes;
  }

  /** Bytes reserved so far. */
  get used(): number {
    return this.reserved;
  }

  /** Bytes that can still be reserved. */
  get available(): number {
    return this.maxBytes - this.reserved;
  }
}

/** `count` with thousands separators, for the budget's messages (built on every reservation: without ICU, see groupedCount). */
export function counted(count: number): string {
  return groupedCount(count);
}
