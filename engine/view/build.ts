// Builds the TraceView the webview draws from a trace's analysis: columns shared as typed
// arrays, short labels, conflicts, findings, and (for traces small enough, or on request) each
// object's value timeline per replica from the state replay.

import type { Json } from '../crdt/types';
import type { Analysis } from '../analysis/analyze';
import type { ConflictReport } from '../analysis/conflicts';
import { canonicalValue } from '../analysis/recorded-states';
import { allFindings } from '../analysis/report';
import { describeValue } from '../analysis/strategies';
import type { Finding } from '../trace/diagnostics';
import { EventKind, type Trace } from '../trace/model';
import { type ConflictView, type FindingView, packLabels, type TimelineView, type TraceView } from './model';

export interface TraceViewOptions {
  /** Source format name. */
  format: string;
  /** Compute value timelines (runs the state replay). Default: for traces up to 200,000 events. */
  timelines?: boolean;
  /** List the state replay's findings too (runs it). Default: when computing value timelines. */
  stateFindings?: boolean;
  /** Findings about the file as a whole (its unreadable or skipped text): listed first, as the Problems panel and the CLI count them. */
  fileFindings?: readonly Finding[];
  /**
   * How many conflicts carry their reason in words (the rest are explained with their events'
   * details, `conflictReasons`): wording each of a quarter of a million takes seconds. Default: all.
   */
  reasons?: number;
}

const MAX_LABEL = 200;
/** Traces up to this many events get their value timelines by default (they take a state replay). */
export const TIMELINE_EVENTS = 200_000;

/** A short text for an event: its own label, else what it does ("inc cart 3", "send m1 → B"). */
export function eventLabel(trace: Trace, i: number): string {
  const own = trace.labels[i];
  if (own !== undefined) return own.length > MAX_LABEL ? `${own.slice(0, MAX_LABEL - 1)}…` : own;
  const key = trace.key[i] >= 0 ? trace.keys.name(trace.key[i]) : '';
  switch (trace.kind[i]) {
    case EventKind.op: {
      const op = trace.opOf(i);
      if (!op) return 'op';
      const field = op.field === undefined ? '' : `.${op.field}`;
      return `${op.type} ${key}${field}${op.value === undefined ? '' : ` ${describeValue(op.value)}`}`;
    }
    case EventKind.send: {
      const msg = trace.msg[i] >= 0 ? trace.messages.name(trace.msg[i]) : '';
      const to = trace.dest[i] >= 0 ? ` → ${(JSON.parse(trace.strings.name(trace.dest[i])) as string[]).join(', ')}` : '';
      return `send ${msg}${to}`;
    }
    case EventKind.receive:
      return `receive ${trace.msg[i] >= 0 ? trace.messages.name(trace.msg[i]) : ''}`;
    case EventKind.sync:
      return `sync${key ? ` ${key}` : ''}`;
    default:
      return 'local';
  }
}

export function buildTraceView(analysis: Analysis, options: TraceViewOptions): TraceView {
  const { trace, causal, clocks } = analysis;
  const depth = new Uint32Array(trace.size);
  for (let i = 0; i < trace.size; i++) depth[i] = clocks.lamport[i] - 1;
  const labels = new Array<string>(trace.size);
  for (let i = 0; i < trace.size; i++) labels[i] = eventLabel(trace, i);
  const withTimelines = options.timelines ?? trace.size <= TIMELINE_EVENTS;
  // The replay's findings from the replay the timelines need anyway, else from the check's (no checkpoints: far less memory).
  const stateChecks = () => (withTimelines ? analysis.states() : analysis.stateOutcome());
  const findings = [...(options.fileFindings ?? []), ...((options.stateFindings ?? withTimelines) ? allFindings(analysis, stateChecks().findings) : analysis.findings)];
  return {
    name: trace.name,
    format: options.format,
    ...(trace.header.description === undefined ? {} : { description: trace.header.description }),
    replicas: trace.replicas.all(),
    keys: trace.keys.all(),
    // A source-resolved history's objects are the source's (a library's document, a Jepsen register as each client saw it), not CRDTs of Causeway's.
    keyTypes: trace.objects.map((o) => (trace.library?.library === 'Jepsen' ? 'register, as each client saw it' : trace.library ? `${trace.library.library} document` : o.type)),
    size: trace.size,
    replica: trace.replica,
    kind: trace.kind,
    line: trace.line,
    key: trace.key,
    step: causal.step,
    order: causal.order,
    depth,
    clocks: clocks.denseMatrix(analysis.budget),
    edgeStart: trace.edgeStart,
    edgeFrom: trace.edgeFrom,
    ...packLabels(labels),
    conflicts: analysis.conflicts.map((c, n) => conflictView(c, n < (options.reasons ?? Infinity))),
    findings: findingViews(trace, findings),
    timelines: withTimelines ? valueTimelines(analysis) : [],
  };
}

/** A conflict as the diagram lists it; `worded`: with its reason in words. */
export function conflictView(c: ConflictReport, worded: boolean): ConflictView {
  return {
    id: c.id,
    key: c.key,
    ...(c.target === undefined ? {} : { target: c.target }),
    events: c.events,
    winners: c.winners,
    rule: c.strategy,
    ...(worded ? { reason: c.reason } : {}),
  };
}

/** Findings as the diagram lists them: the events each names, as event indices. */
export function findingViews(trace: Trace, findings: readonly Finding[]): FindingView[] {
  return findings.map((f) => ({
    severity: f.severity,
    kind: f.kind,
    line: f.line,
    message: f.message,
    events: f.events.map((id) => trace.eventIndex(id)).filter((e) => e >= 0),
  }));
}

/**
 * Each object's value on each replica at every step where it changed, and where the trace recorded
 * a different value (a change point of its own, with the recorded value beside the replayed one).
 */
export function valueTimelines(analysis: Analysis): TimelineView[] {
  const { trace, causal, knowledge } = analysis;
  const K = trace.keys.size;
  const timelines: TimelineView[] = [];
  const last: string[] = [];
  for (let r = 0; r < trace.replicas.size; r++) {
    for (let k = 0; k < K; k++) {
      timelines.push({ key: trace.keys.name(k), replica: r, steps: [], values: [] });
      last.push('');
    }
  }
  const cursor = analysis.states().cursor();
  const touched = new Set<number>();
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    touched.clear();
    if (knowledge.opOfEvent[i] >= 0) touched.add(trace.key[i]);
    for (let d = knowledge.deliveredStart[i]; d < knowledge.deliveredStart[i + 1]; d++) touched.add(trace.key[knowledge.opEvent[knowledge.delivered[d]]]);
    const recordedState = trace.recordedState.get(i);
    for (const name of Object.keys(recordedState ?? {})) if (trace.keys.find(name) >= 0) touched.add(trace.keys.find(name));
    if (touched.size === 0) continue;
    cursor.seek(step);
    const r = trace.replica[i];
    for (const k of touched) {
      const value: Json = cursor.state(r, k).value();
      const recorded = recordedState?.[trace.keys.name(k)];
      const type = trace.objects[k]?.type;
      const differs = recorded !== undefined && canonicalValue(type, recorded) !== canonicalValue(type, value);
      const text = JSON.stringify(value);
      const slot = r * K + k;
      if (text === last[slot] && !differs) continue;
      // After a recorded difference the next change starts a segment of its own.
      last[slot] = differs ? '' : text;
      const timeline = timelines[slot];
      timeline.steps.push(step);
      timeline.values.push(value);
      if (differs) (timeline.recorded ??= {})[timeline.steps.length - 1] = recorded;
    }
  }
  return timelines.filter((t) => t.steps.length > 0);
}

/**
 * Each replica's causal buffer over time, for replicas whose buffer was ever non-empty: at each
 * step where it changed, the operations waiting (event id and what each waits for).
 */
export function bufferTimelines(analysis: Analysis): TimelineView[] {
  const { trace, knowledge } = analysis;
  const changes = new Map<number, { step: number; wait: (typeof knowledge.buffered)[number]; arriving: boolean }[]>();
  for (const wait of knowledge.buffered) {
    const list = changes.get(wait.replica) ?? [];
    list.push({ step: wait.arrived, wait, arriving: true });
    if (wait.delivered >= 0) list.push({ step: wait.delivered, wait, arriving: false });
    changes.set(wait.replica, list);
  }
  const timelines: TimelineView[] = [];
  for (const [replica, list] of changes) {
    list.sort((a, b) => a.step - b.step || Number(a.arriving) - Number(b.arriving));
    const waiting = new Set<(typeof knowledge.buffered)[number]>();
    const timeline: TimelineView = { key: '', replica, steps: [], values: [] };
    list.forEach((change, n) => {
      if (change.arriving) waiting.add(change.wait);
      else waiting.delete(change.wait);
      if (n + 1 < list.length && list[n + 1].step === change.step) return;
      timeline.steps.push(change.step);
      timeline.values.push([...waiting].map((w) => `${trace.eventId(w.op)} waits for ${w.waitingFor}`));
    });
    timelines.push(timeline);
  }
  return timelines;
}
