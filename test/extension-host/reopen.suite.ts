// Extension-host tests of opening a trace again: after its tab was closed while it opened, and after
// it failed to open and was fixed. VS Code keeps the first outcome of a custom editor's document
// for its resource, so an opening that ended in an error or a cancellation must not reach VS Code.

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { closeAllEditors, openInCauseway, repoPath, waitFor } from './helpers';

describe('Opening a trace again', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'causeway-reopen-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  afterEach(closeAllEditors);

  it('draws a trace whose tab was closed while it opened', async () => {
    // A debug session's stop on entry opens its trace's diagram; the session ends and every tab
    // closes while that diagram is still opening, then the user opens the trace. Several times,
    // as the race is lost only sometimes.
    const path = repoPath('examples', 'mv-register-siblings.causal.jsonl');
    for (let attempt = 0; attempt < 5; attempt++) {
      assert.equal(await vscode.commands.executeCommand('causeway.debugTrace', vscode.Uri.file(path)), true);
      await waitFor('its tab', () => (tabOf(vscode.Uri.file(path)) ? true : undefined));
      await vscode.debug.stopDebugging();
      await waitFor('the debug session to end', () => (vscode.debug.activeDebugSession ? undefined : true));
      await closeAllEditors();
      const drawn = await openInCauseway(path);
      assert.equal(drawn.events, 12);
      await closeAllEditors();
    }
  });

  it('draws a trace that failed to open once its file is fixed', async () => {
    const path = join(folder, 'fixed.causal.jsonl');
    writeFileSync(path, '{"format":"causeway","version":1,"replicas":["A"]}\nnot json at all\n');
    const uri = vscode.Uri.file(path);
    await vscode.commands.executeCommand('vscode.openWith', uri, 'causeway.trace').then(undefined, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await closeAllEditors();
    writeFileSync(path, '{"format":"causeway","version":1,"replicas":["A"]}\n{"replica":"A","kind":"local","label":"fixed"}\n');
    const drawn = await openInCauseway(path);
    assert.equal(drawn.events, 1);
  });
});

function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString());
}
