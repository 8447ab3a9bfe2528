// Extension-host tests of how a file that does not say its format is read: JSON lines that no
// format recognises ask for a mapping of their fields (the likely fields offered first), remembered
// for the file, and Choose Log Format maps an open trace and re-opens it that way.

import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { causeway, closeAllEditors, openInCauseway, repoPath, waitFor } from './helpers';

/** Accepts the first (or pre-selected) choice of every quick pick shown until the returned function is called. */
function acceptEveryFirstChoice(): () => Promise<void> {
  let answering = true;
  const answered = (async () => {
    while (answering) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
  return () => {
    answering = false;
    return answered;
  };
}

describe('NDJSON mapping', () => {
  afterEach(closeAllEditors);
  // A copy in a folder of its own: the workspace remembers formats per file, across runs too.
  const path = join(mkdtempSync(join(tmpdir(), 'causeway-mapping-')), 'raft.ndjson');
  copyFileSync(repoPath('test', 'fixtures', 'extension', 'unmapped.ndjson'), path);

  it('asks which fields are the replica, event, sender, receiver, message id and clock of JSON lines no format recognises, and remembers them', async () => {
    const stop = acceptEveryFirstChoice();
    try {
      const drawn = await openInCauseway(path, 'causeway.import');
      assert.equal(drawn.events, 5);
    } finally {
      await stop();
    }
    await closeAllEditors();
    const again = await openInCauseway(path, 'causeway.import');
    assert.equal(again.events, 5, 'opened again with the remembered mapping, asking nothing');
  });

  it('Choose Log Format maps the open trace and re-opens it with the mapping', async () => {
    await openInCauseway(path, 'causeway.import');
    const api = await causeway();
    let redrawn: number | undefined;
    const subscription = api.onDidDrawTrace((d) => {
      if (d.uri.fsPath === path) redrawn = d.events;
    });
    const stop = acceptEveryFirstChoice();
    try {
      await vscode.commands.executeCommand('causeway.chooseLogFormat');
      assert.equal(await waitFor('the trace drawn again', () => redrawn), 5);
    } finally {
      await stop();
      subscription.dispose();
    }
  });
});
