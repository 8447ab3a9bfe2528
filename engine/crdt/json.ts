// JSON helpers for CRDT states: canonical keys for element values (object keys sorted), owned
// frozen copies of values, and UTF-8 byte counts of JSON text for the delta/full-size metrics.

import { CrdtOpError, type Json } from './types';

function canonical(value: unknown, what: string): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CrdtOpError(`${what} must be JSON, but contains the number ${value}`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        const parts: string[] = [];
        for (let i = 0; i < value.length; i++) parts.push(canonical(value[i], what));
        return `[${parts.join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const parts: string[] = [];
      for (const key of Object.keys(record).sort()) {
        if (record[key] !== undefined) parts.push(`${JSON.stringify(key)}:${canonical(record[key], what)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new CrdtOpError(`${what} must be JSON, but is ${value === undefined ? 'missing' : `a ${typeof value}`}`);
  }
}

/**
 * The canonical JSON text of a value: what JSON.stringify gives, except that object keys are
 * sorted, so equal values get equal keys. Throws CrdtOpError (naming `what`) for non-JSON values.
 */
export function jsonKey(value: unknown, what = 'the value'): string {
  return canonical(value, what);
}

/** A Map key identifying a JSON element (see elementKey). */
export type ElementKey = string | number | boolean | null;

/**
 * The key of a set element or map entry, cheap for the common cases: numbers, booleans and null
 * are their own keys; a string is its own key unless it starts with `"`, `[` or `{` (then its JSON
 * text is); arrays and objects are keyed by their canonical JSON text (which starts with `[` or
 * `{`). The first characters keep the three kinds of string keys apart. Throws CrdtOpError for
 * values that are not JSON.
 */
export function elementKey(value: unknown, what = 'the element'): ElementKey {
  switch (typeof value) {
    case 'string': {
      const first = value.charCodeAt(0);
      return first === 0x22 || first === 0x5b || first === 0x7b ? JSON.stringify(value) : value;
    }
    case 'number':
      if (!Number.isFinite(value)) throw new CrdtOpError(`${what} must be JSON, but is the number ${value}`);
      return value === 0 ? 0 : value;
    case 'boolean':
      return value;
    default:
      return value === null ? null : canonical(value, what);
  }
}

/** The JSON text of an element kept under `key` (canonical for arrays and objects). */
export function elementText(key: ElementKey, value: Json): string {
  if (typeof key === 'string') {
    const first = key.charCodeAt(0);
    if (first === 0x5b || first === 0x7b) return key;
  }
  return JSON.stringify(value);
}

/** Compares two texts by UTF-16 code units (the order of Array.prototype.sort without a comparator). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function deepFreeze(value: Json): Json {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * A value the CRDT can keep: primitives as they are (-0 as 0), arrays and objects as a frozen copy
 * parsed from `text`, their canonical JSON text (their jsonKey or elementKey).
 */
export function ownedJson(value: Json, text: ElementKey): Json {
  if (typeof value !== 'object' || value === null) return value === 0 ? 0 : value;
  return deepFreeze(JSON.parse(text as string) as Json);
}

/** Bytes of `text` encoded as UTF-8. */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** UTF-8 bytes of JSON.stringify(text) (quotes and escapes included). */
export function jsonStringBytes(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code >= 0x7f || code === 0x22 || code === 0x5c) return utf8Length(JSON.stringify(text));
  }
  return text.length + 2;
}

/** Bytes of a finite number written as JSON. */
export function numberBytes(value: number): number {
  // Whole numbers (counts, seqs, millisecond times) are counted by their digits, without making a string.
  if (Number.isSafeInteger(value) && value >= 0) {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    return digits;
  }
  return String(value).length;
}

/** Bytes of a list of `count` items of `itemBytes` bytes in total: brackets and commas. */
export function listBytes(count: number, itemBytes: number): number {
  return 2 + itemBytes + (count > 0 ? count - 1 : 0);
}

/** Sets `record[key] = value` as an own property, even for the key "__proto__". */
export function setJsonProperty(record: { [key: string]: Json }, key: string, value: Json): void {
  if (key === '__proto__') Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  else record[key] = value;
}
