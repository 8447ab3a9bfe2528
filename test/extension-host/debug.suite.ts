// Extension-host test of the `causeway` debugger in a real VS Code: "Debug This Trace" starts an
// inline debug session on an example, which stops on entry, steps, and shows a replica's variables.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { causeway, closeAllEditors, endDebugSessions, repoPath, runningDebugSession, waitFor } from './helpers';

describe('Debugger', () => {
  // The session is over before its editors close (see endDebugSessions).
  afterEach(async () => {
    await endDebugSessions();
    await closeAllEditors();
  });

  it('Debug This Trace stops on entry, steps over, and reads a replica\'s clock', async () => {
    await causeway();
    const stops: { reason: string; threadId: number }[] = [];
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory('causeway', {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message: { type: string; event?: string; body?: { reason: string; threadId: number } }) => {
          if (message.type === 'event' && message.event === 'stopped' && message.body) stops.push(message.body);
        },
      }),
    });
    try {
      const uri = vscode.Uri.file(repoPath('examples', 'mv-register-siblings.causal.jsonl'));
      assert.equal(await vscode.commands.executeCommand('causeway.debugTrace', uri), true);
      // Opened from no tab: its diagram is open before the session starts, and the session reuses its analysis.
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs);
      assert.ok(tabs.some((t) => t.input instanceof vscode.TabInputCustom && t.input.viewType === 'causeway.trace' && t.input.uri.toString() === uri.toString()));
      const session = await waitFor('the debug session', runningDebugSession);
      await waitFor('the stop on entry', () => stops[0]);
      assert.equal(stops[0].reason, 'entry');

      await session.customRequest('next', { threadId: stops[0].threadId });
      const step = await waitFor('the step', () => stops[1]);
      assert.equal(step.reason, 'step');
      // Line 3: B sets blue, so B's clock has counted its first event.
      const { stackFrames } = (await session.customRequest('stackTrace', { threadId: step.threadId })) as { stackFrames: { id: number; line: number }[] };
      assert.equal(stackFrames[0].line, 3);
      const { result } = (await session.customRequest('evaluate', { expression: 'clock.B', frameId: stackFrames[0].id, context: 'watch' })) as { result: string };
      assert.equal(result, '1');
    } finally {
      tracker.dispose();
    }
  });
});
