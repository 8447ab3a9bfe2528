// The messages between the extension host and the trace worker (extension/trace-worker.ts), which
// loads and analyses a trace off the extension host's thread and keeps it to answer look-ups.

import type { ReplicaReport } from '../engine/analysis/report';
import type { Finding } from '../engine/trace/diagnostics';
import type { TimelineView, TraceView } from '../engine/view/model';
import type { EventDetails } from '../webview/protocol';
import type { DebugAnswer, DebugEnvelope } from './debug/debug-protocol';

/** What the worker is started with (its `workerData`). */
export interface LoadRequest {
  path: string;
  /** Format id instead of detection; regex and delimiter for text logs. */
  format?: string;
  regex?: string;
  delimiter?: string;
  /** An NDJSON trace's mapping of its fields to events, as JSON text (chosen in Choose Log Format). */
  mapping?: string;
  /** The file is still being written (a live recording, a followed file): see AnalyzeOptions.recording. */
  recording?: boolean;
  /** How much memory the analysis's replica tables may take, in bytes (the causeway.maxMemoryMB setting). */
  maxMatrixBytes?: number;
}

/** Findings with the indices of the events each one names. */
export interface LocatedFindings {
  findings: Finding[];
  /** Event indices of each of `findings`. */
  findingEvents: number[][];
}

/** What the state replay adds to the view of a trace small enough for value timelines: them, and every finding. */
export type FilledView = Pick<TraceView, 'timelines' | 'findings'>;

/**
 * The results of the state replay of one execution: every finding, each replica's final state,
 * and (for traces with value timelines) what it fills in of the view.
 */
export interface CheckedExecution extends LocatedFindings {
  replicas: ReplicaReport[];
  filled?: FilledView;
}

/**
 * One execution of the file: what the diagram draws, and what the views and the Problems panel
 * list. Before the state replay has run, `findings` are the structural checks' and `replicas` is absent.
 */
export interface LoadedExecution extends LocatedFindings {
  view: TraceView;
  /** Causal buffers over time, for replicas whose buffer was ever non-empty. */
  buffers: TimelineView[];
  replicas?: ReplicaReport[];
}

export interface LoadResult {
  format: string;
  executions: LoadedExecution[];
  /** Findings about the file as a whole (text between executions, for example). */
  findings: Finding[];
}

/** Look-ups the host asks of a loaded trace; `id` pairs each with its reply. */
export type WorkerRequest =
  | { type: 'details'; id: number; execution: number; events: number[] }
  | { type: 'find'; id: number; execution: number; query: string }
  /** The execution's view and buffers cut for the webview (engine/view/wire.ts). */
  | { type: 'parts'; id: number; execution: number }
  /** A debug session's request, answered by the debug runtime beside the analysis (extension/debug/worker-runtime.ts). */
  | ({ type: 'debug'; id: number } & DebugEnvelope);

export type WorkerMessage =
  | { type: 'reading'; bytesRead: number; totalBytes: number }
  | { type: 'analysing' }
  /** The diagram can be drawn (`parts`: the first execution's, cut for the webview); the state replay of each execution follows (`checked`). */
  | { type: 'loaded'; result: LoadResult; parts: Uint8Array[] }
  | ({ type: 'checked'; execution: number } & CheckedExecution)
  | { type: 'failed'; message: string }
  | { type: 'details'; id: number; details: EventDetails[] }
  | { type: 'found'; id: number; event: number }
  | { type: 'parts'; id: number; parts: Uint8Array[] }
  | ({ type: 'debugged'; id: number } & DebugAnswer);
