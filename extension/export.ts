// Export of the active diagram: asks the webview for SVG or PNG (the whole trace, or the range on
// screen) and saves it where the user chooses, or where the command's argument says; or saves an
// interactive HTML page holding the diagram bundle and the trace (export-page.ts).

import * as vscode from 'vscode';
import type { ExportMessage } from '../webview/protocol';
import { exportPage } from './export-page';
import type { TracePanel } from './trace-panel';

export type ExportKind = 'svg' | 'png' | 'html';
/** What part of the diagram a picture holds, and whether the selection and step dimming stay. */
export type ExportScope = Pick<ExportMessage, 'range' | 'asShown'>;

const FILTERS: Record<ExportKind, Record<string, string[]>> = {
  svg: { SVG: ['svg'] },
  png: { PNG: ['png'] },
  html: { HTML: ['html'] },
};

/** An HTML export embeds every event's fields up to this many events (larger pages would be huge). */
const PAGE_DETAILS_LIMIT = 20000;

/** Asks which part of the diagram to export; undefined when the user cancels. */
async function pickScope(): Promise<ExportScope | undefined> {
  const items: (vscode.QuickPickItem & { scope: ExportScope })[] = [
    { label: vscode.l10n.t('Whole trace'), description: vscode.l10n.t('every event and lane, without the selection or step dimming'), scope: { range: 'whole', asShown: false } },
    { label: vscode.l10n.t('Range on screen'), description: vscode.l10n.t('the columns the diagram shows now, every lane'), scope: { range: 'visible', asShown: false } },
    { label: vscode.l10n.t('As shown'), description: vscode.l10n.t('the range on screen with the selection and step dimming'), scope: { range: 'visible', asShown: true } },
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Export Diagram') }))?.scope;
}

/** The HTML page: the diagram bundle, the theme the webview shows and the trace with its fields. */
async function page(panel: TracePanel, extensionUri: vscode.Uri): Promise<Uint8Array> {
  const reply = await panel.requestExport('page');
  if (reply.format !== 'page') throw new Error(vscode.l10n.t('The diagram answered the export with {0}.', reply.format));
  const read = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'dist', name)));
  // The host keeps no view: the worker cuts it in parts, put back together here for the page.
  const { buffers, conflicts, ...events } = await panel.document.view();
  const view = { ...events, conflicts: conflicts.list() };
  const details = view.size <= PAGE_DETAILS_LIMIT ? await panel.document.details(Array.from({ length: view.size }, (_, i) => i)) : [];
  const html = exportPage({ title: `${view.name} — Causeway`, script: await read('webview.js'), style: await read('webview.css'), theme: reply.data, view, buffers, details });
  return new TextEncoder().encode(html);
}

/** The file contents of an export, from the webview's reply. */
async function render(panel: TracePanel, kind: ExportKind, scope: ExportScope, extensionUri: vscode.Uri): Promise<Uint8Array> {
  if (kind === 'html') return page(panel, extensionUri);
  const reply = await panel.requestExport(kind, scope);
  if (reply.format === 'png') return reply.data;
  if (reply.format === 'svg') return new TextEncoder().encode(reply.data);
  throw new Error(vscode.l10n.t('The diagram answered the export with {0}.', reply.format));
}

/**
 * Exports the panel's diagram to `target`, or to a file the user picks (after asking which part,
 * for a picture); `scope` says which part without asking. Returns where it went.
 */
export async function exportDiagram(
  panel: TracePanel,
  kind: ExportKind,
  extensionUri: vscode.Uri,
  target?: vscode.Uri,
  scope?: ExportScope,
): Promise<vscode.Uri | undefined> {
  const { name, uri: traceUri } = panel.document;
  const chosen = scope ?? (target || kind === 'html' ? { range: 'whole' as const, asShown: false } : await pickScope());
  if (!chosen) return undefined;
  const stem = name.replace(/\.[^.]*(\.jsonl)?$/, '');
  // Never propose the trace's own file (a trace named run.svg would be written over).
  const proposed = `${stem}.${kind}` === name ? `${stem}.diagram.${kind}` : `${stem}.${kind}`;
  const defaultUri = vscode.Uri.joinPath(traceUri, '..', proposed);
  const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri, filters: FILTERS[kind], title: vscode.l10n.t('Export Diagram') }));
  if (!uri) return undefined;
  if (uri.toString() === traceUri.toString()) throw new Error(vscode.l10n.t('{0} is the trace being shown: export the diagram to another file.', name));
  await vscode.workspace.fs.writeFile(uri, await render(panel, kind, chosen, extensionUri));
  return uri;
}
