// Jaeger JSON (`{"data":[{"traceID","spans":[...],"processes":{...}}]}` as the UI and API export
// it, the UI's stored trace, the anonymizer's bare array of spans): services from the processes,
// CHILD_OF and FOLLOWS_FROM references, microsecond times.

import type { Json } from '../crdt/types';
import type { TraceFile } from '../trace/model';
import { DocumentReader, isRecord, LineIndex, parseSpan, unreadable, topLevelValues } from './json-text';
import { type FindingLog, quoted } from './pending';
import { integerText, plus, type SpanInput, SpanLocator, spansToTrace } from './spans';
import type { ReadOptions, TraceFormat } from './types';

/** What a Jaeger file holds, for the error about a file that holds none of it. */
const EXPECTED =
  '{"data": [{"traceID", "spans": [{"spanID", "operationName", "references", "startTime", "duration", "processID"}], "processes"}]} (the query API and UI download), the UI\'s {"data": {"spans", "processes"}}, or a bare array of spans (the anonymizer)';

export const jaegerFormat: TraceFormat = {
  id: 'jaeger',
  title: 'Jaeger trace (JSON)',
  expected: EXPECTED,
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

/** Spans with the process table they name their services from (empty for spans carrying `process` inline). */
interface SpanGroup {
  processes: Record<string, unknown>;
  spans: unknown[];
}

const isSpan = (v: unknown): v is Record<string, unknown> => isRecord(v) && typeof v['spanID'] === 'string';
const isTrace = (v: unknown): v is Record<string, unknown> => isRecord(v) && Array.isArray(v['spans']);

function traceGroup(trace: Record<string, unknown>): SpanGroup {
  return { processes: isRecord(trace['processes']) ? trace['processes'] : {}, spans: trace['spans'] as unknown[] };
}

/**
 * The spans of a Jaeger document, in every shape Jaeger's tools write: the query API's and the
 * UI download's {"data": [traces]}, the UI's stored trace {"data": {"traceID", "spans",
 * "processes", ...}} (jaeger-ui's fixtures), a bare array of traces, a bare array of spans with
 * inline processes (the anonymizer's output), one trace, or one span. Undefined when it is none.
 */
function spanGroupsOf(doc: unknown): SpanGroup[] | undefined {
  if (isTrace(doc)) return [traceGroup(doc)];
  if (isSpan(doc)) return [{ processes: {}, spans: [doc] }];
  if (isRecord(doc)) return doc['data'] === undefined ? undefined : spanGroupsOf(doc['data']);
  if (!Array.isArray(doc)) return undefined;
  const loose = doc.filter(isSpan);
  const groups = doc.filter(isTrace).map(traceGroup);
  if (loose.length > 0) groups.push({ processes: {}, spans: loose });
  return groups.length > 0 || doc.length === 0 ? groups : undefined;
}

/** The errors a jaeger-query reply carries instead of data ({"data": null, "errors": [{"code", "msg"}]}), as words. */
function apiErrors(doc: unknown): string {
  if (!isRecord(doc) || !Array.isArray(doc['errors'])) return '';
  const messages = doc['errors'].flatMap((e) => (isRecord(e) && typeof e['msg'] === 'string' ? [e['msg']] : []));
  return messages.length > 0 ? ` (the query service answered: ${messages.join('; ')})` : '';
}

function readJaeger(text: string, log: FindingLog, options: ReadOptions): Omit<TraceFile, 'findings'> {
  const lines = new LineIndex(text);
  const top = topLevelValues(text, lines);
  const spans: SpanInput[] = [];
  for (const value of top.values) {
    log.guard(value.line, () => {
      const doc = parseSpan(text, value, log, 'the document', lines);
      if (doc === undefined) return;
      const groups = spanGroupsOf(doc);
      if (!groups) {
        log.add('error', 'parse-error', value.line, `Line ${value.line}: expected a Jaeger document: ${EXPECTED}; found ${quoted(doc)}${apiErrors(doc)}; it is skipped.`);
        return;
      }
      const locator = new SpanLocator(text, value.start, (at) => lines.lineAt(at), 'spanID');
      for (const group of groups) readSpans(group, locator, spans, log);
    });
  }
  if (spans.length === 0 && top.values.length > 0) {
    throw unreadable(log, `This file holds no Jaeger span: expected ${EXPECTED}.`, top.values[0].line);
  }
  return { format: 'jaeger', executions: [spansToTrace(spans, options.name ?? '')] };
}

function readSpans({ processes, spans: list }: SpanGroup, locator: SpanLocator, spans: SpanInput[], log: FindingLog): void {
  for (const sp of list) {
    if (!isRecord(sp)) continue;
    const spanId = str(sp['spanID']);
    if (!spanId) continue;
    const line = locator.lineOf(spanId);
    const inline = isRecord(sp['process']) ? sp['process'] : undefined;
    const named = typeof sp['processID'] === 'string' && isRecord(processes[sp['processID']]) ? (processes[sp['processID']] as Record<string, unknown>) : undefined;
    // The name the Jaeger UI gives a span whose process is missing.
    const service = str((inline ?? named)?.['serviceName']) || 'unknown-service';
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
      traceId: str(sp['traceID']) ?? '',
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
