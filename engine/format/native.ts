// The native format, `*.causal.jsonl`: a header line, then one JSON event a line (schema in
// schema/causal-trace.schema.json). Streams bytes, keeps byte offsets for lazy details, and
// turns every bad line into a finding with its line number while the rest still loads.

import { isCrdtTypeName, type CrdtOp, type Json } from '../crdt/types';
import { TraceBuilder } from '../trace/builder';
import type { Finding } from '../trace/diagnostics';
import {
  type ClockKind,
  type EventInput,
  EventKind,
  Payload,
  type SourceText,
  type Trace,
  type TraceFile,
  type TraceHeader,
} from '../trace/model';
import { mayNestDeeperThan, nestedTooDeep, tooDeepMember } from '../util/json-depth';
import { isClockValue, MAX_CLOCK_VALUE } from './clock-json';
import { ByteLineSplitter } from './lines';
import { NativeLineScanner } from './native-scan';
import { quoted } from './pending';
import type { ByteSource, ReadOptions, TraceFormat, TraceReader } from './types';
import { readLibraryHistory } from '../trace/library-history';

export const NATIVE_FORMAT_NAME = 'causeway';
const NATIVE_FORMAT_VERSION = 1;

const EVENT_FIELDS = new Set([
  'replica', 'kind', 'id', 'key', 'op', 'msg', 'to', 'from', 'after', 'payload', 'clock', 'time', 'timeText', 'seq', 'state', 'label', 'fields',
]);
/** The largest `seq` a trace can hold (a Uint32 column). */
const MAX_SEQ = 0xffffffff;
const HEADER_FIELDS = new Set(['format', 'version', 'description', 'replicas', 'objects', 'clock', 'sync', 'priority', 'name', 'history']);
const CLOCK_KINDS: readonly ClockKind[] = ['vector', 'lamport', 'hybrid', 'none'];

export const nativeFormat: TraceFormat = {
  id: NATIVE_FORMAT_NAME,
  title: 'Causeway trace (.causal.jsonl)',
  extensions: ['causal.jsonl'],
  detect(head: string): number {
    const first = head.slice(0, head.indexOf('\n') >>> 0).trim();
    if (/^\{.*"format"\s*:\s*"causeway"/.test(first)) return 1;
    return /^\{.*"replica"\s*:.*"kind"\s*:/.test(first) ? 0.6 : 0;
  },
  createReader: (options) => new NativeReader(options),
};

class NativeReader implements TraceReader {
  private readonly lines: ByteLineSplitter;
  private readonly decoder = new TextDecoder('utf-8');
  private builder: TraceBuilder | undefined;
  private scanner: NativeLineScanner | undefined;
  /** Executions already finished: a header line after events starts the next one. */
  private readonly finished: Trace[] = [];
  private readonly findings: Finding[] = [];
  private readonly source: SourceText | undefined;

  constructor(private readonly options: ReadOptions) {
    this.source = options.bytes ? detailsFromBytes(options.bytes) : undefined;
    this.lines = new ByteLineSplitter((bytes, start, end, line, offset) => {
      if (this.scanner?.tryEvent(bytes, start, end, line, offset)) return;
      this.readLine(this.decoder.decode(bytes.subarray(start, end)), line, offset, end - start);
    });
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  finish(): TraceFile {
    this.lines.end();
    if (!this.builder && this.findings.length === 0) this.problem(0, 'The file holds no header and no events.', 'warning');
    const last = this.builder ?? this.startExecution(undefined);
    return { format: NATIVE_FORMAT_NAME, executions: [...this.finished, last.finish()], findings: [] };
  }

  /** Findings before the first header go to the first execution; later ones to the current one. */
  private problem(line: number, message: string, severity: Finding['severity'] = 'error', kind: Finding['kind'] = 'parse-error'): void {
    (this.builder?.findings ?? this.findings).push({ severity, kind, line, message, events: [] });
  }

  private startExecution(header: TraceHeader | undefined): TraceBuilder {
    if (this.builder) this.finished.push(this.builder.finish());
    const file = this.options.name ?? '';
    const count = this.finished.length + 1;
    const name = header?.name ?? (count === 1 ? file : `${file} #${count}`);
    const builder = new TraceBuilder(header, name, this.source);
    if (this.options.totalBytes !== undefined) builder.expectSourceBytes(this.options.totalBytes);
    builder.findings.push(...this.findings.splice(0));
    this.builder = builder;
    this.scanner = new NativeLineScanner(builder);
    return builder;
  }

  private readLine(text: string, line: number, offset: number, length: number): void {
    if (text.length === 0 || text.trim().length === 0) return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      this.problem(line, `Line ${line} is not valid JSON (${(e as Error).message}); the line is skipped.`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(line, `Line ${line} should be a JSON object (an event), found ${quoted(value)}; the line is skipped.`);
      return;
    }
    const record = value as Record<string, unknown>;
    if (record['format'] !== undefined) {
      this.dropTooDeepHeaderFields(record, line);
      this.startExecution(this.readHeader(record, line));
      return;
    }
    if (!this.builder) {
      this.problem(line, `Line ${line} is not a header ({"format":"causeway","version":1,...}); default settings are used.`, 'warning');
      this.startExecution(undefined);
    }
    if (record['declare'] !== undefined && record['replica'] === undefined) {
      const deep = tooDeepMember(record);
      if (deep !== undefined) this.problem(line, `Line ${line}: ${nestedTooDeep(quoted(deep, 40))}; the declaration is skipped.`);
      else this.readDeclaration(record['declare'], line);
      return;
    }
    const event = this.readEvent(record, line, text.length);
    if (!event) return;
    event.line = line;
    event.offset = offset;
    event.length = length;
    this.builder!.addEvent(event, this.source === undefined);
  }

  /** Reports and removes the header fields nested deeper than the limit; the rest of the header stands. */
  private dropTooDeepHeaderFields(h: Record<string, unknown>, line: number): void {
    for (let deep = tooDeepMember(h); deep !== undefined; deep = tooDeepMember(h)) {
      this.problem(line, `Line ${line}: the header's ${nestedTooDeep(quoted(deep, 40))}; the field is ignored.`);
      delete h[deep];
    }
  }

  private readHeader(h: Record<string, unknown>, line: number): TraceHeader {
    if (h['format'] !== NATIVE_FORMAT_NAME) {
      this.problem(line, `The header's "format" should be "causeway", found ${quoted(h['format'])}.`, 'warning');
    }
    if (h['version'] !== NATIVE_FORMAT_VERSION) {
      this.problem(line, `This version of Causeway reads format version 1; the header says ${quoted(h['version'])}. Reading it as version 1.`, 'warning');
    }
    for (const name in h) {
      if (!HEADER_FIELDS.has(name)) this.problem(line, `Unknown header field "${name}" is ignored.`, 'info', 'unknown-field');
    }
    const header: TraceHeader = { format: 'causeway', version: 1 };
    if (typeof h['description'] === 'string') header.description = h['description'];
    if (typeof h['name'] === 'string') header.name = h['name'];
    if (Array.isArray(h['replicas'])) header.replicas = h['replicas'].filter((r): r is string => typeof r === 'string');
    if (Array.isArray(h['priority'])) header.priority = h['priority'].filter((r): r is string => typeof r === 'string');
    const clock = h['clock'];
    if (clock !== undefined) {
      if (CLOCK_KINDS.includes(clock as ClockKind)) header.clock = clock as ClockKind;
      else this.problem(line, `"clock" must be one of ${CLOCK_KINDS.join(', ')}, found ${quoted(clock)}; using vector.`, 'warning');
    }
    const sync = h['sync'];
    if (sync !== undefined) {
      if (typeof sync === 'string' && sync in Payload) header.sync = sync as TraceHeader['sync'];
      else this.problem(line, `"sync" must be one of none, state, delta, ops, found ${quoted(sync)}.`, 'warning');
    }
    if (h['objects'] !== undefined) {
      const objects = this.readObjects(h['objects'], line);
      if (objects) header.objects = objects;
    }
    if (h['history'] !== undefined) {
      const history = readLibraryHistory(h['history']);
      if (typeof history === 'string') this.problem(line, `${history}; the header's history is ignored.`, 'warning');
      else header.history = history;
    }
    return header;
  }

  /** The `objects` of a header or declaration: each key's CRDT type; bad entries are reported and left out. */
  private readObjects(objects: unknown, line: number): TraceHeader['objects'] {
    if (typeof objects !== 'object' || objects === null || Array.isArray(objects)) {
      this.problem(line, `"objects" must map each key to its CRDT type, e.g. {"cart":"pn-counter"}.`);
      return undefined;
    }
    const result: NonNullable<TraceHeader['objects']> = {};
    for (const [key, spec] of Object.entries(objects as Record<string, unknown>)) {
      const type = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['type'] : spec;
      const values = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['values'] : undefined;
      if (!isCrdtTypeName(type) || (values !== undefined && !isCrdtTypeName(values))) {
        this.problem(line, `Object "${key}" has unknown CRDT type ${quoted(spec)}; known types: g-counter, pn-counter, lww-register, mv-register, g-set, 2p-set, or-set, rw-set, lww-map, or-map.`);
        continue;
      }
      result[key] = values === undefined ? type : { type, values };
    }
    return result;
  }

  /** Validates one event object (parsed from text of `textLength` characters) in place and returns it as EventInput, or undefined after reporting why not. */
  private readEvent(o: Record<string, unknown>, line: number, textLength: number): EventInput | undefined {
    const event = checkNativeEvent(o, this.builder?.header.clock ?? 'vector', textLength);
    if (typeof event === 'string') {
      this.problem(line, `Line ${line}: ${event}; the event is skipped.`);
      return undefined;
    }
    for (const name of unknownEventFields(o)) {
      this.problem(line, `Line ${line}: unknown field "${name}" is ignored (free-form data goes in "fields").`, 'info', 'unknown-field');
    }
    return event;
  }

  /** `{"declare": {"objects": {...}}}`: object types declared after the header (live recordings). */
  private readDeclaration(declare: unknown, line: number): void {
    const objects = typeof declare === 'object' && declare !== null ? (declare as Record<string, unknown>)['objects'] : undefined;
    if (objects === undefined) {
      this.problem(line, `Line ${line}: a declaration should be {"declare": {"objects": {"key": "crdt-type"}}}, found ${quoted(declare)}.`, 'warning');
      return;
    }
    const declared = this.readObjects(objects, line);
    if (!declared) return;
    for (const [key, spec] of Object.entries(declared)) {
      const before = this.builder!.declareObject(key, typeof spec === 'string' ? { type: spec } : spec);
      if (before) this.problem(line, `Line ${line}: object "${key}" is declared ${quoted(spec)} but was declared ${quoted(before)} before; the first declaration stands.`, 'warning');
    }
  }
}

/**
 * Checks one parsed event object of the native format in place (message ids, destinations,
 * times and scalar clocks normalised) and returns it as an EventInput, or says in words what is
 * wrong with it. `clockKind` is the header's clock kind. `textLength` is the length of the JSON
 * text `o` was parsed from, when known: text too short to nest too deep is not looked into. The
 * reader and live sessions share it.
 */
export function checkNativeEvent(o: Record<string, unknown>, clockKind: ClockKind, textLength = Infinity): EventInput | string {
  const deep = mayNestDeeperThan(textLength) ? tooDeepMember(o) : undefined;
  if (deep !== undefined) return nestedTooDeep(quoted(deep, 40));
  if (typeof o['replica'] !== 'string' || o['replica'] === '') return `"replica" must be a non-empty string, found ${quoted(o['replica'])}`;
  const kind = o['kind'];
  if (typeof kind !== 'string' || !(kind in EventKind)) return `"kind" must be one of op, send, receive, local, sync, found ${quoted(kind)}`;
  for (const name of ['id', 'key', 'from', 'label'] as const) {
    if (o[name] !== undefined && typeof o[name] !== 'string') return `"${name}" must be a string, found ${quoted(o[name])}`;
  }
  if (o['msg'] !== undefined) {
    if (typeof o['msg'] === 'number') o['msg'] = String(o['msg']);
    else if (typeof o['msg'] !== 'string') return `"msg" must be a string, found ${quoted(o['msg'])}`;
  }
  if (o['to'] !== undefined) {
    if (typeof o['to'] === 'string') o['to'] = [o['to']];
    else if (!Array.isArray(o['to']) || !o['to'].every((t) => typeof t === 'string')) return `"to" must be a replica name or a list of them, found ${quoted(o['to'])}`;
  }
  if (o['after'] !== undefined && (!Array.isArray(o['after']) || !o['after'].every((t) => typeof t === 'string'))) {
    return `"after" must be a list of event ids, found ${quoted(o['after'])}`;
  }
  if (o['payload'] !== undefined && (typeof o['payload'] !== 'string' || !(o['payload'] in Payload))) {
    return `"payload" must be one of none, state, delta, ops, found ${quoted(o['payload'])}`;
  }
  const op = o['op'];
  if (op !== undefined) {
    if (typeof op !== 'object' || op === null || typeof (op as CrdtOp).type !== 'string') return `"op" must be an object with a "type", e.g. {"type":"inc","value":1}, found ${quoted(op)}`;
    if (o['key'] === undefined) return `an "op" needs the "key" of the object it changes`;
  } else if (kind === 'op') {
    return `an event of kind "op" needs an "op", e.g. {"type":"inc","value":1}`;
  }
  if (kind === 'send' && o['msg'] === undefined) return `a send needs the message id "msg" that links it to its receives`;
  if (kind === 'receive' && o['msg'] === undefined && o['after'] === undefined) return `a receive needs the message id "msg" of what it receives (or "after": the ids of the events it follows)`;
  if (o['timeText'] !== undefined && typeof o['timeText'] !== 'string') return `"timeText" must be a string, found ${quoted(o['timeText'])}`;
  if (kind === 'sync' && o['msg'] === undefined && o['from'] === undefined) return `a sync needs "from" (the replica whose state is merged) or "msg"`;
  const time = o['time'];
  if (time !== undefined) {
    if (typeof time === 'string') {
      const ms = Date.parse(time);
      if (Number.isNaN(ms)) return `"time" must be milliseconds since 1970 or an ISO date, found ${quoted(time)}`;
      o['time'] = ms;
    } else if (typeof time !== 'number' || !Number.isFinite(time)) return `"time" must be milliseconds since 1970 or an ISO date, found ${quoted(time)}`;
  }
  const seq = o['seq'];
  if (seq !== undefined && (typeof seq !== 'number' || !Number.isInteger(seq) || seq < 1 || seq > MAX_SEQ)) {
    return `"seq" must be the replica's event number, a whole number from 1, found ${quoted(seq)}`;
  }
  if (o['state'] !== undefined && (typeof o['state'] !== 'object' || o['state'] === null || Array.isArray(o['state']))) {
    return `"state" must map object keys to their values, e.g. {"cart": 3}, found ${quoted(o['state'])}`;
  }
  if (o['fields'] !== undefined && (typeof o['fields'] !== 'object' || o['fields'] === null || Array.isArray(o['fields']))) {
    return `"fields" must be an object, found ${quoted(o['fields'])}`;
  }
  if (o['clock'] !== undefined) {
    const wrong = checkClock(o, clockKind);
    if (wrong) return `"clock" should be ${wrong}, found ${quoted(o['clock'])}`;
  }
  return o as unknown as EventInput;
}

/** Fields of an event object that the native format does not define. */
export function unknownEventFields(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((name) => !EVENT_FIELDS.has(name));
}

/**
 * Checks the recorded clock against the clock kind, moving scalar clocks to lamport/hlc; says what
 * was expected when it does not fit. Numbers are kept only where their column holds them exactly:
 * vector entries and hybrid counters are 32-bit (0 to 4294967295), Lamport counters and wall times
 * doubles (whole numbers up to 2^53 - 1, finite times).
 */
function checkClock(o: Record<string, unknown>, kind: ClockKind): string | undefined {
  const clock = o['clock'];
  if (kind === 'lamport') {
    if (!Number.isSafeInteger(clock) || (clock as number) < 0) return `a Lamport counter (a whole number from 0 to ${Number.MAX_SAFE_INTEGER}), as the header says clock "lamport"`;
    o['lamport'] = clock;
    delete o['clock'];
    return undefined;
  }
  if (kind === 'hybrid') {
    const pair = Array.isArray(clock) ? clock : typeof clock === 'object' && clock !== null ? [(clock as Record<string, unknown>)['wall'], (clock as Record<string, unknown>)['counter']] : [];
    if (typeof pair[0] !== 'number' || !Number.isFinite(pair[0]) || !isClockValue(pair[1])) {
      return `a hybrid clock {"wall": ms, "counter": n} (n a whole number from 0 to ${MAX_CLOCK_VALUE}), as the header says clock "hybrid"`;
    }
    o['hlc'] = { wall: pair[0], counter: pair[1] };
    delete o['clock'];
    return undefined;
  }
  if (typeof clock !== 'object' || clock === null || Array.isArray(clock)) return 'a vector clock such as {"A": 2, "B": 1}';
  for (const name in clock as Record<string, unknown>) {
    const v = (clock as Record<string, unknown>)[name];
    if (!isClockValue(v)) return `a vector clock of whole numbers from 0 to ${MAX_CLOCK_VALUE} (entry ${quoted(name, 40)} is ${quoted(v)})`;
  }
  return undefined;
}

/** Label and fields of a native event, re-read from the file on demand. */
function detailsFromBytes(bytes: ByteSource): SourceText {
  const decoder = new TextDecoder('utf-8');
  return {
    details(offset, length) {
      try {
        const o = JSON.parse(decoder.decode(bytes.read(offset, length))) as { label?: unknown; fields?: unknown };
        const details: { label?: string; fields?: Record<string, Json> } = {};
        if (typeof o.label === 'string') details.label = o.label;
        if (typeof o.fields === 'object' && o.fields !== null && !Array.isArray(o.fields)) details.fields = o.fields as Record<string, Json>;
        return details;
      } catch {
        return undefined;
      }
    },
  };
}
