// The total order on last-writer-wins stamps shared by Lamport, hybrid and wall-clock stamps:
// larger time first, then the larger replica id (plain string comparison).

import type { Stamp } from '../crdt/types';

/** Negative when a < b, positive when a > b, 0 when both time and replica are equal. */
export function compareStamps(a: Stamp, b: Stamp): number {
  if (a.time !== b.time) return a.time < b.time ? -1 : 1;
  if (a.replica === b.replica) return 0;
  return a.replica < b.replica ? -1 : 1;
}

/** Whether a write stamped `a` beats one stamped `b` under last-writer-wins. */
export function stampWins(a: Stamp, b: Stamp): boolean {
  return compareStamps(a, b) > 0;
}
