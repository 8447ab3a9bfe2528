// Entry point of the VS Code extension (bundled to dist/extension.js): wires the trace editor, the
// Problems panel, the status bar, the side bar views and the commands together. The engine does the work.

import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerDebugger } from './debug/register';
import { registerLiveCommands } from './live/register';
import { TraceDiagnostics } from './diagnostics';
import { TraceStatusBar } from './status-bar';
import { TraceEditorProvider } from './trace-editor';
import type { DrawnTrace } from './trace-panel';
import { registerViews } from './views';

/** What the extension exports to other extensions and to its extension-host tests. */
export interface CausewayApi {
  /** Fires each time a trace editor has drawn its trace, with the number of events drawn. */
  onDidDrawTrace: vscode.Event<DrawnTrace>;
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
  );
  return { onDidDrawTrace: editors.onDidDraw };
}
