// The live session's server (docs/live-protocol.md): one port on 127.0.0.1 for plain TCP lines,
// WebSockets and OTLP/HTTP spans (told apart by the first bytes), a token on every connection's hello or request, everything
// accepted appended to a recording, events and findings handed to the host in batches, and
// back-pressure to the clients when the recording falls behind or the host holds the session.
// No vscode here: the extension's commands drive it.

import { rm } from 'node:fs/promises';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { basename } from 'node:path';
import { LiveConnection, type ConnectionLimits, type LiveTransport, type LogEntry, type SessionSide } from './connection';
import { Entrance, remoteOf } from './entrance';
import { FlowGate } from './flow';
import { LiveIngest, type IngestCounts, type LiveEvent, type LiveFinding } from './ingest';
import { LiveSpans } from './live-spans';
import { type OtlpSessionSide, serveOtlp } from './otlp-http';
import type { HelloAccepted } from './protocol';
import { RecordingWriter } from './recording';
import { RefusalLimiter, type RefusalPolicy } from './refusals';
import { createSessionToken } from './token';

export type { LiveEvent, LiveFinding, LogEntry };

/** A recording header's description and lane order, from whatever started the session (a simulation's preset). */
export interface RecordingHeader {
  description?: string;
  replicas?: string[];
}

export interface LiveServerOptions {
  /** The recording to create (it must not exist yet). */
  recordingPath: string;
  /** The port on 127.0.0.1; 0 (the default) picks a free one. */
  port?: number;
  /** The session's token; a new random one by default. */
  token?: string;
  /** The session's name (in the hello reply and the recording's header); the recording's name by default. */
  sessionName?: string;
  /** What the recording's header says besides the name: a description (default: when it was recorded) and the replicas in display order. */
  header?: RecordingHeader;
  /** Longest line accepted, in bytes (default 1 MiB). */
  maxLineBytes?: number;
  /** Connections stop reading while the recording's backlog (characters) is above this (default 8 MiB)... */
  backlogHigh?: number;
  /** ...until it falls to this (default a quarter of backlogHigh). */
  backlogLow?: number;
  /** Characters taken in per turn of the event loop before reading waits for the next turn (default 128 Ki), so the host's other work runs between. */
  turnBudget?: number;
  /** How often events and findings are handed to the host, in ms (default 100). */
  batchMs?: number;
  /** A connection that has not said hello this many ms after it was accepted is refused and closed, whatever it sent (default 10,000). */
  helloTimeoutMs?: number;
  /** Connections at the same time, counting those that have not said hello yet (default 256). */
  maxConnections?: number;
  /** How refused connections are logged and slowed down, per client address (see RefusalLimiter). */
  refusals?: Partial<RefusalPolicy>;
  /** Largest OTLP/HTTP request body taken, in bytes (default 16 MiB). */
  maxRequestBytes?: number;
  /** Longest an OTLP span waits for its parent before it is recorded without it, in ms (default 10,000). */
  spanHoldMs?: number;
  /** Refused lines reported per connection (default 20; later ones are still answered). */
  maxReportsPerConnection?: number;
  /** Accepted events, in arrival order, a batch at a time. */
  onEvents?: (events: LiveEvent[]) => void;
  /** Lost and repeated events, refused lines. */
  onFindings?: (findings: LiveFinding[]) => void;
  /** Connections joining and leaving, refused connections and lines: for an output channel. */
  onLog?: (entry: LogEntry) => void;
  /** The connections changed (one said hello or closed). */
  onConnections?: (connections: LiveConnectionInfo[]) => void;
  /** The session stopped by itself because the recording could not be written. */
  onStopped?: (error: Error) => void;
}

export interface LiveConnectionInfo {
  id: number;
  transport: 'tcp' | 'websocket';
  /** address:port of the client. */
  remote: string;
  /** The replica its hello named. */
  replica?: string;
  /** Events accepted and lines refused. */
  events: number;
  refused: number;
  /** When it connected (ms since 1970). */
  since: number;
}

export interface LiveStats extends IngestCounts {
  /** Connections that said hello and are open. */
  connections: number;
  /** Lines refused on every connection. */
  refused: number;
  /** The recording's backlog now and at its highest (characters handed over, not yet in the file). */
  backlog: number;
  maxBacklog: number;
  /** Whether reading is paused now, and how many times it was. */
  paused: boolean;
  pauses: number;
}

/** Where OTLP/HTTP spans come from, for the intake: no connection of the line protocol. */
const OTLP_SOURCE = { id: 0 };

/** Refused connections waiting for their (slowed-down) answer, beyond which refusals are closed without one. */
const MAX_WAITING_REFUSALS = 64;

export class LiveServer {
  readonly token: string;
  readonly sessionName: string;
  /** Connections until their transport closes (refused ones too, while they wait for their answer). */
  private readonly connections = new Set<LiveConnection>();
  private readonly entrance: Entrance;
  private readonly refusals: RefusalLimiter;
  private readonly limits: ConnectionLimits;
  private readonly gate: FlowGate;
  private readonly side: SessionSide;
  /** Spans from OTLP/HTTP requests, recorded as events of the connection numbered 0. */
  private readonly spans: LiveSpans;
  private nextId = 0;
  private refusedLines = 0;
  private maxBacklog = 0;
  private closing: Promise<void> | undefined;
  /** While closing: called when the last connection has closed. */
  private allClosed: (() => void) | undefined;

  private constructor(
    private readonly options: LiveServerOptions,
    private readonly net: NetServer,
    private readonly recording: RecordingWriter,
    private readonly ingest: LiveIngest,
  ) {
    this.token = options.token ?? createSessionToken();
    this.sessionName = sessionNameOf(options);
    this.limits = {
      maxLineBytes: options.maxLineBytes ?? 1 << 20,
      helloTimeoutMs: options.helloTimeoutMs ?? 10_000,
      maxReports: options.maxReportsPerConnection ?? 20,
    };
    const high = options.backlogHigh ?? 8 << 20;
    this.gate = new FlowGate(high, options.backlogLow ?? high / 4, options.turnBudget ?? 128 << 10);
    this.side = this.sessionSide();
    this.refusals = new RefusalLimiter((entry) => options.onLog?.(entry), options.refusals);
    this.entrance = new Entrance({
      helloTimeoutMs: this.limits.helloTimeoutMs,
      maxConnections: options.maxConnections ?? 256,
      maxMessageBytes: Math.max(16 << 20, this.limits.maxLineBytes),
      connectionCount: () => this.slotsTaken(),
      open: (transport, acceptedAt) => this.open(transport, acceptedAt),
      refused: (address, message) => this.refusals.refused(address, message, false),
      request: (request, response) => serveOtlp(request, response, otlpSide),
    });
    this.spans = new LiveSpans({
      record: (line) => this.side.accept(line, OTLP_SOURCE),
      problem: (message) => {
        this.refusedLines++;
        this.ingest.report({ severity: 'error', kind: 'parse-error', line: 0, message, events: [], connection: OTLP_SOURCE.id });
        options.onLog?.({ level: 'warning', message });
      },
      holdMs: options.spanHoldMs,
    });
    const otlpSide: OtlpSessionSide = {
      token: this.token,
      maxBodyBytes: options.maxRequestBytes ?? 16 << 20,
      busy: () => this.gate.paused,
      take: async (spans) => {
        if (this.closing) throw new Error('the session is closing');
        const taken = this.spans.take(spans);
        await this.recording.written();
        return taken;
      },
      refused: (address, message) => this.refusals.refused(address, message, true),
      admitted: (socket) => {
        if (this.entrance.admit(socket)) options.onLog?.({ level: 'info', message: `OTLP/HTTP client ${remoteOf(socket)} sends spans.` });
      },
      log: (entry) => options.onLog?.(entry),
    };
    net.on('connection', (socket) => this.entrance.take(socket));
  }

  /** Creates the recording (header first) and listens on 127.0.0.1. */
  static async start(options: LiveServerOptions): Promise<LiveServer> {
    /** The recording's events reach the server once it exists. */
    const started: { server?: LiveServer } = {};
    const recording = await RecordingWriter.open(options.recordingPath, {
      exclusive: true,
      header: {
        name: sessionNameOf(options),
        description: options.header?.description ?? `Live session recorded from ${new Date().toISOString()}.`,
        ...(options.header?.replicas ? { replicas: options.header.replicas } : {}),
      },
      onWritten: () => started.server?.fileGrew(),
      onError: (error) => started.server?.stop(error),
    });
    const ingest = new LiveIngest(recording, { events: (events) => options.onEvents?.(events), findings: (findings) => options.onFindings?.(findings) }, options.batchMs ?? 100);
    const net = createNetServer({ noDelay: true });
    try {
      await new Promise<void>((resolve, reject) => {
        net.once('error', reject);
        net.listen(options.port ?? 0, '127.0.0.1', () => resolve());
      });
    } catch (error) {
      await recording.close();
      await rm(options.recordingPath, { force: true });
      throw error;
    }
    started.server = new LiveServer(options, net, recording, ingest);
    return started.server;
  }

  /** The port it listens on (127.0.0.1). */
  get port(): number {
    const address = this.net.address();
    return typeof address === 'object' && address ? address.port : 0;
  }

  get recordingPath(): string {
    return this.recording.path;
  }

  connectionList(): LiveConnectionInfo[] {
    return [...this.connections]
      .filter((c) => c.state === 'open')
      .map((c) => ({ id: c.id, transport: c.transport.kind, remote: c.transport.remote, replica: c.replica, events: c.events, refused: c.refused, since: c.since }));
  }

  stats(): LiveStats {
    return {
      ...this.ingest.counts,
      connections: this.connectionList().length,
      refused: this.refusedLines,
      backlog: this.recording.backlog,
      maxBacklog: this.maxBacklog,
      paused: this.gate.paused,
      pauses: this.gate.pauses,
    };
  }

  /** Stops reading from every client until the returned function is called (when the view falls behind). */
  hold(): () => void {
    return this.gate.hold();
  }

  /** Resolves once everything accepted so far is in the recording. */
  written(): Promise<void> {
    return this.recording.written();
  }

  /** Stops listening, says goodbye to every client, hands the last batch to the host and closes the recording. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  /** Clients may still send while they are told goodbye: what arrives until they close is recorded. */
  private async shutDown(): Promise<void> {
    this.net.close();
    this.entrance.close();
    const allClosed = new Promise<void>((resolve) => (this.allClosed = resolve));
    for (const connection of this.connections) connection.transport.end(false);
    if (this.connections.size === 0) this.allClosed?.();
    await Promise.race([allClosed, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
    for (const connection of this.connections) connection.transport.destroy();
    this.spans.releaseAll();
    await this.recording.close().catch(() => undefined);
    this.ingest.written(this.recording.writtenLines);
    this.ingest.flush();
    this.refusals.flush();
  }

  private stop(error: Error): void {
    this.options.onLog?.({ level: 'error', message: `The live session stopped: its recording ${this.recording.path} cannot be written (${error.message}).` });
    void this.close();
    this.options.onStopped?.(error);
  }

  /** A batch reached the recording's file: its events count, clients are told, reading may resume. */
  private fileGrew(): void {
    this.ingest.written(this.recording.writtenLines);
    for (const connection of this.connections) connection.acknowledge();
    this.gate.backlog(this.recording.backlog);
  }

  /** Connections that hold a slot: open, or not refused yet. */
  private slotsTaken(): number {
    let taken = 0;
    for (const connection of this.connections) if (connection.state !== 'closed') taken++;
    return taken;
  }

  private open(transport: LiveTransport & { attach(connection: LiveConnection): void }, acceptedAt: number): void {
    const connection = new LiveConnection(++this.nextId, transport, this.side, this.limits, acceptedAt);
    this.connections.add(connection);
    transport.attach(connection);
    this.gate.join(connection);
  }

  private sessionSide(): SessionSide {
    return {
      token: this.token,
      welcome: (hello, connection): HelloAccepted => {
        if (hello.objects) {
          for (const key of this.recording.declare(hello.objects)) {
            this.options.onLog?.({ level: 'warning', message: `${connection.name} declares object "${key}" with another type than before; the first declaration stands.` });
          }
        }
        const reply: HelloAccepted = { ok: 'hello', session: this.sessionName, recording: basename(this.recording.path) };
        if (hello.replica !== undefined) reply.seq = this.ingest.sequences.highestOf(hello.replica);
        return reply;
      },
      accept: (text, source) => {
        this.gate.spend(text.length);
        const problem = this.ingest.accept(text, source);
        const backlog = this.recording.backlog;
        if (backlog > this.maxBacklog) this.maxBacklog = backlog;
        this.gate.backlog(backlog);
        return problem;
      },
      recordingLines: () => ({ handed: this.recording.lines, written: this.recording.writtenLines }),
      turnedAway: (connection, message, slowDown) => {
        const address = connection.transport.remote.replace(/:\d+$/, '');
        const delay = this.refusals.refused(address, message, slowDown);
        const waiting = this.connections.size - this.slotsTaken();
        return delay > 0 && waiting > MAX_WAITING_REFUSALS ? -1 : delay;
      },
      report: (finding) => this.ingest.report(finding),
      refused: () => this.refusedLines++,
      log: (entry) => this.options.onLog?.(entry),
      changed: (connection, wasOpen) => {
        if (connection.state === 'closed') {
          this.connections.delete(connection);
          this.gate.leave(connection);
          if (this.connections.size === 0) this.allClosed?.();
        }
        if (connection.state === 'open' || wasOpen) this.options.onConnections?.(this.connectionList());
      },
    };
  }
}

function sessionNameOf(options: LiveServerOptions): string {
  return options.sessionName ?? basename(options.recordingPath).replace(/\.causal\.jsonl$/, '');
}
