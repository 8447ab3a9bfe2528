// The status bar item of the active trace: its events, replicas and conflicts ("Opening…" until it
// is open); hidden when no trace editor shows an open trace. Clicking it focuses the Conflicts view.

import * as vscode from 'vscode';
import { displayText } from '../engine/util/display-text';
import { conflictCount, eventCount, replicaCount } from './counts';
import type { TraceEditorProvider } from './trace-editor';
import type { TracePanel } from './trace-panel';

export class TraceStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('causeway.trace', vscode.StatusBarAlignment.Left, 100);
  private readonly subscriptions: vscode.Disposable[] = [];
  private documentChanged: vscode.Disposable | undefined;

  constructor(editors: TraceEditorProvider) {
    this.item.name = vscode.l10n.t('Causeway Trace');
    this.item.command = 'causeway.conflicts.focus';
    this.subscriptions.push(editors.onDidChangeActive((panel) => this.follow(panel)));
    this.follow(editors.active);
  }

  private follow(panel: TracePanel | undefined): void {
    this.documentChanged?.dispose();
    this.documentChanged = panel?.document.onDidChange(() => this.show(panel));
    this.show(panel);
  }

  private show(panel: TracePanel | undefined): void {
    if (!panel) return this.item.hide();
    const { document } = panel;
    if (!document.isOpen) {
      if (document.opening.state !== 'opening') return this.item.hide();
      this.item.text = `$(loading~spin) ${vscode.l10n.t('Opening {0}...', displayText(document.name))}`;
      this.item.tooltip = undefined;
      return this.item.show();
    }
    const shown = document.shown;
    const events = eventCount(shown.size);
    const replicas = replicaCount(shown.replicaCount);
    const conflicts = conflictCount(shown.conflictCount);
    this.item.text = `$(type-hierarchy) ${events} · ${replicas} · $(git-merge) ${conflicts}`;
    this.item.tooltip = vscode.l10n.t('{0}: {1}, {2}, {3}. Show the conflicts.', displayText(shown.name), events, replicas, conflicts);
    this.item.show();
  }

  dispose(): void {
    this.documentChanged?.dispose();
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
