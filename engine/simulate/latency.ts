// Message latency distributions of the simulated network: their text form (`fixed:5ms`,
// `uniform:1-10ms`, `exp:20ms`, `normal:20ms,5ms`) and sampling them from a seeded generator.

import { formatDuration, parseDuration, SimulationConfigError, unitOf } from './units';

export type Latency =
  | { readonly kind: 'fixed'; readonly ms: number }
  | { readonly kind: 'uniform'; readonly minMs: number; readonly maxMs: number }
  /** Exponential with this mean. */
  | { readonly kind: 'exp'; readonly meanMs: number }
  /** Normal, cut off at 0. */
  | { readonly kind: 'normal'; readonly meanMs: number; readonly sdMs: number };

const FORMS = 'fixed:5ms, uniform:1-10ms, exp:20ms (mean) or normal:20ms,5ms (mean, standard deviation)';

/** Durations separated by `separator`; a number without a unit takes the last one's unit (`1-10ms`). */
function durations(text: string, separator: string, count: number, what: string): number[] {
  const parts = text.split(separator);
  if (parts.length !== count) throw new SimulationConfigError(`${what}: "${text}" should be ${count} durations separated by "${separator}".`);
  const unit = unitOf(parts[parts.length - 1]);
  return parts.map((part) => parseDuration(part, what, unit));
}

/** Parses a latency distribution; a bare duration (`5ms`) is fixed. */
export function parseLatency(text: string): Latency {
  const what = 'latency';
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  if (colon < 0) return { kind: 'fixed', ms: parseDuration(trimmed, `${what} (${FORMS})`) };
  const kind = trimmed.slice(0, colon).trim();
  const args = trimmed.slice(colon + 1);
  switch (kind) {
    case 'fixed':
      return { kind, ms: parseDuration(args, what) };
    case 'uniform': {
      const [minMs, maxMs] = durations(args, '-', 2, what);
      if (minMs > maxMs) throw new SimulationConfigError(`${what}: "${text}" has its minimum above its maximum.`);
      return { kind, minMs, maxMs };
    }
    case 'exp':
      return { kind, meanMs: parseDuration(args, what) };
    case 'normal': {
      const [meanMs, sdMs] = durations(args, ',', 2, what);
      return { kind, meanMs, sdMs };
    }
    default:
      throw new SimulationConfigError(`${what}: unknown distribution "${kind}" in "${text}"; use ${FORMS}.`);
  }
}

export function formatLatency(latency: Latency): string {
  switch (latency.kind) {
    case 'fixed':
      return `fixed:${formatDuration(latency.ms)}`;
    case 'uniform':
      return `uniform:${formatDuration(latency.minMs)}-${formatDuration(latency.maxMs)}`;
    case 'exp':
      return `exp:${formatDuration(latency.meanMs)}`;
    case 'normal':
      return `normal:${formatDuration(latency.meanMs)},${formatDuration(latency.sdMs)}`;
  }
}

/** One latency in milliseconds, never negative. */
export function sampleLatency(latency: Latency, random: () => number): number {
  switch (latency.kind) {
    case 'fixed':
      return latency.ms;
    case 'uniform':
      return latency.minMs + random() * (latency.maxMs - latency.minMs);
    case 'exp':
      return -latency.meanMs * Math.log(1 - random());
    case 'normal': {
      // Box-Muller; 1 - random() is in (0, 1], so the logarithm is finite.
      const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      return Math.max(0, latency.meanMs + latency.sdMs * z);
    }
  }
}
