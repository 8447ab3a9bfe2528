// The custom read-only editor for traces (`causeway.trace`): opens documents, gives each editor a
// TracePanel, and keeps track of the open documents and of the active editor for everything else.

import * as vscode from 'vscode';
import { logFormatFor } from './log-format';
import { onDidChangeDiagramSettings, diagramSettings } from './settings';
import { type OpeningState, TraceDocument } from './trace-document';
import { type DrawnTrace, TracePanel } from './trace-panel';

export class TraceEditorProvider implements vscode.CustomReadonlyEditorProvider<TraceDocument>, vscode.Disposable {
  /** Native traces open here by default; other importable formats offer it under "Open With". */
  static readonly viewTypes = ['causeway.trace', 'causeway.import'];

  private readonly panels = new Set<TracePanel>();
  private activePanel: TracePanel | undefined;
  private readonly activeChanged = new vscode.EventEmitter<TracePanel | undefined>();
  /** Fires when another trace editor becomes the active one (undefined when the last one closes). */
  readonly onDidChangeActive = this.activeChanged.event;
  private readonly documentOpened = new vscode.EventEmitter<TraceDocument>();
  readonly onDidOpenDocument = this.documentOpened.event;
  private readonly drawn = new vscode.EventEmitter<DrawnTrace>();
  /** Fires each time a webview has drawn a trace (its `loaded` message). */
  readonly onDidDraw = this.drawn.event;
  private readonly progressed = new vscode.EventEmitter<{ uri: vscode.Uri; opening: OpeningState; ms: number }>();
  /** Fires at each step of opening any trace, with the milliseconds since its editor asked for it. */
  readonly onDidProgressOpening = this.progressed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    /** The workspace's memory: how each text log is read. */
    private readonly memory: vscode.Memento,
  ) {
    this.subscriptions = [
      onDidChangeDiagramSettings(() => {
        for (const p of this.panels) p.post(diagramSettings());
      }),
    ];
  }

  /** The trace editor last active, while it is open. */
  get active(): TracePanel | undefined {
    return this.activePanel;
  }

  /** The open editor of a trace file, if any. */
  panelFor(uri: vscode.Uri): TracePanel | undefined {
    const key = uri.toString();
    return [...this.panels].find((p) => p.document.uri.toString() === key);
  }

  /** How the text log `uri` is read (the regex and delimiter its editor used), for the debugger to read it the same way. */
  logFormat(uri: vscode.Uri): Promise<{ regex?: string; delimiter?: string }> {
    return logFormatFor(uri, this.memory);
  }

  /**
   * Opens `uri` in Causeway's editor unless it is open already (opening it again if that was
   * cancelled or failed), and returns its editor once the trace is loaded (undefined when it did not open).
   */
  async openPanel(uri: vscode.Uri, options?: vscode.TextDocumentShowOptions): Promise<TracePanel | undefined> {
    if (!this.panelFor(uri)) await vscode.commands.executeCommand('vscode.openWith', uri, 'causeway.trace', options);
    const panel = this.panelFor(uri);
    if (!panel) return undefined;
    panel.document.reopen();
    return (await panel.document.opened) ? panel : undefined;
  }

  /**
   * Resolves at once (after asking how a text log without a header is written): the document
   * opens in the background while its editor shows the progress.
   */
  async openCustomDocument(uri: vscode.Uri): Promise<TraceDocument> {
    // Never rejects: VS Code keeps a cancelled opening of a file and hangs every later one until the
    // window reloads. A dismissed question is a cancelled opening in the tab, with Reopen.
    const logFormat = logFormatFor(uri, this.memory);
    await logFormat.catch(() => undefined);
    const document = TraceDocument.open(uri, this.log, this.memory, logFormat);
    // Announced once loaded: the Problems panel and the views read its trace from then on.
    const announce = document.onDidChange(() => {
      if (!document.isOpen) return;
      announce.dispose();
      this.documentOpened.fire(document);
    });
    const started = Date.now();
    const progress = document.onDidProgress((opening) => this.progressed.fire({ uri, opening, ms: Date.now() - started }));
    document.onDidDispose(() => {
      announce.dispose();
      progress.dispose();
    });
    return document;
  }

  resolveCustomEditor(document: TraceDocument, webviewPanel: vscode.WebviewPanel): void {
    const panel = new TracePanel(document, webviewPanel, this.extensionUri, this.log);
    this.panels.add(panel);
    const subscriptions = [
      panel.onDidDraw((drawn) => this.drawn.fire(drawn)),
      webviewPanel.onDidChangeViewState(() => {
        if (webviewPanel.active) this.setActive(panel);
      }),
    ];
    webviewPanel.onDidDispose(() => {
      this.panels.delete(panel);
      for (const s of subscriptions) s.dispose();
      panel.dispose();
      if (this.activePanel === panel) this.setActive([...this.panels].find((p) => p.panel.active) ?? [...this.panels].pop());
    });
    if (webviewPanel.active || !this.activePanel) this.setActive(panel);
  }

  private setActive(panel: TracePanel | undefined): void {
    if (panel === this.activePanel) return;
    this.activePanel = panel;
    this.activeChanged.fire(panel);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const e of [this.activeChanged, this.documentOpened, this.drawn, this.progressed]) e.dispose();
  }
}
