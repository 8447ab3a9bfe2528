// OpenTelemetry OTLP/JSON spans (`{"resourceSpans":[...]}`, one document or one per line as the
// collector's file exporter writes, or wrapped in "result" as Jaeger's API v3 replies): services
// become replicas; nanosecond times are kept exactly.

import type { Json } from '../crdt/types';
import type { TraceFile } from '../trace/model';
import { DocumentReader, isRecord, LineIndex, parseSpan, unreadable, quoteIntegers, topLevelValues } from './json-text';
import { type FindingLog, quoted } from './pending';
import { integerText, type SpanInput, SpanLocator, spansToTrace } from './spans';
import type { ReadOptions, TraceFormat } from './types';

/** What an OTLP/JSON file holds, for the error about a file that holds none of it. */
const EXPECTED =
  'a document {"resourceSpans": [{"resource", "scopeSpans": [{"spans": [{"traceId", "spanId", "name", "startTimeUnixNano", ...}]}]}]} (or one per line, or Jaeger\'s API v3 {"result": {"resourceSpans": ...}})';

/** The resourceSpans of a document: an ExportTraceServiceRequest, or the Jaeger API v3 reply wrapping one in "result". */
function resourceSpansOf(doc: unknown): unknown[] | undefined {
  if (!isRecord(doc)) return undefined;
  if (Array.isArray(doc['resourceSpans'])) return doc['resourceSpans'];
  return isRecord(doc['result']) ? resourceSpansOf(doc['result']) : undefined;
}

export const otlpFormat: TraceFormat = {
  id: 'otlp',
  title: 'OpenTelemetry spans (OTLP/JSON)',
  expected: EXPECTED,
  extensions: ['otlp.json', 'otlp.jsonl', 'json', 'jsonl'],
  detect: (head) => (/"resourceSpans"\s*:/.test(head) ? 0.95 : 0),
  createReader: (options) => new DocumentReader((text, log) => readOtlp(text, log, options)),
};

/** Deeper attribute values than this are shown as text: untrusted input must not exhaust the stack. */
const MAX_DEPTH = 32;

/** An OTLP AnyValue as plain JSON. Large intValues stay exact strings. */
export function anyValue(v: unknown, depth = 0): Json {
  if (!isRecord(v)) return null;
  if (depth > MAX_DEPTH) return '[nested too deep]';
  if (typeof v['stringValue'] === 'string') return v['stringValue'];
  if (typeof v['boolValue'] === 'boolean') return v['boolValue'];
  if (v['intValue'] !== undefined) {
    const n = typeof v['intValue'] === 'string' ? Number(v['intValue']) : v['intValue'];
    return typeof n === 'number' && Number.isSafeInteger(n) ? n : String(v['intValue']);
  }
  if (typeof v['doubleValue'] === 'number') return v['doubleValue'];
  if (typeof v['bytesValue'] === 'string') return v['bytesValue'];
  const array = v['arrayValue'];
  if (isRecord(array)) return Array.isArray(array['values']) ? array['values'].map((x) => anyValue(x, depth + 1)) : [];
  const kvlist = v['kvlistValue'];
  if (isRecord(kvlist)) return keyValues(kvlist['values'], depth + 1);
  return null;
}

/** A list of OTLP KeyValue as an object. */
export function keyValues(list: unknown, depth = 0): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (!Array.isArray(list)) return out;
  for (const kv of list) {
    if (isRecord(kv) && typeof kv['key'] === 'string') out[kv['key']] = anyValue(kv['value'], depth);
  }
  return out;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

function readOtlp(text: string, log: FindingLog, options: ReadOptions): Omit<TraceFile, 'findings'> {
  const exact = quoteIntegers(text, ['startTimeUnixNano', 'endTimeUnixNano', 'timeUnixNano', 'intValue']);
  const lines = new LineIndex(exact);
  const top = topLevelValues(exact, lines);
  const spans: SpanInput[] = [];
  for (const value of top.values) {
    log.guard(value.line, () => {
      const doc = parseSpan(exact, value, log, 'the document', lines);
      if (doc === undefined) return;
      const resourceSpans = resourceSpansOf(doc);
      if (!resourceSpans) {
        log.add('error', 'parse-error', value.line, `Line ${value.line}: expected an OTLP document {"resourceSpans": [...]}, found ${quoted(doc)}; it is skipped.`);
        return;
      }
      const locator = new SpanLocator(exact, value.start, (at) => lines.lineAt(at), 'spanId');
      for (const rs of resourceSpans) readResourceSpans(rs, locator, spans, log, value.line);
    });
  }
  if (spans.length === 0 && top.values.length > 0) {
    throw unreadable(log, `This file holds no OpenTelemetry span: expected ${EXPECTED}.`, top.values[0].line);
  }
  return { format: 'otlp', executions: [spansToTrace(spans, options.name ?? '')] };
}

/** Reads the spans of one ResourceSpans in the OTLP/JSON shape (the protobuf reader decodes to it). */
export function readResourceSpans(rs: unknown, locator: Pick<SpanLocator, 'lineOf'>, spans: SpanInput[], log: FindingLog, line: number): void {
  if (!isRecord(rs)) return;
  const resource = isRecord(rs['resource']) ? keyValues(rs['resource']['attributes']) : {};
  const service = typeof resource['service.name'] === 'string' && resource['service.name'] !== '' ? resource['service.name'] : 'unknown_service';
  const scopes = rs['scopeSpans'] ?? rs['instrumentationLibrarySpans'];
  if (!Array.isArray(scopes)) return;
  for (const ss of scopes) {
    if (!isRecord(ss) || !Array.isArray(ss['spans'])) continue;
    const scope = isRecord(ss['scope']) ? str(ss['scope']['name']) : undefined;
    for (const sp of ss['spans']) {
      const span = readSpan(sp, service, scope, locator, log, line);
      if (span) spans.push(span);
    }
  }
}

function readSpan(sp: unknown, service: string, scope: string | undefined, locator: Pick<SpanLocator, 'lineOf'>, log: FindingLog, docLine: number): SpanInput | undefined {
  if (!isRecord(sp)) return undefined;
  const spanId = str(sp['spanId']);
  if (!spanId) {
    log.add('error', 'parse-error', docLine, `A span in the document at line ${docLine} has no "spanId" (${quoted(sp['name'])}); it is skipped.`);
    return undefined;
  }
  const line = locator.lineOf(spanId);
  const fields: Record<string, Json> = {};
  if (sp['kind'] !== undefined) fields['kind'] = sp['kind'] as Json;
  if (isRecord(sp['status'])) fields['status'] = sp['status'] as Json;
  if (scope) fields['scope'] = scope;
  const links = (Array.isArray(sp['links']) ? sp['links'] : []).filter(isRecord).flatMap((l) => {
    const id = str(l['spanId']);
    return id ? [{ traceId: str(l['traceId']), spanId: id, kind: 'link' as const }] : [];
  });
  const marks = (Array.isArray(sp['events']) ? sp['events'] : []).filter(isRecord).map((e) => {
    const attributes = keyValues(e['attributes']);
    return {
      name: str(e['name']) ?? 'event',
      time: integerText(e['timeUnixNano']),
      fields: Object.keys(attributes).length > 0 ? { attributes } : undefined,
    };
  });
  const start = integerText(sp['startTimeUnixNano']);
  if (start === undefined && sp['startTimeUnixNano'] !== undefined) {
    log.add('warning', 'parse-error', line, `Line ${line}: the span's startTimeUnixNano ${quoted(sp['startTimeUnixNano'])} is not a whole number of nanoseconds.`);
  }
  return {
    traceId: str(sp['traceId']) ?? '',
    spanId,
    parentId: str(sp['parentSpanId']) || undefined,
    service,
    name: str(sp['name']) ?? '(unnamed span)',
    start,
    end: integerText(sp['endTimeUnixNano']),
    unit: 'ns',
    links,
    attributes: keyValues(sp['attributes']),
    fields,
    marks,
    line,
  };
}
