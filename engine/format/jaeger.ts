// Jaeger JSON (`{"data":[{"traceID","spans":[...],"processes":{...}}]}`, as the UI and API export
// it): services from the processes, CHILD_OF and FOLLOWS_FROM references, microsecond times.

import type { Json } from '../crdt/types';
import type { TraceFile } from '../trace/model';
import { DocumentReader, isRecord, LineIndex, parseSpan, unreadable, topLevelValues } from './json-text';
import { type FindingLog, quoted } from './pending';
import { integerText, plus, type SpanInput, SpanLocator, spansToTrace } from './spans';
import type { ReadOptions, TraceFormat } from './types';

export const jaegerFormat: TraceFormat = {
  id: 'jaeger',
  title: 'Jaeger trace (JSON)',
  extensions: ['jaeger.json', 'json'],
  detect(head) {
    if (!/"spanID"\s*:/.test(head)) return 0;
    return /"traceID"\s*:/.test(head) && (/"processes"\s*:/.test(head) || /"operationName"\s*:/.test(head)) ? 0.9 : 0.5;
  },
  createReader: (options) => new DocumentReader((text, log) => readJaeger(text, log, options)),
};

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** Jaeger tags / log fields ([{key, type, value}]) as an object. */
function tags(list: unknown): Record<string, Json> {
  const out: Record<string, Json> = {};
  if (!Array.isArray(list)) return out;
  for (const t of list) if (isRecord(t) && typeof t['key'] === 'string') out[t['key']] = (t['value'] ?? null) as Json;
  return out;
}

/** The traces of a Jaeger document: {"data": [...]}, a bare array of traces, or one trace. */
function tracesOf(doc: unknown): unknown[] | undefined {
  if (Array.isArray(doc)) return doc;
  if (!isRecord(doc)) return undefined;
  if (Array.isArray(doc['data'])) return doc['data'];
  if (Array.isArray(doc['spans'])) return [doc];
  return undefined;
}

function readJaeger(text: string, log: FindingLog, options: ReadOptions): Omit<TraceFile, 'findings'> {
  const lines = new LineIndex(text);
  const top = topLevelValues(text, lines);
  const spans: SpanInput[] = [];
  let documents = 0;
  for (const value of top.values) {
    log.guard(value.line, () => {
      const doc = parseSpan(text, value, log, 'the document', lines);
      if (doc === undefined) return;
      const traces = tracesOf(doc);
      if (!traces) {
        log.add('error', 'parse-error', value.line, `Line ${value.line}: expected a Jaeger document {"data": [{"traceID", "spans", "processes"}]}, found ${quoted(doc)}; it is skipped.`);
        return;
      }
      documents++;
      const locator = new SpanLocator(text, value.start, (at) => lines.lineAt(at), 'spanID');
      for (const trace of traces) if (isRecord(trace)) readTrace(trace, locator, spans, log);
    });
  }
  if (documents === 0 && top.values.length > 0) {
    throw unreadable(log, 'This is not a Jaeger JSON file: expected {"data": [{"traceID", "spans", "processes"}]}.', top.values[0].line);
  }
  return { format: 'jaeger', executions: [spansToTrace(spans, options.name ?? '')] };
}

function readTrace(trace: Record<string, unknown>, locator: SpanLocator, spans: SpanInput[], log: FindingLog): void {
  const processes = isRecord(trace['processes']) ? trace['processes'] : {};
  if (!Array.isArray(trace['spans'])) return;
  for (const sp of trace['spans']) {
    if (!isRecord(sp)) continue;
    const spanId = str(sp['spanID']);
    if (!spanId) continue;
    const line = locator.lineOf(spanId);
    const inline = isRecord(sp['process']) ? sp['process'] : undefined;
    const named = typeof sp['processID'] === 'string' && isRecord(processes[sp['processID']]) ? (processes[sp['processID']] as Record<string, unknown>) : undefined;
    const service = str((inline ?? named)?.['serviceName']) || 'unknown_service';
    let parentId = str(sp['parentSpanID']) || undefined;
    const links: SpanInput['links'] = [];
    for (const ref of Array.isArray(sp['references']) ? sp['references'] : []) {
      if (!isRecord(ref) || typeof ref['spanID'] !== 'string') continue;
      const traceId = str(ref['traceID']);
      if (ref['refType'] === 'CHILD_OF' && parentId === undefined) parentId = ref['spanID'];
      else if (ref['spanID'] !== parentId) links.push({ traceId, spanId: ref['spanID'], kind: ref['refType'] === 'FOLLOWS_FROM' ? 'follows-from' : 'link' });
    }
    const start = integerText(sp['startTime']);
    if (start === undefined && sp['startTime'] !== undefined) {
      log.add('warning', 'parse-error', line, `Line ${line}: the span's startTime ${quoted(sp['startTime'])} is not a whole number of microseconds.`);
    }
    const marks = (Array.isArray(sp['logs']) ? sp['logs'] : []).filter(isRecord).map((l) => {
      const fields = tags(l['fields']);
      const event = fields['event'];
      return { name: typeof event === 'string' ? event : 'log', time: integerText(l['timestamp']), fields: { fields } };
    });
    const fields: Record<string, Json> = {};
    if (sp['flags'] !== undefined) fields['flags'] = sp['flags'] as Json;
    if (Array.isArray(sp['warnings'])) fields['warnings'] = sp['warnings'] as Json;
    spans.push({
      traceId: str(sp['traceID']) ?? str(trace['traceID']) ?? '',
      spanId,
      parentId,
      service,
      name: str(sp['operationName']) ?? '(unnamed span)',
      start,
      end: plus(start, sp['duration']),
      unit: 'us',
      links,
      attributes: tags(sp['tags']),
      fields,
      marks,
      line,
    });
  }
}
