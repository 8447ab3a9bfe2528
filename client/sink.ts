// Where a tracer's events go: a live session (live-sink.ts) or a native trace file (file-sink.ts).
// The sink numbers each replica's events (`seq`), so the session can tell lost and repeated ones.

import type { VectorClock } from '../engine/clock/vector';
import type { CrdtOp, Json } from '../engine/crdt/types';
import type { PayloadName } from '../engine/trace/model';
import type { ObjectTypes } from '../extension/live/protocol';

/** One event as a tracer makes it (the sink adds `seq`). */
export interface TracedEvent {
  replica: string;
  /** A tracer writes op, send, receive and local; `sync` (a merge of another replica's state) comes from simulated replicas streamed through a sink. */
  kind: 'op' | 'send' | 'receive' | 'local' | 'sync';
  key?: string;
  op?: CrdtOp;
  msg?: string;
  to?: string[];
  payload?: PayloadName;
  /** Left out by captures whose events link by message ids only (a Yjs capture): the session infers the clocks. */
  clock?: VectorClock;
  time?: number;
  label?: string;
  fields?: Record<string, Json>;
}

export interface TraceSink {
  /** A tracer for `replica` starts writing here, declaring the CRDT types of its objects. */
  attach(replica: string, objects?: ObjectTypes): void;
  write(event: TracedEvent): void;
  /** Resolves once what was written so far has left the process (socket or file); a live sink waits until the session says its recording holds it. */
  flush(): Promise<void>;
  /** The tracer of `replica` is done: the sink flushes, and closes when no tracer is left. */
  release(replica: string): Promise<void>;
}

/** The JSON line of an event (`json`: JSON.stringify of a TracedEvent) with its `seq` added last. */
export function lineWithSeq(json: string, seq: number): string {
  return `${json.slice(0, -1)},"seq":${seq}}`;
}
