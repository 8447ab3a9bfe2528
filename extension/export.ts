// Export of the active diagram: asks the webview for SVG or PNG and saves it (or an HTML page
// around the SVG) where the user chooses, or where the command's argument says.

import * as vscode from 'vscode';
import type { TracePanel } from './trace-panel';
import { escapeHtml } from './webview-html';

export type ExportKind = 'svg' | 'png' | 'html';

const FILTERS: Record<ExportKind, Record<string, string[]>> = {
  svg: { SVG: ['svg'] },
  png: { PNG: ['png'] },
  html: { HTML: ['html'] },
};

/** The file contents of an export, from the webview's reply. */
async function render(panel: TracePanel, kind: ExportKind): Promise<Uint8Array> {
  const reply = await panel.requestExport(kind === 'png' ? 'png' : 'svg');
  if (reply.format === 'png') return reply.data;
  if (kind === 'svg') return new TextEncoder().encode(reply.data);
  const { view } = panel.document.shown;
  const description = view.description ? `<p>${escapeHtml(view.description)}</p>\n` : '';
  const page = `<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>${escapeHtml(view.name)}</title></head>
<body>
<h1>${escapeHtml(view.name)}</h1>
${description}${reply.data.replace(/^<\?xml[^>]*>\s*/, '')}
</body>
</html>
`;
  return new TextEncoder().encode(page);
}

/** Exports the panel's diagram to `target`, or to a file the user picks; returns where it went. */
export async function exportDiagram(panel: TracePanel, kind: ExportKind, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const { name, uri: traceUri } = panel.document;
  const stem = name.replace(/\.[^.]*(\.jsonl)?$/, '');
  // Never propose the trace's own file (a trace named run.svg would be written over).
  const proposed = `${stem}.${kind}` === name ? `${stem}.diagram.${kind}` : `${stem}.${kind}`;
  const defaultUri = vscode.Uri.joinPath(traceUri, '..', proposed);
  const uri = target ?? (await vscode.window.showSaveDialog({ defaultUri, filters: FILTERS[kind], title: vscode.l10n.t('Export Diagram') }));
  if (!uri) return undefined;
  if (uri.toString() === traceUri.toString()) throw new Error(vscode.l10n.t('{0} is the trace being shown: export the diagram to another file.', name));
  await vscode.workspace.fs.writeFile(uri, await render(panel, kind));
  return uri;
}
