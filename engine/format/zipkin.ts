// Zipkin JSON, v2 (an array of spans, the UI's list of traces, or one span) and v1 (annotations
// with endpoints, binaryAnnotations): spans merged by id as Zipkin merges them, services from
// localEndpoint, parentId for the tree, shared client/server halves of one span id, microsecond times.

import type { Json } from '../crdt/types';
import type { TraceFile } from '../trace/model';
import { DocumentReader, isRecord, LineIndex, parseSpan, unreadable, topLevelValues } from './json-text';
import { type FindingLog, quoted } from './pending';
import { type SpanInput, SpanLocator, spansToTrace } from './spans';
import type { ReadOptions, TraceFormat } from './types';
import { mergeZipkinSpans } from './zipkin-merge';
import { readV2Span, type ZipkinSpan } from './zipkin-span';
import { convertV1Span, isV1Span } from './zipkin-v1';

/** What a Zipkin file holds, for the error about a file that holds none of it. */
const EXPECTED =
  'a JSON array of Zipkin spans: v2 [{"traceId", "id", "parentId", "kind", "timestamp", "duration", "localEndpoint"}], v1 [{"traceId", "id", "annotations": [{"value": "cs", "endpoint"}], "binaryAnnotations"}], a list of such traces, or one span';

export const zipkinFormat: TraceFormat = {
  id: 'zipkin',
  title: 'Zipkin trace (JSON, v2 or v1)',
  expected: EXPECTED,
  extensions: ['zipkin.json', 'json'],
  detect(head) {
    if (!/^[\s\uFEFF]*[[{]/.test(head) || !/"traceId"\s*:/.test(head) || !/"id"\s*:/.test(head)) return 0;
    return /"(localEndpoint|parentId|binaryAnnotations|endpoint)"\s*:/.test(head) ? 0.9 : 0.5;
  },
  createReader: (options) => new DocumentReader((text, log) => readZipkin(text, log, options)),
};

/** The span objects of a document: an array of spans, a list of traces (arrays of spans), or one span. */
function spanObjectsOf(doc: unknown): unknown[] | undefined {
  if (isRecord(doc)) return 'traceId' in doc && 'id' in doc ? [doc] : undefined;
  if (!Array.isArray(doc)) return undefined;
  return doc.every(Array.isArray) ? (doc as unknown[][]).flat() : doc;
}

function readZipkin(text: string, log: FindingLog, options: ReadOptions): Omit<TraceFile, 'findings'> {
  const lines = new LineIndex(text);
  const top = topLevelValues(text, lines);
  const read: ZipkinSpan[] = [];
  for (const value of top.values) {
    log.guard(value.line, () => {
      const doc = parseSpan(text, value, log, 'the document', lines);
      if (doc === undefined) return;
      const objects = spanObjectsOf(doc);
      if (!objects) {
        log.add('error', 'parse-error', value.line, `Line ${value.line}: expected ${EXPECTED}; found ${quoted(doc)}; it is skipped.`);
        return;
      }
      const locator = new SpanLocator(text, value.start, (at) => lines.lineAt(at), 'id');
      for (const sp of objects) {
        if (!isRecord(sp) || typeof sp['id'] !== 'string' || sp['id'] === '') continue;
        const line = locator.lineOf(sp['id']);
        checkTimes(sp, line, log);
        if (isV1Span(sp)) read.push(...convertV1Span(sp, line));
        else {
          const span = readV2Span(sp, line);
          if (span) read.push(span);
        }
      }
    });
  }
  if (read.length === 0 && top.values.length > 0) {
    throw unreadable(log, `This file holds no Zipkin span: expected ${EXPECTED}.`, top.values[0].line);
  }
  return { format: 'zipkin', executions: [spansToTrace(mergeZipkinSpans(read).map(spanInput), options.name ?? '')] };
}

/** A span's timestamp or duration that is present but not a whole number of microseconds is reported. */
function checkTimes(sp: Record<string, unknown>, line: number, log: FindingLog): void {
  for (const name of ['timestamp', 'duration'] as const) {
    const v = sp[name];
    if (v !== undefined && v !== null && !(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) && !(typeof v === 'string' && /^\d{1,16}$/.test(v))) {
      log.add('warning', 'parse-error', line, `Line ${line}: the span's ${name} ${quoted(v)} is not a whole number of microseconds.`);
    }
  }
}

/** A merged Zipkin span as the shared span model takes it; a span without a service is Zipkin's "unknown". */
function spanInput(s: ZipkinSpan): SpanInput {
  const fields: Record<string, Json> = {};
  if (s.kind) fields['kind'] = s.kind;
  if (s.remoteEndpoint) fields['remoteEndpoint'] = { ...s.remoteEndpoint } as Json;
  if (s.shared) fields['shared'] = true;
  if (s.debug) fields['debug'] = true;
  const start = s.timestamp === undefined ? undefined : String(s.timestamp);
  return {
    traceId: s.traceId,
    spanId: s.id,
    parentId: s.parentId,
    service: s.localEndpoint?.serviceName ?? 'unknown',
    name: s.name ?? 'unknown',
    start,
    end: s.timestamp === undefined || s.duration === undefined ? start : String(s.timestamp + s.duration),
    unit: 'us',
    links: [],
    attributes: s.tags,
    fields,
    marks: s.annotations.map((a) => ({ name: a.value, time: a.timestamp === undefined ? undefined : String(a.timestamp) })),
    line: s.line,
    shared: s.shared,
  };
}
