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
import { ByteLineSplitter } from './lines';
import { NativeLineScanner } from './native-scan';
import type { ByteSource, ReadOptions, TraceFormat, TraceReader } from './types';

export const NATIVE_FORMAT_NAME = 'causeway';
const NATIVE_FORMAT_VERSION = 1;

const EVENT_FIELDS = new Set([
  'replica', 'kind', 'id', 'key', 'op', 'msg', 'to', 'from', 'after', 'payload', 'clock', 'time', 'timeText', 'state', 'label', 'fields',
]);
const HEADER_FIELDS = new Set(['format', 'version', 'description', 'replicas', 'objects', 'clock', 'sync', 'priority', 'name']);
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

/** A short, safe rendering of a JSON value for messages. */
function shown(v: unknown): string {
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

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
      this.problem(line, `Line ${line} should be a JSON object (an event), found ${shown(value)}; the line is skipped.`);
      return;
    }
    const record = value as Record<string, unknown>;
    if (record['format'] !== undefined) {
      this.startExecution(this.readHeader(record, line));
      return;
    }
    if (!this.builder) {
      this.problem(line, `Line ${line} is not a header ({"format":"causeway","version":1,...}); default settings are used.`, 'warning');
      this.startExecution(undefined);
    }
    const event = this.readEvent(record, line);
    if (!event) return;
    event.line = line;
    event.offset = offset;
    event.length = length;
    this.builder!.addEvent(event, this.source === undefined);
  }

  private readHeader(h: Record<string, unknown>, line: number): TraceHeader {
    if (h['format'] !== NATIVE_FORMAT_NAME) {
      this.problem(line, `The header's "format" should be "causeway", found ${shown(h['format'])}.`, 'warning');
    }
    if (h['version'] !== NATIVE_FORMAT_VERSION) {
      this.problem(line, `This version of Causeway reads format version 1; the header says ${shown(h['version'])}. Reading it as version 1.`, 'warning');
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
      else this.problem(line, `"clock" must be one of ${CLOCK_KINDS.join(', ')}, found ${shown(clock)}; using vector.`, 'warning');
    }
    const sync = h['sync'];
    if (sync !== undefined) {
      if (typeof sync === 'string' && sync in Payload) header.sync = sync as TraceHeader['sync'];
      else this.problem(line, `"sync" must be one of none, state, delta, ops, found ${shown(sync)}.`, 'warning');
    }
    const objects = h['objects'];
    if (objects !== undefined) {
      if (typeof objects !== 'object' || objects === null || Array.isArray(objects)) {
        this.problem(line, `"objects" must map each key to its CRDT type, e.g. {"cart":"pn-counter"}.`);
      } else {
        header.objects = {};
        for (const [key, spec] of Object.entries(objects as Record<string, unknown>)) {
          const type = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['type'] : spec;
          const values = typeof spec === 'object' && spec !== null ? (spec as Record<string, unknown>)['values'] : undefined;
          if (!isCrdtTypeName(type) || (values !== undefined && !isCrdtTypeName(values))) {
            this.problem(line, `Object "${key}" has unknown CRDT type ${shown(spec)}; known types: g-counter, pn-counter, lww-register, mv-register, g-set, 2p-set, or-set, rw-set, lww-map, or-map.`);
            continue;
          }
          header.objects[key] = values === undefined ? type : { type, values };
        }
      }
    }
    return header;
  }

  /** Validates one event object in place and returns it as EventInput, or undefined after reporting why not. */
  private readEvent(o: Record<string, unknown>, line: number): EventInput | undefined {
    const bad = (what: string) => {
      this.problem(line, `Line ${line}: ${what}; the event is skipped.`);
      return undefined;
    };
    if (typeof o['replica'] !== 'string' || o['replica'] === '') return bad(`"replica" must be a non-empty string, found ${shown(o['replica'])}`);
    const kind = o['kind'];
    if (typeof kind !== 'string' || !(kind in EventKind)) return bad(`"kind" must be one of op, send, receive, local, sync, found ${shown(kind)}`);
    for (const name of ['id', 'key', 'from', 'label'] as const) {
      if (o[name] !== undefined && typeof o[name] !== 'string') return bad(`"${name}" must be a string, found ${shown(o[name])}`);
    }
    if (o['msg'] !== undefined) {
      if (typeof o['msg'] === 'number') o['msg'] = String(o['msg']);
      else if (typeof o['msg'] !== 'string') return bad(`"msg" must be a string, found ${shown(o['msg'])}`);
    }
    if (o['to'] !== undefined) {
      if (typeof o['to'] === 'string') o['to'] = [o['to']];
      else if (!Array.isArray(o['to']) || !o['to'].every((t) => typeof t === 'string')) return bad(`"to" must be a replica name or a list of them, found ${shown(o['to'])}`);
    }
    if (o['after'] !== undefined && (!Array.isArray(o['after']) || !o['after'].every((t) => typeof t === 'string'))) {
      return bad(`"after" must be a list of event ids, found ${shown(o['after'])}`);
    }
    if (o['payload'] !== undefined && (typeof o['payload'] !== 'string' || !(o['payload'] in Payload))) {
      return bad(`"payload" must be one of none, state, delta, ops, found ${shown(o['payload'])}`);
    }
    const op = o['op'];
    if (op !== undefined) {
      if (typeof op !== 'object' || op === null || typeof (op as CrdtOp).type !== 'string') return bad(`"op" must be an object with a "type", e.g. {"type":"inc","value":1}, found ${shown(op)}`);
      if (o['key'] === undefined) return bad(`an "op" needs the "key" of the object it changes`);
    } else if (kind === 'op') {
      return bad(`an event of kind "op" needs an "op", e.g. {"type":"inc","value":1}`);
    }
    if (kind === 'send' && o['msg'] === undefined) return bad(`a send needs the message id "msg" that links it to its receives`);
    if (kind === 'receive' && o['msg'] === undefined && o['after'] === undefined) return bad(`a receive needs the message id "msg" of what it receives (or "after": the ids of the events it follows)`);
    if (o['timeText'] !== undefined && typeof o['timeText'] !== 'string') return bad(`"timeText" must be a string, found ${shown(o['timeText'])}`);
    if (kind === 'sync' && o['msg'] === undefined && o['from'] === undefined) return bad(`a sync needs "from" (the replica whose state is merged) or "msg"`);
    const time = o['time'];
    if (time !== undefined) {
      if (typeof time === 'string') {
        const ms = Date.parse(time);
        if (Number.isNaN(ms)) return bad(`"time" must be milliseconds since 1970 or an ISO date, found ${shown(time)}`);
        o['time'] = ms;
      } else if (typeof time !== 'number' || !Number.isFinite(time)) return bad(`"time" must be milliseconds since 1970 or an ISO date, found ${shown(time)}`);
    }
    if (o['state'] !== undefined && (typeof o['state'] !== 'object' || o['state'] === null || Array.isArray(o['state']))) {
      return bad(`"state" must map object keys to their values, e.g. {"cart": 3}, found ${shown(o['state'])}`);
    }
    if (o['fields'] !== undefined && (typeof o['fields'] !== 'object' || o['fields'] === null || Array.isArray(o['fields']))) {
      return bad(`"fields" must be an object, found ${shown(o['fields'])}`);
    }
    if (o['clock'] !== undefined && !this.readClock(o, line)) return undefined;
    for (const name in o) {
      if (!EVENT_FIELDS.has(name)) {
        this.problem(line, `Line ${line}: unknown field "${name}" is ignored (free-form data goes in "fields").`, 'info', 'unknown-field');
      }
    }
    return o as unknown as EventInput;
  }

  /** Checks the recorded clock against the header's clock kind; moves scalar clocks to lamport/hlc. */
  private readClock(o: Record<string, unknown>, line: number): boolean {
    const clock = o['clock'];
    const kind = this.builder?.header.clock ?? 'vector';
    const fail = (expected: string) => {
      this.problem(line, `Line ${line}: "clock" should be ${expected}, found ${shown(clock)}; the event is skipped.`);
      return false;
    };
    if (kind === 'lamport') {
      if (typeof clock !== 'number' || !(clock >= 0)) return fail('a Lamport counter (a number >= 0), as the header says clock "lamport"');
      o['lamport'] = clock;
      delete o['clock'];
      return true;
    }
    if (kind === 'hybrid') {
      const pair = Array.isArray(clock) ? clock : typeof clock === 'object' && clock !== null ? [(clock as Record<string, unknown>)['wall'], (clock as Record<string, unknown>)['counter']] : [];
      if (typeof pair[0] !== 'number' || typeof pair[1] !== 'number') return fail('a hybrid clock {"wall": ms, "counter": n}, as the header says clock "hybrid"');
      o['hlc'] = { wall: pair[0], counter: pair[1] };
      delete o['clock'];
      return true;
    }
    if (typeof clock !== 'object' || clock === null || Array.isArray(clock)) return fail('a vector clock such as {"A": 2, "B": 1}');
    for (const name in clock as Record<string, unknown>) {
      const v = (clock as Record<string, unknown>)[name];
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) return fail(`a vector clock of whole numbers >= 0 (entry "${name}" is ${shown(v)})`);
    }
    return true;
  }
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
