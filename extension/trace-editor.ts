// The custom read-only editor for traces (`causeway.trace`): opens documents, gives each editor a
// TracePanel, and keeps track of the open documents and of the active editor for everything else.

import * as vscode from 'vscode';
import { logFormatFor } from './log-format';
import { onDidChangeDiagramSettings, diagramSettings } from './settings';
import { isCancellation, TraceDocument } from './trace-document';
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

  /** Opens `uri` in Causeway's editor unless it is open already, and returns its editor (undefined when the user cancelled). */
  async openPanel(uri: vscode.Uri, options?: vscode.TextDocumentShowOptions): Promise<TracePanel | undefined> {
    if (!this.panelFor(uri)) await vscode.commands.executeCommand('vscode.openWith', uri, 'causeway.trace', options);
    return this.panelFor(uri);
  }

  async openCustomDocument(uri: vscode.Uri, _context: vscode.CustomDocumentOpenContext, token: vscode.CancellationToken): Promise<TraceDocument> {
    try {
      const document = await TraceDocument.open(uri, this.log, this.memory, token);
      this.documentOpened.fire(document);
      return document;
    } catch (err) {
      if (isCancellation(err) || token.isCancellationRequested) throw new vscode.CancellationError();
      void offerTextEditor(uri, (err as Error).message);
      throw err;
    }
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
    for (const e of [this.activeChanged, this.documentOpened, this.drawn]) e.dispose();
  }
}

async function offerTextEditor(uri: vscode.Uri, message: string): Promise<void> {
  const openAsText = vscode.l10n.t('Open as Text');
  if ((await vscode.window.showErrorMessage(message, openAsText)) === openAsText) {
    await vscode.commands.executeCommand('vscode.openWith', uri, 'default');
  }
}
