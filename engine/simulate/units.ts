// The text forms of the simulator's settings that share units: durations (`500ms`, `2s`) and
// probabilities (`0.05`, `5%`), parsed with errors that name the setting, and written back.

/** A setting the simulator cannot use; the message names the setting and what was wrong. */
export class SimulationConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SimulationConfigError';
  }
}

const DURATION = /^(\d+(?:\.\d+)?|\.\d+)\s*(ms|s)?$/;

/**
 * Milliseconds from `500ms`, `2s`, `1.5s` (and `0` alone). A number without a unit takes
 * `defaultUnit` when given, else it is an error (is `5` five seconds or five milliseconds?).
 */
export function parseDuration(text: string, what: string, defaultUnit?: 'ms' | 's'): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new SimulationConfigError(`${what}: "${text}" is not a duration; write it like 500ms or 2s.`);
  const value = Number(match[1]);
  const unit = match[2] ?? defaultUnit ?? (value === 0 ? 'ms' : undefined);
  if (unit === undefined) throw new SimulationConfigError(`${what}: "${text}" needs a unit: ${text}ms or ${text}s.`);
  return unit === 's' ? value * 1000 : value;
}

/** The unit a duration text ends with, if any (lets `1-10ms` read its first number in ms). */
export function unitOf(text: string): 'ms' | 's' | undefined {
  return DURATION.exec(text.trim())?.[2] as 'ms' | 's' | undefined;
}

/** `2s`, `1.5s` from a second up (whole milliseconds), else `250ms` (fractions kept to the microsecond). */
export function formatDuration(ms: number): string {
  if (ms >= 1000 && Number.isInteger(ms)) return `${ms / 1000}s`;
  return `${Number(ms.toFixed(3))}ms`;
}

/** A probability in [0, 1) from `0.05` or `5%`. */
export function parseProbability(text: string, what: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  const p = percent ? value / 100 : value;
  if (trimmed === '' || !Number.isFinite(p) || p < 0 || p >= 1) {
    throw new SimulationConfigError(`${what}: "${text}" is not a probability from 0 up to (not including) 1, such as 0.05 or 5%.`);
  }
  return p;
}
