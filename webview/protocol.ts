// The one typed protocol between the extension host and the diagram webview: a discriminated
// union per direction. Both sides import it as types only; each receiver ends its `switch` on
// `type` with a `never` check, so a message added here fails the build until it is handled.

import type { Json } from '../engine/crdt/types';
import type { TimelineView, TraceView } from '../engine/view/model';

/** How the diagram is laid out: lanes as rows (time runs right) or columns (time runs down). */
export type Orientation = 'horizontal' | 'vertical';
/** What positions events along the time axis: causal depth (shared columns) or causal step. */
export type ColumnMode = 'depth' | 'step';
export type ExportFormat = 'svg' | 'png' | 'page';

/** What an exported HTML page needs of the webview: its theme (body classes and `--vscode-*` variables). */
export interface PageTheme {
  bodyClass: string;
  variables: Record<string, string>;
}

/**
 * Pending (causally buffered) operations of one replica over time, in the shape of a
 * TimelineView: `values[i]` is the list of operations waiting from `steps[i]` on (an empty list
 * when the buffer drained). `key` is ignored.
 */
export type BufferTimeline = TimelineView;

/** Full fields of one event, as the host reads them from the trace for the details panel. */
export interface EventDetails {
  event: number;
  /** The event's id as the trace names it. */
  id: string;
  /** Every field of the event (op, msg, to, time, recorded clock and state, free-form fields). */
  fields: Record<string, Json>;
  /** Why each conflict the event is in was resolved as it was, by conflict id, for the conflicts whose view carries no reason. */
  conflictReasons?: Record<string, string>;
}

/** One execution of a file with several: its name and how many events it has. */
export interface ExecutionSummary {
  name: string;
  events: number;
}

// ---------------------------------------------------------------------------------------------
// Host -> webview

/** Show a trace. Typed arrays arrive by structured clone (or transfer). Replaces any trace shown. */
export interface LoadMessage {
  type: 'load';
  view: TraceView;
  /** Per-replica causal buffers, only for replicas whose buffer was ever non-empty. */
  buffers?: BufferTimeline[];
  /** Initial step cursor (default: the last step, nothing dimmed). */
  step?: number;
  /**
   * The trace shown before with events appended (a live session, a followed file): zoom,
   * selection and settings stay, and a step cursor at the last step follows the new end.
   */
  growing?: boolean;
  /** Every execution of the file (listed in the toolbar when there are several), and which one `view` is. */
  executions?: ExecutionSummary[];
  execution?: number;
  /** The view of a long file's first lines while the rest is read: its conflicts and findings are not known yet. */
  firstView?: boolean;
}

/**
 * A trace is being opened (or read again): how far, for the progress the editor shows with its
 * Cancel. `percent` of the file read while `stage` is `reading`, of the diagram's parts received
 * while it is `drawing`; `checking`: the states are being replayed and checked (the side bar fills
 * after it), and the diagram waits for them.
 */
export interface OpeningMessage {
  type: 'opening';
  name: string;
  stage: 'starting' | 'reading' | 'analysing' | 'checking' | 'drawing';
  percent?: number;
}

/** The trace did not open: the user cancelled (a calm view offering Reopen), or it failed (why, Reopen and Open as Text). */
export interface NotOpenedMessage {
  type: 'notOpened';
  name: string;
  reason: 'cancelled' | 'failed';
  /** Why it failed, in words (for `failed`). */
  message?: string;
}

/** A file too large to open whole within the editor's memory limit (estimated from its first lines), and the leading range of it that fits. */
export interface OpeningEstimate {
  /** The whole file's size. */
  fileBytes: number;
  /** Events in the whole file, from the first lines' bytes per event. */
  events: number;
  /** Memory the trace worker would hold with the whole file open. */
  neededBytes: number;
  /** The editor's limit (causeway.maxEditorMemoryMB). */
  limitBytes: number;
  /** About this many events, the whole lines of the file's first `rangeBytes` bytes, fit within the limit. */
  rangeEvents: number;
  rangeBytes: number;
  /** Events of the first lines read (the first view's), the smallest range offered, and their bytes. */
  sampleEvents: number;
  sampleBytes: number;
}

/** The trace is too large to open whole: the editor says why and offers a range of its first events (`openRange`), keeping a first view drawn. */
export interface TooLargeMessage {
  type: 'tooLarge';
  name: string;
  estimate: OpeningEstimate;
}

/**
 * One part of a trace view cut by engine/view/wire.ts (about a quarter of a megabyte of list items
 * or one of a typed array): each crosses as a task of its own, so that no side holds its thread
 * for long. `loadParts` follows the last one.
 */
export interface LoadPartMessage {
  type: 'loadPart';
  index: number;
  count: number;
  part: Uint8Array;
}

/**
 * Every part of a view has been sent: the webview puts `{ ...view, buffers }` back together and
 * shows it as a `load`. A small view (a long file's first view) brings its `parts` in this one
 * message instead, without `loadPart` messages before it. A first view that comes again while one
 * is shown is not drawn again.
 */
export type LoadPartsMessage = Omit<LoadMessage, 'type' | 'view' | 'buffers'> & { type: 'loadParts'; parts?: Uint8Array[] };

/** Move the step cursor (the debugger drives this): events after `step` are dimmed. */
export interface SetStepMessage {
  type: 'setStep';
  step: number;
  /** Scroll the step's event into view (default true; false when a debug session ends and the last step undims all). */
  reveal?: boolean;
}

/** Scroll an event into view; with `select`, make it the selection. `event: -1` means "not found". */
export interface RevealMessage {
  type: 'reveal';
  event: number;
  select?: boolean;
  /** What was looked for, when this answers a `findEvent` request (shown when not found). */
  query?: string;
}

/** Reply to `requestDetails`: the full fields of the events asked for. */
export interface EventDetailsMessage {
  type: 'eventDetails';
  requestId: number;
  details: EventDetails[];
}

/** The user's settings for the diagram (`causeway.diagram.*`); omitted fields stay as they are. */
export interface SettingsMessage {
  type: 'settings';
  orientation?: Orientation;
  columns?: ColumnMode;
}

/**
 * Export the diagram (a command in the palette); the webview answers with `exported`. By default
 * the whole trace, every lane, without the step cursor's dimming or the selection.
 */
export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
  /** The whole trace (default), or the range of the time axis on screen. */
  range?: 'whole' | 'visible';
  /** Keep the step cursor's dimming, the selection and search matches as on screen. */
  asShown?: boolean;
}

export type HostToWebview =
  | OpeningMessage
  | NotOpenedMessage
  | TooLargeMessage
  | LoadMessage
  | LoadPartMessage
  | LoadPartsMessage
  | SetStepMessage
  | RevealMessage
  | EventDetailsMessage
  | SettingsMessage
  | ExportMessage;

// ---------------------------------------------------------------------------------------------
// Webview -> host

/** The webview has started and listens; the host answers with `load`. */
export interface ReadyMessage {
  type: 'ready';
}

/** A `load` was drawn: its event count and the time from the message to the first full frame (`firstView`: of a long file's first lines). */
export interface LoadedMessage {
  type: 'loaded';
  events: number;
  firstFrameMs: number;
  firstView?: boolean;
}

/** The selection changed (`event: -1` when cleared); `compare` is the pinned second event or -1. */
export interface SelectedMessage {
  type: 'selected';
  event: number;
  compare: number;
}

/** The user moved the step cursor (the debugger follows). */
export interface StepChangedMessage {
  type: 'stepChanged';
  step: number;
}

/** Ask for the full fields of events (for the details panel); answered by `eventDetails`. */
export interface RequestDetailsMessage {
  type: 'requestDetails';
  requestId: number;
  events: number[];
}

/** The result of an export: SVG text or PNG bytes, for the host to save. */
export type ExportedMessage =
  | { type: 'exported'; format: 'svg'; data: string }
  | { type: 'exported'; format: 'png'; data: Uint8Array }
  | { type: 'exported'; format: 'page'; data: PageTheme };

/** Open the trace file at a 1-based line in an editor. */
export interface OpenLineMessage {
  type: 'openLine';
  line: number;
}

/** Find an event by an id the webview cannot resolve itself (custom ids); answered by `reveal`. */
export interface FindEventMessage {
  type: 'findEvent';
  query: string;
}

/** The diagram's size in CSS pixels, at start and after each resize (the host opens text where it does not crush the diagram). */
export interface ViewportMessage {
  type: 'viewport';
  width: number;
  height: number;
}

/** The user chose another execution of the file in the toolbar: the host shows it (a new `load`). */
export interface ChooseExecutionMessage {
  type: 'chooseExecution';
  execution: number;
}

/** While a trace opens: the user pressed Cancel. */
export interface CancelOpeningMessage {
  type: 'cancelOpening';
}

/** After a cancelled or failed opening: the user pressed Reopen (`asText`: Open as Text). */
export interface ReopenMessage {
  type: 'reopen';
  asText?: boolean;
}

/** After `tooLarge`: the user chose to open the whole lines of the file's first `bytes` bytes. */
export interface OpenRangeMessage {
  type: 'openRange';
  bytes: number;
}

/** Something went wrong in the webview; for the host's output channel. */
export interface ErrorMessage {
  type: 'error';
  message: string;
}

export type WebviewToHost =
  | ReadyMessage
  | LoadedMessage
  | SelectedMessage
  | StepChangedMessage
  | RequestDetailsMessage
  | ExportedMessage
  | OpenLineMessage
  | FindEventMessage
  | ViewportMessage
  | ChooseExecutionMessage
  | CancelOpeningMessage
  | ReopenMessage
  | OpenRangeMessage
  | ErrorMessage;
