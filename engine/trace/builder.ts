// TraceBuilder: the one way importers create a Trace. Events are appended into growable typed
// columns (sized once from the source's length when a reader knows it); `finish()` trims them,
// links receives to sends by message id and returns the Trace.

import type { CrdtOp, Json } from '../crdt/types';
import { isCrdtTypeName } from '../crdt/types';
import type { Finding } from './diagnostics';
import { StringTable } from './intern';
import type { LibraryHistory } from './library-history';
import type { DocumentStates } from './library-states';
import {
  type ClockKind,
  EventKind,
  type EventExtras,
  type EventInput,
  EVENT_KIND_NAMES,
  type ObjectSpec,
  Payload,
  PAYLOAD_NAMES,
  type SourceText,
  type Trace,
  type TraceHeader,
} from './model';
import { inferObjectType } from './objects';

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** `a` with room for `size` values: a copy of `capacity` values (default: twice as many) when it is too short. */
function grow<T extends TypedArray>(a: T, size: number, capacity = a.length * 2): T {
  if (size <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, capacity));
  next.set(a);
  return next;
}

/** Room kept above a projected size, so that a source whose later lines run shorter is not outgrown at its end. */
const PROJECTION_MARGIN = 1.03;

/**
 * The first `size` values, as a view: never a copy, which would hold a large column twice. The
 * values past `size` were never written, so the pages under them (zeroed when allocated) take
 * address space, not memory.
 */
function trim<T extends TypedArray>(a: T, size: number): T {
  return (a.length === size ? a : a.subarray(0, size)) as T;
}

/** Marks a send whose payload the trace did not state; resolved from the header in finish(). */
export const PAYLOAD_UNSPECIFIED = 255;

const DEFAULT_HEADER: TraceHeader = { format: 'causeway', version: 1 };

export class TraceBuilder {
  readonly replicas = new StringTable();
  readonly keys = new StringTable();
  readonly messages = new StringTable();
  readonly values = new StringTable();
  readonly strings = new StringTable();
  readonly findings: Finding[] = [];

  private n = 0;
  private replica = new Uint16Array(1024);
  private kind = new Uint8Array(1024);
  private line = new Uint32Array(1024);
  private offset = new Float64Array(1024);
  private length = new Uint32Array(1024);
  private key = new Int32Array(1024);
  private opType = new Int32Array(1024);
  private opValue = new Int32Array(1024);
  private opNumber = new Float64Array(1024);
  private opField = new Int32Array(1024);
  private msg = new Int32Array(1024);
  private dest = new Int32Array(1024);
  private payload = new Uint8Array(1024);
  private time = new Float64Array(1024);
  private customId = new Int32Array(1024);
  private seq = new Uint32Array(1024);
  /** Allocated on the first event that records a Lamport or hybrid clock (a vector-clock trace has none). */
  private recordedScalar: Float64Array | undefined;
  private recordedCounter: Uint32Array | undefined;
  /** The `seq` each event's replica wrote (0 where absent); allocated on the first one. */
  private sentSeq: Uint32Array | undefined;

  private clockStart = new Uint32Array(1025);
  /** Recorded vector clock entries; a reader may write the next event's entries in place (see ClockEntries). */
  readonly clockEntries = new ClockEntries();

  private readonly explicitEdges: number[] = [];
  private readonly syncFrom = new Map<number, number>();
  /** Events' `after` ids, resolved to edges in finish() (they may name later lines). */
  private readonly afterIds = new Map<number, string[]>();
  private readonly eventsPerReplica: number[] = [];
  private readonly lastEventOfReplica: number[] = [];
  private readonly recordedState = new Map<number, Record<string, Json>>();
  private readonly extras = new Map<number, EventExtras>();
  /** Each event's label, held in memory (undefined where it has none). */
  private readonly labels: (string | undefined)[] = [];
  private readonly objectSpecs = new Map<number, ObjectSpec>();
  private clockKind: ClockKind;
  /** See Trace.documentStates. */
  documentStates?: DocumentStates;
  /** The source's size in bytes, when the reader knows it (see expectSourceBytes). */
  private sourceBytes: number | undefined;

  constructor(
    readonly header: TraceHeader = DEFAULT_HEADER,
    private readonly name = '',
    private readonly source?: SourceText,
  ) {
    this.clockKind = header.clock ?? 'vector';
    for (const r of header.replicas ?? []) this.replicaId(r);
    for (const [key, spec] of Object.entries(header.objects ?? {})) this.declareObject(key, typeof spec === 'string' ? { type: spec } : spec);
  }

  /**
   * Declares the CRDT type of an object key (from the header, or a later declaration line); the
   * first declaration stands. Returns the earlier type when it differs from this one.
   */
  declareObject(key: string, spec: ObjectSpec): ObjectSpec | undefined {
    if (!isCrdtTypeName(spec.type)) return undefined;
    const k = this.keys.intern(key);
    const before = this.objectSpecs.get(k);
    if (before === undefined) this.objectSpecs.set(k, spec);
    return before !== undefined && (before.type !== spec.type || before.values !== spec.values) ? before : undefined;
  }

  /**
   * Tells the builder how long the source is, in bytes: when the columns first outgrow their
   * start, they are sized for the events the source holds at the rate its first events' byte
   * offsets show, rather than doubled (ten million events would briefly take twice their bytes).
   */
  expectSourceBytes(total: number): void {
    this.sourceBytes = total;
  }

  /** Events (and clock entries) the source will hold, projected from the bytes its events so far took; undefined when unknown. */
  private projected(): { events: number; clockEntries: number } | undefined {
    const n = this.n;
    if (this.sourceBytes === undefined || n === 0 || this.offset[0] < 0) return undefined;
    const read = this.offset[n - 1] + this.length[n - 1] - this.offset[0];
    if (!(read > 0)) return undefined;
    const rate = ((this.sourceBytes - this.offset[0]) / read) * PROJECTION_MARGIN;
    return { events: Math.ceil(n * rate), clockEntries: Math.ceil(this.clockEntries.count * rate) };
  }

  /** Records the `seq` the replica wrote on event i (live sessions and instrumented clients number their events). */
  setSentSeq(i: number, seq: number): void {
    this.sentSeq ??= new Uint32Array(this.kind.length);
    this.sentSeq[i] = seq;
  }

  get size(): number {
    return this.n;
  }

  keyOf(i: number): number {
    return this.key[i];
  }

  opTypeOf(i: number): number {
    return this.opType[i];
  }

  opFieldOf(i: number): number {
    return this.opField[i];
  }

  private replicaId(name: string): number {
    return this.replicas.intern(name);
  }

  /**
   * Appends an event; returns its index. With `keepDetails` false, free-form fields are not held
   * in memory (the trace's SourceText re-reads them from the file when they are looked at).
   */
  addEvent(e: EventInput, keepDetails = true): number {
    const op = e.op;
    const value = op?.value;
    const numeric = typeof value === 'number';
    if (e.clock) {
      for (const name in e.clock) {
        const v = e.clock[name];
        if (typeof v === 'number') this.pushClockEntry(this.replicaId(name), v);
      }
    }
    const syncSource = e.from === undefined ? undefined : this.latestEventOf(e.from);
    const i = this.appendEvent(
      this.replicaId(e.replica),
      EventKind[e.kind],
      e.line,
      e.offset ?? -1,
      e.length ?? 0,
      e.key === undefined ? -1 : this.keys.intern(e.key),
      op ? this.strings.intern(op.type) : -1,
      numeric || value === undefined ? -1 : this.values.intern(JSON.stringify(value)),
      numeric ? value : NaN,
      op?.field === undefined ? -1 : this.strings.intern(op.field),
      e.msg === undefined ? -1 : this.messages.intern(e.msg),
      e.payload === undefined ? PAYLOAD_UNSPECIFIED : Payload[e.payload],
      e.time ?? NaN,
      e.id === undefined ? -1 : this.strings.intern(e.id),
      e.to === undefined ? -1 : this.strings.intern(JSON.stringify(e.to)),
    );
    if (e.hlc) this.recordScalarClock(i, e.hlc.wall, e.hlc.counter);
    else if (e.lamport !== undefined) this.recordScalarClock(i, e.lamport, 0);
    if (e.state) this.recordedState.set(i, e.state);
    if (e.label !== undefined) this.labels[i] = e.label;
    if (e.seq !== undefined) this.setSentSeq(i, e.seq);
    if (syncSource !== undefined) this.syncFrom.set(i, syncSource);
    if (e.after && e.after.length > 0) this.afterIds.set(i, e.after);
    const extras = pickExtras(e, keepDetails);
    if (extras) this.extras.set(i, extras);
    return i;
  }

  /** Records the Lamport value (or hybrid clock's parts) of event i, making the columns on first use. */
  private recordScalarClock(i: number, scalar: number, counter: number): void {
    if (this.recordedScalar === undefined || this.recordedCounter === undefined) {
      this.recordedScalar = new Float64Array(this.kind.length);
      this.recordedScalar.fill(NaN, 0, this.n);
      this.recordedCounter = new Uint32Array(this.kind.length);
    }
    this.recordedScalar[i] = scalar;
    this.recordedCounter[i] = counter;
  }

  /** The latest event of replica `name` so far, or -1. */
  private latestEventOf(name: string): number {
    const r = this.replicas.find(name);
    return r < 0 || r >= this.lastEventOfReplica.length ? -1 : this.lastEventOfReplica[r];
  }

  /** Sets the label of event i (readers that append columns directly). */
  setLabel(i: number, label: string): void {
    this.labels[i] = label;
  }

  /** Makes room for `events` events with `clockEntries` clock entries in all (for readers that know how many will come). */
  reserve(events: number, clockEntries: number): void {
    if (events > this.kind.length) this.growColumns(events);
    this.clockEntries.reserve(clockEntries - this.clockEntries.count);
  }

  /** Adds an entry to the recorded vector clock of the next event appended. */
  pushClockEntry(replica: number, value: number): void {
    const clock = this.clockEntries;
    if (clock.implicitReplicas) this.explicitClockReplicas();
    clock.reserve(1);
    clock.replica[clock.count] = replica;
    clock.value[clock.count++] = value;
  }

  /**
   * The low-level append behind addEvent, for readers that intern strings themselves (the fast
   * native path): every argument is a column value; -1 / NaN mean absent. The event's recorded
   * clock is what `pushClockEntry` added since the previous event.
   */
  appendEvent(
    replica: number,
    kind: number,
    line: number,
    offset: number,
    length: number,
    key: number,
    opType: number,
    opValue: number,
    opNumber: number,
    opField: number,
    msg: number,
    payload: number,
    time: number,
    customId: number,
    dest: number,
  ): number {
    if (this.n === this.kind.length) this.growColumns(this.n + 1);
    const i = this.n++;
    this.replica[i] = replica;
    this.kind[i] = kind;
    this.line[i] = line;
    this.offset[i] = offset;
    this.length[i] = length;
    this.key[i] = key;
    this.opType[i] = opType;
    this.opValue[i] = opValue;
    this.opNumber[i] = opNumber;
    this.opField[i] = opField;
    this.msg[i] = msg;
    this.payload[i] = payload;
    this.time[i] = time;
    this.customId[i] = customId;
    this.dest[i] = dest;
    while (this.eventsPerReplica.length <= replica) {
      this.eventsPerReplica.push(0);
      this.lastEventOfReplica.push(-1);
    }
    this.seq[i] = ++this.eventsPerReplica[replica];
    if (this.recordedScalar) this.recordedScalar[i] = NaN;
    this.clockStart[i + 1] = this.clockEntries.count;
    this.lastEventOfReplica[replica] = i;
    return i;
  }

  /** Adds a message edge from event `from` to event `to` (importers whose formats imply edges). */
  addEdge(from: number, to: number): void {
    this.explicitEdges.push(from, to);
  }

  /** Sets the clock kind when an importer learns it from the data. */
  setClockKind(kind: ClockKind): void {
    this.clockKind = kind;
  }

  private growColumns(size: number): void {
    const projected = this.projected();
    if (projected && projected.events >= size) {
      this.resizeColumns(size, projected.events);
      this.clockEntries.reserve(projected.clockEntries - this.clockEntries.count);
    } else {
      this.resizeColumns(size, this.kind.length * 2);
    }
  }

  /** Gives every column room for `size` events, `capacity` when it has to be copied. */
  private resizeColumns(size: number, capacity: number): void {
    const fit = <T extends TypedArray>(a: T) => grow(a, size, capacity);
    this.replica = fit(this.replica);
    this.kind = fit(this.kind);
    this.line = fit(this.line);
    this.offset = fit(this.offset);
    this.length = fit(this.length);
    this.key = fit(this.key);
    this.opType = fit(this.opType);
    this.opValue = fit(this.opValue);
    this.opNumber = fit(this.opNumber);
    this.opField = fit(this.opField);
    this.msg = fit(this.msg);
    this.dest = fit(this.dest);
    this.payload = fit(this.payload);
    this.time = fit(this.time);
    this.customId = fit(this.customId);
    this.seq = fit(this.seq);
    if (this.recordedScalar) this.recordedScalar = fit(this.recordedScalar);
    if (this.recordedCounter) this.recordedCounter = fit(this.recordedCounter);
    if (this.sentSeq) this.sentSeq = fit(this.sentSeq);
    this.clockStart = grow(this.clockStart, this.kind.length + 1, this.kind.length + 1);
  }

  /** Links receives and syncs to their sends and returns the finished, immutable trace. */
  finish(): Trace {
    const n = this.n;
    const edges = this.linkMessages();
    const objects: ObjectSpec[] = [];
    for (let k = 0; k < this.keys.size; k++) objects.push(this.objectSpecs.get(k) ?? { type: 'pn-counter' });
    const inferred = inferObjectType(this, this.objectSpecs);
    for (const [k, spec] of inferred) objects[k] = spec;
    const defaultPayload = this.keys.size > 0 ? Payload[this.header.sync ?? 'state'] : Payload.none;
    const payload = trim(this.payload, n);
    for (let i = 0; i < n; i++) {
      if (payload[i] !== PAYLOAD_UNSPECIFIED) continue;
      const carries = this.kind[i] === EventKind.send || this.kind[i] === EventKind.sync;
      payload[i] = carries ? defaultPayload : Payload.none;
    }
    return new ColumnarTrace({
      name: this.name,
      header: this.header,
      size: n,
      replicas: this.replicas,
      keys: this.keys,
      messages: this.messages,
      values: this.values,
      strings: this.strings,
      objects,
      replica: trim(this.replica, n),
      kind: trim(this.kind, n),
      line: trim(this.line, n),
      offset: trim(this.offset, n),
      length: trim(this.length, n),
      key: trim(this.key, n),
      opType: trim(this.opType, n),
      opValue: trim(this.opValue, n),
      opNumber: trim(this.opNumber, n),
      opField: trim(this.opField, n),
      msg: trim(this.msg, n),
      dest: trim(this.dest, n),
      payload,
      time: trim(this.time, n),
      customId: trim(this.customId, n),
      seq: trim(this.seq, n),
      edgeStart: edges.start,
      edgeFrom: edges.from,
      clockKind: this.clockKind,
      clockStart: trim(this.clockStart, n + 1),
      clockReplica: this.recordedClockReplicas(),
      clockValue: trim(this.clockEntries.value, this.clockEntries.count),
      recordedScalar: this.recordedScalar && trim(this.recordedScalar, n),
      recordedCounter: this.recordedCounter && trim(this.recordedCounter, n),
      sentSeq: this.sentSeq && trim(this.sentSeq, n),
      findings: this.findings,
      recordedState: this.recordedState,
      extras: this.extras,
      labels: this.labels,
      source: this.source,
      ...(this.header.history ? { library: this.header.history } : {}),
      ...(this.documentStates ? { documentStates: this.documentStates } : {}),
    });
  }

  /** The replica of each recorded clock entry, or undefined when every event's clock lists every replica in id order (see Trace.clockReplica). */
  private recordedClockReplicas(): Uint16Array | undefined {
    if (this.clocksListEveryReplica()) return undefined;
    this.explicitClockReplicas();
    return trim(this.clockEntries.replica, this.clockEntries.count);
  }

  private clocksListEveryReplica(): boolean {
    const R = this.replicas.size;
    const { replica, count, implicitReplicas } = this.clockEntries;
    if (R === 0 || count !== this.n * R) return false;
    for (let i = 0; i < this.n; i++) {
      if (this.clockStart[i] !== i * R) return false;
      if (!implicitReplicas) for (let r = 0, k = i * R; r < R; r++, k++) if (replica[k] !== r) return false;
    }
    return true;
  }

  /** Writes the replica of every clock entry of the events so far, when they were left implicit (see ClockEntries.implicitReplicas). */
  explicitClockReplicas(): void {
    const clock = this.clockEntries;
    if (!clock.implicitReplicas) return;
    clock.implicitReplicas = false;
    const { clockStart } = this;
    for (let i = 0; i < this.n; i++) for (let k = clockStart[i]; k < clockStart[i + 1]; k++) clock.replica[k] = k - clockStart[i];
  }

  /** Incoming edges per event: receive/sync -> its send, sync `from` -> that replica's latest event, explicit edges. */
  private linkMessages(): { start: Uint32Array; from: Int32Array } {
    const n = this.n;
    const sendOf = new Int32Array(this.messages.size).fill(-1);
    for (let i = 0; i < n; i++) {
      const m = this.msg[i];
      if (m >= 0 && this.kind[i] === EventKind.send && sendOf[m] < 0) sendOf[m] = i;
    }
    const count = new Uint32Array(n + 1);
    const single = new Int32Array(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const kind = this.kind[i];
      if (kind !== EventKind.receive && kind !== EventKind.sync) continue;
      const m = this.msg[i];
      let from = -1;
      if (m >= 0) {
        from = sendOf[m];
        if (from < 0) {
          this.findings.push({
            severity: 'warning',
            kind: 'unknown-message',
            line: this.line[i],
            message: `${this.eventIdOf(i)} receives message "${this.messages.name(m)}", which no event sends; it is treated as a local event.`,
            events: [this.eventIdOf(i)],
          });
        }
      } else if (this.syncFrom.has(i)) {
        from = this.syncFrom.get(i)!;
      }
      if (from >= 0) {
        single[i] = from;
        count[i]++;
      }
    }
    this.resolveAfterIds();
    const explicit = this.explicitEdges;
    for (let k = 0; k < explicit.length; k += 2) count[explicit[k + 1]]++;
    const start = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) start[i + 1] = start[i] + count[i];
    const from = new Int32Array(start[n]);
    const fill = start.slice(0, n);
    for (let i = 0; i < n; i++) if (single[i] >= 0) from[fill[i]++] = single[i];
    for (let k = 0; k < explicit.length; k += 2) from[fill[explicit[k + 1]]++] = explicit[k];
    return { start, from };
  }

  /** Turns `after` ids into explicit edges; an id that names no event is a warning. */
  private resolveAfterIds(): void {
    if (this.afterIds.size === 0) return;
    const index = new Map<string, number>();
    for (let i = 0; i < this.n; i++) index.set(this.eventIdOf(i), i);
    for (const [to, ids] of this.afterIds) {
      for (const id of ids) {
        const from = index.get(id);
        if (from !== undefined && from !== to) {
          this.addEdge(from, to);
          continue;
        }
        this.findings.push({
          severity: 'warning',
          kind: 'unknown-message',
          line: this.line[to],
          message: `${this.eventIdOf(to)} lists "${id}" in "after", but no event has that id; the edge is ignored.`,
          events: [this.eventIdOf(to)],
        });
      }
    }
  }

  private eventIdOf(i: number): string {
    const c = this.customId[i];
    return c >= 0 ? this.strings.name(c) : `${this.replicas.name(this.replica[i])}:${this.seq[i]}`;
  }
}

function pickExtras(e: EventInput, keepDetails: boolean): EventExtras | undefined {
  const nested = e.op?.op !== undefined;
  const fields = keepDetails ? e.fields : undefined;
  if (fields === undefined && e.from === undefined && e.timeText === undefined && !nested) return undefined;
  const x: EventExtras = {};
  if (fields !== undefined) x.fields = fields;
  if (e.from !== undefined) x.from = e.from;
  if (e.timeText !== undefined) x.timeText = e.timeText;
  if (nested) x.op = e.op;
  return x;
}

/**
 * The recorded vector clock entries of the events appended so far: entries [0, count). The next
 * event's entries may be written in place after `count` (after `reserve`) and then counted.
 */
export class ClockEntries {
  replica = new Uint16Array(4096);
  value = new Uint32Array(4096);
  count = 0;
  /**
   * While true, each clock so far lists replicas 0, 1, 2, ... in id order and `replica` is not
   * written (the native scanner's way: most traces' clocks do, and the column is then dropped);
   * TraceBuilder.explicitClockReplicas() writes it before a clock in another order is added.
   */
  implicitReplicas = false;

  /** Makes room for `extra` entries after `count` (the arrays may be replaced). */
  reserve(extra: number): void {
    if (this.count + extra <= this.replica.length) return;
    this.replica = grow(this.replica, this.count + extra);
    this.value = grow(this.value, this.count + extra);
  }
}

type TraceColumns = Omit<Trace, 'eventId' | 'eventIndex' | 'opOf' | 'hasRecordedClock' | 'recordedClock' | 'event'>;

/** The Trace implementation over finished columns. */
class ColumnarTrace implements Trace {
  readonly name!: string;
  readonly header!: TraceHeader;
  readonly size!: number;
  readonly replicas!: StringTable;
  readonly keys!: StringTable;
  readonly messages!: StringTable;
  readonly values!: StringTable;
  readonly strings!: StringTable;
  readonly objects!: ObjectSpec[];
  readonly replica!: Uint16Array;
  readonly kind!: Uint8Array;
  readonly line!: Uint32Array;
  readonly offset!: Float64Array;
  readonly length!: Uint32Array;
  readonly key!: Int32Array;
  readonly opType!: Int32Array;
  readonly opValue!: Int32Array;
  readonly opNumber!: Float64Array;
  readonly opField!: Int32Array;
  readonly msg!: Int32Array;
  readonly dest!: Int32Array;
  readonly payload!: Uint8Array;
  readonly time!: Float64Array;
  readonly customId!: Int32Array;
  readonly seq!: Uint32Array;
  readonly edgeStart!: Uint32Array;
  readonly edgeFrom!: Int32Array;
  readonly clockKind!: ClockKind;
  readonly clockStart!: Uint32Array;
  readonly clockReplica!: Uint16Array | undefined;
  readonly clockValue!: Uint32Array;
  readonly recordedScalar!: Float64Array | undefined;
  readonly recordedCounter!: Uint32Array | undefined;
  readonly sentSeq!: Uint32Array | undefined;
  readonly findings!: Finding[];
  readonly recordedState!: ReadonlyMap<number, Record<string, Json>>;
  readonly extras!: ReadonlyMap<number, EventExtras>;
  readonly labels!: readonly (string | undefined)[];
  readonly source?: SourceText;
  readonly library?: LibraryHistory;
  readonly documentStates?: DocumentStates;

  private idIndex?: Map<string, number>;
  private readonly parsedValues: (Json | undefined)[] = [];

  constructor(columns: TraceColumns) {
    Object.assign(this, columns);
  }

  eventId(i: number): string {
    const c = this.customId[i];
    return c >= 0 ? this.strings.name(c) : `${this.replicas.name(this.replica[i])}:${this.seq[i]}`;
  }

  eventIndex(id: string): number {
    if (!this.idIndex) {
      this.idIndex = new Map();
      for (let i = 0; i < this.size; i++) this.idIndex.set(this.eventId(i), i);
    }
    return this.idIndex.get(id) ?? -1;
  }

  private value(id: number): Json {
    let v = this.parsedValues[id];
    if (v === undefined) v = this.parsedValues[id] = JSON.parse(this.values.name(id)) as Json;
    return v;
  }

  opOf(i: number): CrdtOp | undefined {
    const type = this.opType[i];
    if (type < 0) return undefined;
    const nested = this.extras.get(i)?.op;
    if (nested) return nested;
    const op: { type: string; value?: Json; field?: string } = { type: this.strings.name(type) };
    const n = this.opNumber[i];
    if (!Number.isNaN(n)) op.value = n;
    else if (this.opValue[i] >= 0) op.value = this.value(this.opValue[i]);
    if (this.opField[i] >= 0) op.field = this.strings.name(this.opField[i]);
    return op;
  }

  hasRecordedClock(i: number): boolean {
    return this.clockStart[i + 1] > this.clockStart[i];
  }

  recordedClock(i: number): Record<string, number> | undefined {
    const s = this.clockStart[i];
    const e = this.clockStart[i + 1];
    if (e === s) return undefined;
    const clock: Record<string, number> = {};
    for (let k = s; k < e; k++) clock[this.replicas.name(this.clockReplica ? this.clockReplica[k] : k - s)] = this.clockValue[k];
    return clock;
  }

  event(i: number): EventInput {
    const x = this.extras.get(i);
    const e: EventInput = {
      replica: this.replicas.name(this.replica[i]),
      kind: EVENT_KIND_NAMES[this.kind[i]],
      line: this.line[i],
      id: this.eventId(i),
    };
    if (this.key[i] >= 0) e.key = this.keys.name(this.key[i]);
    const op = this.opOf(i);
    if (op) e.op = op;
    if (this.msg[i] >= 0) e.msg = this.messages.name(this.msg[i]);
    if (this.dest[i] >= 0) e.to = JSON.parse(this.strings.name(this.dest[i])) as string[];
    if (x?.from !== undefined) e.from = x.from;
    const after: string[] = [];
    // The first edge of a sync `from` a replica is that replica's latest event: `from` says so.
    const first = this.edgeStart[i] + (x?.from !== undefined && this.msg[i] < 0 ? 1 : 0);
    for (let k = first; k < this.edgeStart[i + 1]; k++) {
      const from = this.edgeFrom[k];
      if (this.msg[i] < 0 || this.msg[from] !== this.msg[i]) after.push(this.eventId(from));
    }
    if (after.length > 0) e.after = after;
    if (this.payload[i] !== Payload.none) e.payload = PAYLOAD_NAMES[this.payload[i]];
    const clock = this.recordedClock(i);
    if (clock) e.clock = clock;
    const scalar = this.recordedScalar?.[i] ?? NaN;
    if (!Number.isNaN(scalar)) {
      if (this.clockKind === 'hybrid') e.hlc = { wall: scalar, counter: this.recordedCounter?.[i] ?? 0 };
      else e.lamport = scalar;
    }
    if (!Number.isNaN(this.time[i])) e.time = this.time[i];
    if (this.sentSeq && this.sentSeq[i] > 0) e.seq = this.sentSeq[i];
    if (x?.timeText !== undefined) e.timeText = x.timeText;
    const state = this.recordedState.get(i);
    if (state) e.state = state;
    const label = this.labels[i];
    if (label !== undefined) e.label = label;
    if (x?.fields) e.fields = x.fields;
    if (this.offset[i] >= 0) {
      e.offset = this.offset[i];
      e.length = this.length[i];
      if (this.source && x?.fields === undefined) {
        const details = this.source.details(e.offset, e.length);
        if (details?.fields) e.fields = details.fields;
        if (e.label === undefined && details?.label !== undefined) e.label = details.label;
      }
    }
    return e;
  }
}
