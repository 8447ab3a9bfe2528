// Spans received over OTLP/HTTP as live events: each span's start, span events and end become
// native event lines (one lane per service, as the OTLP file importer reads them), recorded in an
// order that keeps happens-before. Exporters send a span when it ends, so children come before
// their parents, and requests sent together arrive in any order: a root span waits `settleMs` for
// children still on their way, a child until its parent is recorded (or `holdMs` at most).
// A line only names events already recorded in `after`, so the recording never holds a cycle.

import type { Json } from '../../engine/crdt/types';
import { type SpanEventPart, type SpanInput, spanEventParts } from '../../engine/format/spans';
import { compareInstants } from '../../engine/format/span-lanes';
import { FindingLog } from '../../engine/format/pending';

export interface LiveSpansOptions {
  /** Records one native event line; returns why it is refused, or undefined. */
  record(line: string): string | undefined;
  /** A span's line was refused, or reading it gave a finding. */
  problem(message: string): void;
  /** Longest a span waits for its parent, in ms (default 10,000: twice the SDK's batch delay). */
  holdMs?: number;
  /** How long a span whose parent is recorded (or a root) waits for spans sent with it, in ms (default 500). */
  settleMs?: number;
  /** Spans held at most; past it the oldest are recorded without waiting (default 100,000). */
  maxHeld?: number;
  /** Span ids remembered to refuse a span sent twice and to draw edges to recorded spans (default 1,000,000). */
  maxRemembered?: number;
}

/** A recorded span: its service, its start's id and whether its end is recorded, for the edges of its children and parent. */
interface RecordedSpan {
  service: string;
  startId: string;
  ended: boolean;
}

interface HeldSpan {
  span: SpanInput;
  since: number;
}

/** A child on another service whose end its parent's end comes after. */
interface ChildEnd {
  id: string;
  service: string;
  at: SpanEventPart['at'];
}

const keyOf = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

const START = 0;
const MARK = 1;
const END = 2;

export class LiveSpans {
  private readonly held = new Map<string, HeldSpan>();
  private readonly recorded = new Map<string, RecordedSpan>();
  /** Per parent span not recorded yet: the ends of its recorded children on other services. */
  private readonly childEnds = new Map<string, ChildEnd[]>();
  private readonly holdMs: number;
  private readonly settleMs: number;
  private readonly maxHeld: number;
  private readonly maxRemembered: number;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LiveSpansOptions) {
    this.holdMs = options.holdMs ?? 10_000;
    this.settleMs = Math.min(options.settleMs ?? 500, this.holdMs);
    this.maxHeld = options.maxHeld ?? 100_000;
    this.maxRemembered = options.maxRemembered ?? 1_000_000;
  }

  /** Spans waiting for their parent. */
  get waiting(): number {
    return this.held.size;
  }

  /** Takes the spans of one request: records those that can be, holds the others. Returns how many repeat a span already taken. */
  take(spans: readonly SpanInput[]): { repeated: number } {
    let repeated = 0;
    const now = Date.now();
    for (const span of spans) {
      const key = keyOf(span.traceId, span.spanId);
      if (this.recorded.has(key) || this.held.has(key)) repeated++;
      else this.held.set(key, { span, since: now });
    }
    this.releaseReady(now);
    if (this.held.size > 0) this.timer ??= setInterval(() => this.releaseReady(Date.now()), Math.max(10, this.settleMs / 2)).unref();
    return { repeated };
  }

  /** Records every held span now (the session is closing). */
  releaseAll(): void {
    this.release([...this.held.keys()]);
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Records the roots and the spans whose parent is recorded once they have settled, and spans that waited too long, with their held descendants. */
  private releaseReady(now: number): void {
    const ready = new Map<string, boolean>();
    const excess = this.held.size - this.maxHeld;
    let oldest = 0;
    const isReady = (key: string, held: HeldSpan): boolean => {
      const known = ready.get(key);
      if (known !== undefined) return known;
      ready.set(key, false);
      const { span } = held;
      const parentKey = span.parentId ? keyOf(span.traceId, span.parentId) : undefined;
      const parent = parentKey === undefined ? undefined : this.held.get(parentKey);
      const waited = now - held.since;
      const settled = waited >= this.settleMs && (parentKey === undefined || this.recorded.has(parentKey));
      const answer = settled || waited >= this.holdMs || (parent !== undefined && isReady(parentKey!, parent));
      ready.set(key, answer);
      return answer;
    };
    const keys: string[] = [];
    for (const [key, held] of this.held) if (oldest++ < excess || isReady(key, held)) keys.push(key);
    if (keys.length > 0) this.release(keys);
    if (this.held.size === 0) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  /** Records these held spans' events in time order (starts outer first, ends inner first at equal times). */
  private release(keys: string[]): void {
    const log = new FindingLog();
    const spans = keys.map((key) => this.held.get(key)!.span);
    keys.forEach((key) => this.held.delete(key));
    const depth = depthsWithin(spans);
    const events: { span: SpanInput; part: SpanEventPart; which: number; rank: number; order: number }[] = [];
    spans.forEach((span, k) => {
      const parts = spanEventParts(span, log);
      events.push({ span, part: parts.start, which: START, rank: depth[k], order: events.length });
      for (const mark of parts.marks) events.push({ span, part: { ...mark, at: mark.at ?? parts.start.at }, which: MARK, rank: 0, order: events.length });
      events.push({ span, part: parts.end, which: END, rank: -depth[k], order: events.length });
    });
    events.sort((a, b) => compareInstants(a.part.at, b.part.at) || a.which - b.which || a.rank - b.rank || a.order - b.order);
    for (const event of events) this.recordEvent(event.span, event.part, event.which);
    for (const finding of log.flush()) this.options.problem(finding.message);
  }

  private recordEvent(span: SpanInput, part: SpanEventPart, which: number): void {
    const key = keyOf(span.traceId, span.spanId);
    const after: string[] = [];
    let id: string | undefined;
    if (which === START) {
      id = span.spanId;
      const parent = span.parentId === undefined ? undefined : this.recorded.get(keyOf(span.traceId, span.parentId));
      if (parent && parent.service !== span.service) after.push(parent.startId);
      for (const link of span.links) {
        const target = this.recorded.get(keyOf(link.traceId ?? span.traceId, link.spanId));
        if (target && target.service !== span.service) after.push(target.startId);
      }
    } else if (which === END) {
      id = `${span.spanId}/end`;
      for (const child of this.childEnds.get(key) ?? []) if (child.service !== span.service && compareInstants(child.at, part.at) <= 0) after.push(child.id);
      this.childEnds.delete(key);
    }
    const { extra, label, fields } = part.details;
    const line: Record<string, Json | undefined> = { replica: span.service, kind: extra.kind ?? (after.length > 0 ? 'receive' : 'local'), id, label };
    for (const name of ['key', 'op', 'time', 'timeText'] as const) if (extra[name] !== undefined) line[name] = extra[name] as Json;
    line['fields'] = fields;
    if (after.length > 0) line['after'] = after;
    const problem = this.options.record(JSON.stringify(line));
    if (problem !== undefined) {
      this.options.problem(`Span "${span.name}" of ${span.service} (span id ${span.spanId}): ${problem}; this event of it is not recorded.`);
      return;
    }
    if (which === START) this.remember(key, { service: span.service, startId: span.spanId, ended: false });
    if (which !== END) return;
    const recorded = this.recorded.get(key);
    if (recorded) recorded.ended = true;
    if (span.parentId) this.noteChildEnd(span, id!, part);
  }

  /** The parent's end, not recorded yet, comes after this end (an edge when it is on another service). */
  private noteChildEnd(span: SpanInput, id: string, part: SpanEventPart): void {
    const parentKey = keyOf(span.traceId, span.parentId!);
    if (this.recorded.get(parentKey)?.ended) return;
    let ends = this.childEnds.get(parentKey);
    if (!ends) {
      if (this.childEnds.size >= this.maxRemembered) this.childEnds.delete(this.childEnds.keys().next().value!);
      this.childEnds.set(parentKey, (ends = []));
    }
    ends.push({ id, service: span.service, at: part.at });
  }

  private remember(key: string, span: RecordedSpan): void {
    if (this.recorded.size >= this.maxRemembered) this.recorded.delete(this.recorded.keys().next().value!);
    this.recorded.set(key, span);
  }
}

/** Each span's depth below the others of the same list (parents outer), for the order at equal times. */
function depthsWithin(spans: readonly SpanInput[]): number[] {
  const index = new Map(spans.map((s, k) => [keyOf(s.traceId, s.spanId), k]));
  return spans.map((s) => {
    let depth = 0;
    for (let p = s; p.parentId !== undefined && depth < spans.length; depth++) {
      const k = index.get(keyOf(p.traceId, p.parentId));
      if (k === undefined) break;
      p = spans[k];
    }
    return depth;
  });
}
