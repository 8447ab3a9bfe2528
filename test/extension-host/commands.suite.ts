// Extension-host tests of the commands that connect a trace's text and its diagram: Reveal Event
// in Diagram from a trace open as text opens the diagram beside it and draws it.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { causeway, closeAllEditors, repoPath, waitFor } from './helpers';
import type { DrawnTrace } from '../../extension/trace-panel';

describe('Commands', () => {
  afterEach(closeAllEditors);

  it('Reveal Event in Diagram, from a trace open as text, opens its diagram beside', async () => {
    const api = await causeway();
    const uri = vscode.Uri.file(repoPath('examples', 'or-set-race.causal.jsonl'));
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    editor.selection = new vscode.Selection(6, 0, 6, 0);
    let drawn: DrawnTrace | undefined;
    const subscription = api.onDidDrawTrace((d) => (drawn = d));
    try {
      await vscode.commands.executeCommand('causeway.revealEvent');
      await waitFor('the diagram beside the text', () => drawn);
    } finally {
      subscription.dispose();
    }
    const groups = vscode.window.tabGroups.all.map((g) => g.tabs.map((t) => (t.input instanceof vscode.TabInputCustom ? 'diagram' : 'text')));
    assert.deepEqual(groups, [['text'], ['diagram']]);
  });
});
