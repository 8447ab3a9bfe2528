// P language JSON traces (PeasyViz): an array of {"type", "details"}; the machine is details.id
// (or monitor, or sender), its vector clock details.clock; sends and dequeues linked by the clocks.
// The checker's AssertionFailure (the bug the trace was written for) is an error finding on its line;
// entries of no machine and no clock (it, StrategyDescription) are not drawn as events: they are
// about the run as a whole, not a step of a machine.

import type { Json } from '../crdt/types';
import type { EventKindName, TraceFile } from '../trace/model';
import { readClockObject } from './clock-json';
import { traceFromClocks } from './clock-trace';
import { arrayElements, DocumentReader, isRecord, LineIndex, parseSpan, topLevelValues } from './json-text';
import { type FindingLog, PendingEvents, type PendingExtra, quoted } from './pending';
import { type ReadOptions, type TraceFormat, TraceReadError } from './types';

export const pFormat: TraceFormat = {
  id: 'p',
  title: 'P language trace (JSON)',
  extensions: ['p.json', 'json'],
  detect(head) {
    if (!/^[\s\uFEFF]*\[/.test(head)) return 0;
    if (/"type"\s*:\s*"(CreateStateMachine|SendEvent|DequeueEvent|StateTransition|CreateMonitor|MonitorStateTransition|AssertionFailure)"/.test(head)) return 0.9;
    return /"type"\s*:/.test(head) && /"details"\s*:/.test(head) ? 0.6 : 0;
  },
  createReader: (options) => new DocumentReader((text, log) => readP(text, log, options)),
};

const KIND: Record<string, EventKindName> = { SendEvent: 'send', DequeueEvent: 'receive', ReceiveEvent: 'receive' };

/** The machine an entry belongs to: its id, the monitor, or the sender. */
function machineOf(details: Record<string, unknown>): string | undefined {
  for (const name of ['id', 'monitor', 'sender']) {
    const v = details[name];
    if (typeof v === 'string' && v !== '') return v;
  }
  return undefined;
}

function readP(text: string, log: FindingLog, options: ReadOptions): Omit<TraceFile, 'findings'> {
  const lines = new LineIndex(text);
  const top = topLevelValues(text, lines);
  const pending = new PendingEvents();
  const name = options.name ?? '';
  if (top.values.length === 0 && top.problems.length === 0) {
    return { format: 'p', executions: [traceFromClocks(pending, { name, sourceOrder: true })] };
  }
  const doc = top.values[0];
  if (!doc || text.charCodeAt(doc.start) !== 91) {
    throw new TraceReadError(`A P trace is a JSON array of {"type": ..., "details": {...}} entries; this file starts with ${quoted(text.slice(doc?.start ?? 0, (doc?.start ?? 0) + 40))}.`, doc?.line ?? 1);
  }
  // A cut-off array is reported element by element below.
  if (!doc.cut) for (const p of top.problems) log.add('error', 'parse-error', p.line, `The file: ${p.message}.`);
  if (top.values.length > 1) log.add('warning', 'skipped-text', top.values[1].line, `Text after the trace's closing "]" (from line ${top.values[1].line}) is ignored.`);
  const elements = arrayElements(text, doc, lines);
  for (const p of elements.problems) log.add('error', 'parse-error', p.line, `The trace array: ${p.message}; what comes before is kept.`);
  let previous: string | undefined;
  for (const span of elements.values) {
    log.guard(span.line, () => {
      const entry = parseSpan(text, span, log, 'the entry', lines);
      if (entry === undefined) return;
      if (!isRecord(entry) || typeof entry['type'] !== 'string') {
        log.add('error', 'parse-error', span.line, `Line ${span.line}: a trace entry should be {"type": "...", "details": {...}}, found ${quoted(entry)}; it is skipped.`);
        return;
      }
      const type = entry['type'];
      const details = isRecord(entry['details']) ? entry['details'] : {};
      const hasClock = details['clock'] !== undefined;
      if (type === 'AssertionFailure') reportAssertionFailure(details, span.line, log);
      if (!hasClock && (type === 'AssertionFailure' || machineOf(details) === undefined)) {
        if (type !== 'AssertionFailure') log.add('info', 'skipped-text', span.line, `Line ${span.line}: the ${type} entry belongs to no machine and has no clock, so it is not drawn as an event${describeLog(details)}.`);
        return;
      }
      const machine = machineOf(details) ?? previous;
      if (machine === undefined) {
        log.add('error', 'parse-error', span.line, `Line ${span.line}: the ${type} entry names no machine ("id", "monitor" or "sender"); it is skipped.`);
        return;
      }
      previous = machine;
      let clock: Record<string, number> | undefined;
      if (hasClock) {
        const read = readClockObject(details['clock']);
        if (read.problem) log.add('warning', 'parse-error', span.line, `Line ${span.line}: "clock" ${read.problem}.`);
        clock = read.clock;
      }
      const fields: Record<string, Json> = { type };
      for (const key in details) if (key !== 'clock' && key !== 'log') fields[key] = details[key] as Json;
      const kind = KIND[type];
      const target = details['target'];
      const extra: PendingExtra | undefined = kind ? { kind } : undefined;
      if (extra && kind === 'send' && typeof target === 'string') extra.to = [target];
      const label = typeof details['log'] === 'string' ? details['log'] : type;
      pending.add(machine, span.line, { label, fields, extra }, clock);
    });
  }
  return { format: 'p', executions: [traceFromClocks(pending, { name, sourceOrder: true })] };
}

/** The entry's own words (`log`, else `error`), for a finding: `: "..."`, or nothing. */
function describeLog(details: Record<string, unknown>): string {
  const text = typeof details['log'] === 'string' && details['log'] !== '' ? details['log'] : details['error'];
  return typeof text === 'string' && text !== '' ? `: ${quoted(text, 160)}` : '';
}

/** The checker's assertion failure: the reason the trace exists, so an error where it is written. */
function reportAssertionFailure(details: Record<string, unknown>, line: number, log: FindingLog): void {
  log.add('error', 'recorded-failure', line, `Line ${line}: the P checker reports an assertion failure${describeLog(details)}. This is the bug the trace was written to show; the entries before it lead to it.`);
}
