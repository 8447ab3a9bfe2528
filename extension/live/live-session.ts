// "Causeway: Start Live Session": a LiveServer on 127.0.0.1 recording to a `.causal.jsonl` file,
// the recording open in Causeway's editor and redrawn as events arrive, the session's state in the
// status bar, its token copyable, and what it refuses in the output channel and Problems panel.

import { mkdirSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import type { TraceEditorProvider } from '../trace-editor';
import type { TraceDocument } from '../trace-document';
import { GrowingTrace } from './growing-trace';
import { otelEnvironment } from './otlp-http';
import { newRecordingPath } from './recording';
import { type LiveConnectionInfo, type LiveFinding, LiveServer, type RecordingHeader } from './server';
import { groupedCount } from '../../engine/util/count-text';

/** What a started session tells its caller (commands, the simulator, tests). */
export interface LiveSessionInfo {
  port: number;
  token: string;
  recording: vscode.Uri;
}

interface RunningSession {
  server: LiveServer;
  recording: vscode.Uri;
  growing?: GrowingTrace<TraceDocument>;
  connections: LiveConnectionInfo[];
  events: number;
}

/** How often the status bar's counts are refreshed while events arrive. */
const STATUS_REFRESH_MS = 500;

export class LiveSessions implements vscode.Disposable {
  private session: RunningSession | undefined;
  private readonly status = vscode.window.createStatusBarItem('causeway.liveSession', vscode.StatusBarAlignment.Left, 10);
  private statusTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly editors: TraceEditorProvider,
    private readonly log: vscode.LogOutputChannel,
    private readonly storage: vscode.Uri,
  ) {
    this.status.name = vscode.l10n.t('Causeway: Live Session');
    this.status.command = 'causeway.showLiveSession';
  }

  get running(): LiveSessionInfo | undefined {
    const s = this.session;
    return s && { port: s.server.port, token: s.server.token, recording: s.recording };
  }

  /**
   * Starts a session (or returns the running one), opening its recording in Causeway's editor.
   * `header` gives a new recording its description and lane order (a running session keeps its own).
   */
  async start(header?: RecordingHeader): Promise<LiveSessionInfo> {
    if (this.session) return this.running!;
    if (!vscode.workspace.isTrusted) throw new Error(vscode.l10n.t('Live sessions listen on a local port, so they are off in untrusted workspaces. Trust this workspace to start one.'));
    const config = vscode.workspace.getConfiguration('causeway.live');
    const folder = this.recordingFolder(config.get<string>('recordingFolder', ''));
    mkdirSync(folder, { recursive: true });
    const recordingPath = newRecordingPath(folder, new Date());
    const server = await LiveServer.start({
      recordingPath,
      header,
      port: config.get<number>('port', 0),
      onEvents: (events) => {
        if (!this.session) return;
        this.session.events += events.length;
        this.session.growing?.grew();
      },
      onFindings: (findings) => this.report(findings),
      onLog: (entry) => this.log[entry.level === 'warning' ? 'warn' : entry.level](`Live session: ${entry.message}`),
      onConnections: (connections) => {
        if (this.session) this.session.connections = connections;
        this.showStatus();
      },
      onStopped: (error) => {
        void vscode.window.showErrorMessage(vscode.l10n.t('The live session stopped: {0}', error.message));
        void this.stop();
      },
    });
    const recording = vscode.Uri.file(server.recordingPath);
    this.session = { server, recording, connections: [], events: 0 };
    this.log.info(`Live session listening on 127.0.0.1:${server.port}, recording to ${server.recordingPath}.`);
    await vscode.commands.executeCommand('setContext', 'causeway.liveSession', true);
    this.statusTimer = setInterval(() => this.showStatus(), STATUS_REFRESH_MS);
    this.showStatus();
    await this.openRecording();
    void this.announce();
    return this.running!;
  }

  /** Opens (or shows) the recording in Causeway's editor, redrawn as it grows. */
  async openRecording(): Promise<void> {
    const s = this.session;
    if (!s) return;
    const panel = await this.editors.openPanel(s.recording);
    if (!panel || s.growing?.document === panel.document) return;
    s.growing?.dispose();
    const growing = new GrowingTrace(panel.document, this.log);
    s.growing = growing;
    panel.document.onDidDispose(() => {
      growing.dispose();
      if (s.growing === growing) s.growing = undefined;
    });
    growing.grew();
  }

  /** Stops listening, closes the recording and redraws it one last time. */
  async stop(): Promise<void> {
    const s = this.session;
    if (!s) return;
    this.session = undefined;
    clearInterval(this.statusTimer);
    this.status.hide();
    await s.server.close();
    s.growing?.settle();
    await vscode.commands.executeCommand('setContext', 'causeway.liveSession', false);
    this.log.info(`Live session stopped: ${s.events} events recorded in ${s.recording.fsPath}.`);
    void vscode.window.showInformationMessage(vscode.l10n.t('The live session recorded {0} events to {1}.', s.events, vscode.workspace.asRelativePath(s.recording)));
  }

  /** What the user can do with the running session: copy its token, address or exporter settings, open its recording, stop it. */
  async show(): Promise<void> {
    const info = this.running;
    if (!info) return;
    const actions = [
      { label: `$(key) ${vscode.l10n.t('Copy Token')}`, run: () => copy(info.token, vscode.l10n.t('Token copied.')) },
      { label: `$(plug) ${vscode.l10n.t('Copy Address')}`, description: `127.0.0.1:${info.port}`, run: () => copy(`127.0.0.1:${info.port}`, vscode.l10n.t('Address copied.')) },
      {
        label: `$(code) ${vscode.l10n.t('Copy Connection Settings')}`,
        description: vscode.l10n.t('for causeway/client'),
        run: () => copy(JSON.stringify({ host: '127.0.0.1', port: info.port, token: info.token }), vscode.l10n.t('Connection settings copied.')),
      },
      {
        label: `$(pulse) ${vscode.l10n.t('Copy OpenTelemetry Settings')}`,
        description: vscode.l10n.t('environment variables for an OTLP/HTTP exporter'),
        run: () => copy(otelEnvironment(info.port, info.token), vscode.l10n.t('OpenTelemetry settings copied: set them in the environment of the instrumented process.')),
      },
      { label: `$(go-to-file) ${vscode.l10n.t('Open Recording')}`, description: basename(info.recording.fsPath), run: () => this.openRecording() },
      { label: `$(debug-stop) ${vscode.l10n.t('Stop Live Session')}`, run: () => this.stop() },
    ];
    const connections = this.session?.connections ?? [];
    const chosen = await vscode.window.showQuickPick(actions, {
      title: vscode.l10n.t('Live session on 127.0.0.1:{0}', info.port),
      placeHolder: connections.length === 0 ? vscode.l10n.t('No replica connected yet') : connections.map((c) => c.replica ?? c.remote).join(', '),
    });
    await chosen?.run();
  }

  private async announce(): Promise<void> {
    const info = this.running;
    if (!info) return;
    const copyToken = vscode.l10n.t('Copy Token');
    const chosen = await vscode.window.showInformationMessage(
      vscode.l10n.t('Live session listening on 127.0.0.1:{0}. Replicas connect with its token (TCP lines, WebSocket, or an OpenTelemetry OTLP/HTTP exporter at /v1/traces) and their events appear as they arrive.', info.port),
      copyToken,
    );
    if (chosen === copyToken) await copy(info.token, vscode.l10n.t('Token copied.'));
  }

  /** Findings about what the recording does not hold (refused lines, repeated events) go to the Problems panel; the rest the engine finds again. */
  private report(findings: LiveFinding[]): void {
    for (const f of findings) this.log.warn(`Live session: ${f.message}`);
    this.session?.growing?.document.addSessionFindings(findings.filter((f) => f.line === 0));
  }

  private showStatus(): void {
    const s = this.session;
    if (!s) return;
    const replicas = new Set(s.connections.map((c) => c.replica ?? c.remote)).size;
    const stats = s.server.stats();
    this.status.text = `$(broadcast) ${vscode.l10n.t('Live :{0} · {1} events · {2} connected', s.server.port, groupedCount(stats.recorded), replicas)}`;
    this.status.tooltip = vscode.l10n.t('Causeway live session on 127.0.0.1:{0}, recording to {1}. Click for its token, address and recording.', s.server.port, s.recording.fsPath);
    this.status.show();
  }

  private recordingFolder(setting: string): string {
    const workspace = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    if (setting) return workspace && !isAbsolute(setting) ? join(workspace, setting) : setting;
    return workspace ? join(workspace, '.causeway', 'recordings') : join(this.storage.fsPath, 'recordings');
  }

  dispose(): void {
    void this.stop();
    this.status.dispose();
  }
}

async function copy(text: string, done: string): Promise<void> {
  await vscode.env.clipboard.writeText(text);
  void vscode.window.setStatusBarMessage(`$(check) ${done}`, 3000);
}

