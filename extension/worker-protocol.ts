// The messages between the extension host and the trace worker (extension/trace-worker.ts), which
// loads and analyses a trace off the extension host's thread and keeps it to answer look-ups.

import type { ReplicaReport } from '../engine/analysis/report';
import type { Finding } from '../engine/trace/diagnostics';
import type { ConflictView } from '../engine/view/model';
import type { EventDetails, OpeningEstimate } from '../webview/protocol';
import type { DebugAnswer, DebugEnvelope } from './debug/debug-protocol';

/** What a worker loads (in a `WorkerJob`, its `workerData` or first message). */
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
  /** Draw a long file's first lines while the whole is read (`firstView`): the first opening asks, a reload keeps its trace shown instead. */
  firstView?: boolean;
  /**
   * How much memory the worker may hold with the whole trace open, in bytes (causeway.maxEditorMemoryMB):
   * a long file estimated from its first lines to need more is not read whole (a `firstLines` job sends `tooLarge`).
   * The load sizes the debugger's state memory by it.
   */
  maxTraceBytes?: number;
  /** Open only the whole lines within the file's first this many bytes (a range the user chose after `tooLarge`). */
  firstBytes?: number;
}

/** Findings with the indices of the events each one names. */
export interface LocatedFindings {
  findings: Finding[];
  /** Event indices of each of `findings`. */
  findingEvents: number[][];
}

/** The results of the state replay of one execution: every finding, and each replica's final state. */
export interface CheckedExecution extends LocatedFindings {
  replicas: ReplicaReport[];
}

/**
 * What a trace worker is started for: loading a file and answering look-ups about it, or (in a
 * worker of its own, the load waiting for it) only a long file's first lines: their first view and
 * the estimate of the whole, which the host turns into a range to offer when the whole would not fit.
 * Read in the same thread, the first lines left the whole file's reading a quarter slower.
 * `gate`: the load reads nothing until the host sets its one element (once the first lines are read
 * and the whole fits).
 */
export type WorkerJob = { type: 'load'; request: LoadRequest; gate?: Int32Array } | { type: 'firstLines'; request: LoadRequest };

/** Files from this size (about 30,000 events) get their first lines read on their own; smaller ones draw whole in about a second. */
export const FIRST_LINES_FROM_BYTES = 8 * 1024 * 1024;

/** Whether opening `request`, a file of `fileBytes`, reads its first lines on their own (for a first view, or the estimate under a memory limit). */
export function readsFirstLines(request: LoadRequest, fileBytes: number): boolean {
  return (request.firstView === true || request.maxTraceBytes !== undefined) && request.firstBytes === undefined && fileBytes >= FIRST_LINES_FROM_BYTES;
}

/** The side bar lists at most this many conflicts of an execution (the diagram's panel has them all). */
export const LISTED_CONFLICTS = 1000;

/** A conflict as the side bar lists it: the view's, with its reason, and the label and 1-based line of each of its events. */
export interface ListedConflict extends ConflictView {
  reason: string;
  labels: string[];
  lines: number[];
}

/**
 * What the extension host keeps of one execution: what its views, status bar, Problems panel,
 * commands and debugger read, never the view itself (the worker keeps it, and cuts it in parts for
 * the webview). Before the state replay has run, `findings` are the structural checks' and `replicas` is absent.
 */
export interface ExecutionSummary extends LocatedFindings {
  name: string;
  /** Events in the execution. */
  size: number;
  replicaCount: number;
  conflictCount: number;
  /** The first LISTED_CONFLICTS of its conflicts. */
  conflicts: ListedConflict[];
  /** Per event: its 1-based line in the file (a copy of the view's). */
  line: Uint32Array;
  /** Per causal step: the event at it (a copy of the view's). */
  order: Uint32Array;
  replicas?: ReplicaReport[];
}

export interface LoadSummary {
  format: string;
  executions: ExecutionSummary[];
  /** Findings about the file as a whole (text between executions, for example). */
  findings: Finding[];
}

/** Look-ups the host asks of a loaded trace; `id` pairs each with its reply. */
export type WorkerRequest =
  | { type: 'details'; id: number; execution: number; events: number[] }
  | { type: 'find'; id: number; execution: number; query: string }
  /**
   * The next batch of the parts of an execution's view and buffers, cut for the webview
   * (engine/view/view-parts.ts): the first request naming a `stream` cuts them, each one after
   * takes the next few megabytes, until the reply says `done`.
   */
  | { type: 'parts'; id: number; execution: number; stream: number }
  /** The host stops asking for a stream's parts (a newer send of the view replaced it): the rest are dropped. */
  | { type: 'stopParts'; stream: number }
  /** A debug session's request, answered by the debug runtime beside the analysis (extension/debug/worker-runtime.ts). */
  | ({ type: 'debug'; id: number } & DebugEnvelope);

export type WorkerMessage =
  | { type: 'reading'; bytesRead: number; totalBytes: number }
  | { type: 'analysing' }
  /** A long file's first lines (a `firstLines` job), analysed on their own and cut for the webview while the whole file is read: a first view, without conflicts or findings. */
  | { type: 'firstView'; parts: Uint8Array[] }
  /** The whole file would not fit within `maxTraceBytes` (a `firstLines` job's estimate): the host stops the load and offers a range. */
  | { type: 'tooLarge'; estimate: OpeningEstimate }
  /** A `firstLines` job is over and the whole file fits (or its first lines say nothing): the load may read it. */
  | { type: 'firstLinesRead' }
  /** The trace is analysed (`summary`: what the host keeps); the state replay of each execution follows (`checked`), then the views are cut when asked for, and sent in batches (`parts`). */
  | { type: 'loaded'; summary: LoadSummary }
  | ({ type: 'checked'; execution: number } & CheckedExecution)
  | { type: 'failed'; message: string }
  | { type: 'details'; id: number; details: EventDetails[] }
  | { type: 'found'; id: number; event: number }
  /** A batch of a stream's parts, of `count` in all; `done` with its last. */
  | { type: 'parts'; id: number; parts: Uint8Array[]; count: number; done: boolean }
  | ({ type: 'debugged'; id: number } & DebugAnswer);
