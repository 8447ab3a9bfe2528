// A tracer records what one replica does (operations, sends, receives, anything else) as native
// trace events, keeping the replica's vector clock: every event ticks it, and a receive merges the
// sender's clock first and then ticks (ticking first can leave the receive no later than its send).

import { randomBytes } from 'node:crypto';
import { receive, tick, type VectorClock } from '../engine/clock/vector';
import type { CrdtOp, Json } from '../engine/crdt/types';
import type { PayloadName } from '../engine/trace/model';
import type { ObjectTypes } from '../extension/live/protocol';
import type { TracedEvent, TraceSink } from './sink';

export interface TracerOptions {
  /** The replica's name, the same in every event and message of it. */
  replica: string;
  sink: TraceSink;
  /** The CRDT type of each object key it changes, e.g. {"cart": "pn-counter"}. */
  objects?: ObjectTypes;
  /** Stamp every event with the wall time (off by default: last-writer-wins then uses the clocks). */
  wallTime?: boolean;
}

/** What a send gives the application to attach to its message; the receiver passes it to receive(). */
export interface Envelope {
  msg: string;
  from: string;
  clock: VectorClock;
}

export interface EventDetails {
  /** A description shown with the event. */
  label?: string;
  /** Free-form data shown with the event. */
  fields?: Record<string, Json>;
}

export interface SendOptions extends EventDetails {
  to: string | string[];
  /** What the message carries: the sender's state (default when objects are declared), a delta, its own operations, or nothing. */
  payload?: PayloadName;
}

export class Tracer {
  readonly replica: string;
  private now: VectorClock = {};
  private messages = 0;
  /** Message ids start with this, so a restarted replica's ids differ from its earlier run's. */
  private readonly messagePrefix: string;
  private released = false;

  constructor(private readonly options: TracerOptions) {
    if (typeof options.replica !== 'string' || options.replica === '') throw new TypeError('A tracer needs a replica name (a non-empty string).');
    this.replica = options.replica;
    this.messagePrefix = `${options.replica}-${randomBytes(3).toString('hex')}-`;
    options.sink.attach(options.replica, options.objects);
  }

  /** The replica's vector clock after its latest event. */
  get clock(): VectorClock {
    return this.now;
  }

  /** An operation on a CRDT object, e.g. op("cart", {type: "inc", value: 2}). */
  op(key: string, op: CrdtOp, details?: EventDetails): void {
    this.record({ kind: 'op', key, op }, details);
  }

  /** A message sent: returns the envelope to attach to it. */
  send(options: SendOptions): Envelope {
    const { to, payload, ...details } = options;
    const msg = `${this.messagePrefix}${++this.messages}`;
    this.record({ kind: 'send', msg, to: typeof to === 'string' ? [to] : [...to], ...(payload ? { payload } : {}) }, details);
    return { msg, from: this.replica, clock: this.now };
  }

  /** A message received, with the envelope its sender's send() returned. */
  receive(envelope: Envelope, details?: EventDetails): void {
    if (typeof envelope?.msg !== 'string' || typeof envelope.clock !== 'object' || envelope.clock === null) {
      throw new TypeError('receive() needs the envelope that send() returned ({msg, from, clock}).');
    }
    this.record({ kind: 'receive', msg: envelope.msg }, details, receive(this.now, envelope.clock, this.replica));
  }

  /** Anything else worth seeing on the replica's timeline. */
  local(label: string, fields?: Record<string, Json>): void {
    this.record({ kind: 'local' }, { label, fields });
  }

  flush(): Promise<void> {
    return this.options.sink.flush();
  }

  /** Flushes, and lets the sink close once no tracer uses it. */
  async close(): Promise<void> {
    if (this.released) return;
    this.released = true;
    await this.options.sink.release(this.replica);
  }

  private record(event: Omit<TracedEvent, 'replica' | 'clock'>, details: EventDetails | undefined, clock = tick(this.now, this.replica)): void {
    if (this.released) throw new Error(`The tracer of ${this.replica} is closed.`);
    this.now = clock;
    const traced: TracedEvent = { replica: this.replica, ...event, clock };
    if (this.options.wallTime) traced.time = Date.now();
    if (details?.label !== undefined) traced.label = details.label;
    if (details?.fields !== undefined) traced.fields = details.fields;
    this.options.sink.write(traced);
  }
}

export function createTracer(options: TracerOptions): Tracer {
  return new Tracer(options);
}
