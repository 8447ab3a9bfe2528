// Times as people read them, for every text that shows one (findings, conflict reasons, the
// webview's Details and tooltips): wall times in ISO 8601 UTC instead of epoch milliseconds, exact
// to the nanosecond when the trace wrote nanoseconds, and simulated times (counted from zero) as
// seconds since the start.

/** Times before this (1990-01-01) are not wall-clock epoch times but counted from the start (a simulator's). */
const FIRST_WALL_TIME_MS = Date.UTC(1990, 0, 1);

/**
 * A trace time (milliseconds since the epoch, as the engine keeps it) as text:
 * "2023-11-14T22:13:22Z", "2023-11-14T22:13:22.5Z", "2023-11-14T22:13:22.123456789Z" from the exact
 * nanoseconds `exactNs` when given, or "+2.000 s" for a time counted from the trace's start.
 */
export function timeText(ms: number, exactNs?: string): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (exactNs !== undefined && /^\d{10,}$/.test(exactNs)) return isoFrom(Number(exactNs.slice(0, -9)) * 1000, exactNs.slice(-9));
  if (ms < FIRST_WALL_TIME_MS) return `+${(ms / 1000).toFixed(3)} s`;
  // A double holds an epoch time to a fraction of a microsecond: finer digits would be noise.
  const micros = Math.round(ms * 1000);
  const seconds = Math.floor(micros / 1e6);
  return isoFrom(seconds * 1000, `${String(micros - seconds * 1e6).padStart(6, '0')}000`);
}

/** ISO text of whole seconds `secondsMs` plus nine digits of fraction, trailing zeros trimmed. */
function isoFrom(secondsMs: number, nineDigits: string): string {
  const fraction = nineDigits.replace(/0+$/, '');
  return `${new Date(secondsMs).toISOString().slice(0, 19)}${fraction ? `.${fraction}` : ''}Z`;
}
