// Real-time pacing of a simulation: yields each line when its virtual time has come on the wall
// clock (scaled by a speed), for streaming into a live session. Timers are injected: the engine
// has no setTimeout of its own.

export interface Pacing {
  /** Virtual milliseconds per real millisecond: 1 is real time, 10 ten times faster. */
  readonly speed: number;
  /** The current real time in milliseconds (performance.now, Date.now). */
  now(): number;
  /** Resolves after `ms` real milliseconds. */
  sleep(ms: number): Promise<void>;
}

/** The lines, each released no earlier than its `atMs / speed` after the first. */
export async function* paced<T extends { readonly atMs: number }>(lines: Iterable<T>, pacing: Pacing): AsyncGenerator<T> {
  if (!(pacing.speed > 0) || !Number.isFinite(pacing.speed)) throw new RangeError(`speed must be a positive number, got ${pacing.speed}`);
  const start = pacing.now();
  for (const line of lines) {
    const wait = start + line.atMs / pacing.speed - pacing.now();
    if (wait > 0) await pacing.sleep(wait);
    yield line;
  }
}
