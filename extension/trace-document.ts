// A trace file opened in Causeway's editor: its trace, loaded and kept by a worker, the execution
// shown, and reloads (Rerun Checks). The editor, Problems panel, views and commands read it.

import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ReadCancelled } from '../engine/format/types';
import type { Finding } from '../engine/trace/diagnostics';
import { chooseLogFormat, logFormatFor } from './log-format';
import { maxMatrixBytes } from './settings';
import { LoadedTrace } from './trace-loader';
import type { LoadedExecution, LoadResult } from './worker-protocol';
import type { DebugAnswer, DebugEnvelope } from './debug/debug-protocol';

/** Files above this size open with a cancellable notification; smaller ones in the status bar. */
const BIG_FILE_BYTES = 16 * 1024 * 1024;
/** Session findings kept per document: enough to see what goes wrong, bounded however long a session runs. */
const MAX_SESSION_FINDINGS = 1000;

/**
 * What changed: the trace itself (reloaded, or another execution shown), the same trace with
 * events appended (its file grew: a live session, a followed file), or only its checks' results.
 */
export type TraceChange = 'trace' | 'grew' | 'checks';

export class TraceDocument implements vscode.CustomDocument {
  /** Fires after a reload, when another execution is shown, and when the state checks finish. */
  readonly onDidChange: vscode.Event<TraceChange>;
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private executionShown = 0;
  private isDisposed = false;
  private readonly reported: Finding[] = [];

  private constructor(
    readonly uri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private readonly memory: vscode.Memento,
    private trace: LoadedTrace,
    private readonly changed: vscode.EventEmitter<TraceChange>,
  ) {
    this.onDidChange = changed.event;
    this.reportChecks();
  }

  /** Opens `uri`; `memory` keeps how each text log is read (its regex and delimiter). */
  static async open(uri: vscode.Uri, log: vscode.LogOutputChannel, memory: vscode.Memento, token?: vscode.CancellationToken): Promise<TraceDocument> {
    const changed = new vscode.EventEmitter<TraceChange>();
    try {
      return new TraceDocument(uri, log, memory, await loadWithProgress(uri, log, memory, changed, token), changed);
    } catch (err) {
      changed.dispose();
      throw err;
    }
  }

  get name(): string {
    return basename(this.uri.fsPath);
  }

  get result(): LoadResult {
    return this.trace.result;
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
  get shown(): LoadedExecution {
    return this.trace.result.executions[this.executionShown];
  }

  showExecution(execution: number): void {
    if (execution === this.executionShown || !this.result.executions[execution]) return;
    this.executionShown = execution;
    this.changed.fire('trace');
  }

  /** Asks how this file is read (a text log's regex, an NDJSON mapping, or detection), and reads it again that way. */
  async chooseLogFormat(): Promise<void> {
    if (await chooseLogFormat(this.uri, this.memory)) await this.reload();
  }

  /** Reads the file again and re-runs every check. */
  async reload(options: ReloadOptions = {}): Promise<void> {
    const next = await loadWithProgress(this.uri, this.log, this.memory, this.changed, undefined, options);
    if (this.isDisposed) {
      next.dispose();
      return;
    }
    this.trace.dispose();
    this.trace = next;
    this.executionShown = Math.min(this.executionShown, next.result.executions.length - 1);
    this.changed.fire(options.growing ? 'grew' : 'trace');
    this.reportChecks();
  }

  details(events: number[]) {
    return this.trace.details(this.executionShown, events);
  }

  find(query: string): Promise<number> {
    return this.trace.find(this.executionShown, query);
  }

  /** A debug session's request, answered by the worker that holds this trace's analysis. */
  debug(envelope: DebugEnvelope): Promise<DebugAnswer> {
    return this.trace.debug(envelope);
  }

  /** The event written on a 1-based line of the file (the last one starting at or before it), or -1. */
  eventAtLine(line: number): number {
    const lines = this.shown.view.line;
    let best = -1;
    for (let e = 0; e < lines.length; e++) if (lines[e] <= line && (best < 0 || lines[e] > lines[best])) best = e;
    return best;
  }

  dispose(): void {
    this.isDisposed = true;
    this.trace.dispose();
    this.disposed.fire();
    this.changed.dispose();
    this.disposed.dispose();
  }

  /** Shows in the status bar that the state replay is running, and says when it fails. */
  private reportChecks(): void {
    const trace = this.trace;
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
}

async function loadWithProgress(
  uri: vscode.Uri,
  log: vscode.LogOutputChannel,
  memory: vscode.Memento,
  changed: vscode.EventEmitter<TraceChange>,
  token?: vscode.CancellationToken,
  { growing = false, recording = false }: ReloadOptions = {},
): Promise<LoadedTrace> {
  if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('Causeway opens trace files on disk; {0} is not one.', uri.toString()));
  const name = basename(uri.fsPath);
  const { size } = await vscode.workspace.fs.stat(uri);
  const big = size > BIG_FILE_BYTES && !growing;
  const logFormat = await logFormatFor(uri, memory);
  const started = Date.now();
  let analysing = started;
  const trace = await vscode.window.withProgress(
    { location: big ? vscode.ProgressLocation.Notification : vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening {0}', name), cancellable: big },
    async (progress, progressToken) => {
      const controller = new AbortController();
      const cancellations = [progressToken, token].map((t) => t?.onCancellationRequested(() => controller.abort()));
      let reported = 0;
      try {
        return await LoadedTrace.load(
          { path: uri.fsPath, ...logFormat, recording, maxMatrixBytes: maxMatrixBytes() },
          {
            signal: controller.signal,
            onProgress(stage) {
              if (stage === 'analysing') {
                analysing = Date.now();
                return progress.report({ message: vscode.l10n.t('analysing causality') });
              }
              const percent = stage.totalBytes > 0 ? (100 * stage.bytesRead) / stage.totalBytes : 100;
              progress.report({ increment: percent - reported, message: vscode.l10n.t('{0}% read', Math.floor(percent)) });
              reported = percent;
            },
            onChecked: () => changed.fire('checks'),
          },
        );
      } finally {
        for (const c of cancellations) c?.dispose();
      }
    },
  );
  log.info(`${name}: ${size} bytes read in ${analysing - started} ms, analysed in ${Date.now() - analysing} ms.`);
  if (trace.result.executions.length === 0) {
    trace.dispose();
    const why = trace.result.findings[0]?.message ?? '';
    throw new Error(vscode.l10n.t('{0} holds no events to show. {1}', name, why).trim());
  }
  return trace;
}

/** Whether an error only says the user cancelled the load. */
export function isCancellation(err: unknown): boolean {
  return err instanceof ReadCancelled || err instanceof vscode.CancellationError;
}
