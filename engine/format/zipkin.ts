// Zipkin v2 JSON (an array of spans, or the UI's array of traces): services from localEndpoint,
// parentId for the tree, shared client/server halves of one span id, microsecond times.

import type { Json } from '../crdt/types';
import type { TraceFile } from '../trace/model';
import { DocumentReader, isRecord, LineIndex, parseSpan, unreadable, topLevelValues } from './json-text';
import { type FindingLog, quoted } from './pending';
import { integerText, plus, type SpanInput, SpanLocator, spansToTrace } from './spans';
import type { ReadOptions, TraceFormat } from './types';

export const zipkinFormat: TraceFormat = {
  id: 'zipkin',
  title: 'Zipkin v2 spans (JSON)',
  extensions: ['zipkin.json', 'json'],
  detect(head) {
    if (!/^[\s\uFEFF]*\[/.test(head) || !/"traceId"\s*:/.test(head) || !/"id"\s*:/.test(head)) return 0;
    return /"localEndpoint"\s*:/.test(head) || /"parentId"\s*:/.test(head) ? 0.9 : 0.5;
  },
  createReader: (options) => new DocumentReader((text, log) => readZipkin(text, log, options)),
};

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function readZipkin(text: string, log: FindingLog, options: ReadOptions): Omit<TraceFile, 'findings'> {
  const lines = new LineIndex(text);
  const top = topLevelValues(text, lines);
  const spans: SpanInput[] = [];
  let documents = 0;
  for (const value of top.values) {
    log.guard(value.line, () => {
      const doc = parseSpan(text, value, log, 'the document', lines);
      if (doc === undefined) return;
      if (!Array.isArray(doc)) {
        log.add('error', 'parse-error', value.line, `Line ${value.line}: expected a Zipkin v2 array of spans, found ${quoted(doc)}; it is skipped.`);
        return;
      }
      documents++;
      const locator = new SpanLocator(text, value.start, (at) => lines.lineAt(at), 'id');
      // The UI exports a list of traces, each a list of spans.
      const flat = doc.every(Array.isArray) ? (doc as unknown[][]).flat() : doc;
      for (const sp of flat) {
        const span = readSpan(sp, locator, log);
        if (span) spans.push(span);
      }
    });
  }
  if (documents === 0 && top.values.length > 0) {
    throw unreadable(log, 'This is not a Zipkin v2 JSON file: expected an array of spans [{"traceId", "id", "parentId", "timestamp", ...}].', top.values[0].line);
  }
  return { format: 'zipkin', executions: [spansToTrace(spans, options.name ?? '')] };
}

function readSpan(sp: unknown, locator: SpanLocator, log: FindingLog): SpanInput | undefined {
  if (!isRecord(sp)) return undefined;
  const spanId = str(sp['id']);
  if (!spanId) return undefined;
  const line = locator.lineOf(spanId);
  const local = isRecord(sp['localEndpoint']) ? sp['localEndpoint'] : {};
  const service = str(local['serviceName']) || 'unknown_service';
  const start = integerText(sp['timestamp']);
  if (start === undefined && sp['timestamp'] !== undefined) {
    log.add('warning', 'parse-error', line, `Line ${line}: the span's timestamp ${quoted(sp['timestamp'])} is not a whole number of microseconds.`);
  }
  const attributes: Record<string, Json> = {};
  if (isRecord(sp['tags'])) for (const k in sp['tags']) attributes[k] = sp['tags'][k] as Json;
  const fields: Record<string, Json> = {};
  for (const name of ['kind', 'remoteEndpoint', 'shared', 'debug'] as const) if (sp[name] !== undefined) fields[name] = sp[name] as Json;
  const marks = (Array.isArray(sp['annotations']) ? sp['annotations'] : []).filter(isRecord).map((a) => ({
    name: str(a['value']) ?? 'annotation',
    time: integerText(a['timestamp']),
  }));
  return {
    traceId: str(sp['traceId']) ?? '',
    spanId,
    parentId: str(sp['parentId']) || undefined,
    service,
    name: str(sp['name']) ?? '(unnamed span)',
    start,
    end: plus(start, sp['duration']),
    unit: 'us',
    links: [],
    attributes,
    fields,
    marks,
    line,
    shared: sp['shared'] === true,
  };
}
