// Hybrid logical clocks (Kulkarni et al. 2014): a wall-clock part that never runs backwards plus a
// counter, so a causally later event always gets a larger stamp even when physical clocks disagree.

import type { Stamp } from '../crdt/types';

/** A hybrid timestamp: `wall` is the largest physical time seen (ms), `counter` orders events within it. */
export interface HlcTimestamp {
  readonly wall: number;
  readonly counter: number;
}

export const HLC_ZERO: HlcTimestamp = Object.freeze({ wall: 0, counter: 0 });

/**
 * Counters stay below this limit: when one would reach it, the wall part advances by one ms and
 * the counter restarts at 0 (the order is kept). This keeps `hlcStampTime` exact up to year 2248.
 */
export const HLC_COUNTER_LIMIT = 1024;

function physicalPart(physicalMs: number): number {
  return Number.isFinite(physicalMs) ? Math.floor(physicalMs) : 0;
}

function carry(wall: number, counter: number): HlcTimestamp {
  return counter < HLC_COUNTER_LIMIT ? { wall, counter } : { wall: wall + 1, counter: 0 };
}

/** The timestamp of a local event or send at physical time `physicalMs`. */
export function hlcNow(local: HlcTimestamp, physicalMs: number): HlcTimestamp {
  const physical = physicalPart(physicalMs);
  if (physical > local.wall) return { wall: physical, counter: 0 };
  return carry(local.wall, local.counter + 1);
}

/** The timestamp of receiving a message stamped `remote` at physical time `physicalMs`. */
export function hlcReceive(local: HlcTimestamp, remote: HlcTimestamp, physicalMs: number): HlcTimestamp {
  const physical = physicalPart(physicalMs);
  const wall = Math.max(local.wall, remote.wall, physical);
  if (wall === local.wall && wall === remote.wall) return carry(wall, Math.max(local.counter, remote.counter) + 1);
  if (wall === local.wall) return carry(wall, local.counter + 1);
  if (wall === remote.wall) return carry(wall, remote.counter + 1);
  return { wall, counter: 0 };
}

/** Negative, 0 or positive as a is before, equal to or after b (wall part, then counter). */
export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  if (a.wall !== b.wall) return a.wall < b.wall ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  return 0;
}

/** One number with the same order as the timestamp, for `Stamp.time` (exact while counter < limit). */
export function hlcStampTime(timestamp: HlcTimestamp): number {
  return timestamp.wall * HLC_COUNTER_LIMIT + timestamp.counter;
}

/** The last-writer-wins stamp of a hybrid timestamp taken at `replica`. */
export function hlcStamp(timestamp: HlcTimestamp, replica: string): Stamp {
  return { time: hlcStampTime(timestamp), replica };
}

/** A hybrid logical clock owned by one replica. */
export class HybridClock {
  private last: HlcTimestamp;

  constructor(
    readonly replica: string,
    start: HlcTimestamp = HLC_ZERO,
  ) {
    this.last = start;
  }

  /** The timestamp of the last recorded event. */
  get timestamp(): HlcTimestamp {
    return this.last;
  }

  /** A local event or send at physical time `physicalMs`. */
  now(physicalMs: number): HlcTimestamp {
    this.last = hlcNow(this.last, physicalMs);
    return this.last;
  }

  /** A receive of a message stamped `remote` at physical time `physicalMs`. */
  receive(remote: HlcTimestamp, physicalMs: number): HlcTimestamp {
    this.last = hlcReceive(this.last, remote, physicalMs);
    return this.last;
  }

  /** The last-writer-wins stamp of the last recorded event. */
  stamp(): Stamp {
    return hlcStamp(this.last, this.replica);
  }
}
