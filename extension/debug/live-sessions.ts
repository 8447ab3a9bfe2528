// The Causeway debug sessions still running, as their start and end events tell: VS Code's
// `activeDebugSession` can name a session after it has ended (the workbench focuses its last stop
// again while it closes), and a request to that session fails with "No debugger available".

import * as vscode from 'vscode';

/** The debug type of Causeway's sessions. */
export const DEBUG_TYPE = 'causeway';

const live: vscode.DebugSession[] = [];

/** Follows Causeway's sessions as they start and end (from activation on). */
export function trackCausewaySessions(): vscode.Disposable[] {
  return [
    vscode.debug.onDidStartDebugSession((session) => {
      if (session.type === DEBUG_TYPE) live.push(session);
    }),
    vscode.debug.onDidTerminateDebugSession((session) => {
      const at = live.findIndex((s) => s.id === session.id);
      if (at >= 0) live.splice(at, 1);
    }),
  ];
}

/** The Causeway session a command acts on: the focused one if it still runs, else the one started last; undefined when none runs. */
export function runningCausewaySession(): vscode.DebugSession | undefined {
  const focused = vscode.debug.activeDebugSession;
  return live.find((s) => s.id === focused?.id) ?? live[live.length - 1];
}
