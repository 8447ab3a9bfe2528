// ShiViz / GoVector text logs: events matched by a parser regex over a sliding window of lines,
// executions split by a delimiter regex, happens-before edges inferred from the vector clocks.
// Lines stay bytes until something needs their text: plain GoVector/ShiViz events never do.

import type { Json } from '../crdt/types';
import { TraceBuilder } from '../trace/builder';
import type { SourceText, Trace, TraceFile } from '../trace/model';
import { traceFromClocks } from './clock-trace';
import { ClockTextReader } from './clock-json';
import { ByteLineSplitter } from './lines';
import { FindingLog, type PendingDetails, type PendingExtra, PendingEvents, quoted } from './pending';
import { EXTRAS_GROUP, readExtras } from './shiviz-extras';
import {
  type CompiledRegex,
  compileShivizRegex,
  isRegexHeader,
  findMatch,
  type PlainMatch,
  quickMatch,
  type RegexShape,
  quickMatchBytes,
  SHIVIZ_DEFAULT_REGEX,
  SPECIAL_GROUPS,
} from './shiviz-regex';
import type { RegexMatch } from './bounded-regex';
import { type ByteSource, type ReadOptions, type TraceFormat, type TraceReader, TraceReadError } from './types';

export const shivizFormat: TraceFormat = {
  id: 'shiviz',
  title: 'ShiViz / GoVector log',
  extensions: ['shiviz', 'shiviz.log', 'log', 'txt'],
  detect: detectShiViz,
  createReader: (options) => new ShivizReader(options),
};

/** How sure the head of a file is a ShiViz log: a GoVector regex header, or lines carrying JSON clocks. */
export function detectShiViz(head: string): number {
  const lines = head.split('\n', 400);
  const first = (lines[0] ?? '').replace(/^\uFEFF/, '').trim();
  if (isRegexHeader(first)) return 0.95;
  // JSON documents and JSON lines belong to other formats (but a log line may start with "[INFO]").
  if (first.startsWith('{') || /^\[\s*($|[{["\]]|-?\d+(\.\d+)?\s*[,\]])/.test(first)) return 0;
  let text = 0;
  let hostClock = 0;
  let clock = 0;
  for (const line of lines.slice(0, -1)) {
    if (line.trim() === '') continue;
    text++;
    if (/^\S*\s+\{\s*"[^"]*"\s*:\s*\d+\s*[,}]/.test(line)) hostClock++;
    else if (/\{\s*"[^"]+"\s*:\s*\d+\s*(,\s*"[^"]+"\s*:\s*\d+\s*)*\}/.test(line)) clock++;
  }
  if (text === 0) return 0;
  if (hostClock > 0 && hostClock * 5 >= text) return 0.7;
  if (hostClock + clock > 0 && (hostClock + clock) * 3 >= text) return 0.4;
  return 0;
}

interface Line {
  /** The line's text, once decoded (see `textOf`). */
  text: string | undefined;
  /** Until then, the line is bytes[start, end) of the chunk being read. */
  bytes: Uint8Array | undefined;
  start: number;
  end: number;
  line: number;
  offset: number;
  length: number;
  /** The delimiter match starting at this line (null: none; undefined: not tried yet). */
  delim?: RegexMatch | null;
}

interface Details {
  label?: string;
  fields?: Record<string, Json>;
  extras?: ReturnType<typeof readExtras>;
}

/** Label, fields and the `causeway` extras of a match. */
function detailsOf(m: RegexMatch, fieldGroups: readonly string[]): Details {
  const g = m.groups;
  const d: Details = {};
  if (g['event']) d.label = g['event'];
  for (const name of fieldGroups) {
    const v = g[name];
    if (v !== undefined) (d.fields ??= {})[name] = v;
  }
  const extras = g[EXTRAS_GROUP];
  if (extras !== undefined && extras !== '') {
    d.extras = readExtras(extras);
    if (typeof d.extras !== 'string') {
      if (d.extras.label !== undefined) d.label = d.extras.label;
      if (d.extras.fields !== undefined) d.fields = { ...d.fields, ...d.extras.fields };
    }
  }
  return d;
}

/** Re-reads an event's label and fields from the file when they are looked at. */
function lazyDetails(bytes: ByteSource, parser: CompiledRegex, fieldGroups: readonly string[]): SourceText {
  const decoder = new TextDecoder('utf-8');
  return {
    details(offset, length) {
      const text = decoder.decode(bytes.read(offset, length)).replace(/\r\n/g, '\n');
      const m = findMatch(parser, text);
      if (!m) return undefined;
      const { label, fields } = detailsOf(m, fieldGroups);
      return { label, fields };
    },
  };
}

/** The lines the parser's window looks at, first to last: a ring of Line records reused for line after line. */
class LineQueue {
  private ring: Line[] = [];
  private head = 0;
  size = 0;

  at(j: number): Line {
    return this.ring[(this.head + j) % this.ring.length];
  }

  /** The record for a new last line (a reused one: the caller sets every field). */
  add(): Line {
    if (this.size === this.ring.length) {
      const ring: Line[] = [];
      for (let j = 0; j < this.size; j++) ring.push(this.at(j));
      ring.push({ text: undefined, bytes: undefined, start: 0, end: 0, line: 0, offset: 0, length: 0, delim: undefined });
      this.ring = ring;
      this.head = 0;
    }
    return this.at(this.size++);
  }

  /** Drops the first `count` lines. */
  drop(count: number): void {
    this.head = (this.head + count) % this.ring.length;
    this.size -= count;
  }
}

class ShivizReader implements TraceReader {
  private readonly splitter: ByteLineSplitter;
  private readonly decoder = new TextDecoder('utf-8');
  private parser: CompiledRegex | undefined;
  private readonly delimiter: CompiledRegex | undefined;
  private fieldGroups: string[] = [];
  private lookahead = 1;
  private source: SourceText | undefined;
  private readonly buf = new LineQueue();
  private readonly fileLog = new FindingLog();
  private readonly executions: Trace[] = [];
  private pending = new PendingEvents();
  /** Reads clocks, interning host names into `pending` (renewed with it). */
  private clocks = this.clockReader();
  private readonly plain: PlainMatch = { hostEnd: 0, clockEnd: 0 };
  /** The details of a plain event, rewritten for each (PendingEvents copies them). */
  private readonly plainDetails: PendingDetails = { offset: 0, length: 0, label: undefined, keepClock: true };
  private executionName: string | undefined;
  private executionLine = 1;
  private startedByDelimiter = false;
  /** Where the search goes on in the buffer's first line (after a match that ended inside it). */
  private column = 0;
  private skipFrom = 0;
  private skipTo = 0;
  private skipSample = '';
  private firstSkipped = 0;
  private first = true;
  private isReady = false;

  constructor(private readonly options: ReadOptions) {
    if (options.regex) this.parser = compileShivizRegex(options.regex, 'parser');
    if (options.delimiter) this.delimiter = compileShivizRegex(options.delimiter, 'delimiter');
    this.splitter = new ByteLineSplitter((bytes, start, end, line, offset) => this.onLine(bytes, start, end, line, offset));
  }

  push(chunk: Uint8Array): void {
    // A plain view: slices of a Node Buffer are Buffers, much slower to make.
    this.splitter.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    // The caller may reuse the chunk: lines still waiting keep their text, not the bytes.
    for (let j = 0; j < this.buf.size; j++) this.textOf(this.buf.at(j));
  }

  finish(): TraceFile {
    this.splitter.end();
    this.ready();
    this.drain(true);
    this.flushSkipped();
    this.finishExecution();
    if (this.executions.length === 0) {
      if (this.firstSkipped > 0) {
        throw new TraceReadError(
          `No part of the log matches the parser regex ${quoted(this.parser!.source, 120)} (from line ${this.firstSkipped}, e.g. ${quoted(this.skipSample, 80)}). Give the regex that describes this log's events, with the named groups host, clock and event.`,
          this.firstSkipped,
        );
      }
      this.executions.push(new TraceBuilder(undefined, this.options.name ?? '').finish());
    }
    return { format: 'shiviz', executions: this.executions, findings: this.fileLog.flush() };
  }

  private onLine(bytes: Uint8Array, start: number, end: number, line: number, offset: number): void {
    const l = this.buf.add();
    l.text = undefined;
    l.bytes = bytes;
    l.start = start;
    l.end = end;
    l.line = line;
    l.offset = offset;
    l.length = end - start;
    l.delim = undefined;
    if (this.first) {
      this.first = false;
      const text = this.textOf(l);
      if (isRegexHeader(text)) {
        this.buf.drop(1);
        this.readHeaderLine(text.replace(/^\uFEFF/, '').trim(), line);
        return;
      }
    }
    this.ready();
    if (this.buf.size >= this.lookahead) this.drain(false);
  }

  /** The line's text (decoded on first use; the bytes are let go). */
  private textOf(l: Line): string {
    if (l.text === undefined) {
      l.text = this.decoder.decode(l.bytes!.subarray(l.start, l.end));
      l.bytes = undefined;
    }
    return l.text;
  }

  /** GoVector's first line: the parser regex (the user's regex, when given, takes precedence). */
  private readHeaderLine(text: string, line: number): void {
    if (this.parser) return;
    try {
      this.parser = compileShivizRegex(text, 'parser', 'on the first line of the log');
    } catch (e) {
      if (!(e instanceof TraceReadError)) throw e;
      this.fileLog.add('warning', 'parse-error', line, `The first line looks like a GoVector regex header, but: ${e.message} ShiViz's default regex is used instead.`);
    }
  }

  /** Settles the parser regex (default when neither options nor a header gave one) and the window size. */
  private ready(): void {
    if (this.isReady) return;
    this.isReady = true;
    this.parser ??= compileShivizRegex(SHIVIZ_DEFAULT_REGEX, 'parser');
    const special: readonly string[] = SPECIAL_GROUPS;
    this.fieldGroups = this.parser.groups.filter((g) => !special.includes(g));
    this.lookahead = Math.max(this.parser.lines, this.parser.lines + (this.delimiter ? this.delimiter.lines - 1 : 0));
    if (this.options.bytes) this.source = lazyDetails(this.options.bytes, this.parser, this.fieldGroups);
  }

  private drain(final: boolean): void {
    while (this.buf.size > 0 && (final || this.buf.size >= this.lookahead)) this.step();
  }

  /** Lines start..end-1 of the buffer as one text. */
  private window(start: number, end: number): string {
    let text = this.textOf(this.buf.at(start));
    for (let j = start + 1; j < end; j++) text += '\n' + this.textOf(this.buf.at(j));
    return text;
  }

  private delimiterAt(j: number): RegexMatch | null {
    const l = this.buf.at(j);
    if (l.delim === undefined) {
      const d = this.delimiter!;
      const m = findMatch(d, this.window(j, Math.min(this.buf.size, j + d.lines)));
      // A delimiter starts a line (ShiViz's delimiters are written `^...$`).
      l.delim = m && m.index === 0 ? m : null;
    }
    return l.delim;
  }

  /** Consumes the line(s) at the head of the buffer: a delimiter, an event, or skipped text. */
  private step(): void {
    const buf = this.buf;
    const parser = this.parser!;
    if (this.delimiter) {
      const d = this.delimiterAt(0);
      if (d) {
        this.flushSkipped();
        this.finishExecution();
        this.executionName = d.groups['trace'];
        this.executionLine = buf.at(0).line;
        this.startedByDelimiter = true;
        this.buf.drop(Math.max(1, this.linesEnded(d.end, Math.min(buf.size, this.delimiter.lines)).lines));
        this.column = 0;
        return;
      }
    }
    let end = Math.min(buf.size, parser.lines);
    if (this.delimiter) {
      for (let j = 1; j < end; j++) {
        if (this.delimiterAt(j)) {
          end = j;
          break;
        }
      }
    }
    if (parser.shape && this.column === 0) {
      if (end >= 2 && this.addPlainEvent(parser.shape)) return;
      const quick = end < 2 ? null : quickMatch(parser.shape, this.textOf(buf.at(0)), this.textOf(buf.at(1)));
      if (quick) {
        this.flushSkipped();
        const [a, b] = [buf.at(0), buf.at(1)];
        this.addEvent(quick.host, quick.clock, quick.event ? { label: quick.event } : {}, a.offset, b.offset + b.length - a.offset);
        this.buf.drop(2);
        return;
      }
      // No match at the line's start: ShiViz searches on, so a match may start further in.
    }
    this.searchEvent(end);
  }

  /**
   * As ShiViz does, searches the window (lines 0..end-1) for the parser regex from the current
   * column of its first line on: a match that starts on that line is an event (text before it on
   * the line is ignored, as ShiViz ignores it); otherwise the line holds no event.
   */
  private searchEvent(end: number): void {
    const text = this.window(0, end);
    const first = this.buf.at(0);
    const firstText = this.textOf(first);
    const m = findMatch(this.parser!, text, this.column);
    if (!m || m.index > firstText.length || m.end === m.index) {
      if (this.column === 0) this.skip(first);
      this.column = 0;
      this.buf.drop(1);
      return;
    }
    this.flushSkipped();
    const { lines, column } = this.linesEnded(m.end, end);
    const last = this.buf.at(lines - 1);
    const offset = first.offset + utf8Length(firstText, 0, m.index);
    const endOffset = column === undefined ? last.offset + last.length : last.offset + utf8Length(this.textOf(last), 0, column);
    const g = m.groups;
    this.addEvent(g['host'] ?? '', g['clock'] ?? '', detailsOf(m, this.fieldGroups), offset, endOffset - offset);
    // A match that ends inside a line leaves the rest of it to search.
    this.buf.drop(column === undefined ? lines : lines - 1);
    this.column = column ?? 0;
  }

  /**
   * The lines a match ending at `end` of the window text touches (at least 1, at most `available`),
   * and the column where it ends in the last of them, undefined when it reaches that line's end.
   */
  private linesEnded(end: number, available: number): { lines: number; column: number | undefined } {
    let start = 0;
    for (let j = 0; j < available; j++) {
      const length = this.textOf(this.buf.at(j)).length;
      if (end <= start + length || j === available - 1) {
        const column = end - start;
        return column >= length ? { lines: j + 1, column: undefined } : { lines: j + 1, column: Math.max(0, column) };
      }
      start += length + 1;
      // A match that ends right after a line break does not touch the next line.
      if (end === start) return { lines: j + 1, column: undefined };
    }
    return { lines: 1, column: undefined };
  }

  /**
   * The common case without text: the two lines at the head of the buffer, still bytes, are a
   * plain `host {clock}` line and an event line (see quickMatchBytes) with a plain clock. Adds the
   * event and returns true, or returns false (having changed nothing) for the text path.
   */
  private addPlainEvent(shape: RegexShape): boolean {
    const a = this.buf.at(0);
    const b = this.buf.at(1);
    if (a.bytes === undefined || b.bytes === undefined) return false;
    const hostLine = shape === 'govector' ? a : b;
    const eventLine = shape === 'govector' ? b : a;
    const bytes = hostLine.bytes!;
    const plain = this.plain;
    if (!quickMatchBytes(bytes, hostLine.start, hostLine.end, eventLine.bytes!, eventLine.start, eventLine.end, plain)) return false;
    const clocks = this.clocks;
    const count = clocks.readBytes(bytes, plain.hostEnd + 1, plain.clockEnd);
    if (count < 0) return false;
    this.flushSkipped();
    // Interned after the clock's names, as addEvent does.
    const h = clocks.nameId(bytes, hostLine.start, plain.hostEnd);
    const details = this.plainDetails;
    details.offset = a.offset;
    details.length = b.offset + b.length - a.offset;
    details.label = eventLine.start < eventLine.end ? this.textOf(eventLine) : undefined;
    this.pending.addWithIds(h, a.line, details, clocks.ids, clocks.values, count);
    this.buf.drop(2);
    return true;
  }

  /** Adds an event matched on the lines from the buffer's first; it spans bytes [offset, offset + length) of the file. */
  private addEvent(host: string, clockText: string, d: Details, offset: number, length: number): void {
    const first = this.buf.at(0);
    const line = first.line;
    if (!host) {
      this.fileLog.add('error', 'parse-error', line, `Line ${line} matches the parser regex but its host group is empty; expected a host name. The event is skipped: ${quoted(this.textOf(first), 80)}`);
      return;
    }
    let extra: PendingExtra | undefined;
    let keepClock = true;
    if (typeof d.extras === 'string') {
      this.fileLog.add('warning', 'parse-error', line, `Line ${line}: ${d.extras}; the event is read without it.`);
    } else if (d.extras) {
      extra = d.extras.extra;
      keepClock = !d.extras.clockComputed;
      if (d.extras.ignored.length > 0) {
        this.fileLog.add('info', 'unknown-field', line, `Line ${line}: the "${EXTRAS_GROUP}" group has members that were not understood and are ignored: ${d.extras.ignored.slice(0, 5).join(', ')}.`);
      }
    }
    const lazy = this.source !== undefined;
    const details: PendingDetails = {
      offset,
      length,
      label: d.label,
      fields: lazy ? undefined : d.fields,
      extra,
      keepClock,
    };
    const clocks = this.clocks;
    let count = clocks.read(clockText);
    // ShiViz's second try: a clock written with escaped quotes, as TLC writes it ({\"n1\":1}).
    if (count < 0 && clockText.includes('\\"')) count = clocks.read(clockText.replace(/\\"/g, '"'));
    if (count < 0) {
      this.fileLog.add('error', 'parse-error', line, `Line ${line}: the clock ${quoted(clockText, 80)} of host "${host}" could not be read: ${clocks.out.problem}. The event is skipped.`);
      return;
    }
    // Interned only now: every host name in the table belongs to an event or a clock entry.
    const h = this.pending.hostId(host);
    if (clocks.out.problem) this.fileLog.add('warning', 'parse-error', line, `Line ${line}: ${clocks.out.problem}.`);
    this.pending.addWithIds(h, line, details, clocks.ids, clocks.values, count);
  }

  private skip(l: Line): void {
    const text = this.textOf(l);
    if (/^\s*$/.test(text)) return;
    if (this.skipFrom === 0) {
      this.skipFrom = l.line;
      this.skipSample = text;
      if (this.firstSkipped === 0) this.firstSkipped = l.line;
    }
    this.skipTo = l.line;
  }

  private flushSkipped(): void {
    if (this.skipFrom === 0) return;
    const { skipFrom: a, skipTo: b } = this;
    const range = a === b ? `Line ${a} does` : `Lines ${a}-${b} do`;
    const delimiter = this.delimiter ? ' nor the delimiter regex' : '';
    // Information, not a warning: ShiViz itself skips such text silently (its regex is searched
    // through the text), and a log with records on several lines has text between them by design.
    this.fileLog.add(
      'info',
      'skipped-text',
      a,
      `${range} not match the parser regex ${quoted(this.parser!.source, 100)}${delimiter} and ${a === b ? 'was' : 'were'} skipped: ${quoted(this.skipSample, 80)}`,
      [],
      b,
    );
    this.skipFrom = 0;
  }

  /** Turns the events read since the last delimiter into a Trace. */
  private finishExecution(): void {
    const p = this.pending;
    const named = this.executionName?.trim();
    if (p.size === 0) {
      if (this.startedByDelimiter) {
        const what = named ? `"${named}"` : 'without a name';
        this.fileLog.add('warning', 'parse-error', this.executionLine, `The execution ${what} starting at line ${this.executionLine} has no line that matches the parser regex.`);
      }
      return;
    }
    const name = named || (this.delimiter ? `execution ${this.executions.length + 1}` : (this.options.name ?? 'execution 1'));
    this.executions.push(traceFromClocks(p, { name, sourceOrder: true, source: this.source }));
    this.pending = new PendingEvents();
    this.clocks = this.clockReader();
  }

  private clockReader(): ClockTextReader {
    const p = this.pending;
    return new ClockTextReader((name) => p.hostId(name));
  }
}

/** Bytes of text[from, to) in UTF-8. */
function utf8Length(text: string, from: number, to: number): number {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < to) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}
