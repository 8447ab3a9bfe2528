// The fast path for a Jepsen history's lines: the common EDN of an operation map (keyword keys;
// keywords, whole and decimal numbers, nil, booleans, plain strings, and vectors, lists, sets and
// maps of them) read in one pass. Anything else answers undefined, and the caller reads the line
// with edn-data, whose results this path gives exactly (keywords as strings, sets and lists as arrays).

/** Character classes by code: 1 space (and the comma), 2 a delimiter, 4 part of a keyword's name. */
const CLASS = new Uint8Array(128);
for (const c of ' \t\r\n,') CLASS[c.charCodeAt(0)] = 1 | 2;
for (const c of '[](){}"') CLASS[c.charCodeAt(0)] = 2;
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*+!-_?<>=./\'') CLASS[c.charCodeAt(0)] |= 4;
const SPACE = 1;
const DELIMITER = 2;
const NAME = 4;
const INTEGER = /^[-+]?(?:0|[1-9]\d{0,14})$/;
const DECIMAL = /^[-+]?\d+\.\d+(?:[eE][-+]?\d+)?$/;

/** Thrown inside the parse when the text leaves the fast path. */
const UNSUPPORTED = new Error('not on the fast path');

class LineParser {
  at = 0;
  constructor(readonly text: string) {}

  skipSpace(): void {
    while (this.at < this.text.length && CLASS[this.text.charCodeAt(this.at)] & SPACE) this.at++;
  }

  /** The atom at the cursor: the characters up to the next delimiter. */
  atom(): string {
    const start = this.at;
    for (let c = this.text.charCodeAt(this.at); this.at < this.text.length && !(c < 128 && CLASS[c] & DELIMITER); c = this.text.charCodeAt(++this.at));
    return this.text.slice(start, this.at);
  }

  /** The name of the keyword at the cursor (after its colon); leaves the fast path for any other atom. */
  keyword(): string {
    const start = ++this.at;
    const first = this.text.charCodeAt(start);
    if (!(first < 128 && CLASS[first] & NAME) || (first >= 48 && first <= 57) || first === 45 || first === 43 || first === 46) throw UNSUPPORTED;
    for (let c = first; this.at < this.text.length && c < 128 && CLASS[c] & NAME; c = this.text.charCodeAt(++this.at));
    const end = this.text.charCodeAt(this.at);
    if (this.at < this.text.length && !(end < 128 && CLASS[end] & DELIMITER)) throw UNSUPPORTED;
    return this.text.slice(start, this.at);
  }

  value(): unknown {
    this.skipSpace();
    const c = this.text.charCodeAt(this.at);
    if (c === 123) return this.map();
    if (c === 91) return this.sequence(93);
    if (c === 40) return this.sequence(41);
    if (c === 35 && this.text.charCodeAt(this.at + 1) === 123) {
      this.at++;
      return this.sequence(125);
    }
    if (c === 34) return this.string();
    if (c === 58) return this.keyword();
    const atom = this.atom();
    if (atom === 'nil') return null;
    if (atom === 'true') return true;
    if (atom === 'false') return false;
    if (INTEGER.test(atom) || DECIMAL.test(atom)) {
      const n = Number(atom);
      if (!Object.is(n, -0)) return n;
    }
    throw UNSUPPORTED;
  }

  string(): string {
    const end = this.text.indexOf('"', this.at + 1);
    const body = end < 0 ? '\\' : this.text.slice(this.at + 1, end);
    if (body.includes('\\')) throw UNSUPPORTED;
    this.at = end + 1;
    return body;
  }

  sequence(close: number): unknown[] {
    this.at++;
    const out: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.at >= this.text.length) throw UNSUPPORTED;
      if (this.text.charCodeAt(this.at) === close) {
        this.at++;
        return out;
      }
      out.push(this.value());
    }
  }

  map(): Record<string, unknown> {
    this.at++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.skipSpace();
      if (this.at >= this.text.length) throw UNSUPPORTED;
      if (this.text.charCodeAt(this.at) === 125) {
        this.at++;
        return out;
      }
      if (this.text.charCodeAt(this.at) !== 58) throw UNSUPPORTED;
      const name = this.keyword();
      if (name in out || name === '__proto__') throw UNSUPPORTED;
      out[name] = this.value();
    }
  }
}

/**
 * The operation map of one history line (`{...}` or `#jepsen.history.Op{...}`), or undefined when
 * the line holds anything this fast path does not read: the caller then reads it with edn-data.
 */
export function parseOperationLine(text: string): Record<string, unknown> | undefined {
  const parser = new LineParser(text);
  if (text.startsWith('#jepsen.history.Op{')) parser.at = '#jepsen.history.Op'.length;
  if (text.charCodeAt(parser.at) !== 123) return undefined;
  try {
    const map = parser.map();
    parser.skipSpace();
    return parser.at === text.length ? map : undefined;
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}
