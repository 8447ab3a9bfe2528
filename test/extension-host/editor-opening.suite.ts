// Extension-host tests of opening a trace in the editor: the tab opens at once and shows progress,
// the side bar says "still checking" until the trace is known (never "nothing found"), Cancel
// leaves a calm cancelled view in the tab (not an error editor), and Reopen opens it after all,
// drawing the file's first lines before the whole trace.

import * as assert from 'node:assert/strict';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import * as vscode from 'vscode';
import { generateNativeTrace } from '../../bench/generate-native';
import type { OpeningState } from '../../extension/trace-document';
import { causeway, closeAllEditors, openInCauseway, repoPath, waitFor } from './helpers';

/** Writes a generated trace big enough to take a while to open (about 16 MB). */
async function bigTrace(dir: string): Promise<vscode.Uri> {
  const path = join(dir, 'opening.causal.jsonl');
  const out = createWriteStream(path);
  for (const line of generateNativeTrace({ events: 60_000, replicas: 16, keys: 100, seed: 16 })) {
    if (!out.write(`${line}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return vscode.Uri.file(path);
}

/** The Causeway editor tab of `uri`, if one is open. */
function tabOf(uri: vscode.Uri): vscode.Tab | undefined {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => t.input instanceof vscode.TabInputCustom && t.input.uri.toString() === uri.toString());
}

describe('Opening a big trace', () => {
  let dir: string;
  let uri: vscode.Uri;
  const states: OpeningState['state'][] = [];
  let subscription: vscode.Disposable | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'causeway-opening-'));
    uri = await bigTrace(dir);
    const api = await causeway();
    subscription = api.onDidProgressOpening((p) => {
      if (p.uri.toString() === uri.toString()) states.push(p.opening.state);
    });
  });
  after(() => {
    subscription?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(closeAllEditors);

  it('opens its tab at once, says "still checking" in every view while it reads, and Cancel leaves a calm cancelled tab', async () => {
    const api = await causeway();
    states.length = 0;
    await vscode.commands.executeCommand('vscode.openWith', uri, 'causeway.trace');
    assert.ok(tabOf(uri), 'the tab is open while the trace is read');
    const labels = await waitFor('the views of the opening trace', () => api.viewLabels());
    for (const [view, listed] of Object.entries(labels)) assert.deepEqual(listed, ['Opening opening.causal.jsonl: still checking...'], view);
    api.cancelOpening(uri);
    await waitFor('the cancelled state', () => (states.includes('cancelled') ? true : undefined), 10_000);
    assert.ok(!states.includes('open') && !states.includes('failed'), states.join(', '));
    assert.ok(tabOf(uri), 'the tab stays, showing that opening was cancelled');
    assert.deepEqual(api.viewLabels(), Object.fromEntries(Object.keys(labels).map((v) => [v, ['Opening opening.causal.jsonl was cancelled']])));
  });

  it('opens after all when its editor is asked again, then lists what the checks found', async () => {
    const api = await causeway();
    const drawn: { events: number; firstView: boolean }[] = [];
    const draws = api.onDidDrawTrace((d) => {
      if (d.uri.toString() === uri.toString()) drawn.push({ events: d.events, firstView: d.firstView });
    });
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'causeway.trace');
      await waitFor('the whole diagram', () => drawn.find((d) => !d.firstView), 100_000);
      // A file this long (15 MB) shows its first lines while the rest is read when its editor is ready first (test/trace-worker.test.ts
      // shows they come first); never after the whole trace.
      const whole = drawn.findIndex((d) => !d.firstView);
      for (const first of drawn.slice(0, whole)) assert.ok(first.events > 1000 && first.events < 10_000, JSON.stringify(drawn));
      // The whole trace may be drawn again when the state replay fills in its timelines.
      assert.ok(drawn.slice(whole).every((d) => d.events === 60_000 && !d.firstView), JSON.stringify(drawn));
      const labels = await waitFor('the replicas once the states are replayed', () => {
        const listed = api.viewLabels();
        return listed?.['causeway.replicas'].length === 16 ? listed : undefined;
      });
      const conflicts = labels['causeway.conflicts'];
      assert.ok(!conflicts[0].startsWith('Opening'), conflicts[0]);
      // The view lists the first 100 conflicts (a longer list freezes the window while the workbench lays it out) and counts the rest.
      assert.equal(conflicts.length, 101);
      assert.match(conflicts[100], /^[\d,]+ more: see the diagram's panel$/);
    } finally {
      draws.dispose();
    }
  });
});

describe('The diagram and the side bar', () => {
  afterEach(closeAllEditors);
  after(() => vscode.commands.executeCommand('workbench.view.extension.causeway'));

  it('draws the diagram once the side bar has listed the checks, and without them when the side bar is hidden', async () => {
    const api = await causeway();
    await vscode.commands.executeCommand('workbench.view.extension.causeway');
    await openInCauseway(repoPath('examples', 'buggy-merge.causal.jsonl'));
    const findings = api.viewLabels()?.['causeway.findings'] ?? [];
    assert.ok(findings.length > 0 && !findings.some((label) => /still checking/i.test(label)), `the Findings view lists the checks: ${findings.join(' | ')}`);
    await closeAllEditors();
    // Hidden, the side bar lists nothing: the diagram does not wait for it.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const started = Date.now();
    await openInCauseway(repoPath('examples', 'causal-delivery.causal.jsonl'));
    assert.ok(Date.now() - started < 10_000, `drawn in ${Date.now() - started} ms with the side bar hidden`);
  });
});
