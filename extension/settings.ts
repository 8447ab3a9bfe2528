// The user's `causeway.*` settings, read into the shapes the webview protocol and the loader take.

import * as vscode from 'vscode';
import type { ColumnMode, Orientation, SettingsMessage } from '../webview/protocol';
import type { LoadRequest } from './worker-protocol';

const section = () => vscode.workspace.getConfiguration('causeway');

export function diagramSettings(): SettingsMessage {
  const config = section();
  return {
    type: 'settings',
    orientation: config.get<Orientation>('diagram.orientation', 'horizontal'),
    columns: config.get<ColumnMode>('diagram.columns', 'depth'),
  };
}

/** How to read text logs: the parser regex and the execution delimiter, when set. */
export function importOptions(): Pick<LoadRequest, 'regex' | 'delimiter'> {
  const config = section();
  const regex = config.get<string>('import.regex', '').trim();
  const delimiter = config.get<string>('import.delimiter', '').trim();
  return { ...(regex ? { regex } : {}), ...(delimiter ? { delimiter } : {}) };
}

/** How much memory the analysis's replica tables may take, in bytes (causeway.maxMemoryMB). */
export function maxMatrixBytes(): number {
  return Math.max(1, section().get<number>('maxMemoryMB', 512)) * 1024 * 1024;
}

/** How much memory the editor's trace worker may hold with a whole trace open, in bytes (causeway.maxEditorMemoryMB). */
export function maxEditorMemoryBytes(): number {
  return Math.max(1, section().get<number>('maxEditorMemoryMB', 1024)) * 1024 * 1024;
}

/** Fires when a diagram setting changes. */
export function onDidChangeDiagramSettings(listener: () => void): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('causeway.diagram')) listener();
  });
}
