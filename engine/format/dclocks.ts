// DistributedClocks "tracing" JSON lines (`{"TracerIdentity","TraceID","Tag","Body","VectorClock"}`):
// one event a line; TraceID (beyond 2^53) and Body are kept exactly as written; edges from clocks.

import type { Json } from '../crdt/types';
import type { Trace, TraceFile } from '../trace/model';
import { tooDeepRecordProblem } from '../util/json-depth';
import { readClockObject } from './clock-json';
import { traceFromClocks } from './clock-trace';
import { isRecord, rawMember } from './json-text';
import { LineSplitter } from './lines';
import { FindingLog, PendingEvents, quoted } from './pending';
import type { ReadOptions, TraceFormat, TraceReader } from './types';

export const dclocksFormat: TraceFormat = {
  id: 'dclocks',
  title: 'DistributedClocks tracing log (JSON lines)',
  extensions: ['dclocks.jsonl', 'jsonl', 'log'],
  detect(head) {
    const first = head.slice(0, head.indexOf('\n') >>> 0).trim();
    if (/^\{.*"TracerIdentity"\s*:.*"VectorClock"\s*:/.test(first) || /^\{.*"VectorClock"\s*:.*"TracerIdentity"\s*:/.test(first)) return 0.95;
    return /"TracerIdentity"\s*:/.test(head) && /"VectorClock"\s*:/.test(head) ? 0.6 : 0;
  },
  createReader: (options) => new DclocksReader(options),
};

/** Members with a meaning of their own; the others go to the event's fields as they are. */
const KNOWN = new Set(['TracerIdentity', 'VectorClock', 'Tag', 'TraceID', 'Body']);

class DclocksReader implements TraceReader {
  private readonly lines: LineSplitter;
  private readonly pending = new PendingEvents();
  private readonly log = new FindingLog();

  constructor(private readonly options: ReadOptions) {
    this.lines = new LineSplitter((text, line, offset, length) => this.log.guard(line, () => this.readLine(text, line, offset, length)));
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  finish(): TraceFile {
    this.lines.end();
    const trace: Trace = traceFromClocks(this.pending, { name: this.options.name ?? '', sourceOrder: false });
    return { format: 'dclocks', executions: [trace], findings: this.log.flush() };
  }

  private readLine(text: string, line: number, offset: number, length: number): void {
    if (text.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (e) {
      this.log.add('error', 'parse-error', line, `Line ${line} is not valid JSON (${(e as Error).message}); expected {"TracerIdentity": ..., "VectorClock": {...}, ...}. The line is skipped.`);
      return;
    }
    if (!isRecord(o)) {
      this.log.add('error', 'parse-error', line, `Line ${line} should be a JSON object, found ${quoted(o)}; the line is skipped.`);
      return;
    }
    const tooDeep = tooDeepRecordProblem(o, text.length);
    if (tooDeep) {
      this.log.add('error', 'parse-error', line, `Line ${line}: ${tooDeep}; the line is skipped.`);
      return;
    }
    const host = o['TracerIdentity'];
    if (typeof host !== 'string' || host === '') {
      this.log.add('error', 'parse-error', line, `Line ${line}: "TracerIdentity" should name the tracer (a non-empty string), found ${quoted(host)}; the line is skipped.`);
      return;
    }
    const read = readClockObject(o['VectorClock']);
    if (read.problem) {
      this.log.add(read.clock ? 'warning' : 'error', 'parse-error', line, `Line ${line}: "VectorClock" ${read.problem}${read.clock ? '' : '; the event has no clock'}.`);
    }
    const fields: Record<string, Json> = {};
    const traceId = exactText(text, 'TraceID');
    if (traceId !== undefined) fields['TraceID'] = traceId;
    const body = rawMember(text, 'Body');
    if (body !== undefined) fields['Body'] = body;
    for (const name in o) if (!KNOWN.has(name)) fields[name] = o[name] as Json;
    const tag = o['Tag'];
    const label = typeof tag === 'string' ? tag : tag === undefined ? undefined : JSON.stringify(tag);
    this.pending.add(host, line, { offset, length, label, fields }, read.clock);
  }
}

/** A member's value exactly as written: a string's content, or a number's digits (no rounding). */
function exactText(line: string, key: string): string | undefined {
  const raw = rawMember(line, key);
  if (raw === undefined) return undefined;
  if (raw.startsWith('"')) {
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw;
    }
  }
  return raw;
}
