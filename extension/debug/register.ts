// Wires the `causeway` debugger into VS Code: the inline adapter factory, launch defaults for the
// open trace (any format, read as its editor reads it), the Debug This Trace, Run to Here and Replay
// With Strategy commands, and the diagram's step cursor and selection following each stop.

import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { TraceEditorProvider } from '../trace-editor';
import type { TracePanel } from '../trace-panel';
import { maxMatrixBytes } from '../settings';
import { LoadedTrace } from '../trace-loader';
import { type CausewayLaunchArguments, CausewayDebugSession, type GoToEventArguments } from './adapter';
import type { DebugTarget } from './connection';
import { DEBUG_TYPE, runningCausewaySession, trackCausewaySessions } from './live-sessions';
import type { StrategyChoice } from './strategy-replay';

/** A launch configuration for `trace` with the defaults the snippet uses, on the execution its editor shows. */
function launchConfiguration(editors: TraceEditorProvider, trace: vscode.Uri): vscode.DebugConfiguration {
  const document = editors.panelFor(trace)?.document;
  const execution = document?.isOpen ? document.shownIndex : 0;
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: vscode.l10n.t('Debug {0}', vscode.workspace.asRelativePath(trace)),
    trace: trace.fsPath,
    stopOnEntry: true,
    order: 'causal',
    ...(execution > 0 ? { execution } : {}),
  };
}

/**
 * Reads a text log (ShiViz, GoVector) as its editor does: the regex and delimiter remembered for it
 * (or asked once), unless the configuration names them. Other formats read without them.
 */
async function withLogFormat(editors: TraceEditorProvider, configuration: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
  if (typeof configuration.trace !== 'string' || configuration.regex !== undefined) return configuration;
  let format: { regex?: string; delimiter?: string };
  try {
    format = await editors.logFormat(vscode.Uri.file(configuration.trace));
  } catch (err) {
    // Cancelled: the user did not say how the log is written, so nothing starts. Unreadable: the adapter says why in words.
    return err instanceof vscode.CancellationError ? undefined : configuration;
  }
  return { ...(format.regex ? { regex: format.regex } : {}), ...(format.delimiter ? { delimiter: format.delimiter } : {}), ...configuration };
}

/** The diagram of the trace a session debugs, when it is open and shows the execution debugged. */
function diagramOf(editors: TraceEditorProvider, configuration: vscode.DebugConfiguration): TracePanel | undefined {
  const panel = editors.panelFor(vscode.Uri.file(String(configuration.trace ?? '')));
  const { document } = panel ?? {};
  if (!document?.isOpen || Number(configuration.execution ?? 0) !== document.shownIndex) return undefined;
  return panel;
}

/**
 * Where a session's trace is analysed: the worker of its open editor (the analysis the editor shows,
 * reused), else a worker opened for the session alone and ended with it. The extension host never reads the trace.
 */
async function openDebugTarget(editors: TraceEditorProvider, args: CausewayLaunchArguments): Promise<DebugTarget> {
  const document = editors.panelFor(vscode.Uri.file(args.trace))?.document;
  // An editor still opening the trace: its analysis is on the way; one that was cancelled or failed has none.
  if (document && (await document.opened) && document.isOpen) return { send: (envelope) => document.debug(envelope), close() {} };
  const trace = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening {0} to debug it', basename(args.trace)) }, () =>
    LoadedTrace.load(
      { path: args.trace, regex: args.regex, delimiter: args.delimiter, maxMatrixBytes: maxMatrixBytes() },
      { signal: new AbortController().signal, onProgress() {}, onChecked() {} },
    ),
  );
  return { send: (envelope) => trace.debug(envelope), close: () => trace.dispose() };
}

/** Whether a tab of any editor shows `uri`. */
function isInATab(uri: vscode.Uri): boolean {
  const key = uri.toString();
  return vscode.window.tabGroups.all.some((group) =>
    group.tabs.some(({ input }) => (input instanceof vscode.TabInputCustom || input instanceof vscode.TabInputText) && input.uri.toString() === key),
  );
}

/** The running Causeway debug session; throws in words when there is none. */
function causewaySession(): vscode.DebugSession {
  const session = runningCausewaySession();
  if (!session) throw new Error(vscode.l10n.t('Start debugging a trace first (Causeway: Debug This Trace).'));
  return session;
}

/**
 * Where Run to Here goes: a line given by a caller ({ line }), a side bar item whose command reveals
 * an event (the Conflicts and Findings views), or the cursor line of the trace open as text.
 */
function runToHereTarget(target: unknown): GoToEventArguments | undefined {
  const item = (target as { item?: vscode.TreeItem } | undefined)?.item;
  const revealed = (item?.command?.arguments?.[0] ?? target) as { line?: unknown } | undefined;
  if (typeof revealed?.line === 'number') return { line: revealed.line };
  const editor = vscode.window.activeTextEditor;
  return editor ? { line: editor.selection.active.line + 1 } : undefined;
}

export function registerDebugger(editors: TraceEditorProvider): vscode.Disposable[] {
  const openTrace = (): vscode.Uri | undefined => editors.active?.document.uri ?? vscode.window.activeTextEditor?.document.uri;
  const adapterFactory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor(session) {
      return new vscode.DebugAdapterInlineImplementation(
        // The diagram of the same trace moves its step cursor and its selection with the debugger.
        new CausewayDebugSession(
          (args) => openDebugTarget(editors, args),
          ({ causalStep, event }) => void diagramOf(editors, session.configuration)?.followDebugger(causalStep, event),
        ),
      );
    },
  };
  const configurationProvider: vscode.DebugConfigurationProvider = {
    // F5 without a launch.json: debug the trace that is open.
    resolveDebugConfiguration(_folder, configuration) {
      if (configuration.type && configuration.trace) return configuration;
      const trace = openTrace();
      if (!trace) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Open a trace to debug it, or set "trace" in the launch configuration.'));
        return undefined;
      }
      return { ...launchConfiguration(editors, trace), ...configuration, type: DEBUG_TYPE, request: 'launch', trace: configuration.trace ?? trace.fsPath };
    },
    // Any format debugs, launch.json's included: a text log is read with its remembered regex.
    resolveDebugConfigurationWithSubstitutedVariables: (_folder, configuration) => withLogFormat(editors, configuration),
  };
  return [
    ...trackCausewaySessions(),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, adapterFactory),
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, configurationProvider),
    // A session that ends (or restarts) leaves no dimming behind: the diagram shows the whole trace again.
    vscode.debug.onDidTerminateDebugSession((session) => {
      if (session.type === DEBUG_TYPE) diagramOf(editors, session.configuration)?.showWholeTrace();
    }),
    vscode.commands.registerCommand('causeway.debugTrace', async (target?: vscode.Uri) => {
      const trace = target ?? openTrace();
      if (!trace) throw new Error(vscode.l10n.t('Open a trace in Causeway first.'));
      // A trace no tab shows (from the Explorer) opens first in its default editor: a Causeway trace's
      // diagram, whose analysis the session then reuses instead of reading the file a second time.
      if (!isInATab(trace)) await vscode.commands.executeCommand('vscode.open', trace);
      return vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(trace), launchConfiguration(editors, trace));
    }),
    vscode.commands.registerCommand('causeway.runToHere', async (target?: unknown) => {
      const session = causewaySession();
      const where = runToHereTarget(target);
      if (!where) throw new Error(vscode.l10n.t('Choose an event to run to: a line of the trace, or a conflict or finding in the side bar.'));
      await session.customRequest('causeway/goToEvent', where);
    }),
    vscode.commands.registerCommand('causeway.replayWithStrategy', async () => {
      const session = causewaySession();
      const { choices } = (await session.customRequest('causeway/strategyChoices')) as { choices: StrategyChoice[] };
      if (choices.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('No conflict in this trace could be resolved by another strategy.'));
        return undefined;
      }
      const picks = choices.flatMap((c) => c.others.map((strategy) => ({ label: strategy, description: vscode.l10n.t('{0} (now {1})', c.key, c.current), key: c.key, strategy })));
      const chosen = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Replay With Strategy') });
      if (!chosen) return undefined;
      const { lines } = (await session.customRequest('causeway/replayWithStrategy', { key: chosen.key, strategy: chosen.strategy })) as { lines: string[] };
      await vscode.window.showQuickPick(lines, { title: vscode.l10n.t('{0} under {1}: how each replica would differ', chosen.key, chosen.strategy) });
      return lines;
    }),
  ];
}
