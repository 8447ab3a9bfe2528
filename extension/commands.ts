// The `causeway.*` commands of the palette, views and walkthrough: open traces and examples,
// re-run checks, reveal events, move the step cursor, choose an execution and export.

import { basename, dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { type Converted, convertedName, convertTraceFile } from '../cli/convert';
import { eventCount } from './counts';
import { openExample } from './examples';
import { exportDiagram, type ExportKind, type ExportScope } from './export';
import { isCancellation } from './trace-document';
import type { TraceEditorProvider } from './trace-editor';
import { showLine, type TracePanel } from './trace-panel';
import type { RevealTarget } from './views';

export function registerCommands(editors: TraceEditorProvider, extensionUri: vscode.Uri): vscode.Disposable[] {
  const activePanel = (): TracePanel => {
    const panel = editors.active;
    if (!panel) throw new Error(vscode.l10n.t('Open a trace in Causeway first.'));
    return panel;
  };
  const exporter = (kind: ExportKind) => async (target?: vscode.Uri, scope?: ExportScope) => {
    const saved = await exportDiagram(activePanel(), kind, extensionUri, target, scope);
    if (saved && !target) void vscode.window.showInformationMessage(vscode.l10n.t('Saved the diagram to {0}.', vscode.workspace.asRelativePath(saved)));
    return saved;
  };

  const commands: CommandTable = {
    'causeway.openTrace': async () => {
      const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, title: vscode.l10n.t('Open Trace'), openLabel: vscode.l10n.t('Open in Causeway') })) ?? [];
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, 'causeway.trace');
    },
    'causeway.openExample': (name?: string) => openExample(extensionUri, name),
    'causeway.importTrace': async () => {
      const input = await pickTraceFile(vscode.l10n.t('Import Trace'));
      if (!input) return;
      const output = await saveAs(input, 'causeway', vscode.l10n.t('Import as a Causeway trace'));
      if (!output) return;
      const done = convertTraceFile(input.fsPath, output.fsPath, 'causeway', {}, true);
      if (done.notCarried.length > 0) void vscode.window.showWarningMessage(notCarried(done));
      await vscode.commands.executeCommand('vscode.openWith', output, 'causeway.trace');
    },
    'causeway.convertTrace': async () => {
      const input = editors.active?.document.uri ?? (await pickTraceFile(vscode.l10n.t('Convert Trace')));
      if (!input) return;
      const target = await vscode.window.showQuickPick(
        [
          { label: vscode.l10n.t('Causeway trace (.causal.jsonl)'), target: 'causeway' },
          { label: vscode.l10n.t('ShiViz / GoVector log (.log)'), target: 'shiviz' },
        ],
        { title: vscode.l10n.t('Convert {0} to', basename(input.fsPath)) },
      );
      if (!target) return;
      const output = await saveAs(input, target.target, vscode.l10n.t('Convert'));
      if (!output) return;
      const done = convertTraceFile(input.fsPath, output.fsPath, target.target, {}, true);
      const wrote = vscode.l10n.t('Wrote {0}: {1} events.', vscode.workspace.asRelativePath(output), done.events);
      if (done.notCarried.length > 0) void vscode.window.showWarningMessage(`${wrote} ${notCarried(done)}`);
      else void vscode.window.showInformationMessage(wrote);
    },
    'causeway.chooseLogFormat': () => activePanel().document.chooseLogFormat(),
    'causeway.rerunChecks': () => activePanel().document.reload(),
    'causeway.revealEvent': (target?: RevealTarget) => (target ? revealTarget(activePanel(), target) : revealAtCursor(editors)),
    'causeway.goToStep': async (step?: number) => {
      const panel = activePanel();
      const { size } = panel.document.shown;
      const chosen = step ?? (await askStep(size, panel.step));
      if (chosen !== undefined) await panel.setStep(Math.min(size, Math.max(1, chosen)) - 1);
    },
    'causeway.chooseExecution': async () => {
      const { document } = activePanel();
      const picks = document.summary.executions.map((e, i) => ({ label: e.name, description: eventCount(e.size), execution: i }));
      const chosen = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Show Execution') });
      if (chosen) document.showExecution(chosen.execution);
    },
    'causeway.exportSvg': exporter('svg'),
    'causeway.exportPng': exporter('png'),
    'causeway.exportHtml': exporter('html'),
    // Not in the palette: what the active diagram shows, for the extension-host tests.
    'causeway.diagramState': () => {
      const panel = activePanel();
      return { step: panel.step, selected: panel.selected, width: panel.panel.visible ? panel.viewport.width : 0 };
    },
  };
  return registerCommandTable(commands);
}

/** A command's handler, keyed by its id. */
export type CommandTable = Record<string, (...args: never[]) => unknown>;

/** Registers each command of the table; what one throws is shown as an error (a cancellation, silently dropped). */
export function registerCommandTable(commands: CommandTable): vscode.Disposable[] {
  return Object.entries(commands).map(([id, run]) =>
    vscode.commands.registerCommand(id, async (...args: never[]) => {
      try {
        return await run(...args);
      } catch (err) {
        if (!isCancellation(err)) void vscode.window.showErrorMessage((err as Error).message);
      }
    }),
  );
}

async function pickTraceFile(title: string): Promise<vscode.Uri | undefined> {
  const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, title, openLabel: title })) ?? [];
  return uri;
}

/** What a converted file does not carry of its input, in one message. */
function notCarried(done: Converted): string {
  return vscode.l10n.t('Not carried: {0}', done.notCarried.join(' '));
}

/**
 * Asks where to write a conversion of `input`, proposing a name beside it that is never the input's
 * own. The dialog confirms replacing a file, so the conversion may replace one (never the input).
 */
function saveAs(input: vscode.Uri, target: string, title: string): Thenable<vscode.Uri | undefined> {
  const defaultUri = vscode.Uri.file(join(dirname(input.fsPath), convertedName(input.fsPath, target)));
  return vscode.window.showSaveDialog({ defaultUri, title, saveLabel: title });
}

async function revealTarget(panel: TracePanel, target: RevealTarget): Promise<void> {
  if (target.event >= 0) {
    await panel.show();
    panel.post({ type: 'reveal', event: target.event, select: true });
  }
  if (target.line > 0) await showLine(panel.document.uri, target.line, panel);
}

/**
 * From a trace open as text: reveals the event on the cursor's line in the diagram (opening it
 * beside). From the diagram: asks for an event id.
 */
async function revealAtCursor(editors: TraceEditorProvider): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return revealById(editors);
  const { uri } = editor.document;
  const panel = await editors.openPanel(uri, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  if (!panel) return;
  await panel.show();
  const event = panel.document.eventAtLine(editor.selection.active.line + 1);
  if (event >= 0) panel.post({ type: 'reveal', event, select: true });
}

async function revealById(editors: TraceEditorProvider): Promise<void> {
  const panel = editors.active;
  if (!panel) throw new Error(vscode.l10n.t('Open a trace in Causeway first, or put the cursor on an event line of a trace.'));
  const query = await vscode.window.showInputBox({
    title: vscode.l10n.t('Reveal Event'),
    prompt: vscode.l10n.t('The id of an event as the trace names it, for example alice:3.'),
  });
  if (!query) return;
  const event = await panel.document.find(query);
  await panel.show();
  panel.post({ type: 'reveal', event, select: true, query });
}

async function askStep(size: number, current: number): Promise<number | undefined> {
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Go to Step'),
    prompt: vscode.l10n.t('A step from 1 to {0}: the diagram dims every event after it.', size),
    value: String(current >= 0 ? current + 1 : size),
    validateInput: (value) => {
      const n = Number(value);
      return Number.isInteger(n) && n >= 1 && n <= size ? undefined : vscode.l10n.t('Enter a whole number from 1 to {0}.', size);
    },
  });
  return text === undefined ? undefined : Number(text);
}
