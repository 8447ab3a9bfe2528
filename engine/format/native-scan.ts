// The fast path of the native reader: scans an event line's bytes straight into the trace's
// columns, with no JSON.parse and no per-line objects. It accepts a strict subset of JSON (the
// shape Causeway and well-behaved tracers write); for anything else it declines, and the line
// goes through the validating JSON.parse path, which gives the same result or a clear finding.

import { PAYLOAD_UNSPECIFIED, type TraceBuilder } from '../trace/builder';
import { StringTable } from '../trace/intern';
import { EventKind, Payload } from '../trace/model';

const QUOTE = 34;
const BACKSLASH = 92;
const COLON = 58;
const COMMA = 44;
const LBRACE = 123;
const RBRACE = 125;
const LBRACKET = 91;
const RBRACKET = 93;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;

const encoder = new TextEncoder();
const bytesOf = (s: string) => encoder.encode(s);

/** Field names the fast path knows, by their bytes. */
const FIELD = {
  replica: bytesOf('replica'),
  kind: bytesOf('kind'),
  id: bytesOf('id'),
  key: bytesOf('key'),
  op: bytesOf('op'),
  msg: bytesOf('msg'),
  seq: bytesOf('seq'),
  to: bytesOf('to'),
  payload: bytesOf('payload'),
  clock: bytesOf('clock'),
  time: bytesOf('time'),
  label: bytesOf('label'),
  fields: bytesOf('fields'),
  type: bytesOf('type'),
  value: bytesOf('value'),
  field: bytesOf('field'),
};
const KIND_NAMES = (['op', 'send', 'receive', 'local', 'sync'] as const).map((k) => ({ bytes: bytesOf(k), code: EventKind[k] }));
const PAYLOAD_NAMES = (['none', 'state', 'delta', 'ops'] as const).map((k) => ({ bytes: bytesOf(k), code: Payload[k] }));
const MAX_DEPTH = 64;

/** Thrown internally when the line is not in the fast subset; never escapes this module. */
const DECLINE = Symbol('decline');

/** Slots of a ShortNames cache (a power of two). */
const SHORT_SLOTS = 1024;

/**
 * Ids of names of up to 8 bytes by those bytes read as two 32-bit words, in front of a StringTable:
 * the names a trace repeats on every line (replicas, keys, op types, small values) are found
 * without hashing them byte by byte. Direct-mapped: a slot holds the last name that landed there.
 */
class ShortNames {
  /** Per slot: the two words, the length + 1 (0: empty) and the id. */
  private readonly slots = new Int32Array(SHORT_SLOTS * 4);

  constructor(private readonly table: StringTable) {}

  /** The id of the name b[s, e) (`view` is a DataView over b). */
  intern(view: DataView, b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (n > 8 || s + 8 > b.length) return this.table.internBytes(b, s, e);
    // Little-endian: a word's low bytes come first; bytes past the name are masked off.
    const w1 = n >= 4 ? view.getInt32(s, true) : view.getInt32(s, true) & ((1 << (8 * n)) - 1);
    const w2 = n >= 8 ? view.getInt32(s + 4, true) : n <= 4 ? 0 : view.getInt32(s + 4, true) & ((1 << (8 * (n - 4))) - 1);
    const slot = ((Math.imul(w1 ^ Math.imul(w2, 0x9e3779b1), 0x85ebca6b) >>> 22) & (SHORT_SLOTS - 1)) * 4;
    const slots = this.slots;
    if (slots[slot + 2] === n + 1 && slots[slot] === w1 && slots[slot + 1] === w2) return slots[slot + 3];
    const id = this.table.internBytes(b, s, e);
    slots[slot] = w1;
    slots[slot + 1] = w2;
    slots[slot + 2] = n + 1;
    slots[slot + 3] = id;
    return id;
  }
}

/** A copy of b[s, e) (Buffer's slice would be a view that keeps the whole chunk alive). */
function copyBytes(b: Uint8Array, s: number, e: number): Uint8Array {
  return Uint8Array.prototype.slice.call(b, s, e);
}

function equalBytes(b: Uint8Array, s: number, e: number, name: Uint8Array): boolean {
  if (e - s !== name.length) return false;
  for (let k = 0; k < name.length; k++) if (b[s + k] !== name[k]) return false;
  return true;
}

export class NativeLineScanner {
  private readonly replicas: StringTable;
  private readonly messages: StringTable;
  private readonly strings: StringTable;
  /** Short names of the tables most lines repeat (replicas, keys, op types and fields, values). */
  private readonly shortReplicas: ShortNames;
  private readonly shortKeys: ShortNames;
  private readonly shortValues: ShortNames;
  private readonly shortStrings: ShortNames;
  /** Replica id last seen at each position of a clock: clocks usually list replicas in one order. */
  private readonly clockOrder: number[] = [];
  private readonly clockOrderBytes: Uint8Array[] = [];
  /** Per clock position: the first four bytes of the last name there with its closing quote and colon (`r00":`), little-endian, when that is at least four bytes long (else -1). */
  private readonly clockOrderWord: number[] = [];
  /** Whether `clockOrder` names a replica twice (then every clock is checked for repeats). */
  private clockOrderRepeats = false;
  /** How many of `clockOrder`'s first positions hold their own replica id (0, 1, 2, ...): a clock no longer than that lists replicas in id order. */
  private clockOrderInIdOrder = 0;
  /** Per replica id: the number of the last `repeats` look that saw it. */
  private marks = new Int32Array(64);
  private marking = 0;
  /** The line's bytes as a DataView (for reading four bytes at once), made once per byte array. */
  private view: DataView = new DataView(new ArrayBuffer(0));
  /** Single destinations (`"to":"B"`) by name, and the id of each one's list text. */
  private readonly destinationNames = new StringTable();
  private readonly shortDestinations = new ShortNames(this.destinationNames);
  private readonly singleDestinations: number[] = [];
  private readonly decoder = new TextDecoder('utf-8');

  // The line being scanned.
  private b: Uint8Array = new Uint8Array(0);
  private p = 0;
  private end = 0;
  /** The range of the last string or list read. */
  private rs = 0;
  private re = 0;
  // The op read by op().
  private opTypeS = -1;
  private opTypeE = -1;
  private opValueS = -1;
  private opValueE = -1;
  private opFieldS = -1;
  private opFieldE = -1;
  private opNumber = NaN;
  // Clock entries are written after the builder's entries, and counted only when the whole line
  // is in the fast subset; names that differ from the last line's are interned then.
  private clockMisses = 0;
  private clockMissAt = new Int32Array(64);
  private clockStarts = new Int32Array(64);
  private clockEnds = new Int32Array(64);

  constructor(private readonly builder: TraceBuilder) {
    this.replicas = builder.replicas;
    this.messages = builder.messages;
    this.strings = builder.strings;
    this.shortReplicas = new ShortNames(builder.replicas);
    this.shortKeys = new ShortNames(builder.keys);
    this.shortValues = new ShortNames(builder.values);
    this.shortStrings = new ShortNames(builder.strings);
    // Clock entries' replicas are written only once a clock lists replicas in another order.
    if (builder.clockEntries.count === 0) builder.clockEntries.implicitReplicas = true;
  }

  /** Appends the event on bytes[start, end) and returns true, or returns false to decline the line. */
  tryEvent(bytes: Uint8Array, start: number, end: number, line: number, offset: number): boolean {
    if (bytes !== this.b) this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.b = bytes;
    this.p = start;
    this.end = end;
    try {
      return this.scanEvent(line, offset, end - start);
    } catch (e) {
      if (e === DECLINE) return false;
      throw e;
    }
  }

  private scanEvent(line: number, offset: number, length: number): boolean {
    let replicaS = -1, replicaE = -1, idS = -1, idE = -1, keyS = -1, keyE = -1, msgS = -1, msgE = -1;
    let toS = -1, toE = -1;
    let toSingle = false;
    let labelS = -1, labelE = -1;
    let kind = -1;
    let payload = PAYLOAD_UNSPECIFIED;
    let time = NaN;
    let sentSeq = 0;
    let hasOp = false;
    this.opTypeS = this.opValueS = this.opFieldS = -1;
    this.opNumber = NaN;
    let clockEntries = -1;
    this.ws();
    this.expect(LBRACE);
    this.ws();
    if (this.peek() !== RBRACE) {
      for (;;) {
        const ks = this.stringStart();
        const ke = this.stringEnd();
        this.ws();
        this.expect(COLON);
        this.ws();
        const b = this.b;
        switch (ke - ks) {
          case 2:
            if (equalBytes(b, ks, ke, FIELD.id)) {
              this.plainString();
              idS = this.rs;
              idE = this.re;
            } else if (equalBytes(b, ks, ke, FIELD.op)) {
              this.op();
              hasOp = true;
            } else if (equalBytes(b, ks, ke, FIELD.to)) {
              toSingle = this.peek() === QUOTE;
              if (toSingle) this.plainString();
              else this.destinationList();
              toS = this.rs;
              toE = this.re;
            } else throw DECLINE;
            break;
          case 3:
            if (equalBytes(b, ks, ke, FIELD.key)) {
              this.plainString();
              keyS = this.rs;
              keyE = this.re;
            } else if (equalBytes(b, ks, ke, FIELD.msg)) {
              this.plainString();
              msgS = this.rs;
              msgE = this.re;
            } else if (equalBytes(b, ks, ke, FIELD.seq)) {
              sentSeq = this.number();
              if (!Number.isInteger(sentSeq) || sentSeq < 1 || sentSeq > 0xffffffff) throw DECLINE;
            } else throw DECLINE;
            break;
          case 4:
            if (equalBytes(b, ks, ke, FIELD.kind)) kind = this.oneOf(KIND_NAMES);
            else if (equalBytes(b, ks, ke, FIELD.time)) time = this.number();
            else throw DECLINE;
            break;
          case 5:
            if (equalBytes(b, ks, ke, FIELD.clock)) clockEntries = this.clock();
            else if (equalBytes(b, ks, ke, FIELD.label)) {
              this.plainString();
              labelS = this.rs;
              labelE = this.re;
            } else throw DECLINE;
            break;
          case 6:
            if (!equalBytes(b, ks, ke, FIELD.fields) || this.peek() !== LBRACE) throw DECLINE;
            this.skipValue(0);
            break;
          case 7:
            if (equalBytes(b, ks, ke, FIELD.replica)) {
              this.plainString();
              replicaS = this.rs;
              replicaE = this.re;
            }
            else if (equalBytes(b, ks, ke, FIELD.payload)) payload = this.oneOf(PAYLOAD_NAMES);
            else throw DECLINE;
            break;
          default:
            throw DECLINE;
        }
        this.ws();
        const c = this.next();
        if (c === RBRACE) break;
        if (c !== COMMA) throw DECLINE;
        this.ws();
      }
    } else {
      this.p++;
    }
    this.ws();
    if (this.p !== this.end) throw DECLINE;
    // What the validating path would reject or handle specially goes there.
    if (replicaE <= replicaS || kind < 0) return false;
    if (hasOp && keyS < 0) return false;
    if (kind === EventKind.op && !hasOp) return false;
    if ((kind === EventKind.send || kind === EventKind.receive || kind === EventKind.sync) && msgS < 0) return false;

    const b = this.b;
    const view = this.view;
    const replica = this.shortReplicas.intern(view, b, replicaS, replicaE);
    if (clockEntries > 0) this.commitClock(clockEntries);
    const i = this.builder.appendEvent(
      replica,
      kind,
      line,
      offset,
      length,
      keyS < 0 ? -1 : this.shortKeys.intern(view, b, keyS, keyE),
      this.opTypeS < 0 ? -1 : this.shortStrings.intern(view, b, this.opTypeS, this.opTypeE),
      this.opValueS < 0 ? -1 : this.shortValues.intern(view, b, this.opValueS, this.opValueE),
      this.opNumber,
      this.opFieldS < 0 ? -1 : this.shortStrings.intern(view, b, this.opFieldS, this.opFieldE),
      msgS < 0 ? -1 : this.messages.internBytes(b, msgS, msgE),
      payload,
      time,
      idS < 0 ? -1 : this.strings.internBytes(b, idS, idE),
      toS < 0 ? -1 : toSingle ? this.singleDestination(toS, toE) : this.strings.internBytes(b, toS, toE),
    );
    if (labelS >= 0) this.builder.setLabel(i, this.decoder.decode(b.subarray(labelS, labelE)));
    if (sentSeq > 0) this.builder.setSentSeq(i, sentSeq);
    return true;
  }

  private growClockMisses(): void {
    const size = this.clockMissAt.length * 2;
    const grown = (a: Int32Array) => {
      const next = new Int32Array(size);
      next.set(a);
      return next;
    };
    this.clockMissAt = grown(this.clockMissAt);
    this.clockStarts = grown(this.clockStarts);
    this.clockEnds = grown(this.clockEnds);
  }

  /**
   * Counts the clock entries written after the builder's, once the names that missed are interned:
   * `clockOrder` then holds the line's replicas by position. A clock naming a replica twice
   * declines (JSON.parse keeps one entry, the last value). Names that matched the order of earlier
   * clocks are told apart by it, so only a clock with a miss, or an order that itself repeats a
   * name, is looked at entry by entry.
   */
  private commitClock(count: number): void {
    const clock = this.builder.clockEntries;
    const order = this.clockOrder;
    for (let m = 0; m < this.clockMisses; m++) {
      const k = this.clockMissAt[m];
      const s = this.clockStarts[m];
      const e = this.clockEnds[m];
      order[k] = this.replicas.internBytes(this.b, s, e);
      this.clockOrderBytes[k] = copyBytes(this.b, s, e);
      // The name is followed by its quote; the word is only compared where a colon follows too.
      this.clockOrderWord[k] = e - s >= 2 ? this.view.getUint32(s, true) : -1;
    }
    if (this.clockMisses > 0) {
      this.clockOrderRepeats = this.repeats(order, 0, order.length);
      let inIdOrder = 0;
      while (inIdOrder < order.length && order[inIdOrder] === inIdOrder) inIdOrder++;
      this.clockOrderInIdOrder = inIdOrder;
    }
    if ((this.clockMisses > 0 || this.clockOrderRepeats) && this.repeats(order, 0, count)) throw DECLINE;
    if (count > this.clockOrderInIdOrder) this.builder.explicitClockReplicas();
    if (!clock.implicitReplicas) for (let k = 0, at = clock.count; k < count; k++, at++) clock.replica[at] = order[k];
    clock.count += count;
  }

  /** Whether a replica id comes twice in ids[from, to). */
  private repeats(ids: ArrayLike<number>, from: number, to: number): boolean {
    const mark = ++this.marking;
    if (this.marks.length < this.replicas.size) this.marks = new Int32Array(2 * this.replicas.size);
    for (let k = from; k < to; k++) {
      if (this.marks[ids[k]] === mark) return true;
      this.marks[ids[k]] = mark;
    }
    return false;
  }

  // --- tokens -------------------------------------------------------------------------------

  private ws(): void {
    const b = this.b;
    let p = this.p;
    while (p < this.end) {
      const c = b[p];
      if (c !== 32 && c !== 9) break;
      p++;
    }
    this.p = p;
  }

  private peek(): number {
    return this.p < this.end ? this.b[this.p] : -1;
  }

  private next(): number {
    return this.p < this.end ? this.b[this.p++] : -1;
  }

  private expect(c: number): void {
    if (this.next() !== c) throw DECLINE;
  }

  /** Consumes the opening quote; returns where the string's content starts. */
  private stringStart(): number {
    this.expect(QUOTE);
    return this.p;
  }

  /** Consumes a string without escapes or control characters up to its closing quote; returns its content end. */
  private stringEnd(): number {
    const b = this.b;
    let p = this.p;
    while (p < this.end) {
      const c = b[p];
      if (c === QUOTE) {
        this.p = p + 1;
        return p;
      }
      if (c === BACKSLASH || c < 32) throw DECLINE;
      p++;
    }
    throw DECLINE;
  }

  /** A string without escapes: its content range is left in `rs`, `re`. */
  private plainString(): void {
    this.rs = this.stringStart();
    this.re = this.stringEnd();
  }

  private oneOf(names: readonly { bytes: Uint8Array; code: number }[]): number {
    this.plainString();
    for (const n of names) if (equalBytes(this.b, this.rs, this.re, n.bytes)) return n.code;
    throw DECLINE;
  }

  /** A JSON number (strict grammar); integers are read digit by digit, others via Number(). */
  private number(): number {
    const b = this.b;
    const s = this.p;
    let p = s;
    if (b[p] === MINUS) p++;
    if (p >= this.end || b[p] < ZERO || b[p] > NINE) throw DECLINE;
    let value = 0;
    if (b[p] === ZERO) {
      p++;
    } else {
      while (p < this.end && b[p] >= ZERO && b[p] <= NINE) value = value * 10 + (b[p++] - ZERO);
    }
    const c = p < this.end ? b[p] : -1;
    if (c === DOT || c === 101 || c === 69) {
      if (c === DOT) {
        p++;
        if (p >= this.end || b[p] < ZERO || b[p] > NINE) throw DECLINE;
        while (p < this.end && b[p] >= ZERO && b[p] <= NINE) p++;
      }
      if (p < this.end && (b[p] === 101 || b[p] === 69)) {
        p++;
        if (b[p] === 43 || b[p] === MINUS) p++;
        if (p >= this.end || b[p] < ZERO || b[p] > NINE) throw DECLINE;
        while (p < this.end && b[p] >= ZERO && b[p] <= NINE) p++;
      }
      this.p = p;
      return Number(String.fromCharCode(...b.subarray(s, p)));
    }
    if (p - s > 15) throw DECLINE; // beyond exact integer digits: let JSON.parse round it
    this.p = p;
    return b[s] === MINUS ? -value : value;
  }

  /** `"op": {"type": "...", "value": ..., "field": "..."}` into the op fields. */
  private op(): void {
    this.expect(LBRACE);
    this.ws();
    for (;;) {
      const ks = this.stringStart();
      const ke = this.stringEnd();
      this.ws();
      this.expect(COLON);
      this.ws();
      if (equalBytes(this.b, ks, ke, FIELD.type)) {
        this.plainString();
        this.opTypeS = this.rs;
        this.opTypeE = this.re;
      } else if (equalBytes(this.b, ks, ke, FIELD.field)) {
        this.plainString();
        this.opFieldS = this.rs;
        this.opFieldE = this.re;
      } else if (equalBytes(this.b, ks, ke, FIELD.value)) {
        const c = this.peek();
        if (c === MINUS || (c >= ZERO && c <= NINE)) {
          this.opNumber = this.number();
        } else if (c === QUOTE) {
          // The value's text with its quotes: what JSON.stringify writes for a string without escapes.
          this.opValueS = this.p;
          this.stringStart();
          this.stringEnd();
          this.opValueE = this.p;
        } else {
          // true/false/null, arrays and objects: the general path interns their canonical text.
          throw DECLINE;
        }
      } else throw DECLINE;
      this.ws();
      const c = this.next();
      if (c === RBRACE) break;
      if (c !== COMMA) throw DECLINE;
      this.ws();
    }
    if (this.opTypeS < 0) throw DECLINE;
  }

  /** `"to": "B"`: the id of the list text `["B"]` the general path would intern. */
  private singleDestination(s: number, e: number): number {
    const name = this.shortDestinations.intern(this.view, this.b, s, e);
    let id = this.singleDestinations[name];
    if (id === undefined) id = this.singleDestinations[name] = this.builder.strings.intern(JSON.stringify([this.destinationNames.name(name)]));
    return id;
  }

  /** `"to": ["B","C"]` written as JSON.stringify writes it: leaves the list's range in rs/re, or declines. */
  private destinationList(): void {
    if (this.peek() !== LBRACKET) throw DECLINE;
    const s = this.p;
    this.p++;
    for (;;) {
      if (this.peek() !== QUOTE) throw DECLINE;
      this.stringStart();
      this.stringEnd();
      const c = this.next();
      if (c === RBRACKET) break;
      if (c !== COMMA) throw DECLINE; // spaces would differ from JSON.stringify's text
    }
    this.rs = s;
    this.re = this.p;
  }

  /**
   * `"clock": {"A": 1, "B": 2}`: whole numbers only; returns the entry count. Entry names are
   * checked against the replica seen at the same position last time (its bytes and closing quote
   * matched at once), and scanned and interned on a miss.
   */
  private clock(): number {
    if (this.builder.header.clock !== undefined && this.builder.header.clock !== 'vector') throw DECLINE;
    this.expect(LBRACE);
    this.ws();
    let count = 0;
    if (this.peek() === RBRACE) {
      this.p++;
      return 0;
    }
    const b = this.b;
    const end = this.end;
    const clock = this.builder.clockEntries;
    const orderBytes = this.clockOrderBytes;
    const orderWords = this.clockOrderWord;
    const view = this.view;
    let valueColumn = clock.value;
    this.clockMisses = 0;
    // "name": digits — the hot loop of a million-line trace, with the position in a local. Bytes
    // are read past the line's end only where a line break (or the array's end) stops the scan.
    let p = this.p;
    for (;;) {
      if (b[p] !== QUOTE) throw DECLINE;
      const s = p + 1;
      const at = clock.count + count;
      if (at === valueColumn.length) {
        clock.reserve(count + 1);
        valueColumn = clock.value;
      }
      const expected = orderBytes[count];
      let same = expected !== undefined && b[s + expected.length] === QUOTE;
      if (same) {
        // Four bytes at once where the name is long enough, the rest byte by byte.
        const word = orderWords[count];
        let k = 0;
        if (word >= 0 && s + 4 <= b.length) {
          same = view.getUint32(s, true) === word;
          k = 4;
        }
        for (; same && k < expected.length; k++) same = expected[k] === b[s + k];
      }
      if (same) {
        p = s + expected.length + 1;
      } else {
        p = s;
        while (p < end && b[p] !== QUOTE) {
          if (b[p] === BACKSLASH || b[p] < 32) throw DECLINE;
          p++;
        }
        if (this.clockMisses === this.clockMissAt.length) this.growClockMisses();
        this.clockMissAt[this.clockMisses] = count;
        this.clockStarts[this.clockMisses] = s;
        this.clockEnds[this.clockMisses++] = p++;
      }
      while (b[p] === 32) p++;
      if (b[p++] !== COLON) throw DECLINE;
      while (b[p] === 32) p++;
      const first = p;
      let v = 0;
      for (let d = b[p] - ZERO; d >= 0 && d <= 9 && p < end; d = b[++p] - ZERO) v = v * 10 + d;
      // A fraction or exponent (".", "e") fails the separator check below; more than ten digits exceed the maximum.
      if (p === first || v > 0xffffffff || (b[first] === ZERO && p - first > 1)) throw DECLINE;
      valueColumn[at] = v;
      count++;
      let c = b[p];
      while (c === 32 || c === 9) c = b[++p];
      p++;
      if (c === RBRACE) {
        this.p = p;
        return count;
      }
      if (c !== COMMA) throw DECLINE;
      c = b[p];
      while (c === 32 || c === 9) c = b[++p];
    }
  }

  /** Skips any JSON value, validating it (strings with escapes included). */
  private skipValue(depth: number): void {
    if (depth > MAX_DEPTH) throw DECLINE;
    const c = this.peek();
    if (c === QUOTE) {
      this.p++;
      this.skipStringWithEscapes();
    } else if (c === LBRACE || c === LBRACKET) {
      const close = c === LBRACE ? RBRACE : RBRACKET;
      this.p++;
      this.ws();
      if (this.peek() === close) {
        this.p++;
        return;
      }
      for (;;) {
        if (close === RBRACE) {
          this.expect(QUOTE);
          this.skipStringWithEscapes();
          this.ws();
          this.expect(COLON);
          this.ws();
        }
        this.skipValue(depth + 1);
        this.ws();
        const d = this.next();
        if (d === close) return;
        if (d !== COMMA) throw DECLINE;
        this.ws();
      }
    } else if (c === MINUS || (c >= ZERO && c <= NINE)) {
      this.number();
    } else {
      for (const word of ['true', 'false', 'null']) {
        if (this.b[this.p] === word.charCodeAt(0)) {
          for (let k = 0; k < word.length; k++) if (this.next() !== word.charCodeAt(k)) throw DECLINE;
          return;
        }
      }
      throw DECLINE;
    }
  }

  private skipStringWithEscapes(): void {
    const b = this.b;
    while (this.p < this.end) {
      const c = b[this.p++];
      if (c === QUOTE) return;
      if (c < 32) throw DECLINE;
      if (c === BACKSLASH) {
        const e = b[this.p++];
        if (e === 117) {
          for (let k = 0; k < 4; k++) {
            const h = b[this.p++];
            const hex = (h >= ZERO && h <= NINE) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102);
            if (!hex) throw DECLINE;
          }
        } else if (e !== QUOTE && e !== BACKSLASH && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) {
          throw DECLINE;
        }
      }
    }
    throw DECLINE;
  }
}
