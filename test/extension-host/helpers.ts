// Shared by the extension-host suites: the activated extension's API, opening a trace in the
// Causeway editor until its webview has drawn it, and polling for what VS Code shows.

import { join } from 'node:path';
import * as vscode from 'vscode';
import type { CausewayApi } from '../../extension/extension';
import type { DrawnTrace } from '../../extension/trace-panel';

const EXTENSION_ID = 'causeway.causeway';

export function causeway(): Thenable<CausewayApi> {
  return vscode.extensions.getExtension<CausewayApi>(EXTENSION_ID)!.activate();
}

/**
 * The debug sessions running, as their start and end events say (`activeDebugSession` can still
 * name a session after it ended), and the last starts and ends, for a failure to name.
 */
const running = new Map<string, vscode.DebugSession>();
const sessionHistory: string[] = [];
vscode.debug.onDidStartDebugSession((s) => {
  running.set(s.id, s);
  sessionHistory.push(`started ${s.name} (${s.id})`);
});
vscode.debug.onDidTerminateDebugSession((s) => {
  running.delete(s.id);
  sessionHistory.push(`ended ${s.name} (${s.id})`);
});

/** The Debug Adapter Protocol traffic of each Causeway session, in short (`> launch`, `< stopped entry`), for a failure to show. */
const traffic = new Map<string, string[]>();
vscode.debug.registerDebugAdapterTrackerFactory('causeway', {
  createDebugAdapterTracker(session) {
    const lines: string[] = [];
    traffic.set(session.id, lines);
    const line = (text: string) => lines.push(`${new Date().toISOString().slice(11, 23)} ${text}`);
    return {
      onWillReceiveMessage: (m: { command?: string }) => line(`> ${m.command}`),
      onDidSendMessage: (m: { type?: string; command?: string; event?: string; success?: boolean; message?: string; body?: { reason?: string; output?: string } }) =>
        line(m.type === 'event' ? `< ${m.event} ${m.body?.reason ?? m.body?.output?.trim() ?? ''}` : `< ${m.command} ${m.success ? 'ok' : `failed: ${m.message}`}`),
      onError: (err) => line(`error: ${err.message}`),
      onExit: (code) => line(`exit ${code}`),
    };
  },
});

/** What a failure waiting on the debugger shows: the last sessions, the DAP traffic of the last one, the stack item VS Code focuses. */
export function debugState(): string {
  const last = [...traffic.entries()].pop();
  const item = vscode.debug.activeStackItem;
  const focused = item ? `${item.session.name} (${item.session.id}) thread ${item.threadId}${item instanceof vscode.DebugStackFrame ? ` frame ${item.frameId}` : ''}` : 'none';
  return `The last sessions: ${sessionHistory.slice(-6).join(', ')}. Focused stack item: ${focused}. Traffic of ${last?.[0]}: ${last?.[1].join('; ')}.`;
}

/** The debug session started last of those still running. */
export function runningDebugSession(): vscode.DebugSession | undefined {
  return [...running.values()].pop();
}

/** Stops every debug session and waits until each has ended; fails naming those left and the last starts and ends. */
export async function endDebugSessions(): Promise<void> {
  await vscode.debug.stopDebugging();
  try {
    await waitFor('every debug session to end', () => (running.size === 0 ? true : undefined));
  } catch (err) {
    const left = [...running.values()].map((s) => `${s.name} (${s.id})`).join(', ');
    throw new Error(`${(err as Error).message} Still running: ${left}; the last sessions: ${sessionHistory.slice(-6).join(', ')}.`, { cause: err });
  }
}

/** A path inside the repository (the extension under development). */
export function repoPath(...parts: string[]): string {
  return join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, ...parts);
}

/** Polls `probe` until it returns something other than undefined. */
export async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Opens a file in a Causeway editor and resolves when its webview reports the whole trace drawn (not a long file's first view). */
export async function openInCauseway(path: string, viewType = 'causeway.trace'): Promise<DrawnTrace> {
  const api = await causeway();
  const uri = vscode.Uri.file(path);
  let drawn: DrawnTrace | undefined;
  const subscription = api.onDidDrawTrace((d) => {
    if (d.uri.toString() === uri.toString() && !d.firstView) drawn = d;
  });
  try {
    await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    return await waitFor(`the diagram of ${path}`, () => drawn).catch((err: Error) => {
      throw new Error(`${err.message} Open tabs: ${describeTabs()}`);
    });
  } finally {
    subscription.dispose();
  }
}

/** Every editor group's tabs, the active one marked, with what each shows: to explain a wait that timed out. */
function describeTabs(): string {
  return vscode.window.tabGroups.all
    .map((group, g) => {
      const tabs = group.tabs.map((tab) => {
        const input = tab.input;
        const kind = input instanceof vscode.TabInputCustom ? input.viewType : input instanceof vscode.TabInputText ? 'text' : 'other';
        return `${tab.isActive ? '*' : ''}${tab.label} (${kind})`;
      });
      return `group ${g + 1}${group.isActive ? ' (active)' : ''}: ${tabs.join(', ') || 'empty'}`;
    })
    .join('; ');
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Runs `work` while accepting the first choice of every quick pick it asks (how a text log is written, say). */
export async function acceptingFirstChoices<T>(work: () => Promise<T>): Promise<T> {
  let answering = true;
  const answers = (async () => {
    while (answering) {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  })();
  try {
    return await work();
  } finally {
    answering = false;
    await answers;
  }
}
