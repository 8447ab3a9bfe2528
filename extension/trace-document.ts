// A trace file opened in Causeway's editor: its trace, loaded and kept by a worker, the execution
// shown, and reloads (Rerun Checks). The editor, Problems panel, views and commands read it.

import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ReadCancelled } from '../engine/format/types';
import type { Finding } from '../engine/trace/diagnostics';
import { chooseLogFormat, logFormatFor } from './log-format';
import { TooLargeToOpen } from './opening-estimate';
import { maxEditorMemoryBytes, maxMatrixBytes } from './settings';
import { LoadedTrace, type PartBatch } from './trace-loader';
import type { OpeningEstimate } from '../webview/protocol';
import type { ExecutionSummary, LoadSummary } from './worker-protocol';
import type { DebugAnswer, DebugEnvelope } from './debug/debug-protocol';

/** How a file is read: a text log's regex and delimiter, an NDJSON mapping, or detection. */
type LogFormat = Awaited<ReturnType<typeof logFormatFor>>;

/** Session findings kept per document: enough to see what goes wrong, bounded however long a session runs. */
const MAX_SESSION_FINDINGS = 1000;
/** How long the diagram's parts wait, after the state checks, for a side bar that does not list them (hidden), in milliseconds. */
const SIDE_BAR_FIRST_MS = 250;

/**
 * What changed: the trace itself (reloaded, or another execution shown), the same trace with
 * events appended (its file grew: a live session, a followed file), its checks' results, or how
 * opening it stands.
 */
export type TraceChange = 'trace' | 'grew' | 'checks' | 'opening';

/** How opening the file stands: being read (how far), open, too large to open whole (a range is offered), cancelled by the user, or failed (why). */
export type OpeningState =
  | { state: 'opening'; stage: 'starting' | 'reading' | 'analysing'; percent?: number }
  | { state: 'open' }
  | { state: 'tooLarge'; estimate: OpeningEstimate }
  | { state: 'cancelled' }
  | { state: 'failed'; message: string };

export class TraceDocument implements vscode.CustomDocument {
  /** Fires after a reload, when another execution is shown, when the state checks finish, and when opening starts or ends. */
  readonly onDidChange: vscode.Event<TraceChange>;
  private readonly changed = new vscode.EventEmitter<TraceChange>();
  private readonly progressed = new vscode.EventEmitter<OpeningState>();
  /** Fires at each step of opening the file (every percent read), and when it ends. */
  readonly onDidProgress = this.progressed.event;
  private readonly firstViewRead = new vscode.EventEmitter<void>();
  /** Fires while a long file opens, once its first lines are read and analysed: `firstView` can be drawn. */
  readonly onDidReadFirstView = this.firstViewRead.event;
  /** While a long file opens: the view of its first lines, in parts for the webview (undefined once it is open, or without one). */
  firstView: Uint8Array[] | undefined;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private executionShown = 0;
  private isDisposed = false;
  private readonly reported: Finding[] = [];
  private trace: LoadedTrace | undefined;
  /** Settles once the side bar has listed the state checks of the trace now open (sideBarListed). */
  private checksListed: Promise<void> = Promise.resolve();
  private listChecks: () => void = () => {};
  private state: OpeningState = { state: 'opening', stage: 'starting' };
  private cancel: AbortController | undefined;
  /** The range opened instead of the whole file (the whole lines of its first this many bytes), after it was too large; undefined for the whole. */
  private rangeBytes: number | undefined;
  /** Settles when the first opening ends: true when the trace opened, false when it was cancelled or failed. */
  opened: Promise<boolean>;

  private constructor(
    readonly uri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly memory: vscode.Memento,
    logFormat: Promise<LogFormat>,
  ) {
    this.onDidChange = this.changed.event;
    this.opened = this.open(logFormat);
  }

  /**
   * A document for `uri` that starts opening at once, in the background (a worker reads it):
   * the editor shows its progress with Cancel until it is open. `memory` keeps how each text log
   * is read; `logFormat` is how this one is (asked before its editor opens, so no editor takes the
   * question's focus): when the user dismissed the question, the document starts cancelled.
   */
  static open(uri: vscode.Uri, log: vscode.LogOutputChannel, memory: vscode.Memento, logFormat: Promise<LogFormat>): TraceDocument {
    return new TraceDocument(uri, log, memory, logFormat);
  }

  get name(): string {
    return basename(this.uri.fsPath);
  }

  /** How opening the file stands. */
  get opening(): OpeningState {
    return this.state;
  }

  /** Whether a trace is loaded (it stays loaded while a reload runs). */
  get isOpen(): boolean {
    return this.trace !== undefined;
  }

  /** What the host keeps of the loaded trace (the views stay in the worker). */
  get summary(): LoadSummary {
    return this.loaded().summary;
  }

  /** Findings about the trace that its file does not hold (a live session's refused lines and repeated events). */
  get sessionFindings(): readonly Finding[] {
    return this.reported;
  }

  /** Adds findings that the file does not hold (the first MAX_SESSION_FINDINGS are kept); the Problems panel shows them. */
  addSessionFindings(findings: readonly Finding[]): void {
    const room = MAX_SESSION_FINDINGS - this.reported.length;
    if (room <= 0 || findings.length === 0) return;
    this.reported.push(...findings.slice(0, room));
    this.changed.fire('checks');
  }

  /** The execution the editor shows. */
  get shown(): ExecutionSummary {
    return this.summary.executions[this.executionShown];
  }

  /** The index of the execution the editor shows. */
  get shownIndex(): number {
    return this.executionShown;
  }

  showExecution(execution: number): void {
    if (execution === this.executionShown || !this.summary.executions[execution]) return;
    this.executionShown = execution;
    this.changed.fire('trace');
  }

  /** Asks how this file is read (a text log's regex, an NDJSON mapping, or detection), and reads it again that way. */
  async chooseLogFormat(): Promise<void> {
    if (await chooseLogFormat(this.uri, this.memory)) await this.reload();
  }

  /** Stops opening (or reading again) the file: the editor says it was cancelled, or keeps the trace it showed. A range not chosen is cancelled too. */
  cancelOpening(): void {
    this.cancel?.abort();
    if (this.state.state === 'tooLarge') this.setState({ state: 'cancelled' });
  }

  /** Opens the file again after a cancelled or failed opening (the range opened before, if any). */
  reopen(): void {
    if (this.state.state === 'opening' || this.isDisposed) return;
    this.opened = this.open();
  }

  /** After the file was too large to open whole: opens the whole lines of its first `bytes` bytes instead (a reload keeps that range). */
  openRange(bytes: number): void {
    if (this.state.state !== 'tooLarge' || this.isDisposed || !(bytes > 0)) return;
    this.rangeBytes = bytes;
    this.opened = this.open();
  }

  /** Reads the file again and re-runs every check (rejects when that fails; a cancelled reload keeps the trace shown). */
  async reload(options: ReloadOptions = {}): Promise<void> {
    if (!this.trace) {
      this.reopen();
      await this.opened;
      return;
    }
    this.cancel?.abort();
    const cancel = (this.cancel = new AbortController());
    if (!options.growing) this.setState({ state: 'opening', stage: 'starting' });
    let next: LoadedTrace;
    try {
      next = await loadWithProgress(this.uri, this.log, this.memory, this.changed, cancel.signal, { ...options, rangeBytes: this.rangeBytes }, (stage) => !options.growing && this.setState(stage));
    } catch (err) {
      if (this.cancel === cancel && !options.growing && !this.isDisposed) {
        // The trace shown before stays: the editor draws it again.
        this.setState({ state: 'open' });
        this.changed.fire('trace');
      }
      if (isCancellation(err)) return;
      throw err;
    }
    if (this.isDisposed || this.cancel !== cancel) return next.dispose();
    this.trace?.dispose();
    this.trace = next;
    this.expectListing();
    this.executionShown = Math.min(this.executionShown, next.summary.executions.length - 1);
    if (!options.growing) this.setState({ state: 'open' });
    this.changed.fire(options.growing ? 'grew' : 'trace');
    this.reportChecks();
  }

  details(events: number[]) {
    return this.loaded().details(this.executionShown, events);
  }

  /** The shown execution's view cut in parts for the webview, a batch at a time. */
  partBatches(): AsyncGenerator<PartBatch> {
    return this.loaded().partBatches(this.executionShown);
  }

  /** The shown execution's whole view and buffers, from the worker (an HTML export embeds them). */
  view() {
    return this.loaded().view(this.executionShown);
  }

  find(query: string): Promise<number> {
    return this.loaded().find(this.executionShown, query);
  }

  /** A debug session's request, answered by the worker that holds this trace's analysis. */
  debug(envelope: DebugEnvelope): Promise<DebugAnswer> {
    return this.loaded().debug(envelope);
  }

  /** The event written on a 1-based line of the file (the last one starting at or before it), or -1. */
  eventAtLine(line: number): number {
    const lines = this.shown.line;
    let best = -1;
    for (let e = 0; e < lines.length; e++) if (lines[e] <= line && (best < 0 || lines[e] > lines[best])) best = e;
    return best;
  }

  dispose(): void {
    this.isDisposed = true;
    this.cancel?.abort();
    this.trace?.dispose();
    this.disposed.fire();
    for (const emitter of [this.changed, this.progressed, this.firstViewRead, this.disposed]) emitter.dispose();
  }

  /** The first opening (or a reopening after it was cancelled or failed): the state says how it ends. */
  private async open(logFormat?: Promise<LogFormat>): Promise<boolean> {
    const cancel = (this.cancel = new AbortController());
    this.setState({ state: 'opening', stage: 'starting' });
    try {
      const known = await logFormat;
      const onFirstView = (parts: Uint8Array[]) => {
        if (this.cancel !== cancel || this.isDisposed) return;
        this.firstView = parts;
        this.firstViewRead.fire();
      };
      const trace = await loadWithProgress(this.uri, this.log, this.memory, this.changed, cancel.signal, { logFormat: known, onFirstView, rangeBytes: this.rangeBytes }, (stage) =>
        this.setState(stage),
      );
      if (this.isDisposed) {
        trace.dispose();
        return false;
      }
      this.trace = trace;
      this.expectListing();
      this.setState({ state: 'open' });
      this.changed.fire('trace');
      this.reportChecks();
      return true;
    } catch (err) {
      if (this.isDisposed) return false;
      if (isCancellation(err)) {
        this.log.info(`${this.name}: opening cancelled.`);
        this.setState({ state: 'cancelled' });
      } else if (err instanceof TooLargeToOpen) {
        this.log.warn(`${this.name}: ${err.message} A range of its first events is offered.`);
        this.setState({ state: 'tooLarge', estimate: err.estimate });
      } else {
        this.log.error(`${this.name}: ${(err as Error).message}`);
        this.setState({ state: 'failed', message: (err as Error).message });
      }
      return false;
    }
  }

  private setState(state: OpeningState): void {
    if (this.isDisposed) return;
    // A first view stays drawn while a range of a file too large to open whole is offered.
    if (state.state !== 'opening' && state.state !== 'tooLarge') this.firstView = undefined;
    const before = this.state.state;
    this.state = state;
    this.progressed.fire(state);
    if (state.state !== before) this.changed.fire('opening');
  }

  private loaded(): LoadedTrace {
    if (!this.trace) throw new Error(vscode.l10n.t('{0} is not open yet.', this.name));
    return this.trace;
  }

  private expectListing(): void {
    this.checksListed = new Promise((resolve) => (this.listChecks = resolve));
  }

  /** The side bar's Findings view listed this trace (views.ts): once its state checks are done, that is what sideBarCaughtUp waits for. */
  sideBarListed(): void {
    if (this.isOpen && this.shown.replicas) this.listChecks();
  }

  /**
   * Resolves once the side bar has listed the state checks of the trace now open, or
   * SIDE_BAR_FIRST_MS after they are done when it does not (it is hidden). The diagram's parts,
   * megabytes on the same channel to the window, are sent after it: sent at once, they held the
   * side bar's lists back by half a second at 100,000 events.
   */
  async sideBarCaughtUp(): Promise<void> {
    await this.loaded().checked.catch(() => undefined);
    await Promise.race([this.checksListed, new Promise((resolve) => setTimeout(resolve, SIDE_BAR_FIRST_MS))]);
  }

  /** Shows in the status bar that the state replay is running, and says when it fails. */
  private reportChecks(): void {
    const trace = this.loaded();
    const started = Date.now();
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking the states of {0}', this.name) }, () =>
      trace.checked.then(
        () => this.log.info(`${this.name}: states replayed and checked in ${Date.now() - started} ms.`),
        (err: Error) => {
          if (!this.isDisposed && trace === this.trace) void vscode.window.showWarningMessage(vscode.l10n.t('The state checks of {0} stopped: {1}', this.name, err.message));
        },
      ),
    );
  }
}

/** How a file that changed is read again. */
export interface ReloadOptions {
  /** The file only grew since (a live recording, a followed file): the reload is quiet and the diagram keeps the user's place. */
  growing?: boolean;
  /** It is still being written: what more events may resolve is not a warning yet, and a last line without its line break waits. */
  recording?: boolean;
  /** Read only the whole lines of the file's first this many bytes (a range of a file too large to open whole). */
  rangeBytes?: number;
}

/** How often, at most, the reading's progress is reported (in milliseconds). */
const PROGRESS_EVERY_MS = 200;

/** Loads the file in a worker, with progress in the status bar and through `onStage`; rejects with ReadCancelled when `signal` aborts. */
async function loadWithProgress(
  uri: vscode.Uri,
  log: vscode.LogOutputChannel,
  memory: vscode.Memento,
  changed: vscode.EventEmitter<TraceChange>,
  signal: AbortSignal,
  { recording = false, logFormat: known, onFirstView, rangeBytes }: ReloadOptions & { logFormat?: LogFormat; onFirstView?: (parts: Uint8Array[]) => void },
  onStage: (stage: Extract<OpeningState, { state: 'opening' }>) => void,
): Promise<LoadedTrace> {
  if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('Causeway opens trace files on disk; {0} is not one.', uri.toString()));
  const name = basename(uri.fsPath);
  const { size } = await vscode.workspace.fs.stat(uri);
  const logFormat = known ?? (await logFormatFor(uri, memory));
  const started = Date.now();
  let analysing = started;
  const trace = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening {0}', name) }, async (progress) => {
    let reported = -1;
    let reportedAt = 0;
    return LoadedTrace.load(
      {
        path: uri.fsPath,
        ...logFormat,
        recording,
        maxMatrixBytes: maxMatrixBytes(),
        firstView: onFirstView !== undefined,
        // A file still being written is not judged by its first lines at every reload.
        ...(rangeBytes !== undefined ? { firstBytes: rangeBytes } : recording ? {} : { maxTraceBytes: maxEditorMemoryBytes() }),
      },
      {
        signal,
        onFirstView,
        onProgress(stage) {
          if (stage === 'analysing') {
            analysing = Date.now();
            progress.report({ message: vscode.l10n.t('analysing causality') });
            return onStage({ state: 'opening', stage: 'analysing' });
          }
          const percent = Math.floor(stage.totalBytes > 0 ? (100 * stage.bytesRead) / stage.totalBytes : 100);
          // Each report redraws the status bar and the editor's meter: a few a second move smoothly and leave the window idle.
          if (percent === reported || (percent < 100 && Date.now() - reportedAt < PROGRESS_EVERY_MS)) return;
          reported = percent;
          reportedAt = Date.now();
          progress.report({ message: vscode.l10n.t('{0}% read', percent) });
          onStage({ state: 'opening', stage: 'reading', percent });
        },
        onChecked: () => changed.fire('checks'),
      },
    );
  });
  log.info(`${name}: ${size} bytes read in ${analysing - started} ms, analysed in ${Date.now() - analysing} ms.`);
  if (trace.summary.executions.length === 0) {
    trace.dispose();
    const why = trace.summary.findings[0]?.message ?? '';
    throw new Error(vscode.l10n.t('{0} holds no events to show. {1}', name, why).trim());
  }
  return trace;
}

/** Whether an error only says the user cancelled the load. */
export function isCancellation(err: unknown): boolean {
  return err instanceof ReadCancelled || err instanceof vscode.CancellationError;
}
