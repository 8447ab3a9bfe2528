// The trace model: one execution of a replicated system stored column by column (typed arrays
// indexed by event, interned strings), so a million events fit in a few hundred MB. Built by
// TraceBuilder; read by replay, analysis, exporters and the webview.

import type { CrdtOp, CrdtTypeName, Json } from '../crdt/types';
import type { Finding } from './diagnostics';
import type { StringTable } from './intern';
import type { LibraryHistory } from './library-history';
import type { DocumentStates } from './library-states';

/** Event kinds, stored as small integers in `Trace.kind`. */
export const EventKind = { op: 0, send: 1, receive: 2, local: 3, sync: 4 } as const;
export type EventKind = (typeof EventKind)[keyof typeof EventKind];
export type EventKindName = keyof typeof EventKind;
export const EVENT_KIND_NAMES: readonly EventKindName[] = ['op', 'send', 'receive', 'local', 'sync'];

/** What a send (or sync) carries to its receivers, stored in `Trace.payload`. */
export const Payload = { none: 0, state: 1, delta: 2, ops: 3 } as const;
export type Payload = (typeof Payload)[keyof typeof Payload];
export type PayloadName = keyof typeof Payload;
export const PAYLOAD_NAMES: readonly PayloadName[] = ['none', 'state', 'delta', 'ops'];

export type ClockKind = 'vector' | 'lamport' | 'hybrid' | 'none';

/** An object key's CRDT type and its options, from the header or inferred from its operations. */
export interface ObjectSpec {
  type: CrdtTypeName;
  /** or-map: the type of each field's value. */
  values?: CrdtTypeName;
}

/** The header line of a native trace (and what importers fill in for other formats). */
export interface TraceHeader {
  format: 'causeway';
  version: 1;
  /** The execution's name (a file may hold several executions, each starting with a header). */
  name?: string;
  /** A one-line description of the trace (examples use it to say what to look at). */
  description?: string;
  /** Replica names in display order; others are added as they appear. */
  replicas?: string[];
  /** CRDT type of each object key. */
  objects?: Record<string, CrdtTypeName | ObjectSpec>;
  /** Kind of the recorded clocks (default vector). */
  clock?: ClockKind;
  /** Default payload of sends that do not say (default: state when objects exist, else none). */
  sync?: PayloadName;
  /** Replica priority for the priority strategy, highest first. */
  priority?: string[];
  /**
   * What the history's source said (a CRDT library's document, a Jepsen history's checker): its
   * lanes are authors or clients, not replicas meant to converge, and its conflicts stand as the
   * source resolved them. Importers set it; a converted history keeps it.
   */
  history?: LibraryHistory;
}

/** One event as an importer hands it to TraceBuilder (and as `Trace.event(i)` gives it back). */
export interface EventInput {
  replica: string;
  kind: EventKindName;
  /** 1-based line where the event starts in the source. */
  line: number;
  /** Byte offset and length of the event's source text (lets details be re-read lazily). */
  offset?: number;
  length?: number;
  /** Event id; default `<replica>:<n>` with n the replica's 1-based event count. */
  id?: string;
  /** Object key an `op` or `sync` concerns. */
  key?: string;
  op?: CrdtOp;
  /** Message id linking a send to its receives. */
  msg?: string;
  /** Destinations of a send. */
  to?: string[];
  /** Source replica of a sync that names no message: merges that replica's latest state. */
  from?: string;
  /** Ids of events with a message edge into this one that no `msg` links (several senders, imported edges). */
  after?: string[];
  payload?: PayloadName;
  /** Recorded vector clock. */
  clock?: Record<string, number>;
  /** Recorded Lamport clock, or the logical part of a hybrid clock. */
  lamport?: number;
  /** Recorded hybrid clock: physical part and counter. */
  hlc?: { wall: number; counter: number };
  /** Wall time in milliseconds since the epoch. */
  time?: number;
  /** The exact time as written, when it does not fit a double (nanosecond strings). */
  timeText?: string;
  /** The replica's own number for this event (1, 2, ...), written by live clients to reveal lost or repeated events. */
  seq?: number;
  /** Recorded state of objects after the event, for checking against the reference replay. */
  state?: Record<string, Json>;
  /** Human-readable description (a log line's text, a span name); always held in memory. */
  label?: string;
  /** Free-form fields. */
  fields?: Record<string, Json>;
}

/** A trace file's executions and what was found while reading it. */
export interface TraceFile {
  /** The format it was read as (`causeway`, `shiviz`, `otlp`, ...). */
  format: string;
  executions: Trace[];
  /** File-level findings (parse errors, skipped text); each execution has its own too. */
  findings: Finding[];
}

/** Reads an event's details (label, free-form fields) lazily from its source text. */
export interface SourceText {
  details(offset: number, length: number): Pick<EventInput, 'label' | 'fields'> | undefined;
}

/**
 * One execution, columnar. Event i is the i-th event in source order. Message edges are stored
 * as CSR: the events that send into event i are `edgeFrom[edgeStart[i] .. edgeStart[i+1])`.
 */
export interface Trace {
  readonly name: string;
  readonly header: TraceHeader;
  readonly size: number;
  readonly replicas: StringTable;
  readonly keys: StringTable;
  readonly messages: StringTable;
  /** Interned op values (JSON text). */
  readonly values: StringTable;
  /** Interned ids, labels and fields names (op types, map fields, custom ids). */
  readonly strings: StringTable;
  /** CRDT type of each key id. */
  readonly objects: ObjectSpec[];

  readonly replica: Uint16Array;
  readonly kind: Uint8Array;
  readonly line: Uint32Array;
  readonly offset: Float64Array;
  readonly length: Uint32Array;
  /** Key id or -1. */
  readonly key: Int32Array;
  /** Op type id in `strings` or -1. */
  readonly opType: Int32Array;
  /** Op value id in `values` (JSON text) or -1; numeric values are in `opNumber` instead. */
  readonly opValue: Int32Array;
  /** Numeric op value (inc/dec amounts, numeric register values), NaN when not a number. */
  readonly opNumber: Float64Array;
  /** Map field id in `strings` or -1. */
  readonly opField: Int32Array;
  /** Message id or -1. */
  readonly msg: Int32Array;
  /** Destinations of a send: id in `strings` of the JSON list of replica names, or -1. */
  readonly dest: Int32Array;
  readonly payload: Uint8Array;
  /** Wall time in ms, NaN when absent. */
  readonly time: Float64Array;
  /** Custom id in `strings` or -1 (then the id is `<replica>:<seq>`). */
  readonly customId: Int32Array;
  /** 1-based position of the event among its replica's events. */
  readonly seq: Uint32Array;

  /** CSR of incoming message edges. */
  readonly edgeStart: Uint32Array;
  readonly edgeFrom: Int32Array;

  /** Recorded clocks: vector entries as CSR of (replica, value) pairs; scalar parts for Lamport/hybrid. */
  readonly clockKind: ClockKind;
  readonly clockStart: Uint32Array;
  /**
   * The replica of each entry; undefined when every event's clock lists every replica in id
   * order (what tracers that write full clocks do), entry k of event i then being replica
   * `k - clockStart[i]`: ten million events of 16 replicas save 300 MB.
   */
  readonly clockReplica: Uint16Array | undefined;
  readonly clockValue: Uint32Array;
  /** Recorded Lamport value or hybrid logical part, NaN when absent; undefined when no event records one. */
  readonly recordedScalar: Float64Array | undefined;
  /** Hybrid clock counter, 0 when absent; undefined with `recordedScalar`. */
  readonly recordedCounter: Uint32Array | undefined;
  /** The `seq` each event's replica wrote (0 where absent); undefined when no event has one. */
  readonly sentSeq: Uint32Array | undefined;

  /** Findings from reading this execution. */
  readonly findings: Finding[];
  /** Sparse extras: recorded state, fields, destinations, full op for nested ops. */
  readonly recordedState: ReadonlyMap<number, Record<string, Json>>;
  readonly extras: ReadonlyMap<number, EventExtras>;
  /** Each event's label (a log line's text, a span name), held in memory; undefined where it has none. */
  readonly labels: readonly (string | undefined)[];
  readonly source?: SourceText;
  /** Set when a CRDT library decoded the history: its states and conflicts stand as the library gave them. */
  readonly library?: LibraryHistory;
  /** A library-decoded history too long to hold every state: the document after any event, computed by the library when asked. */
  readonly documentStates?: DocumentStates;

  /** The event's id as the trace names it. */
  eventId(i: number): string;
  /** The event's index from its id, or -1. */
  eventIndex(id: string): number;
  /** The operation of an op event, rebuilt from the columns. */
  opOf(i: number): CrdtOp | undefined;
  /** Whether event i has a recorded vector clock. */
  hasRecordedClock(i: number): boolean;
  /** The recorded vector clock of event i as an object, or undefined. */
  recordedClock(i: number): Record<string, number> | undefined;
  /** The whole event, rebuilt (details from extras or the source text). */
  event(i: number): EventInput;
}

/** Data kept per event only where present. */
export interface EventExtras {
  fields?: Record<string, Json>;
  from?: string;
  timeText?: string;
  /** Nested ops (or-map update) that do not fit the columns. */
  op?: CrdtOp;
  lamport?: number;
}
