// Extension-host tests of the export commands: the webview renders the diagram (brought back when
// hidden) and the host saves a well-formed SVG, a PNG and an interactive, self-contained HTML page.

import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ConflictView } from '../../engine/view/model';
import { closeAllEditors, openInCauseway, repoPath } from './helpers';

describe('Export', () => {
  const folder = mkdtempSync(join(tmpdir(), 'causeway-export-'));
  before(() => openInCauseway(repoPath('examples', 'shopping-cart.causal.jsonl')));
  after(closeAllEditors);

  const exportTo = async (command: string, name: string) => {
    const target = vscode.Uri.file(join(folder, name));
    const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>(command, target);
    assert.equal(saved?.fsPath, target.fsPath);
    return readFileSync(target.fsPath);
  };

  it('saves the diagram as SVG with every replica lane', async () => {
    const svg = (await exportTo('causeway.exportSvg', 'cart.svg')).toString('utf8');
    assert.match(svg, /^(<\?xml[^>]*>\s*)?<svg[\s>]/);
    assert.match(svg, /<\/svg>\s*$/);
    for (const replica of ['phone', 'laptop', 'tablet']) assert.ok(svg.includes(`>${replica}<`), `no lane named ${replica}`);
  });

  it('saves the diagram as PNG', async () => {
    const png = await exportTo('causeway.exportPng', 'cart.png');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.ok(png.length > 1000, `a PNG of ${png.length} bytes`);
  });

  it('brings a hidden diagram back to export it', async () => {
    // Another editor in the same group hides the diagram, whose webview is then discarded.
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ content: 'other' }), vscode.ViewColumn.One);
    const svg = (await exportTo('causeway.exportSvg', 'again.svg')).toString('utf8');
    assert.ok(svg.includes('>phone<'));
  });

  it('saves an HTML page holding the diagram, the trace and the theme, with no network allowed', async () => {
    const html = (await exportTo('causeway.exportHtml', 'cart.html')).toString('utf8');
    assert.match(html, /^<!DOCTYPE html>/);
    assert.ok(html.includes('<title>shopping-cart.causal.jsonl — Causeway</title>'));
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.ok(html.includes('id="causeway-trace"'), 'the trace is embedded');
    assert.match(html, /--vscode-editor-background: /, 'the theme is embedded');
    assert.doesNotMatch(html, /\s(src|href)="/, 'nothing is loaded from elsewhere');
  });

  it("embeds a trace's conflicts in the page as a list, each with its events, winners and reason", async () => {
    await openInCauseway(repoPath('examples', 'or-set-race.causal.jsonl'));
    const html = (await exportTo('causeway.exportHtml', 'race.html')).toString('utf8');
    const at = html.indexOf('id="causeway-trace"');
    const embedded = JSON.parse(html.slice(html.indexOf('>', at) + 1, html.indexOf('</script>', at))) as { view: { conflicts: ConflictView[] } };
    const [conflict, ...more] = embedded.view.conflicts;
    assert.deepEqual(more, []);
    assert.deepEqual([conflict.id, conflict.key, conflict.target, conflict.rule, conflict.events.length, conflict.winners.length], ['c1', 'basket', '"milk"', 'add-wins', 2, 1]);
    assert.match(conflict.reason ?? '', /concurrent add wins/);
  });
});
