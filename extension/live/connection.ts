// One live connection, whatever its transport: the hello first (by a deadline), then event lines
// for the session's intake; a refused line (or one the session failed on) is answered to the
// client and reported (up to a limit per connection); a client that asked for acknowledgements is
// told which of its lines the recording's file holds. Reading pauses while the session is paused,
// or while the client leaves our replies unread.

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
  /** Lines handed to the recording so far, and lines its file holds. */
  recordingLines(): { handed: number; written: number };
  /** The connection is refused (the session logs `message`): ms to wait before answering and closing it, or -1 to close it without an answer. */
  turnedAway(connection: LiveConnection, message: string, slowDown: boolean): number;
  report(finding: LiveFinding): void;
  /** A line was refused (counted whether or not it is reported). */
  refused(): void;
  log(entry: LogEntry): void;
  /** The connection said hello, or closed (`wasOpen`: after its hello). */
  changed(connection: LiveConnection, wasOpen: boolean): void;
}

export interface ConnectionLimits {
  maxLineBytes: number;
  /** The documented hello time: a connection must have said hello this long after it was accepted. */
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
  /** A refusal waiting to be answered. */
  private answerTimer: NodeJS.Timeout | undefined;
  private sessionPaused = true;
  private repliesUnread = false;
  /** Transports start paused. */
  private readingPaused = true;
  private streamEnded = false;
  /** With acknowledgements asked for: lines dealt with and the recording line each waits for, oldest first. */
  private acks: { lines: number[]; needs: number[] } | undefined;
  private lastLine = 0;
  private ackedLine = 0;

  /** `acceptedAt`: when its socket was accepted (ms since 1970); the hello is due helloTimeoutMs later. */
  constructor(
    readonly id: number,
    readonly transport: LiveTransport,
    private readonly session: SessionSide,
    private readonly limits: ConnectionLimits,
    acceptedAt: number,
  ) {
    this.splitter = new BoundedLineSplitter(limits.maxLineBytes, {
      line: (text, lineNo) => this.line(text, lineNo),
      tooLong: (lineNo, bytes) => {
        this.refuse(lineNo, `the line is ${bytes} bytes long; the limit is ${limits.maxLineBytes}`);
        this.dealtWith(lineNo);
      },
    });
    const due = Math.max(0, acceptedAt + limits.helloTimeoutMs - Date.now());
    this.helloTimer = setTimeout(() => this.turnAway({ error: 'unauthorized', message: `No hello within ${limits.helloTimeoutMs / 1000} s.` }, false), due);
  }

  /** "TCP connection 3 from 127.0.0.1:50312 (replica A)". */
  get name(): string {
    const kind = this.transport.kind === 'tcp' ? 'TCP' : 'WebSocket';
    return `${kind} connection ${this.id} from ${this.transport.remote}${this.replica === undefined ? '' : ` (replica ${this.replica})`}`;
  }

  /** Bytes from the client (a WebSocket message ends its last line: call endOfMessage). */
  receive(bytes: Buffer): void {
    if (this.state === 'closed') return;
    this.splitter.push(bytes);
    this.acknowledge();
  }

  /** The end of a WebSocket message: ends its last line. */
  endOfMessage(): void {
    if (this.state === 'closed') return;
    this.splitter.end();
    this.acknowledge();
  }

  /** The client ended its TCP stream: a last line without a line break still counts if it is whole. */
  endOfStream(): void {
    this.streamEnded = true;
    this.endOfMessage();
  }

  /** The transport closed. */
  closed(): void {
    clearTimeout(this.helloTimer);
    clearTimeout(this.answerTimer);
    const wasOpen = this.state === 'open';
    this.state = 'closed';
    if (wasOpen) this.session.log({ level: 'info', message: `${this.name} closed after ${this.events} events.` });
    this.session.changed(this, wasOpen);
  }

  setSessionPaused(paused: boolean): void {
    this.sessionPaused = paused;
    this.updateReading();
  }

  /** Tells a client that asked for them which of its lines are dealt with: refused, or in the recording's file. */
  acknowledge(): void {
    const acks = this.acks;
    if (!acks || this.state !== 'open') return;
    const { written } = this.session.recordingLines();
    let done = 0;
    while (done < acks.needs.length && acks.needs[done] <= written) done++;
    const upTo = done === acks.needs.length ? this.lastLine : acks.lines[done] - 1;
    if (done > 0) {
      acks.lines.splice(0, done);
      acks.needs.splice(0, done);
    }
    if (upTo <= this.ackedLine) return;
    this.ackedLine = upTo;
    this.send({ ok: 'written', line: upTo });
  }

  /** One line: a failure of the session on it is that line's error, never the session's end. */
  private line(text: string, lineNo: number): void {
    if (this.state === 'closed' || text.trim() === '') return;
    const isHello = this.state === 'hello';
    try {
      if (isHello) this.hello(text);
      else this.event(text, lineNo);
    } catch (error) {
      this.refuse(lineNo, `the session failed on this line (${(error as Error).message}); it is not recorded`);
    }
    if (!isHello) this.dealtWith(lineNo);
    else if (this.state === 'open') this.lastLine = this.ackedLine = lineNo;
  }

  private event(text: string, lineNo: number): void {
    const problem = this.session.accept(text, this);
    if (problem === undefined) this.events++;
    else this.refuse(lineNo, problem);
  }

  /** Line `lineNo` is dealt with once the file holds every recording line handed over so far (an accepted event, or the one a repeat repeats). */
  private dealtWith(lineNo: number): void {
    this.lastLine = lineNo;
    const acks = this.acks;
    if (!acks) return;
    const { handed, written } = this.session.recordingLines();
    if (handed <= written) return;
    if (acks.needs[acks.needs.length - 1] === handed) return;
    acks.lines.push(lineNo);
    acks.needs.push(handed);
  }

  private hello(text: string): void {
    clearTimeout(this.helloTimer);
    const hello = readHello(text, this.session.token);
    if ('error' in hello) {
      this.turnAway(hello);
      return;
    }
    this.replica = hello.replica;
    const reply = this.session.welcome(hello, this);
    if (hello.ack === true) this.acks = { lines: [], needs: [] };
    this.state = 'open';
    this.send(reply);
    this.session.log({ level: 'info', message: `${this.name} joined the session.` });
    this.session.changed(this, false);
  }

  /**
   * Refuses the connection: logs why, answers and closes (a hello refused after others from the
   * same address is answered late, see RefusalLimiter). Nothing it sent is recorded; from now on
   * it takes no connection slot.
   */
  private turnAway(reply: ErrorReply, slowDown = true): void {
    if (this.state === 'closed') return;
    clearTimeout(this.helloTimer);
    this.state = 'closed';
    this.updateReading();
    const delay = this.session.turnedAway(this, `Refused ${this.name}: ${reply.message}`, slowDown);
    if (delay < 0) {
      this.transport.destroy();
      return;
    }
    const answer = () => {
      this.transport.send(JSON.stringify(reply));
      this.transport.end(true);
    };
    if (delay === 0) answer();
    else this.answerTimer = setTimeout(answer, delay);
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
