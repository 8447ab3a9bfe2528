// Helpers of the live-session tests: a session recording to a temporary folder with everything it
// reports collected, line clients over real TCP and WebSocket connections, and waiting for a condition.

import { execFileSync, spawn } from 'node:child_process';
import { closeSync, constants, mkdtempSync, open, openSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { WebSocket } from 'ws';
import { analyzeTrace, type Analysis } from '../../engine/analysis/analyze';
import { loadTraceFile } from '../../cli/trace-file';
import { LiveServer, type LiveEvent, type LiveFinding, type LiveServerOptions, type LogEntry } from '../../extension/live/server';

export interface TestSession {
  server: LiveServer;
  events: LiveEvent[];
  findings: LiveFinding[];
  logs: LogEntry[];
  /** The hello of this session for `replica` (or none), as a line. */
  hello(replica?: string, extra?: object): string;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'causeway-live-'));
}

/** Starts a session that is closed when test `t` ends, whatever happens. */
export async function startSession(t: TestContext, options: Partial<LiveServerOptions> = {}): Promise<TestSession> {
  const events: LiveEvent[] = [];
  const findings: LiveFinding[] = [];
  const logs: LogEntry[] = [];
  const server = await LiveServer.start({
    recordingPath: join(tempDir(), 'session.causal.jsonl'),
    batchMs: 10,
    onEvents: (batch) => events.push(...batch),
    onFindings: (batch) => findings.push(...batch),
    onLog: (entry) => logs.push(entry),
    ...options,
  });
  t.after(() => server.close());
  const hello = (replica?: string, extra: object = {}) => JSON.stringify({ causeway: 'live', version: 1, token: server.token, ...(replica ? { replica } : {}), ...extra });
  return { server, events, findings, logs, hello };
}

/** Resolves once `condition` returns something truthy; fails after `ms` saying what it waited for. */
export async function waitFor<T>(what: string, condition: () => T | undefined | false, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** A client's view of one connection: what it sends and the replies it gets (parsed). */
export interface LineClient {
  send(...lines: string[]): void;
  replies: Array<Record<string, unknown>>;
  /** Resolves once the session has closed the connection. */
  closed: Promise<void>;
  close(): void;
}

export function tcpClient(port: number): Promise<LineClient & { socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const replies: Array<Record<string, unknown>> = [];
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
      const lines = text.split('\n');
      text = lines.pop()!;
      for (const line of lines) replies.push(JSON.parse(line));
    });
    const closed = new Promise<void>((done) => socket.on('close', () => done()));
    socket.once('error', reject);
    socket.once('connect', () =>
      resolve({ socket, replies, closed, send: (...lines) => socket.write(lines.map((l) => `${l}\n`).join('')), close: () => socket.end() }),
    );
  });
}

/** A WebSocket client; each send() is one message (its lines joined by line breaks). */
export function webSocketClient(port: number): Promise<LineClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/`);
    const replies: Array<Record<string, unknown>> = [];
    ws.on('message', (data) => replies.push(JSON.parse(data.toString())));
    const closed = new Promise<void>((done) => ws.on('close', () => done()));
    ws.once('error', reject);
    ws.once('open', () => resolve({ replies, closed, send: (...lines) => ws.send(lines.join('\n')), close: () => ws.close() }));
  });
}

/** An op event line of `replica` with its seq (and the replica left out when `omitReplica`). */
export function opLine(replica: string, seq: number, omitReplica = false): string {
  return JSON.stringify({ ...(omitReplica ? {} : { replica }), kind: 'op', key: 'hits', op: { type: 'inc', value: 1 }, clock: { [replica]: seq }, seq });
}

/** Loads a recording with the engine and analyses its one execution. */
export function analyzeRecording(path: string): Analysis {
  const file = loadTraceFile(path);
  return analyzeTrace(file.executions[0]);
}

/** How far each replica of a flood-client.ts child has handed complete lines to the OS. */
export interface Flood {
  written: Map<string, number>;
  exited: Promise<number | null>;
  kill(): void;
}

/** A TypeScript child process of these tests (its own event loop and heap), each JSON line it prints handed to `onLine`. */
function startChild(script: string, args: string[], onLine: (value: Record<string, unknown>) => void): { exited: Promise<number | null>; kill(): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, script), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    text += chunk;
    const lines = text.split('\n');
    text = lines.pop()!;
    for (const line of lines) onLine(JSON.parse(line) as Record<string, unknown>);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { exited, kill: () => child.kill('SIGKILL') };
}

/** Starts flood-client.ts in a child process. */
export function startFlood(port: number, token: string, replicas: number, events: number, labelBytes?: number): Flood {
  const written = new Map<string, number>();
  const child = startChild('flood-client.ts', [JSON.stringify({ port, token, replicas, events, labelBytes })], (value) => {
    const { replica, written: upTo } = value as { replica: string; written: number };
    written.set(replica, Math.max(written.get(replica) ?? 0, upTo));
  });
  return { written, ...child };
}

/** A live session in its own process (host-process.ts), and what it printed last: its port and token, then its count of recorded events. */
export function startHostProcess(recording: string) {
  const state = { port: 0, token: '', recorded: 0 };
  return { state, ...startChild('host-process.ts', [recording], (value) => Object.assign(state, value)) };
}

/**
 * Blocks every thread of libuv's pool (where file writes run) in an open() of a FIFO, as a disk
 * that stops answering would; the returned function unblocks them (once; later calls do nothing).
 */
export function stallFileWrites(): () => void {
  const dir = tempDir();
  const threads = Number(process.env.UV_THREADPOOL_SIZE ?? 4);
  const fifos = Array.from({ length: threads }, (_, i) => join(dir, `stall-${i}`));
  const readers: number[] = [];
  for (const fifo of fifos) {
    execFileSync('mkfifo', [fifo]);
    open(fifo, 'r', (error, fd) => {
      if (!error) readers.push(fd);
    });
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    for (const fifo of fifos) closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
    setTimeout(() => readers.forEach((fd) => closeSync(fd)), 100);
  };
}
