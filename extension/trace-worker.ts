// The trace worker (a worker_threads thread, bundled to dist/trace-worker.js): loads and analyses
// one trace file, keeps the diagram's views (cut in parts for the webview when asked), hands the host
// a summary of them, replays the states for the remaining checks and the final states, then answers
// look-ups. A second one reads a long file's first lines first, for the first view and the estimate.

import { statSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { analyzeTrace, type Analysis } from '../engine/analysis/analyze';
import { executionSummary } from '../engine/analysis/report';
import type { Json } from '../engine/crdt/types';
import type { Finding } from '../engine/trace/diagnostics';
import type { Trace, TraceFile } from '../engine/trace/model';
import { bufferTimelines, buildTraceView, conflictView, eventLabel } from '../engine/view/build';
import { encodeView } from '../engine/view/view-parts';
import { loadTraceFile, sampledLineLength, wholeLinesWithin } from '../cli/trace-file';
import type { EventDetails, OpeningEstimate } from '../webview/protocol';
import { DebugSessions } from './debug/worker-runtime';
import { estimateOpening, type FileSample, HELD_BYTES_PER_EVENT } from './opening-estimate';
import type { TimelineView, TraceView } from '../engine/view/model';
import { type ExecutionSummary, LISTED_CONFLICTS, type LoadRequest, type LocatedFindings, readsFirstLines, type WorkerJob, type WorkerMessage, type WorkerRequest } from './worker-protocol';
import { groupedCount } from '../engine/util/count-text';

const port = parentPort!;
const send = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

function located(analysis: Analysis, findings: Finding[]): LocatedFindings {
  const { trace } = analysis;
  return { findings, findingEvents: findings.map((f) => f.events.map((id) => trace.eventIndex(id)).filter((e) => e >= 0)) };
}

/** The fields of events that the view does not already carry (replica, kind, line, key, label, the reasons of conflicts past the worded ones). */
function details(analysis: Analysis, events: number[]): EventDetails[] {
  const { trace } = analysis;
  const unworded = unwordedConflicts(analysis);
  return events
    .filter((e) => Number.isInteger(e) && e >= 0 && e < trace.size)
    .map((e) => {
      const { replica: _r, kind: _k, line: _l, key: _key, label: _label, id: _id, offset: _o, length: _n, op, ...fields } = trace.event(e);
      // A library-decoded document's op only carries the library's state to the view: it is the document after the change (computed now in a long history).
      const after = op?.value ?? trace.documentStates?.after(e);
      const shown = trace.library ? { ...(after === undefined ? {} : { 'document after': after }), ...fields } : { ...(op ? { op } : {}), ...fields };
      const reasons = unworded.get(e)?.map((n) => analysis.conflicts[n]);
      return {
        event: e,
        id: trace.eventId(e),
        fields: shown as unknown as Record<string, Json>,
        ...(reasons ? { conflictReasons: Object.fromEntries(reasons.map((c) => [c.id, c.reason])) } : {}),
      };
    });
}

/** The conflicts the view sends with their reason: wording every one of a long list would hold the first view for seconds. */
const WORDED_CONFLICTS = LISTED_CONFLICTS;

const unwordedByAnalysis = new WeakMap<Analysis, Map<number, number[]>>();

/** The conflicts past the worded ones that each event is in (made at the first look-up). */
function unwordedConflicts(analysis: Analysis): Map<number, number[]> {
  let of = unwordedByAnalysis.get(analysis);
  if (of) return of;
  of = new Map();
  const { conflicts } = analysis;
  for (let n = WORDED_CONFLICTS; n < conflicts.length; n++) {
    for (const e of conflicts[n].events) {
      const list = of.get(e);
      if (list) list.push(n);
      else of.set(e, [n]);
    }
  }
  unwordedByAnalysis.set(analysis, of);
  return of;
}

/** What the diagram draws of one execution: its view, and its replicas' causal buffers over time (those ever non-empty). */
interface DrawnExecution {
  view: TraceView;
  buffers: TimelineView[];
}

/** A batch of parts the host asks for is about this many bytes: the host holds little more at a time (a million events' view is 67 MB). */
const BATCH_BYTES = 2 * 1024 * 1024;

/** A view being sent to the host batch by batch: its parts, those from `sent` on still here. */
interface PartStream {
  parts: Uint8Array[];
  sent: number;
}

/** The next batch of a stream's parts; their bytes move to the host without a copy (and leave this thread). */
function nextBatch(stream: PartStream): Uint8Array[] {
  const batch: Uint8Array[] = [];
  for (let bytes = 0; stream.sent < stream.parts.length && bytes < BATCH_BYTES; stream.sent++) {
    batch.push(stream.parts[stream.sent]);
    bytes += stream.parts[stream.sent].byteLength;
  }
  return batch;
}

/** What the host keeps of an execution (the view stays here): counts, the conflicts the side bar lists, copies of two per-event arrays. */
function summary(analysis: Analysis): ExecutionSummary {
  const { trace, causal } = analysis;
  const conflicts = analysis.conflicts.slice(0, LISTED_CONFLICTS).map((c) => ({
    ...conflictView(c, true),
    reason: c.reason,
    labels: c.events.map((e) => eventLabel(trace, e)),
    lines: c.events.map((e) => trace.line[e]),
  }));
  return {
    name: trace.name,
    size: trace.size,
    replicaCount: trace.replicas.size,
    conflictCount: analysis.conflicts.length,
    conflicts,
    line: trace.line.slice(),
    order: causal.order.slice(),
    ...located(analysis, analysis.findings),
  };
}

/** What the worker keeps of each execution to answer look-ups: its analysis, and the view it draws (made when first asked for). */
interface Kept {
  analysis: Analysis;
  drawn?: DrawnExecution;
}

/**
 * The view of a checked execution (asked for after the state replay, which look-ups wait for):
 * every finding, and value timelines up to TIMELINE_EVENTS events.
 */
function drawnExecution(kept: Kept, format: string, fileFindings: Finding[]): DrawnExecution {
  const { analysis } = kept;
  return (kept.drawn ??= {
    view: buildTraceView(analysis, { format, fileFindings, stateFindings: true, reasons: WORDED_CONFLICTS }),
    buffers: bufferTimelines(analysis),
  });
}

/** What the worker answers look-ups from: each execution's analysis and view, the views being sent, the debug sessions. */
interface Answering {
  kept: Kept[];
  streams: Map<number, PartStream>;
  debugSessions: DebugSessions;
  file: TraceFile;
}

function answer({ kept, streams, debugSessions, file }: Answering, request: WorkerRequest): void {
  if (request.type === 'stopParts') return void streams.delete(request.stream);
  const execution = kept[request.execution];
  const analysis = execution?.analysis;
  if (request.type === 'parts') {
    let stream = streams.get(request.stream);
    if (!stream) {
      const drawn = execution && drawnExecution(execution, file.format, file.findings);
      stream = { parts: drawn ? encodeView(drawn.view, drawn.buffers) : [], sent: 0 };
      streams.set(request.stream, stream);
    }
    const parts = nextBatch(stream);
    const done = stream.sent === stream.parts.length;
    if (done) streams.delete(request.stream);
    return send({ type: 'parts', id: request.id, parts, count: stream.parts.length, done }, parts.map((p) => p.buffer as ArrayBuffer));
  }
  if (request.type === 'debug') return send({ type: 'debugged', id: request.id, ...debugSessions.answer(request) });
  send(lookUp(analysis, request));
}

function lookUp(analysis: Analysis | undefined, request: Exclude<WorkerRequest, { type: 'parts' | 'stopParts' | 'debug' }>): WorkerMessage {
  switch (request.type) {
    case 'details':
      return { type: 'details', id: request.id, details: analysis ? details(analysis, request.events) : [] };
    case 'find':
      return { type: 'found', id: request.id, event: analysis ? analysis.trace.eventIndex(request.query.trim()) : -1 };
    default: {
      const unknown: never = request;
      throw new Error(`Unknown request ${JSON.stringify(unknown)}`);
    }
  }
}

/** The first view reads the whole lines within this many bytes: a few thousand events, drawn in a fraction of a second. */
const FIRST_VIEW_BYTES = 1024 * 1024;

/**
 * A long file's first lines, read and analysed on their own in a worker of their own before the
 * load reads the whole: a first view (lanes and the first events drawn at once, without conflicts
 * or findings: they need the whole history) when asked for, then the estimate of the whole when it
 * would not fit under the memory limit, or word that the load may go on. A file whose first lines
 * do not read on their own (one JSON document, binary) gets neither. The thread then ends.
 */
function sendFirstLines(request: LoadRequest): void {
  const estimate = readFirstLines(request);
  send(estimate ? { type: 'tooLarge', estimate } : { type: 'firstLinesRead' });
}

/** Sends the first view of a long file's first lines when asked for; returns the estimate of the whole when it would not fit. */
function readFirstLines(request: LoadRequest): OpeningEstimate | undefined {
  const fileBytes = statSync(request.path).size;
  if (!readsFirstLines(request, fileBytes)) return undefined;
  let sample: FileSample;
  try {
    const file = loadTraceFile(request.path, { format: request.format, regex: request.regex, delimiter: request.delimiter, mapping: request.mapping, firstBytes: FIRST_VIEW_BYTES });
    const trace = file.executions[0];
    if (!trace || trace.size === 0) return undefined;
    const analysis = analyzeTrace(trace, { recording: true, maxMatrixBytes: request.maxMatrixBytes });
    const events = file.executions.reduce((sum, execution) => sum + execution.size, 0);
    sample = { ...wholeLinesWithin(request.path, FIRST_VIEW_BYTES), events, tableBytes: analysis.budget.used, lineBytes: sampledLineLength(request.path) };
    if (request.firstView) {
      const view = buildTraceView(analysis, { format: file.format, timelines: false, reasons: 0 });
      const parts = encodeView({ ...view, conflicts: [], findings: [] }, []);
      send({ type: 'firstView', parts }, parts.map((p) => p.buffer as ArrayBuffer));
    }
  } catch {
    // The whole file's reading says what is wrong with it.
    return undefined;
  }
  return request.maxTraceBytes === undefined ? undefined : estimateOpening(sample, fileBytes, request.maxTraceBytes);
}

/** Waits until the host opens the gate (set to 1), a tenth of a second at a time. */
function waitFor(gate: Int32Array): void {
  while (Atomics.load(gate, 0) === 0) Atomics.wait(gate, 0, 0, 100);
}

const megabytes = (bytes: number) => `${groupedCount(Math.max(1, Math.round(bytes / (1024 * 1024))))} MB`;

/**
 * The findings of a range (the file's first lines): checked as a recording is, and an
 * `opened-range` finding, in place of the recording's `still-recording` one, says what the range leaves out.
 */
function rangeFindings(findings: Finding[], trace: Trace, rangeBytes: number, fileBytes: number): Finding[] {
  const range: Finding = {
    severity: 'info',
    kind: 'opened-range',
    line: 0,
    message:
      `Only the first ${groupedCount(trace.size)} events of ${trace.name} are open: the whole lines of its first ${megabytes(rangeBytes)} of ${megabytes(fileBytes)}. ` +
      'The checks cover these events only: what lies past the range (receives of their sends, replicas catching up) is not reported.',
    events: [],
  };
  return [range, ...findings.filter((f) => f.kind !== 'still-recording')];
}

function load(request: LoadRequest, gate?: Int32Array): void {
  if (gate) waitFor(gate);
  const file = loadTraceFile(request.path, {
    format: request.format,
    regex: request.regex,
    delimiter: request.delimiter,
    mapping: request.mapping,
    completeLinesOnly: request.recording,
    firstBytes: request.firstBytes,
    onProgress: (bytesRead, totalBytes) => send({ type: 'reading', bytesRead, totalBytes }),
  });
  send({ type: 'analysing' });
  const ranged = request.firstBytes !== undefined;
  // The debugger's checkpoints and deltas get what the memory limit leaves besides the process now (host and worker) and what the worker will hold (none in a range: it fills the limit).
  const stateMemoryBudgetBytes = ranged ? 0 : request.maxTraceBytes && Math.max(0, request.maxTraceBytes - process.memoryUsage().rss - HELD_BYTES_PER_EVENT * file.executions.reduce((n, t) => n + t.size, 0));
  const analyses = file.executions.map((trace) => analyzeTrace(trace, { recording: request.recording || ranged, maxMatrixBytes: request.maxMatrixBytes, stateMemoryBudgetBytes }));
  if (ranged) {
    const rangeBytes = wholeLinesWithin(request.path, request.firstBytes!).bytes;
    const fileBytes = statSync(request.path).size;
    for (const analysis of analyses) analysis.findings = rangeFindings(analysis.findings, analysis.trace, rangeBytes, fileBytes);
  }
  const summaries = analyses.map(summary);
  const transferred = summaries.flatMap((s) => [s.line.buffer, s.order.buffer]) as ArrayBuffer[];
  send({ type: 'loaded', summary: { format: file.format, executions: summaries, findings: file.findings } }, transferred);
  // The state replay comes before the views (a long file's first view is drawn meanwhile): the side bar's
  // conflicts, findings and replicas are complete sooner, and the diagram is drawn once, with every finding.
  // Look-ups that arrive during it (the diagram's parts among them) are answered after it.
  const answering: Answering = { kept: analyses.map((analysis) => ({ analysis })), streams: new Map(), debugSessions: new DebugSessions(analyses), file };
  port.on('message', (message: WorkerRequest) => answer(answering, message));
  analyses.forEach((analysis, i) => {
    const report = executionSummary(analysis);
    send({ type: 'checked', execution: i, ...located(analysis, report.findings), replicas: report.replicas });
  });
}

function start(job: WorkerJob): void {
  if (job.type === 'firstLines') return sendFirstLines(job.request);
  try {
    load(job.request, job.gate);
  } catch (err) {
    // The thread ends by itself once nothing listens.
    send({ type: 'failed', message: (err as Error).message });
  }
}

// A worker started ahead of need (a spare, extension/trace-loader.ts) gets its job as its first message.
if (workerData) start(workerData as WorkerJob);
else port.once('message', start);
