// A sink that streams one replica's events to a live session over TCP (docs/live-protocol.md):
// hello with the token, events numbered by `seq`, waiting for `drain` when the session reads
// slower than the replica writes, keeping each event until the session acknowledges it is in its
// recording's file, reconnecting with a new hello after the connection drops and re-sending what
// the session did not get. The session's troubles never throw into the application: they go to
// onError, and events beyond what it may hold are dropped (the session reports the gap). Replies
// are read line by line, each bounded in length, whatever the other end sends.

import { connect, type Socket } from 'node:net';
import { BoundedLineSplitter } from '../extension/live/line-splitter';
import { LIVE_PROTOCOL, LIVE_PROTOCOL_VERSION, type Hello, type HelloAccepted, type ObjectTypes, type SessionReply } from '../extension/live/protocol';
import { lineWithSeq, type TracedEvent, type TraceSink } from './sink';

export interface LiveSinkOptions {
  /** The live session's port and token (shown by "Causeway: Start Live Session"). */
  port: number;
  token: string;
  /** Default 127.0.0.1, where sessions listen. */
  host?: string;
  /** Events held while the session is unreachable or slow; later ones are dropped (default 100,000). */
  maxQueued?: number;
  /** Sent events kept until the session acknowledges them, to re-send after a reconnect (default 10,000). */
  keepSent?: number;
  /** Longest reply line read from the session, in bytes; longer ones are skipped and reported (default 64 KiB). */
  maxReplyBytes?: number;
  /** First wait before reconnecting, in ms; it doubles up to 5 s (default 250). */
  retryMs?: number;
  /** How long close() waits for unsent events, in ms (default 5,000). */
  closeTimeoutMs?: number;
  /** Problems: unreachable session, refused token or line, dropped events. Default: a process warning. */
  onError?: (error: Error) => void;
  /** The session accepted the hello (after every connect and reconnect). */
  onConnected?: (reply: HelloAccepted) => void;
}

type State = 'idle' | 'connecting' | 'hello' | 'open' | 'refused' | 'closed';

const MAX_RETRY_MS = 5000;

/** A sent event kept until the session acknowledges it: its seq, its line, and its line number on the connection it was last sent on. */
interface SentEvent {
  seq: number;
  line: string;
  lineNo: number;
}

export class LiveSink implements TraceSink {
  private replica: string | undefined;
  private objects: ObjectTypes | undefined;
  private state: State = 'idle';
  private socket: Socket | undefined;
  /** Events not sent yet, with their number in this sink (the wire's seq is that plus `base`). */
  private queue: Array<{ n: number; json: string }> = [];
  private numbered = 0;
  /** Set by the first accepted hello: the session's highest seq for the replica then. */
  private base: number | undefined;
  /** Events sent and not acknowledged yet, oldest first, kept for re-sending (at most `keepSent`). */
  private sent: SentEvent[] = [];
  private sentStart = 0;
  /** Lines sent on this connection (the hello is line 1), and the last one the session acknowledged. */
  private linesSent = 0;
  private linesAcknowledged = 0;
  private waitingForDrain = false;
  private pumpScheduled = false;
  private retryDelay: number;
  /** The session was said to be unreachable: the retries that follow fail silently. */
  private saidUnreachable = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private dropping = false;
  private refusal: Error | undefined;
  private waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];
  /** Counts for the curious (and the tests). */
  readonly stats = {
    sent: 0,
    resent: 0,
    dropped: 0,
    connects: 0,
    /** Events the session acknowledged as in its recording's file. */
    acknowledged: 0,
  };

  constructor(private readonly options: LiveSinkOptions) {
    this.retryDelay = options.retryMs ?? 250;
  }

  /** Events waiting to be sent (while connecting, or until the session reads again). */
  get queued(): number {
    return this.queue.length;
  }

  attach(replica: string, objects?: ObjectTypes): void {
    if (this.replica !== undefined) throw new Error(`This live sink already speaks for ${this.replica}; create one live sink per tracer.`);
    this.replica = replica;
    this.objects = objects;
    this.connect();
  }

  write(event: TracedEvent): void {
    const n = ++this.numbered;
    if (this.state === 'refused' || this.state === 'closed') return;
    if (this.queue.length >= (this.options.maxQueued ?? 100_000)) {
      this.stats.dropped++;
      if (!this.dropping) this.problem(`The live session is ${this.state === 'open' ? 'not keeping up' : 'not reachable'}: events of ${event.replica} are dropped from event ${n} on.`);
      this.dropping = true;
      return;
    }
    this.dropping = false;
    this.queue.push({ n, json: JSON.stringify(event) });
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      setImmediate(() => this.pump());
    }
  }

  flush(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.settle();
    });
  }

  async release(): Promise<void> {
    if (this.state === 'closed') return;
    const timeout = this.options.closeTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.flush(), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeout)))]).catch(() => undefined);
    clearTimeout(timer);
    if (this.queue.length > 0) this.problem(`${this.queue.length} events of ${this.replica} were never sent: the live session could not be reached.`);
    this.state = 'closed';
    clearTimeout(this.retryTimer);
    this.settle();
    const socket = this.socket;
    if (socket && !socket.destroyed) {
      await new Promise<void>((resolve) => {
        socket.once('close', () => resolve());
        socket.end();
        setTimeout(() => socket.destroy(), 1000).unref();
      });
    }
  }

  private connect(): void {
    this.state = 'connecting';
    const socket = connect({ port: this.options.port, host: this.options.host ?? '127.0.0.1', noDelay: true });
    this.socket = socket;
    const maxReplyBytes = this.options.maxReplyBytes ?? 64 << 10;
    const replies = new BoundedLineSplitter(maxReplyBytes, {
      line: (text) => this.reply(text),
      tooLong: (_lineNo, bytes) => this.problem(`The live session sent a reply of ${bytes} bytes, longer than ${maxReplyBytes}; it is skipped.`),
    });
    socket.on('connect', () => {
      this.state = 'hello';
      const hello: Hello = { causeway: LIVE_PROTOCOL, version: LIVE_PROTOCOL_VERSION, token: this.options.token, replica: this.replica, ack: true };
      if (this.objects) hello.objects = this.objects;
      this.linesSent = 1;
      socket.write(`${JSON.stringify(hello)}\n`);
    });
    socket.on('data', (chunk: Buffer) => replies.push(chunk));
    socket.on('error', (error) => {
      if (this.state !== 'connecting' || this.stats.connects > 0 || this.saidUnreachable) return;
      this.saidUnreachable = true;
      this.problem(`Cannot reach the live session at ${this.options.host ?? '127.0.0.1'}:${this.options.port} (${error.message}); retrying.`);
    });
    socket.on('close', () => this.disconnected(socket));
  }

  private reply(text: string): void {
    let reply: SessionReply;
    try {
      reply = JSON.parse(text) as SessionReply;
    } catch {
      this.problem(`The live session answered something that is not JSON: ${text.slice(0, 80)}`);
      return;
    }
    if (typeof reply !== 'object' || reply === null) {
      this.problem(`The live session answered something that is not a reply: ${text.slice(0, 80)}`);
    } else if ('ok' in reply && reply.ok === 'written') {
      this.acknowledged(reply.line);
    } else if ('ok' in reply) {
      this.opened(reply);
    } else if (reply.error === 'unauthorized' || this.state === 'hello') {
      this.refusal = new Error(`The live session refused ${this.replica}: ${reply.message}`);
      this.state = 'refused';
      this.problem(this.refusal.message);
      this.socket?.destroy();
      this.settle();
    } else {
      this.problem(`The live session refused line ${reply.line} of ${this.replica}: ${reply.message}`);
    }
  }

  /** The hello was accepted: continue numbering after the session's seq, and re-send what it missed. */
  private opened(reply: HelloAccepted): void {
    const highest = reply.seq ?? 0;
    this.stats.connects++;
    this.state = 'open';
    this.linesAcknowledged = 1;
    this.retryDelay = this.options.retryMs ?? 250;
    if (this.base === undefined) {
      this.base = highest;
    } else {
      // The session has what it numbers up to `highest` (on its way to its file): the rest is sent again.
      const missed = this.sent.slice(this.sentStart).filter((s) => s.seq > highest);
      this.sent = [];
      this.sentStart = 0;
      if (missed.length > 0) {
        this.stats.resent += missed.length;
        for (const event of missed) this.keep(event.seq, event.line);
        this.writeLines(missed.map((s) => s.line));
      }
    }
    this.options.onConnected?.(reply);
    this.pump();
  }

  private pump(): void {
    this.pumpScheduled = false;
    if (this.state === 'open' && !this.waitingForDrain && this.queue.length > 0) {
      const lines: string[] = [];
      for (const { n, json } of this.queue) {
        const seq = n + this.base!;
        const line = lineWithSeq(json, seq);
        lines.push(line);
        this.keep(seq, line);
      }
      this.queue = [];
      this.stats.sent += lines.length;
      this.writeLines(lines);
    }
    this.settle();
  }

  private writeLines(lines: string[]): void {
    const socket = this.socket!;
    if (!socket.write(`${lines.join('\n')}\n`, () => this.settle())) {
      this.waitingForDrain = true;
      socket.once('drain', () => {
        this.waitingForDrain = false;
        this.pump();
      });
    }
  }

  /** The session's file holds every line of this connection up to `lineNo`: those events need not be kept. */
  private acknowledged(lineNo: number): void {
    if (lineNo <= this.linesAcknowledged) return;
    this.stats.acknowledged += lineNo - this.linesAcknowledged;
    this.linesAcknowledged = lineNo;
    let i = this.sentStart;
    while (i < this.sent.length && this.sent[i].lineNo <= lineNo) i++;
    this.sentStart = i;
    if (this.sentStart === this.sent.length) {
      this.sent = [];
      this.sentStart = 0;
    }
    this.settle();
  }

  /** Keeps a sent line until it is acknowledged, for re-sending; the oldest go once more than `keepSent` are kept. */
  private keep(seq: number, line: string): void {
    this.sent.push({ seq, line, lineNo: ++this.linesSent });
    const limit = this.options.keepSent ?? 10_000;
    if (this.sent.length - this.sentStart > limit) this.sentStart++;
    if (this.sentStart > limit) {
      this.sent = this.sent.slice(this.sentStart);
      this.sentStart = 0;
    }
  }

  private disconnected(socket: Socket): void {
    if (socket !== this.socket) return;
    this.waitingForDrain = false;
    if (this.state === 'refused' || this.state === 'closed') return;
    if (this.state === 'open') this.problem(`The connection of ${this.replica} to the live session closed; reconnecting.`);
    this.state = 'connecting';
    this.retryTimer = setTimeout(() => this.connect(), this.retryDelay);
    this.retryTimer.unref();
    this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY_MS);
  }

  /** Answers flush() callers once nothing is left to send (or sending is over). */
  private settle(): void {
    if (this.waiters.length === 0) return;
    const done = this.state === 'closed' || this.state === 'refused';
    const drained =
      this.state === 'open' && this.queue.length === 0 && !this.waitingForDrain && this.socket!.writableLength === 0 && this.linesAcknowledged >= this.linesSent;
    if (!done && !drained) return;
    for (const waiter of this.waiters.splice(0)) {
      if (this.state === 'refused') waiter.reject(this.refusal!);
      else waiter.resolve();
    }
  }

  private problem(message: string): void {
    const error = new Error(message);
    if (this.options.onError) this.options.onError(error);
    else process.emitWarning(error.message, 'CausewayLiveWarning');
  }
}

/** A sink that streams one tracer's events to a live session (create one per tracer). */
export function liveSink(options: LiveSinkOptions): LiveSink {
  return new LiveSink(options);
}
