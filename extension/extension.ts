// Entry point of the VS Code extension (bundled to dist/extension.js): wires the trace editor, the
// Problems panel, the status bar, the side bar views and the commands together. The engine does the work.

import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerDebugger } from './debug/register';
import { registerLiveCommands } from './live/register';
import { TraceDiagnostics } from './diagnostics';
import { TraceStatusBar } from './status-bar';
import { TraceEditorProvider } from './trace-editor';
import { disposeSpareWorker, prepareWorker } from './trace-loader';
import type { OpeningState } from './trace-document';
import type { DrawnTrace } from './trace-panel';
import { registerViews, viewLabels } from './views';

/** What the extension exports to other extensions and to its extension-host tests. */
export interface CausewayApi {
  /** Fires each time a trace editor has drawn its trace, with the number of events drawn. */
  onDidDrawTrace: vscode.Event<DrawnTrace>;
  /**
   * Fires at each step of opening a trace (each percent read, analysing, open, cancelled, failed)
   * with the milliseconds since its editor asked for it: for the tests and `npm run bench:vscode`.
   */
  onDidProgressOpening: vscode.Event<{ uri: vscode.Uri; opening: OpeningState; ms: number }>;
  /** Stops opening `uri`, as its editor's Cancel does. */
  cancelOpening(uri: vscode.Uri): void;
  /** Opens the whole lines of the first `bytes` bytes of `uri`, too large to open whole, as its editor's range buttons do. */
  openRange(uri: vscode.Uri, bytes: number): void;
  /** What the Replicas, Conflicts and Findings views list at their top level for the active trace (undefined without one). */
  viewLabels(): Record<string, string[]> | undefined;
}

export function activate(context: vscode.ExtensionContext): CausewayApi {
  const log = vscode.window.createOutputChannel('Causeway', { log: true });
  const editors = new TraceEditorProvider(context.extensionUri, log, context.workspaceState);
  context.subscriptions.push(
    log,
    editors,
    ...TraceEditorProvider.viewTypes.map((viewType) =>
      vscode.window.registerCustomEditorProvider(viewType, editors, {
        webviewOptions: { retainContextWhenHidden: false },
        supportsMultipleEditorsPerDocument: false,
      }),
    ),
    new TraceDiagnostics(editors),
    new TraceStatusBar(editors),
    ...registerViews(editors),
    ...registerCommands(editors, context.extensionUri),
    ...registerDebugger(editors),
    ...registerLiveCommands(editors, log, context.globalStorageUri),
    { dispose: disposeSpareWorker },
  );
  // The first trace opened skips the worker's start.
  prepareWorker();
  return {
    onDidDrawTrace: editors.onDidDraw,
    onDidProgressOpening: editors.onDidProgressOpening,
    cancelOpening: (uri) => editors.panelFor(uri)?.document.cancelOpening(),
    openRange: (uri, bytes) => editors.panelFor(uri)?.document.openRange(bytes),
    viewLabels: () => (editors.active ? viewLabels(editors.active.document) : undefined),
  };
}
