// "Causeway: Follow File": opens a trace file in Causeway's editor and reloads it as it grows
// (like `tail -f`), until its editor closes or "Causeway: Stop Following" runs.

import { type FSWatcher, unwatchFile, watch, watchFile } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { TraceEditorProvider } from '../trace-editor';
import type { TraceDocument } from '../trace-document';
import { GrowingTrace } from './growing-trace';

/** How often the file's size is polled, besides the file system's own change events. */
const POLL_MS = 500;

interface Followed {
  growing: GrowingTrace<TraceDocument>;
  /** Stops watching; `settle`: check the file one last time as a finished trace (its editor is still open). */
  stop(settle: boolean): void;
}

export class FileFollowers implements vscode.Disposable {
  private readonly followed = new Map<string, Followed>();
  private readonly status = vscode.window.createStatusBarItem('causeway.following', vscode.StatusBarAlignment.Left, 9);

  constructor(
    private readonly editors: TraceEditorProvider,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.status.name = vscode.l10n.t('Causeway: Following');
    this.status.command = 'causeway.stopFollowing';
  }

  /** Files being followed. */
  get files(): vscode.Uri[] {
    return [...this.followed.values()].map((f) => f.growing.document.uri);
  }

  /** Follows `uri` (default: the active trace, else one the user picks), opening it in Causeway's editor. */
  async follow(uri?: vscode.Uri): Promise<boolean> {
    uri ??= this.editors.active?.document.uri ?? (await pickFile());
    if (!uri) return false;
    if (uri.scheme !== 'file') throw new Error(vscode.l10n.t('Causeway follows files on disk; {0} is not one.', uri.toString()));
    const key = uri.toString();
    if (this.followed.has(key)) return true;
    const panel = await this.editors.openPanel(uri);
    if (!panel) return false;
    const growing = new GrowingTrace(panel.document, this.log);
    const path = uri.fsPath;
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(path, () => growing.grew());
    } catch (err) {
      this.log.info(`${basename(path)}: no file system events (${(err as Error).message}); polling its size.`);
    }
    watchFile(path, { interval: POLL_MS }, (now, before) => {
      if (now.size !== before.size || now.mtimeMs !== before.mtimeMs) growing.grew();
    });
    const closed = panel.document.onDidDispose(() => this.stop(uri, false));
    this.followed.set(key, {
      growing,
      stop: (settle) => {
        watcher?.close();
        unwatchFile(path);
        closed.dispose();
        if (settle) growing.settle();
        else growing.dispose();
      },
    });
    growing.grew();
    this.log.info(`Following ${path}.`);
    this.showStatus();
    return true;
  }

  /** Stops following `uri` (default: the active trace if followed, else every followed file). */
  stop(uri?: vscode.Uri, settle = true): void {
    const key = uri?.toString() ?? this.editors.active?.document.uri.toString();
    const keys = key !== undefined && this.followed.has(key) ? [key] : uri ? [] : [...this.followed.keys()];
    for (const k of keys) {
      this.followed.get(k)!.stop(settle);
      this.followed.delete(k);
      this.log.info(`Stopped following ${vscode.Uri.parse(k).fsPath}.`);
    }
    this.showStatus();
  }

  private showStatus(): void {
    const names = this.files.map((u) => basename(u.fsPath));
    if (names.length === 0) {
      this.status.hide();
      return;
    }
    this.status.text = `$(eye) ${names.length === 1 ? vscode.l10n.t('Following {0}', names[0]) : vscode.l10n.t('Following {0} files', names.length)}`;
    this.status.tooltip = vscode.l10n.t('Causeway reloads {0} as it grows. Click to stop following.', names.join(', '));
    this.status.show();
  }

  dispose(): void {
    this.stop(undefined, false);
    this.status.dispose();
  }
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Follow File'), openLabel: vscode.l10n.t('Follow') })) ?? [];
  return uri;
}
