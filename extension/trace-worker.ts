// The trace worker (a worker_threads thread, bundled to dist/trace-worker.js): loads and analyses
// one trace file, hands the diagram's views to the host, replays the states for the remaining
// checks and the final states, then answers the host's look-ups.

import { parentPort, workerData } from 'node:worker_threads';
import { analyzeTrace, type Analysis } from '../engine/analysis/analyze';
import { executionReport } from '../engine/analysis/report';
import type { Json } from '../engine/crdt/types';
import type { Finding } from '../engine/trace/diagnostics';
import { bufferTimelines, buildTraceView } from '../engine/view/build';
import { loadTraceFile } from '../cli/trace-file';
import type { EventDetails } from '../webview/protocol';
import type { LoadRequest, LocatedFindings, WorkerMessage, WorkerRequest } from './worker-protocol';

const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);

function located(analysis: Analysis, findings: Finding[]): LocatedFindings {
  const { trace } = analysis;
  return { findings, findingEvents: findings.map((f) => f.events.map((id) => trace.eventIndex(id)).filter((e) => e >= 0)) };
}

/** The fields of events that the view does not already carry (replica, kind, line, key, label). */
function details(analysis: Analysis, events: number[]): EventDetails[] {
  const { trace } = analysis;
  return events
    .filter((e) => Number.isInteger(e) && e >= 0 && e < trace.size)
    .map((e) => {
      const { replica: _r, kind: _k, line: _l, key: _key, label: _label, id: _id, offset: _o, length: _n, op, ...fields } = trace.event(e);
      // A library-decoded document's op only carries the library's state to the view: it is the document after the change (computed now in a long history).
      const after = op?.value ?? trace.documentStates?.after(e);
      const shown = trace.library ? { ...(after === undefined ? {} : { 'document after': after }), ...fields } : { ...(op ? { op } : {}), ...fields };
      return { event: e, id: trace.eventId(e), fields: shown as unknown as Record<string, Json> };
    });
}

function answer(analyses: Analysis[], request: WorkerRequest): WorkerMessage {
  const analysis = analyses[request.execution];
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

function run(request: LoadRequest): void {
  const file = loadTraceFile(request.path, {
    format: request.format,
    regex: request.regex,
    delimiter: request.delimiter,
    mapping: request.mapping,
    completeLinesOnly: request.recording,
    onProgress: (bytesRead, totalBytes) => send({ type: 'reading', bytesRead, totalBytes }),
  });
  send({ type: 'analysing' });
  const analyses = file.executions.map((trace) => analyzeTrace(trace, { recording: request.recording, maxMatrixBytes: request.maxMatrixBytes }));
  const executions = analyses.map((analysis) => ({
    view: buildTraceView(analysis, { format: file.format, fileFindings: file.findings }),
    buffers: bufferTimelines(analysis),
    ...located(analysis, analysis.findings),
  }));
  send({ type: 'loaded', result: { format: file.format, executions, findings: file.findings } });
  // Look-ups that arrive during the state replay are answered after it.
  port.on('message', (message: WorkerRequest) => send(answer(analyses, message)));
  analyses.forEach((analysis, execution) => {
    const report = executionReport(analysis);
    send({ type: 'checked', execution, ...located(analysis, report.findings), replicas: report.replicas });
  });
}

try {
  run(workerData as LoadRequest);
} catch (err) {
  // The thread ends by itself once nothing listens.
  send({ type: 'failed', message: (err as Error).message });
}
