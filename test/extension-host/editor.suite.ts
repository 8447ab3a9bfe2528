// Extension-host tests of the trace editor: every bundled example opens in the Causeway editor, and
// every imported format through "Open With", and the webview draws as many events as the engine reads.

import * as assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import * as vscode from 'vscode';
import { loadTraceFile } from '../../cli/trace-file';
import { acceptingFirstChoices, causeway, closeAllEditors, openInCauseway, repoPath, waitFor } from './helpers';

describe('Trace editor', () => {
  afterEach(closeAllEditors);

  const examples = readdirSync(repoPath('examples')).filter((f) => f.endsWith('.causal.jsonl'));

  it('finds the bundled examples', () => {
    assert.ok(examples.length >= 8, `only ${examples.length} examples`);
  });

  const drawsEveryEvent = async (path: string, viewType?: string) => {
    const expected = loadTraceFile(path).executions[0].size;
    const drawn = await openInCauseway(path, viewType);
    assert.equal(drawn.events, expected);
    assert.ok(expected > 0);
  };

  for (const example of examples) {
    it(`draws every event of ${example}`, () => drawsEveryEvent(repoPath('examples', example)));
  }

  it('opens the Jepsen example with Open Example, in the importing editor', async () => {
    const api = await causeway();
    const path = repoPath('examples', 'lost-update-register.history.edn');
    let events: number | undefined;
    const subscription = api.onDidDrawTrace((d) => {
      if (d.uri.fsPath === path) events = d.events;
    });
    try {
      await vscode.commands.executeCommand('causeway.openExample', 'lost-update-register');
      assert.equal(await waitFor('the Jepsen example drawn', () => events), loadTraceFile(path).executions[0].size);
    } finally {
      subscription.dispose();
    }
  });

  // A lone Yjs update is binary: its extension (`.yjs`) opens it in the Causeway editor.
  it('opens a real Yjs document by its extension in the Causeway editor', () => drawsEveryEvent(repoPath('test', 'fixtures', 'real', 'yjs', 'map-v1.yjs')));

  const imported = readdirSync(repoPath('test', 'fixtures', 'formats')).filter((f) => !f.endsWith('.causal.jsonl'));
  for (const fixture of imported) {
    it(`opens ${fixture} with "Open With... Causeway Trace (imported log)"`, () => drawsEveryEvent(repoPath('test', 'fixtures', 'formats', fixture), 'causeway.import'));
  }
});

describe('Text logs', () => {
  afterEach(closeAllEditors);

  it('opens a GoVector log that carries its regex header without asking for one', async () => {
    const drawn = await openInCauseway(repoPath('test', 'fixtures', 'extension', 'govector-header.log'), 'causeway.import');
    assert.equal(drawn.events, 4);
  });

  it('asks how a log without a header is written, offering the GoVector preset first', async () => {
    // Accept the first choice of each question (the GoVector preset, then "One execution").
    const drawn = await acceptingFirstChoices(() => openInCauseway(repoPath('test', 'fixtures', 'extension', 'govector-plain.log'), 'causeway.import'));
    assert.equal(drawn.events, 2);
  });
});
