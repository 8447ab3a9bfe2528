// Extension-host tests of traces that grow while shown: "Follow File" redraws a trace file as
// lines are appended to it, keeping the editor open.

import * as assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { DrawnTrace } from '../../extension/trace-panel';
import { causeway, closeAllEditors, repoPath, waitFor } from './helpers';

/** Collects what the diagrams of `uri` draw, until disposed. */
async function drawings(uri: vscode.Uri): Promise<{ drawn: DrawnTrace[]; dispose(): void }> {
  const drawn: DrawnTrace[] = [];
  const subscription = (await causeway()).onDidDrawTrace((d) => {
    if (d.uri.toString() === uri.toString()) drawn.push(d);
  });
  return { drawn, dispose: () => subscription.dispose() };
}

describe('Follow File', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('causeway.stopFollowing');
    await closeAllEditors();
  });

  it('redraws a trace as events are appended to its file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'causeway-follow-')), 'growing.causal.jsonl');
    copyFileSync(repoPath('examples', 'shopping-cart.causal.jsonl'), path);
    const before = readFileSync(path, 'utf8').trim().split('\n').length - 1;
    const uri = vscode.Uri.file(path);
    const seen = await drawings(uri);
    try {
      assert.equal(await vscode.commands.executeCommand('causeway.followFile', uri), true);
      await waitFor('the first drawing', () => seen.drawn.find((d) => d.events === before));
      appendFileSync(path, '{"replica":"phone","kind":"op","key":"cart","op":{"type":"inc","value":1}}\n{"replica":"laptop","kind":"local","label":"appended"}\n');
      await waitFor('the drawing with the appended events', () => seen.drawn.find((d) => d.events === before + 2));
    } finally {
      seen.dispose();
    }
  });
});
