// One trace editor's webview: shows how opening its trace stands (progress with Cancel, or why it
// did not open), sends it the trace in parts and the settings, answers its requests (details, id
// look-ups, opening a line), and asks it for exports. Speaks only webview/protocol.ts.

import * as vscode from 'vscode';
import type { ExportedMessage, ExportFormat, ExportMessage, HostToWebview, LoadPartsMessage, WebviewToHost } from '../webview/protocol';
import { runningCausewaySession } from './debug/live-sessions';
import { diagramSettings } from './settings';
import type { OpeningState, TraceDocument } from './trace-document';
import type { PartBatch } from './trace-loader';
import { webviewHtml, webviewOptions } from './webview-html';

export interface DrawnTrace {
  uri: vscode.Uri;
  /** Events the webview drew, and the time from the `load` message to its first full frame. */
  events: number;
  firstFrameMs: number;
  /** Whether it drew a long file's first lines while the whole file is read (the whole trace follows). */
  firstView: boolean;
}

/** A line opens beside the diagram only when both keep at least this width (CSS pixels). */
const MIN_DIAGRAM_WIDTH = 500;

/**
 * Parts of a view posted before the first of them has reached the webview: each still crosses as a
 * short task of its own, without waiting for the round trip of the one before.
 */
const PARTS_IN_FLIGHT = 4;

/** How long an export may take before the command gives up. */
const EXPORT_TIMEOUT_MS = 30_000;

export class TracePanel implements vscode.Disposable {
  /** The step cursor (0-based) where the user or a command last put it; -1 at the last step. */
  step = -1;
  /** The selected event as the webview last reported it (-1 for none). */
  selected = -1;
  /** The webview's size in CSS pixels as it last reported it (0 before it has). */
  viewport = { width: 0, height: 0 };
  private readonly drawn = new vscode.EventEmitter<DrawnTrace>();
  readonly onDidDraw = this.drawn.event;
  private readonly exports = new Map<ExportFormat, (reply: ExportedMessage) => void>();
  private readonly subscriptions: vscode.Disposable[] = [];
  /** Whether the webview shows the current trace (it is discarded while hidden, and redraws after a reload). */
  private drawnNow = false;
  /** Counts the sends of the trace: a newer one stops an older one between parts. */
  private sends = 0;

  constructor(
    readonly document: TraceDocument,
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
  ) {
    panel.webview.options = webviewOptions(extensionUri);
    panel.webview.html = webviewHtml(panel.webview, extensionUri, document.name);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: WebviewToHost) => this.receive(message)),
      document.onDidChange((change) => {
        if (change === 'checks' || change === 'opening') return;
        this.step = -1;
        void this.sendTrace(change === 'grew');
      }),
      document.onDidProgress((state) => this.showOpening(state)),
      document.onDidReadFirstView(() => this.sendFirstView()),
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.drawnNow = false;
      }),
    );
  }

  /** Brings the diagram into view (without taking the focus) and resolves once it shows the trace. */
  async show(): Promise<void> {
    if (this.drawnNow && this.panel.visible) return;
    const drawn = new Promise<void>((resolve) => {
      const subscription = this.onDidDraw(({ firstView }) => {
        if (firstView) return;
        subscription.dispose();
        resolve();
      });
    });
    this.panel.reveal(undefined, true);
    await drawn;
  }

  post(message: HostToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  /** Moves the diagram's step cursor (0-based), bringing the diagram into view. */
  async setStep(step: number): Promise<void> {
    await this.show();
    this.step = step;
    this.post({ type: 'setStep', step });
  }

  /**
   * The debugger stopped on `event` (-1 before the first), at causal step `step`: the step cursor
   * moves there and the event becomes the selection, so Details show what the debugger shows.
   */
  async followDebugger(step: number, event: number): Promise<void> {
    await this.setStep(Math.max(0, step));
    if (event >= 0) this.post({ type: 'reveal', event, select: true });
  }

  /** The debug session ended: the whole trace shows again, nothing dimmed (the selection and the view stay). */
  showWholeTrace(): void {
    this.step = this.document.shown.size - 1;
    this.post({ type: 'setStep', step: this.step, reveal: false });
  }

  /** The user moved the diagram's step cursor: a Causeway debug session on this trace runs there too. */
  private runDebuggerTo(step: number): void {
    const session = runningCausewaySession();
    if (session?.configuration.trace !== this.document.uri.fsPath) return;
    const { line, order, size } = this.document.shown;
    if (step < 0 || step >= size) return;
    void vscode.commands.executeCommand('causeway.runToHere', { line: line[order[step]] });
  }

  /** Asks the webview to export the visible diagram. */
  async requestExport(format: ExportFormat, scope: Pick<ExportMessage, 'range' | 'asShown'> = {}): Promise<ExportedMessage> {
    await this.show();
    return new Promise<ExportedMessage>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.exports.delete(format);
        reject(new Error(vscode.l10n.t('The diagram did not answer the export request.')));
      }, EXPORT_TIMEOUT_MS);
      this.exports.set(format, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.post({ type: 'export', format, ...scope });
    });
  }

  /** Tells the webview how opening stands: progress with Cancel, a range offered, or why the trace did not open. */
  private showOpening(state: OpeningState): void {
    const name = this.document.name;
    // A first view still crossing stops: the trace did not open.
    if (state.state === 'cancelled' || state.state === 'failed') this.sends++;
    if (state.state === 'opening') this.post({ type: 'opening', name, stage: state.stage, percent: state.percent });
    else if (state.state === 'cancelled') this.post({ type: 'notOpened', name, reason: 'cancelled' });
    else if (state.state === 'failed') this.post({ type: 'notOpened', name, reason: 'failed', message: state.message });
    else if (state.state === 'tooLarge') this.post({ type: 'tooLarge', name, estimate: state.estimate });
  }

  /**
   * Sends the shown execution in parts the worker cut (each a short task for the extension host
   * and the workbench, which only pass bytes on); `growing` when it is the trace drawn before with
   * events appended.
   */
  private async sendTrace(growing = false): Promise<void> {
    const send = ++this.sends;
    this.drawnNow = false;
    this.post(diagramSettings());
    // The host's step cursor wins over the one the webview saved (the debugger may have moved or ended while it was hidden).
    const step = this.step >= 0 ? this.step : undefined;
    const { summary, shownIndex: execution } = this.document;
    const executions = summary.executions.map((x) => ({ name: x.name, events: x.size }));
    try {
      // A trace that only grew is drawn at once: a live session's diagram keeps up with its events.
      if (!growing) {
        const name = this.document.name;
        if (!this.document.shown.replicas) this.post({ type: 'opening', name, stage: 'checking' });
        await this.document.sideBarCaughtUp();
        if (send !== this.sends) return;
        this.post({ type: 'opening', name, stage: 'drawing', percent: 0 });
      }
      if (send !== this.sends) return;
      await this.sendParts(send, this.document.partBatches(), { type: 'loadParts', growing, step, executions, execution });
    } catch (err) {
      this.log.error(`${this.document.name}: the diagram's view could not be read from the trace worker: ${(err as Error).message}`);
    }
  }

  /**
   * Sends the view of a long file's first lines while the rest is read, in one message (a few
   * hundred kilobytes): as soon as the worker has it, and again when the page says it is ready (VS
   * Code may hand a page still loading its script a message before it listens; the page draws a
   * first view once). The whole trace replaces it.
   */
  private sendFirstView(): void {
    const parts = this.document.firstView;
    const { state } = this.document.opening;
    if (!parts || (state !== 'opening' && state !== 'tooLarge')) return;
    this.sends++;
    this.post({ type: 'loadParts', firstView: true, parts });
  }

  /**
   * Posts a view's parts in order as the worker hands them over, a batch at a time, PARTS_IN_FLIGHT
   * at a time, then `last`, unless a newer send (or the end of opening) started meanwhile (the
   * worker then drops the rest).
   */
  private async sendParts(send: number, batches: AsyncGenerator<PartBatch>, last: LoadPartsMessage): Promise<void> {
    const inFlight = new Set<PromiseLike<void>>();
    let index = 0;
    for await (const { parts, count } of batches) {
      for (const part of parts) {
        if (send !== this.sends) return;
        const posting: PromiseLike<void> = this.panel.webview.postMessage({ type: 'loadPart', index: index++, count, part } satisfies HostToWebview).then(() => void inFlight.delete(posting));
        inFlight.add(posting);
        if (inFlight.size >= PARTS_IN_FLIGHT) await Promise.race(inFlight);
      }
    }
    await Promise.all(inFlight);
    if (send === this.sends) this.post(last);
  }

  private receive(message: WebviewToHost): void {
    switch (message.type) {
      case 'ready':
        if (this.document.opening.state === 'open') void this.sendTrace();
        else {
          this.showOpening(this.document.opening);
          this.sendFirstView();
        }
        break;
      case 'cancelOpening':
        this.document.cancelOpening();
        break;
      case 'openRange':
        this.document.openRange(message.bytes);
        break;
      case 'reopen':
        if (message.asText) void vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default');
        else this.document.reopen();
        break;
      case 'loaded': {
        const firstView = message.firstView === true;
        if (!firstView) this.drawnNow = true;
        this.drawn.fire({ uri: this.document.uri, events: message.events, firstFrameMs: message.firstFrameMs, firstView });
        break;
      }
      case 'selected':
        // Kept for look-ups only; moving the step cursor, not the selection, drives the debugger.
        this.selected = message.event;
        break;
      case 'viewport':
        this.viewport = { width: message.width, height: message.height };
        break;
      case 'stepChanged':
        this.step = message.step;
        this.runDebuggerTo(message.step);
        break;
      case 'requestDetails':
        void this.document.details(message.events).then(
          (details) => this.post({ type: 'eventDetails', requestId: message.requestId, details }),
          (err: Error) => this.log.error(`Details of events ${message.events.join(', ')}: ${err.message}`),
        );
        break;
      case 'exported':
        this.exports.get(message.format)?.(message);
        this.exports.delete(message.format);
        break;
      case 'openLine':
        void showLine(this.document.uri, message.line, this);
        break;
      case 'chooseExecution':
        this.document.showExecution(message.execution);
        break;
      case 'findEvent':
        void this.document.find(message.query).then((event) => this.post({ type: 'reveal', event, select: true, query: message.query }));
        break;
      case 'error':
        this.log.error(`Diagram of ${this.document.name}: ${message.message}`);
        break;
      default: {
        const unknown: never = message;
        this.log.warn(`Unknown message from the diagram: ${JSON.stringify(unknown)}`);
      }
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.drawn.dispose();
  }
}

/** Opens the trace file as text with a 1-based line selected, where it does not crush `diagram` (see lineColumn). */
export async function showLine(uri: vscode.Uri, line: number, diagram?: TracePanel): Promise<void> {
  const position = new vscode.Position(Math.max(0, line - 1), 0);
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(document, {
    viewColumn: await lineColumn(uri, diagram),
    preserveFocus: true,
    preview: true,
    selection: new vscode.Range(position, position),
  });
}

/**
 * Where a trace's text opens: the group already showing it; else another open group; else beside
 * the diagram when both halves keep MIN_DIAGRAM_WIDTH; else in a new group below the diagram (a
 * third of the height), so the diagram keeps its whole width.
 */
async function lineColumn(uri: vscode.Uri, diagram: TracePanel | undefined): Promise<vscode.ViewColumn> {
  const shown = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString());
  if (shown?.viewColumn !== undefined) return shown.viewColumn;
  const own = diagram?.panel.viewColumn;
  if (!diagram || own === undefined) return vscode.ViewColumn.Beside;
  const other = vscode.window.tabGroups.all.find((group) => group.viewColumn !== own);
  if (other) return other.viewColumn;
  if (diagram.viewport.width >= 2 * MIN_DIAGRAM_WIDTH) return vscode.ViewColumn.Beside;
  // Orientation 1 stacks the groups: the diagram's stays first, the new one below it is the second.
  await vscode.commands.executeCommand('vscode.setEditorLayout', { orientation: 1, groups: [{ size: 0.67 }, { size: 0.33 }] });
  return vscode.ViewColumn.Two;
}
