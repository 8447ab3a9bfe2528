// Reading a recorded vector clock written as JSON (`{"hostA": 3, "hostB": 1}`): validation of
// untrusted values, with a scanner for the plain shape every clock-based text log writes.

import { grown, quoted } from './pending';

/** The largest clock value a trace stores (its clock column holds 32-bit unsigned integers). */
export const MAX_CLOCK_VALUE = 0xffffffff;

/** Whether v fits a clock column exactly: a whole number from 0 to 2^32-1. */
export function isClockValue(v: unknown): v is number {
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
function setEntry(clock: Record<string, number>, name: string, value: number): void {
  if (name === '__proto__') Object.defineProperty(clock, name, { value, enumerable: true, writable: true, configurable: true });
  else clock[name] = value;
}

/**
 * Parses clock text straight into host ids and values (no clock object). Returns the number of
 * entries kept, or -1 with `problem` set when there is no clock.
 */
function readClockText(text: string, intern: (name: string) => number, ids: number[], values: number[], out: { problem?: string }): number {
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

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const OPEN = 123;
const CLOSE = 125;
const ZERO = 48;
const NINE = 57;

/** The first index from `i` (below `end`) that is not a space, tab or line feed (a \r ends the scan: JSON.parse reads it). */
function skipSpace(bytes: Uint8Array, i: number, end: number): number {
  for (; i < end; i++) {
    const c = bytes[i];
    if (c !== 32 && c !== 9 && c !== 10) return i;
  }
  return end;
}

/** FNV-1a: the hash names are recognised by. */
const HASH_SEED = 0x811c9dc5;

function hashStep(hash: number, byte: number): number {
  return Math.imul(hash ^ byte, 0x01000193);
}

/**
 * Reads clock text into host ids and values exactly as readClockText (JSON.parse) would, but
 * without it for the plain shape text logs write (`{"A":3, "B":1}` in ASCII): the bytes are
 * scanned once and a name seen before is recognised by its hash, without a string. Anything
 * unusual (escapes, non-ASCII, a name starting with a digit, a repeated name, a number that is not
 * a plain whole number up to 2^32-1, text that is not JSON) goes through JSON.parse, so the
 * entries kept, their order, the problems and the order names are interned in stay identical.
 */
export class ClockTextReader {
  /** Entries of the last clock read: `ids[k]` (interned host) has value `values[k]`. */
  readonly ids: number[] = [];
  readonly values: number[] = [];
  /** What was wrong with the last clock read, in words (see `read`). */
  readonly out: { problem?: string } = {};
  /** Names interned so far: their UTF-8 bytes (`nameStart[e]` .. `nameStart[e + 1]` of `nameBytes`), ids and hashes. */
  private nameBytes = new Uint8Array(1024);
  private readonly nameStart: number[] = [0];
  private readonly nameIds: number[] = [];
  private readonly hashes: number[] = [];
  /** Open addressing over the names: entry index + 1, 0 for a free slot. */
  private slots = new Int32Array(64);
  /**
   * The name that followed name e in the last clock that had it (at e + 1; at 0: the first name of
   * the last clock), as entry index + 1: logs list a clock's names in the same order every time,
   * so the next name is checked against it before anything is hashed.
   */
  private successor = new Int32Array(64);
  /** Per entry of the clock being read whose name was new: where the name is, and its hash. */
  private readonly newStart: number[] = [];
  private readonly newEnd: number[] = [];
  private readonly newHash: number[] = [];
  /** Per host id: the read that last saw it (a repeated name within one clock). */
  private seen = new Int32Array(64);
  private reads = 0;
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder('utf-8');
  private scratch = new Uint8Array(1024);

  /** `intern` gives the id of a name, adding it if it is new (the same function for the reader's life). */
  constructor(private readonly intern: (name: string) => number) {}

  /**
   * Reads a clock given as text. Returns the number of entries kept (in `ids`/`values`), or -1 when
   * there is no clock; `out.problem` says what was wrong (also when entries were dropped).
   */
  read(text: string): number {
    if (text.length * 3 > this.scratch.length) this.scratch = new Uint8Array(text.length * 3);
    const { written } = this.encoder.encodeInto(text, this.scratch);
    const count = this.readBytes(this.scratch, 0, written);
    return count >= 0 ? count : readClockText(text, this.intern, this.ids, this.values, this.out);
  }

  /**
   * Reads a plain clock given as UTF-8 bytes[start, end), as `read` would its text. Returns -1 when
   * the clock is not plain: then `read` it as text (a repeated name may be interned already, as
   * `read` interns it too).
   */
  readBytes(bytes: Uint8Array, start: number, end: number): number {
    const count = this.scan(bytes, start, end);
    if (count >= 0) this.out.problem = undefined;
    return count;
  }

  /** The id of the name whose bytes[start, end) are printable ASCII, interning it when it is new. */
  nameId(bytes: Uint8Array, start: number, end: number): number {
    let hash = HASH_SEED;
    for (let i = start; i < end; i++) hash = hashStep(hash, bytes[i]);
    const known = this.find(bytes, start, end, hash);
    return known >= 0 ? this.nameIds[known] : this.add(bytes, start, end, hash);
  }

  /** The entries of a plain clock, or -1 when the text needs JSON.parse. Interns only once the whole clock is read. */
  private scan(bytes: Uint8Array, start: number, end: number): number {
    const { ids, values } = this;
    let i = skipSpace(bytes, start, end);
    if (i >= end || bytes[i] !== OPEN) return -1;
    i = skipSpace(bytes, i + 1, end);
    let count = 0;
    let fresh = false;
    /** Where the name just read is in `successor` (-1: it is new). */
    let previous = 0;
    if (i < end && bytes[i] === CLOSE) {
      i++;
    } else {
      for (;;) {
        if (i >= end || bytes[i] !== QUOTE) return -1;
        const nameStart = ++i;
        // A name like "12" is an array index: JSON.parse would list it first, out of order.
        if (i < end && bytes[i] >= ZERO && bytes[i] <= NINE) return -1;
        let entry = previous < 0 ? -1 : this.successor[previous] - 1;
        let hash = 0;
        if (entry >= 0 && this.isNameAt(entry, bytes, i, end)) {
          i += this.nameStart[entry + 1] - this.nameStart[entry];
        } else {
          hash = HASH_SEED;
          for (; i < end; i++) {
            const c = bytes[i];
            if (c === QUOTE) break;
            if (c === BACKSLASH || c < 32 || c > 126) return -1;
            hash = hashStep(hash, c);
          }
          if (i >= end) return -1;
          entry = this.find(bytes, nameStart, i, hash);
          if (entry >= 0 && previous >= 0) this.successor[previous] = entry + 1;
        }
        previous = entry < 0 ? -1 : entry + 1;
        const nameEnd = i;
        i = skipSpace(bytes, i + 1, end);
        if (i >= end || bytes[i] !== COLON) return -1;
        i = skipSpace(bytes, i + 1, end);
        const digitsStart = i;
        let value = 0;
        for (; i < end; i++) {
          const c = bytes[i];
          if (c < ZERO || c > NINE) break;
          value = value * 10 + (c - ZERO);
        }
        const digits = i - digitsStart;
        // Leading zeros are not JSON; more than 10 digits or above 2^32-1 is dropped with a problem.
        if (digits === 0 || digits > 10 || value > MAX_CLOCK_VALUE || (digits > 1 && bytes[digitsStart] === ZERO)) return -1;
        ids[count] = entry < 0 ? -1 : this.nameIds[entry];
        values[count] = value;
        if (entry < 0) {
          this.newStart[count] = nameStart;
          this.newEnd[count] = nameEnd;
          this.newHash[count] = hash;
          fresh = true;
        }
        count++;
        i = skipSpace(bytes, i, end);
        if (i >= end) return -1;
        const c = bytes[i];
        if (c === CLOSE) {
          i++;
          break;
        }
        if (c !== COMMA) return -1;
        i = skipSpace(bytes, i + 1, end);
      }
    }
    if (skipSpace(bytes, i, end) !== end) return -1;
    if (fresh) this.internNew(bytes, count);
    return this.hasRepeats(count) ? -1 : count;
  }

  /** Interns, in order, the names of the entries the scan did not know (a name may come twice). */
  private internNew(bytes: Uint8Array, count: number): void {
    const { ids } = this;
    for (let k = 0; k < count; k++) {
      if (ids[k] >= 0) continue;
      const start = this.newStart[k];
      const end = this.newEnd[k];
      const hash = this.newHash[k];
      const known = this.find(bytes, start, end, hash);
      ids[k] = known >= 0 ? this.nameIds[known] : this.add(bytes, start, end, hash);
    }
  }

  /** Whether a host comes twice in the entries just read (JSON.parse keeps the last value, at the first place). */
  private hasRepeats(count: number): boolean {
    const read = ++this.reads;
    const { ids } = this;
    let seen = this.seen;
    for (let k = 0; k < count; k++) {
      const id = ids[k];
      if (id >= seen.length) seen = this.seen = grown(seen, id + 1);
      if (seen[id] === read) return true;
      seen[id] = read;
    }
    return false;
  }

  /** The entry of a name already interned, or -1. */
  private find(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s] - 1;
      if (e < 0) return -1;
      if (this.hashes[e] === hash && this.nameStart[e + 1] - this.nameStart[e] === end - start && this.startsWithName(e, bytes, start)) return e;
    }
  }

  /** Whether bytes[start, end) begin with name e and a quote. */
  private isNameAt(e: number, bytes: Uint8Array, start: number, end: number): boolean {
    const after = start + this.nameStart[e + 1] - this.nameStart[e];
    return after < end && bytes[after] === QUOTE && this.startsWithName(e, bytes, start);
  }

  /** Whether the bytes from `start` on begin with name e (the caller knows they are long enough). */
  private startsWithName(e: number, bytes: Uint8Array, start: number): boolean {
    const pool = this.nameBytes;
    const at = this.nameStart[e];
    const length = this.nameStart[e + 1] - at;
    for (let j = 0; j < length; j++) if (pool[at + j] !== bytes[start + j]) return false;
    return true;
  }

  private add(bytes: Uint8Array, start: number, end: number, hash: number): number {
    const id = this.intern(this.decoder.decode(bytes.subarray(start, end)));
    const e = this.nameIds.length;
    const at = this.nameStart[e];
    this.nameBytes = grown(this.nameBytes, at + end - start);
    this.nameBytes.set(bytes.subarray(start, end), at);
    this.nameStart.push(at + end - start);
    this.nameIds.push(id);
    this.hashes.push(hash);
    this.successor = grown(this.successor, e + 2);
    if (this.nameIds.length * 2 > this.slots.length) {
      this.slots = new Int32Array(this.slots.length * 2);
      for (let k = 0; k <= e; k++) this.place(k);
    } else {
      this.place(e);
    }
    return id;
  }

  private place(e: number): void {
    const mask = this.slots.length - 1;
    let s = this.hashes[e] & mask;
    while (this.slots[s] !== 0) s = (s + 1) & mask;
    this.slots[s] = e + 1;
  }
}
