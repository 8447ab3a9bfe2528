// Whole JSON documents for the importers that must parse them entirely (P traces, OTLP, Jaeger,
// Zipkin): collecting chunks, splitting top-level values and array elements without recursion
// (so a cut-off or broken element costs only itself, and one nested too deep is refused before
// anything recurses into it), and mapping positions to line numbers.

import type { Finding } from '../trace/diagnostics';
import type { TraceFile } from '../trace/model';
import { MAX_JSON_DEPTH, nestedTooDeep } from '../util/json-depth';
import { FindingLog } from './pending';
import { type TraceReader, TraceReadError } from './types';

/** A span of the text holding one JSON value, with the line it starts on. */
export interface ValueSpan {
  start: number;
  end: number;
  line: number;
  /** The value is cut off by the end of the text (`end` is the text's end). */
  cut?: boolean;
  /** Where the value first nests deeper than MAX_JSON_DEPTH levels, when it does. */
  deepAt?: number;
}

/** Line numbers of positions in a text (1-based), by binary search over its line breaks. */
export class LineIndex {
  private readonly breaks: number[] = [];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.breaks.push(i);
  }

  lineAt(position: number): number {
    let lo = 0;
    let hi = this.breaks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.breaks[mid] < position) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9 || c === 0xfeff;
}

export function skipSpaces(text: string, i: number): number {
  while (i < text.length && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/**
 * End (exclusive) of the JSON value starting at `i`, or -1 when the text ends first. Brackets are
 * only counted; where they first nest deeper than MAX_JSON_DEPTH is noted in `nesting.deepAt`.
 */
export function skipValue(text: string, i: number, nesting: { deepAt?: number } = {}): number {
  const n = text.length;
  let depth = 0;
  for (let j = i; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === 34 /* " */) {
      j = skipString(text, j);
      if (j < 0) return -1;
      if (depth === 0) return j + 1;
    } else if (c === 123 || c === 91) {
      if (++depth > MAX_JSON_DEPTH) nesting.deepAt ??= j;
    } else if (c === 125 || c === 93) {
      depth--;
      if (depth <= 0) return depth === 0 ? j + 1 : j;
    } else if (depth === 0 && (c === 44 || isSpace(c))) {
      return j;
    }
  }
  return depth === 0 ? n : -1;
}

/** Index of the closing quote of the string opening at `i`, or -1. */
function skipString(text: string, i: number): number {
  for (let quote = text.indexOf('"', i + 1); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    // Escaped when an odd number of backslashes comes right before it.
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
  return -1;
}

export interface Split {
  values: ValueSpan[];
  /** Problems with their lines (text between values, a value cut off by the end of the file). */
  problems: { line: number; message: string }[];
}

/** The top-level values of a text: one document, or JSON Lines / concatenated documents. */
export function topLevelValues(text: string, lines: LineIndex): Split {
  const out: Split = { values: [], problems: [] };
  for (let i = skipSpaces(text, 0); i < text.length; i = skipSpaces(text, i)) {
    const nesting: { deepAt?: number } = {};
    const end = skipValue(text, i, nesting);
    if (end < 0) {
      out.problems.push({ line: lines.lineAt(i), message: `the JSON value starting on line ${lines.lineAt(i)} is cut off by the end of the file` });
      out.values.push({ start: i, end: text.length, line: lines.lineAt(i), cut: true, ...nesting });
      break;
    }
    const stop = Math.max(end, i + 1);
    out.values.push({ start: i, end: stop, line: lines.lineAt(i), ...nesting });
    i = stop;
    if (text.charCodeAt(i) === 44) i++;
  }
  return out;
}

/** The elements of the JSON array spanning `span` (which starts with `[`). */
export function arrayElements(text: string, span: ValueSpan, lines: LineIndex): Split {
  const out: Split = { values: [], problems: [] };
  const close = text.charCodeAt(span.end - 1) === 93 ? span.end - 1 : span.end;
  let i = skipSpaces(text, span.start + 1);
  while (i < close) {
    const nesting: { deepAt?: number } = {};
    const end = skipValue(text, i, nesting);
    if (end < 0 || end > close) {
      out.problems.push({ line: lines.lineAt(i), message: `the array element starting on line ${lines.lineAt(i)} is cut off by the end of the file` });
      break;
    }
    const stop = Math.max(end, i + 1);
    out.values.push({ start: i, end: stop, line: lines.lineAt(i), ...nesting });
    i = skipSpaces(text, stop);
    if (text.charCodeAt(i) === 44) i = skipSpaces(text, i + 1);
    else if (i < close) {
      out.problems.push({ line: lines.lineAt(i), message: `expected "," or "]" between array elements on line ${lines.lineAt(i)}` });
    }
  }
  if (close === span.end) out.problems.push({ line: lines.lineAt(span.end), message: 'the array is not closed with "]" (the file may be cut off)' });
  return out;
}

/** The exact text of a top-level member's value in a JSON object's text (e.g. a number beyond 2^53), or undefined. */
export function rawMember(text: string, key: string): string | undefined {
  let i = skipSpaces(text, 0);
  if (text.charCodeAt(i) !== 123) return undefined;
  i = skipSpaces(text, i + 1);
  while (i < text.length && text.charCodeAt(i) === 34) {
    const close = skipString(text, i);
    if (close < 0) return undefined;
    let name: unknown;
    try {
      name = JSON.parse(text.slice(i, close + 1));
    } catch {
      return undefined;
    }
    i = skipSpaces(text, close + 1);
    if (text.charCodeAt(i) !== 58) return undefined;
    i = skipSpaces(text, i + 1);
    const end = skipValue(text, i);
    if (end < 0) return undefined;
    if (name === key) return text.slice(i, end);
    i = skipSpaces(text, end);
    if (text.charCodeAt(i) !== 44) return undefined;
    i = skipSpaces(text, i + 1);
  }
  return undefined;
}

/**
 * JSON.parse of one span; undefined after logging why not. A value cut off by the end of the file
 * (an export that stopped half-way) is closed after its last complete member and read anyway.
 */
export function parseSpan(text: string, span: ValueSpan, log: FindingLog, what: string, lines?: LineIndex): unknown {
  if (span.deepAt !== undefined) {
    const line = lines ? lines.lineAt(span.deepAt) : span.line;
    log.add('error', 'parse-error', line, `Line ${line}: ${nestedTooDeep(`${what} starting on line ${span.line}`)}; it is skipped.`);
    return undefined;
  }
  if (span.cut) {
    const repaired = closeTruncated(text, span.start);
    if (repaired !== undefined) {
      try {
        const value: unknown = JSON.parse(repaired);
        const at = lines ? lines.lineAt(text.length) : span.line;
        log.add('error', 'parse-error', at, `The file ends in the middle of ${what} (line ${at}): it was cut off. What was complete before that point is read.`);
        return value;
      } catch {
        // Fall through to the plain error below.
      }
    }
  }
  try {
    return JSON.parse(text.slice(span.start, span.end));
  } catch (e) {
    const message = (e as Error).message;
    const position = /at position (\d+)/.exec(message);
    const line = position && lines ? lines.lineAt(span.start + Number(position[1])) : span.line;
    log.add('error', 'parse-error', line, `Line ${line}: ${what} starting on line ${span.line} is not valid JSON (${message}); it is skipped.`);
    return undefined;
  }
}

/**
 * The JSON value starting at `start`, cut off by the end of the text, closed after the last
 * complete element of the innermost open array (objects outside it keep their complete members),
 * or undefined when the value is not cut off.
 */
export function closeTruncated(text: string, start: number): string | undefined {
  const open: number[] = []; // bracket characters
  const safe: number[] = []; // per level: end of its last complete member (or just after the bracket)
  const expectKey: boolean[] = [];
  let i = start;
  const n = text.length;
  const completed = (end: number) => {
    if (open.length > 0) safe[safe.length - 1] = end;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      const close = skipString(text, i);
      if (close < 0) break;
      const isKey = open.length > 0 && open[open.length - 1] === 123 && expectKey[expectKey.length - 1];
      if (isKey) expectKey[expectKey.length - 1] = false;
      else completed(close + 1);
      i = close + 1;
    } else if (c === 123 || c === 91) {
      open.push(c);
      safe.push(i + 1);
      expectKey.push(c === 123);
      i++;
    } else if (c === 125 || c === 93) {
      open.pop();
      safe.pop();
      expectKey.pop();
      completed(i + 1);
      i++;
      if (open.length === 0) return undefined;
    } else if (c === 44) {
      if (open.length > 0 && open[open.length - 1] === 123) expectKey[expectKey.length - 1] = true;
      i++;
    } else if (c === 58 || isSpace(c)) {
      i++;
    } else {
      let j = i;
      while (j < n && !isSpace(text.charCodeAt(j)) && ![44, 93, 125].includes(text.charCodeAt(j))) j++;
      if (j === n) break;
      completed(j);
      i = j;
    }
  }
  if (open.length === 0) return undefined;
  // Records are array elements (spans, entries): an element cut off is dropped whole.
  let level = open.lastIndexOf(91);
  if (level < 0) level = open.length - 1;
  let out = text.slice(start, safe[level]);
  for (; level >= 0; level--) out += open[level] === 123 ? '}' : ']';
  return out;
}

/** Integers written without quotes under these keys become strings, so digits beyond 2^53 survive JSON.parse. */
export function quoteIntegers(text: string, keys: readonly string[]): string {
  const re = new RegExp(`("(?:${keys.join('|')})"\\s*:\\s*)(-?\\d+)(?=\\s*[,}\\]])`, 'g');
  return text.replace(re, '$1"$2"');
}

/**
 * A reader for formats read as one document: chunks are decoded as they come (a character cut
 * between chunks is kept whole) and the document is handed to `read` at the end.
 */
export class DocumentReader implements TraceReader {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly parts: string[] = [];

  constructor(private readonly read: (text: string, log: FindingLog) => Omit<TraceFile, 'findings'>) {}

  push(chunk: Uint8Array): void {
    this.parts.push(this.decoder.decode(chunk, { stream: true }));
  }

  finish(): TraceFile {
    this.parts.push(this.decoder.decode());
    const text = this.parts.join('');
    this.parts.length = 0;
    const findings: Finding[] = [];
    const log = new FindingLog(findings);
    const file = this.read(text, log);
    return { ...file, findings: log.flush() };
  }
}

/**
 * The error for a document none of whose values could be read: the first problem found (a JSON
 * syntax error with its line), or `expected` when the JSON was fine but not of this format.
 */
export function unreadable(log: FindingLog, expected: string, line: number): TraceReadError {
  const first = log.list.find((f) => f.kind === 'parse-error' && f.severity === 'error');
  return first ? new TraceReadError(first.message, first.line) : new TraceReadError(expected, line);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
