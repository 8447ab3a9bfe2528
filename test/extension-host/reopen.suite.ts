// Extension-host tests of opening a trace again: after its tab was closed while it opened, and after
// it failed to open and was fixed, and after the question of how a log is written was dismissed. VS Code
// keeps a cancelled opening of a custom editor's document and hangs every later one of that file.

import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { acceptingFirstChoices, closeAllEditors, debugState, endDebugSessions, openInCauseway, repoPath, waitFor } from './helpers';

describe('Opening a trace again', () => {
  let folder: string;
  before(() => {
    folder = mkdtempSync(join(tmpdir(), 'causeway-reopen-'));
  });
  after(() => rmSync(folder, { recursive: true, force: true }));
  afterEach(closeAllEditors);

  it('draws a trace whose tab was closed while it opened', async () => {
    // Debug This Trace opens the trace's diagram and debugs it; the session ends and every tab
    // closes while that diagram is still opening, then the user opens the trace. Several times,
    // as the race is lost only sometimes.
    const path = repoPath('examples', 'mv-register-siblings.causal.jsonl');
    for (let attempt = 0; attempt < 5; attempt++) {
      assert.equal(await vscode.commands.executeCommand('causeway.debugTrace', vscode.Uri.file(path)), true);
      await waitFor('its tab', () => (tabOf(vscode.Uri.file(path)) ? true : undefined)).catch((err: Error) => {
        throw new Error(`Attempt ${attempt + 1}: ${err.message} ${debugState()}`);
      });
      await endDebugSessions();
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
  it('asks again how a text log is written after the question was dismissed, and draws it', async () => {
    // A log without a regex header: its first opening asks how it is written; the user presses Escape.
    const path = join(folder, 'asked.log');
    copyFileSync(repoPath('test', 'fixtures', 'extension', 'govector-plain.log'), path);
    const opening = vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(path), 'causeway.import').then(undefined, () => undefined);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await opening;
    await closeAllEditors();
    const drawn = await acceptingFirstChoices(() => openInCauseway(path, 'causeway.import'));
    assert.ok(drawn.events > 0);
  });
});

function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString());
}
