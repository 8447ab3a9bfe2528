// Extension-host tests of the debugger and the diagram in step: each stop moves the diagram's step
// cursor and selection, the end of the session undims the whole trace, imported logs debug too, and
// revealing a finding's line leaves the diagram wide enough to read.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { acceptingFirstChoices, closeAllEditors, endDebugSessions, openInCauseway, repoPath, runningDebugSession, waitFor } from './helpers';

/** What the active diagram shows (the `causeway.diagramState` command). */
interface DiagramState {
  step: number;
  selected: number;
  width: number;
}

/** Polls the active diagram until `ok` holds; fails saying what it last showed. */
async function diagramUntil(what: string, ok: (state: DiagramState) => boolean): Promise<DiagramState> {
  let last: DiagramState | undefined;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    last = await vscode.commands.executeCommand<DiagramState>('causeway.diagramState');
    if (last && ok(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`The diagram never showed ${what}; it shows ${JSON.stringify(last)}.`);
}

/** Collects the threads of the debugger's stops from now on. */
function trackStops(): { stops: number[]; tracker: vscode.Disposable } {
  const stops: number[] = [];
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('causeway', {
    createDebugAdapterTracker: () => ({
      onDidSendMessage: (message: { type: string; event?: string; body?: { threadId: number } }) => {
        if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push(message.body.threadId);
      },
    }),
  });
  return { stops, tracker };
}

describe('Debugger and diagram in step', () => {
  afterEach(async () => {
    await endDebugSessions();
    await closeAllEditors();
  });

  it("each stop selects the debugger's event in the diagram, and the end of the session undims the whole trace", async () => {
    // mv-register-siblings: event 0 (line 2) A sets red, event 1 (line 3) B sets blue; 12 events.
    const path = repoPath('examples', 'mv-register-siblings.causal.jsonl');
    const drawn = await openInCauseway(path);
    const { stops, tracker } = trackStops();
    try {
      await vscode.commands.executeCommand('causeway.debugTrace', vscode.Uri.file(path));
      const session = await waitFor('the debug session', runningDebugSession);
      await waitFor('the stop on entry', () => stops[0]);
      await diagramUntil('the first event selected at step 1', (s) => s.selected === 0 && s.step === 0);
      await session.customRequest('next', { threadId: stops[0] });
      await waitFor('the step', () => stops[1]);
      await diagramUntil('the second event selected at step 2', (s) => s.selected === 1 && s.step === 1);
      await endDebugSessions();
      const after = await diagramUntil('the last step (nothing dimmed)', (s) => s.step === drawn.events - 1);
      assert.equal(after.selected, 1, 'the selection stays where the debugger left it');
    } finally {
      tracker.dispose();
    }
  });

  it('Debug This Trace debugs an imported ShiViz log, read with the regex its editor was given', async () => {
    const { stops, tracker } = trackStops();
    try {
      // The log has no regex header: accept the first answer of each question (the GoVector preset, one execution).
      await acceptingFirstChoices(() => openInCauseway(repoPath('test', 'fixtures', 'extension', 'govector-plain.log'), 'causeway.import'));
      assert.equal(await vscode.commands.executeCommand('causeway.debugTrace'), true);
      await waitFor('the stop on entry', () => stops[0]);
      await diagramUntil('the first event selected', (s) => s.selected === 0);
    } finally {
      tracker.dispose();
    }
  });

  it("revealing a finding's line opens the text below a diagram too narrow to share its width, which stays at least 500 px wide", async () => {
    const path = repoPath('examples', 'buggy-merge.causal.jsonl');
    await openInCauseway(path);
    await vscode.commands.executeCommand('causeway.findings.focus');
    const before = await diagramUntil('its width', (s) => s.width > 0);
    // What a Findings item runs: line 5 is edge-1's buggy merge (event 3).
    await vscode.commands.executeCommand('causeway.revealEvent', { event: 3, line: 5 });
    const text = await waitFor('the trace as text', () => vscode.window.visibleTextEditors.find((e) => e.document.uri.fsPath === path));
    assert.equal(text.selection.active.line, 4);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the webview reports its size once a resize settles
    const { width } = await diagramUntil('its width after the reveal', (s) => s.width > 0);
    assert.ok(width >= 500, `the diagram is ${width} px wide (it was ${before.width} px)`);
  });
});
