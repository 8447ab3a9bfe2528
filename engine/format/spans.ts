// Tracing spans (OTLP, Jaeger, Zipkin) as a causal trace: one replica per service, two events per
// span (start, end), happens-before from parent/child relations and links, lanes ordered by time
// where the clocks agree with happens-before (span-lanes.ts).
//
// Convention for CRDT operations carried by spans (so an instrumented service's CRDT traffic can be
// replayed): span attributes (OTLP attributes, Jaeger tags, Zipkin tags)
//   causal.key    the object key the operation changes (string)
//   causal.op     the operation type: inc, dec, set, add, remove, delete, update (string)
//   causal.value  the operation's value as JSON text (`3`, `"milk"`, `{"a":1}`); text that is not
//                 JSON is taken as a string
//   causal.field  the map field, for lww-map / or-map operations (optional)
// make the span's start event an `op` event with that key and op {type, value, field}.

import type { CrdtOp, Json } from '../crdt/types';
import { TraceBuilder } from '../trace/builder';
import type { Trace } from '../trace/model';
import { nestedTooDeep, nestsDeeperThan } from '../util/json-depth';
import { emitCausally } from './causal-emit';
import { FindingLog, type PendingExtra, PendingEvents } from './pending';
import { compareInstants, type Instant, laneChains } from './span-lanes';

export interface SpanMark {
  name: string;
  /** Exact integer time in the span's unit. */
  time?: string;
  fields?: Record<string, Json>;
}

/** A span as the format-specific readers hand it over. */
export interface SpanInput {
  traceId: string;
  spanId: string;
  parentId?: string;
  service: string;
  name: string;
  /** Exact integer times in `unit`: nanoseconds (OTLP) or microseconds (Jaeger, Zipkin). */
  start?: string;
  end?: string;
  unit: 'ns' | 'us';
  links: { traceId?: string; spanId: string; kind: 'link' | 'follows-from' }[];
  attributes: Record<string, Json>;
  /** Format-specific details (span kind, status, ...), shown with the start event. */
  fields: Record<string, Json>;
  /** Span events, Jaeger logs, Zipkin annotations: local events inside the span. */
  marks: SpanMark[];
  line: number;
  /**
   * Zipkin: the server half of a span id its client also reported. It hangs below the client half,
   * and spans of its service naming that id as parent hang below it.
   */
  shared?: boolean;
}

const TIME = /^\d{1,30}$/;

function instant(text: string | undefined, unit: 'ns' | 'us'): Instant | undefined {
  if (text === undefined || !TIME.test(text)) return undefined;
  const ns = unit === 'ns' ? text : `${text}000`;
  return { sec: ns.length > 9 ? Number(ns.slice(0, -9)) : 0, nano: Number(ns.slice(-9)) };
}

function timeOf(t: Instant | undefined, text: string | undefined, unit: 'ns' | 'us'): PendingExtra {
  if (t === undefined) return {};
  const time = t.sec * 1000 + t.nano / 1e6;
  return unit === 'ns' ? { time, timeText: text } : { time };
}

/** The `causal.*` attributes as an operation, or undefined. */
function operationOf(span: SpanInput, log: FindingLog): PendingExtra | undefined {
  const a = span.attributes;
  const type = a['causal.op'];
  const key = a['causal.key'];
  if (type === undefined && key === undefined) return undefined;
  if (typeof type !== 'string' || typeof key !== 'string') {
    log.add('warning', 'invalid-operation', span.line, `Span "${span.name}" (line ${span.line}) carries causal.key / causal.op, but both must be strings (causal.key=${String(key)}, causal.op=${String(type)}); it is read as a plain span.`);
    return undefined;
  }
  const op: { type: string; value?: Json; field?: string } = { type };
  const value = a['causal.value'];
  if (typeof value === 'string') {
    try {
      op.value = JSON.parse(value) as Json;
    } catch {
      op.value = value;
    }
    if (nestsDeeperThan(op.value)) {
      log.add('warning', 'invalid-operation', span.line, `Span "${span.name}" (line ${span.line}): its ${nestedTooDeep('causal.value')}; it is read as a plain span.`);
      return undefined;
    }
  } else if (value !== undefined) {
    op.value = value;
  }
  if (typeof a['causal.field'] === 'string') op.field = a['causal.field'];
  return { kind: 'op', key, op: op as CrdtOp };
}

/** One event of a span: what the trace records of it, and its time for ordering. */
export interface SpanEventPart {
  details: { label: string; fields: Record<string, Json>; extra: PendingExtra };
  at: Instant | undefined;
}

/**
 * The events of one span (its start, its marks, its end) with their labels, fields, times and the
 * operation its `causal.*` attributes carry; a span without an end time ends at its start.
 */
export function spanEventParts(s: SpanInput, log: FindingLog): { start: SpanEventPart; marks: SpanEventPart[]; end: SpanEventPart } {
  const start = instant(s.start, s.unit);
  let end = instant(s.end, s.unit);
  if (s.start !== undefined && start === undefined) log.add('warning', 'parse-error', s.line, `Span "${s.name}" (line ${s.line}): the start time ${JSON.stringify(s.start)} is not a whole number.`);
  if (s.end !== undefined && end === undefined) log.add('warning', 'parse-error', s.line, `Span "${s.name}" (line ${s.line}): the end time ${JSON.stringify(s.end)} is not a whole number.`);
  if (end === undefined) end = start;
  const startFields: Record<string, Json> = { traceId: s.traceId, spanId: s.spanId };
  if (s.parentId) startFields['parentSpanId'] = s.parentId;
  Object.assign(startFields, s.fields);
  if (Object.keys(s.attributes).length > 0) startFields['attributes'] = s.attributes;
  const op = operationOf(s, log);
  const marks = s.marks.map((mark): SpanEventPart => {
    const at = instant(mark.time, s.unit);
    return { details: { label: mark.name, fields: Object.assign({ traceId: s.traceId, spanId: s.spanId }, mark.fields), extra: timeOf(at, mark.time, s.unit) }, at };
  });
  return {
    start: { details: { label: s.name, fields: startFields, extra: Object.assign(timeOf(start, s.start, s.unit), op) }, at: start },
    marks,
    end: { details: { label: `${s.name} (end)`, fields: { traceId: s.traceId, spanId: s.spanId }, extra: timeOf(end, s.end ?? s.start, s.unit) }, at: end },
  };
}

const START = 0;
const MARK = 1;
const END = 2;

/** Builds the trace of a file's spans, with its findings. */
export function spansToTrace(spans: readonly SpanInput[], name: string): Trace {
  const services = [...new Set(spans.map((s) => s.service))];
  const builder = new TraceBuilder({ format: 'causeway', version: 1, replicas: services, clock: 'none' }, name);
  const log = new FindingLog(builder.findings);
  const parent = new Int32Array(spans.length).fill(-1);
  const tree = new SpanTree(spans);
  spans.forEach((s, k) => {
    const p = tree.parentOf(k);
    if (p !== undefined) parent[k] = p;
    else if (s.parentId) log.add('info', 'unknown-message', s.line, `Span "${s.name}" (line ${s.line}) names parent span ${s.parentId}, which is not in the file: it is shown as a root.`);
  });
  const depth = depths(parent);
  for (const k of depth.cut) {
    log.add('error', 'causal-cycle', spans[k].line, `Span "${spans[k].name}" (line ${spans[k].line}) is among its own ancestors (a cycle of parent references); its parent reference is ignored.`);
  }

  const p = new PendingEvents();
  const startOf = new Int32Array(spans.length);
  const endOf = new Int32Array(spans.length);
  const sortTime: (Instant | undefined)[] = [];
  const rank: number[] = [];
  spans.forEach((s, k) => {
    const parts = spanEventParts(s, log);
    const { start, end } = parts;
    startOf[k] = p.add(s.service, s.line, parts.start.details);
    sortTime.push(start.at);
    rank.push(START * 1e6 + Math.min(depth.of[k], 1e5));
    for (const mark of parts.marks) {
      p.add(s.service, s.line, mark.details);
      sortTime.push(mark.at === undefined || start.at === undefined || compareInstants(mark.at, start.at) >= 0 ? mark.at : start.at);
      rank.push(MARK * 1e6);
    }
    endOf[k] = p.add(s.service, s.line, end.details);
    sortTime.push(end.at !== undefined && start.at !== undefined && compareInstants(end.at, start.at) < 0 ? start.at : end.at);
    rank.push(END * 1e6 + (1e5 - Math.min(depth.of[k], 1e5)));
  });

  // Happens-before: every edge between spans, and a span's start before its marks and its end.
  // Edges between two services are the messages; all of them order the services' lanes.
  const beforeFrom: number[] = [];
  const beforeTo: number[] = [];
  const before = (a: number, b: number) => {
    beforeFrom.push(a);
    beforeTo.push(b);
  };
  spans.forEach((s, k) => {
    for (let i = startOf[k] + 1; i <= endOf[k]; i++) before(startOf[k], i);
    const q = parent[k];
    if (q >= 0) {
      before(startOf[q], startOf[k]);
      // An asynchronous child that ends after its parent does not return to it.
      const childEnd = sortTime[endOf[k]];
      const parentEnd = sortTime[endOf[q]];
      if (childEnd === undefined || parentEnd === undefined || compareInstants(childEnd, parentEnd) <= 0) before(endOf[k], endOf[q]);
    }
    for (const link of s.links) {
      const target = tree.find(link.traceId ?? s.traceId, link.spanId);
      if (target === undefined) {
        log.add('info', 'unknown-message', s.line, `Span "${s.name}" (line ${s.line}) ${link.kind === 'link' ? 'links to' : 'follows from'} span ${link.spanId}, which is not in the file.`);
      } else if (target !== k) {
        before(startOf[target], startOf[k]);
      }
    }
  });
  const chains = laneChains({ host: p.host, hosts: p.hosts.size, time: sortTime, rank, beforeFrom, beforeTo });
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  beforeFrom.forEach((a, e) => {
    if (p.host[a] === p.host[beforeTo[e]]) return;
    edgeFrom.push(a);
    edgeTo.push(beforeTo[e]);
  });

  const seq = new Uint32Array(p.size);
  for (const chain of chains) chain.forEach((i, j) => (seq[i] = j + 1));
  emitCausally(p, { chains, edgeFrom, edgeTo, idOf: (i) => `${p.hosts.name(p.host[i])}:${seq[i]}` }, builder, log);
  log.flush();
  return builder.finish();
}

const keyOf = (traceId: string | undefined, spanId: string) => `${traceId ?? ''}\u0000${spanId}`;

/**
 * Which span is whose parent, as zipkin-lens's span-node and Jaeger UI's transform decide: an id
 * stands for its first span not shared; a shared server half is the child of its client half; a
 * span whose parent id has a server half on the span's own service hangs below that server half.
 * Spans repeating an id without `shared` are siblings, each placed by its own parent id.
 */
class SpanTree {
  private readonly own = new Map<string, number>();
  private readonly serverHalf = new Map<string, number>();

  constructor(private readonly spans: readonly SpanInput[]) {
    spans.forEach((s, k) => {
      const key = keyOf(s.traceId, s.spanId);
      if (s.shared) {
        if (!this.serverHalf.has(`${key}\u0000${s.service}`)) this.serverHalf.set(`${key}\u0000${s.service}`, k);
      } else if (!this.own.has(key)) {
        this.own.set(key, k);
      }
    });
    // A server half whose client did not report stands for its id.
    spans.forEach((s, k) => {
      const key = keyOf(s.traceId, s.spanId);
      if (!this.own.has(key)) this.own.set(key, k);
    });
  }

  /** The span an id stands for (in the same trace, else in any trace of the file). */
  find(traceId: string | undefined, spanId: string): number | undefined {
    return this.own.get(keyOf(traceId, spanId)) ?? this.own.get(keyOf('', spanId));
  }

  parentOf(k: number): number | undefined {
    const s = this.spans[k];
    if (s.shared) {
      const client = this.own.get(keyOf(s.traceId, s.spanId));
      if (client !== undefined && client !== k) return client;
    }
    if (!s.parentId) return undefined;
    const p = this.serverHalf.get(`${keyOf(s.traceId, s.parentId)}\u0000${s.service}`) ?? this.find(s.traceId, s.parentId);
    return p === k ? undefined : p;
  }
}

/** Nesting depth of each span (roots 0); a cycle of parent references is cut where it closes (`cut`). */
function depths(parent: Int32Array): { of: Uint32Array; cut: number[] } {
  const cut: number[] = [];
  const n = parent.length;
  const depth = new Uint32Array(n);
  const state = new Uint8Array(n); // 0 new, 1 on the current path, 2 done
  const path: number[] = [];
  for (let k = 0; k < n; k++) {
    let cur = k;
    while (cur >= 0 && state[cur] === 0) {
      state[cur] = 1;
      path.push(cur);
      cur = parent[cur];
    }
    if (cur >= 0 && state[cur] === 1) {
      parent[cur] = -1;
      cut.push(cur);
    }
    let d = cur >= 0 && state[cur] === 2 ? depth[cur] + 1 : 0;
    for (let j = path.length - 1; j >= 0; j--) {
      depth[path[j]] = d++;
      state[path[j]] = 2;
    }
    path.length = 0;
  }
  return { of: depth, cut };
}

/** A whole number as exact text (from a safe integer or a digit string), or undefined. */
export function integerText(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  if (typeof v === 'string' && TIME.test(v)) return v;
  return undefined;
}

/** start + duration as exact text. */
export function plus(start: string | undefined, duration: unknown): string | undefined {
  const d = integerText(duration);
  return start === undefined || d === undefined ? start : String(BigInt(start) + BigInt(d));
}

/**
 * Finds the line of each span in the document: the next place its id appears as the value of
 * `key` (spans come in document order, so the search moves forward).
 */
export class SpanLocator {
  private cursor: number;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly lineAt: (position: number) => number,
    private readonly key: string,
  ) {
    this.cursor = from;
  }

  lineOf(id: string): number {
    const at = this.find(id, this.cursor) ?? this.find(id, this.from);
    if (at === undefined) return this.lineAt(this.cursor);
    this.cursor = at + 1;
    return this.lineAt(at);
  }

  private find(id: string, start: number): number | undefined {
    const needle = JSON.stringify(id);
    for (let at = this.text.indexOf(needle, start); at >= 0; at = this.text.indexOf(needle, at + 1)) {
      const key = this.text.lastIndexOf(`"${this.key}"`, at);
      if (key >= 0 && at - key < 80 && /^\s*:\s*$/.test(this.text.slice(key + this.key.length + 2, at))) return key;
    }
    return undefined;
  }
}
