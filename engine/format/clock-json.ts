// Reading a recorded vector clock written as JSON (`{"hostA": 3, "hostB": 1}`): validation of
// untrusted values, with a fast path for the plain shape every clock-based log writes.

import { quoted } from './pending';

/** The largest clock value a trace stores (its clock column holds 32-bit unsigned integers). */
export const MAX_CLOCK_VALUE = 0xffffffff;

function isClockValue(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_CLOCK_VALUE;
}

export interface ClockRead {
  /** The usable entries (undefined when the value is not a clock at all). */
  clock?: Record<string, number>;
  /** What was wrong, in words; set when entries were dropped or there is no clock. */
  problem?: string;
}

/** Validates a parsed JSON value as a vector clock: an object of whole numbers from 0 to 2^32-1 (numeric strings are accepted). */
export function readClockObject(value: unknown): ClockRead {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problem: `expected a JSON object of host names to whole numbers, found ${quoted(value)}` };
  }
  const clock: Record<string, number> = {};
  const bad: string[] = [];
  const source = value as Record<string, unknown>;
  for (const name in source) {
    let v = source[name];
    if (typeof v === 'string' && /^\d{1,10}$/.test(v)) v = Number(v);
    if (isClockValue(v)) setEntry(clock, name, v);
    else if (bad.length < 3) bad.push(`${quoted(name, 30)}: ${quoted(v, 30)}`);
    else if (bad.length === 3) bad.push('...');
  }
  if (bad.length > 0) return { clock, problem: `clock entries that are not whole numbers from 0 to 4294967295 were dropped (${bad.join(', ')})` };
  return { clock };
}

/** Sets an entry, also for the name "__proto__" (which plain assignment would swallow). */
export function setEntry(clock: Record<string, number>, name: string, value: number): void {
  if (name === '__proto__') Object.defineProperty(clock, name, { value, enumerable: true, writable: true, configurable: true });
  else clock[name] = value;
}

/** Parses clock text such as `{"a":1, "b" : 2}` (trailing spaces allowed) into an object. */
export function parseClockText(text: string): ClockRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `expected a JSON object of host names to whole numbers (${(e as Error).message})` };
  }
  return readClockObject(value);
}

/**
 * Parses clock text straight into host ids and values (no clock object): the fast path for text
 * logs. Returns the number of entries kept, or -1 with `problem` set when there is no clock.
 */
export function readClockText(
  text: string,
  intern: (name: string) => number,
  ids: number[],
  values: number[],
  out: { problem?: string },
): number {
  out.problem = undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    out.problem = `expected a JSON object of host names to whole numbers (${(e as Error).message})`;
    return -1;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    out.problem = `expected a JSON object of host names to whole numbers, found ${quoted(value)}`;
    return -1;
  }
  const source = value as Record<string, unknown>;
  let count = 0;
  let bad: string[] | undefined;
  for (const name in source) {
    let v = source[name];
    if (typeof v === 'string' && /^\d{1,10}$/.test(v)) v = Number(v);
    if (isClockValue(v)) {
      ids[count] = intern(name);
      values[count++] = v;
    } else {
      (bad ??= []).push(`${quoted(name, 30)}: ${quoted(v, 30)}`);
    }
  }
  if (bad) out.problem = `clock entries that are not whole numbers from 0 to 4294967295 were dropped (${bad.slice(0, 3).join(', ')}${bad.length > 3 ? ', ...' : ''})`;
  return count;
}
