// One live connection, whatever its transport: the hello first (within a time limit), then event
// lines for the session's intake; a refused line is answered to the client and reported (up to a
// limit per connection). Reading pauses while the session is paused, or while the client leaves
// our replies unread.

import type { Throttled } from './flow';
import { readHello } from './hello';
import type { EventSource, LiveFinding } from './ingest';
import { BoundedLineSplitter } from './line-splitter';
import type { ErrorReply, Hello, HelloAccepted, SessionReply } from './protocol';

/** A connection's byte pipe: TCP or WebSocket. */
export interface LiveTransport {
  readonly kind: 'tcp' | 'websocket';
  /** address:port of the client. */
  readonly remote: string;
  /** Sends one reply; `flushed` runs once it has been handed to the operating system. */
  send(text: string, flushed?: () => void): void;
  /** Bytes of replies not yet handed to the operating system. */
  readonly sendBacklog: number;
  pauseReading(): void;
  resumeReading(): void;
  /** Closes after the replies sent so far: `refused` for a refused client, else the session is closing. */
  end(refused: boolean): void;
  /** Closes at once. */
  destroy(): void;
}

export interface LogEntry {
  level: 'info' | 'warning' | 'error';
  message: string;
}

/** What a connection needs from its session. */
export interface SessionSide {
  readonly token: string;
  /** Accepts a hello: declares its objects and says what to answer. */
  welcome(hello: Hello, connection: LiveConnection): HelloAccepted;
  /** Checks and records an event line; returns why it is refused, or undefined. */
  accept(text: string, source: EventSource): string | undefined;
  report(finding: LiveFinding): void;
  /** A line was refused (counted whether or not it is reported). */
  refused(): void;
  log(entry: LogEntry): void;
  /** The connection said hello, or closed (`wasOpen`: after its hello). */
  changed(connection: LiveConnection, wasOpen: boolean): void;
}

export interface ConnectionLimits {
  maxLineBytes: number;
  helloTimeoutMs: number;
  /** Refused lines reported per connection; later ones are still answered. */
  maxReports: number;
}

/** Replies a client may leave unread before the session stops reading from it. */
const REPLY_BACKLOG_BYTES = 64 * 1024;

export class LiveConnection implements EventSource, Throttled {
  replica: string | undefined;
  state: 'hello' | 'open' | 'closed' = 'hello';
  /** Events accepted and lines refused on this connection. */
  events = 0;
  refused = 0;
  readonly since = Date.now();
  private readonly splitter: BoundedLineSplitter;
  private readonly helloTimer: NodeJS.Timeout;
  private sessionPaused = true;
  private repliesUnread = false;
  /** Transports start paused. */
  private readingPaused = true;
  private streamEnded = false;

  constructor(
    readonly id: number,
    readonly transport: LiveTransport,
    private readonly session: SessionSide,
    private readonly limits: ConnectionLimits,
  ) {
    this.splitter = new BoundedLineSplitter(limits.maxLineBytes, {
      line: (text, lineNo) => this.line(text, lineNo),
      tooLong: (lineNo, bytes) => this.refuse(lineNo, `the line is ${bytes} bytes long; the limit is ${limits.maxLineBytes}`),
    });
    this.helloTimer = setTimeout(() => this.turnAway({ error: 'unauthorized', message: `No hello within ${limits.helloTimeoutMs / 1000} s.` }), limits.helloTimeoutMs);
  }

  /** "TCP connection 3 from 127.0.0.1:50312 (replica A)". */
  get name(): string {
    const kind = this.transport.kind === 'tcp' ? 'TCP' : 'WebSocket';
    return `${kind} connection ${this.id} from ${this.transport.remote}${this.replica === undefined ? '' : ` (replica ${this.replica})`}`;
  }

  /** Bytes from the client (a WebSocket message ends its last line: call endOfMessage). */
  receive(bytes: Buffer): void {
    if (this.state !== 'closed') this.splitter.push(bytes);
  }

  /** The end of a WebSocket message: ends its last line. */
  endOfMessage(): void {
    if (this.state !== 'closed') this.splitter.end();
  }

  /** The client ended its TCP stream: a last line without a line break still counts if it is whole. */
  endOfStream(): void {
    this.streamEnded = true;
    this.endOfMessage();
  }

  /** The transport closed. */
  closed(): void {
    clearTimeout(this.helloTimer);
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    if (wasOpen) this.session.log({ level: 'info', message: `${this.name} closed after ${this.events} events.` });
    this.session.changed(this, wasOpen);
  }

  setSessionPaused(paused: boolean): void {
    this.sessionPaused = paused;
    this.updateReading();
  }

  private line(text: string, lineNo: number): void {
    if (this.state === 'closed' || text.trim() === '') return;
    if (this.state === 'hello') {
      this.hello(text);
      return;
    }
    const problem = this.session.accept(text, this);
    if (problem === undefined) this.events++;
    else this.refuse(lineNo, problem);
  }

  private hello(text: string): void {
    clearTimeout(this.helloTimer);
    const hello = readHello(text, this.session.token);
    if ('error' in hello) {
      this.turnAway(hello);
      return;
    }
    this.replica = hello.replica;
    this.state = 'open';
    this.send(this.session.welcome(hello, this));
    this.session.log({ level: 'info', message: `${this.name} joined the session.` });
    this.session.changed(this, false);
  }

  /** Refuses the connection: answers, logs why, and closes. Nothing it sent is recorded. */
  private turnAway(reply: ErrorReply): void {
    if (this.state === 'closed') return;
    clearTimeout(this.helloTimer);
    this.state = 'closed';
    this.send(reply);
    this.session.log({ level: 'warning', message: `Refused ${this.name}: ${reply.message}` });
    this.transport.end(true);
  }

  private refuse(lineNo: number, message: string): void {
    if (this.state === 'hello') {
      this.turnAway({ error: 'unauthorized', message: `The first message must be a hello; line ${lineNo} is not one (${message}).` });
      return;
    }
    this.refused++;
    this.session.refused();
    if (this.streamEnded) message = `the connection ended in the middle of this line (${message})`;
    this.send({ error: 'malformed', line: lineNo, message });
    if (this.refused > this.limits.maxReports) return;
    const more = this.refused === this.limits.maxReports ? ` Further refused lines of this connection are answered but not reported.` : '';
    const text = `${this.name}, line ${lineNo}: ${message}; the line is refused.${more}`;
    this.session.report({ severity: 'error', kind: 'parse-error', line: 0, message: text, events: [], connection: this.id, replica: this.replica });
    this.session.log({ level: 'warning', message: text });
  }

  private send(reply: SessionReply): void {
    const text = JSON.stringify(reply);
    if (this.transport.sendBacklog < REPLY_BACKLOG_BYTES || this.repliesUnread) {
      this.transport.send(text);
      return;
    }
    this.repliesUnread = true;
    this.updateReading();
    this.transport.send(text, () => {
      this.repliesUnread = false;
      this.updateReading();
    });
  }

  private updateReading(): void {
    const pause = this.state === 'closed' || this.sessionPaused || this.repliesUnread;
    if (pause === this.readingPaused) return;
    this.readingPaused = pause;
    if (pause) this.transport.pauseReading();
    else this.transport.resumeReading();
  }
}
