// Events an importer has read but not yet handed to TraceBuilder: formats whose edges come from
// clocks or spans must see a whole execution first, so they buffer it here, compactly.

import type { CrdtTypeName, Json } from '../crdt/types';
import type { Finding, FindingKind, Severity } from '../trace/diagnostics';
import type { EventInput, EventKindName, ObjectSpec } from '../trace/model';
import { StringTable } from '../trace/intern';
import { TraceReadError } from './types';

/** What an importer knows about an event beyond host, clock, label and fields. */
export type PendingExtra = Partial<Omit<EventInput, 'replica' | 'line' | 'offset' | 'length' | 'clock' | 'label' | 'fields'>> & {
  /** CRDT types of object keys, declared by the event (a ShiViz export's first event carries them). */
  objects?: Record<string, CrdtTypeName | ObjectSpec>;
};

/** What an importer knows about an event besides its host, line and clock. */
export interface PendingDetails {
  offset?: number;
  length?: number;
  label?: string;
  fields?: Record<string, Json>;
  extra?: PendingExtra;
  /** false: the clock only serves to infer edges and is not kept as the recorded clock. */
  keepClock?: boolean;
}

/** The most replicas a Trace can hold (its replica column is a Uint16Array). */
export const MAX_REPLICAS = 65535;

type Column = Int32Array | Uint32Array | Uint8Array | Float64Array;

/** `a`, or a copy with room for at least `need` values (twice as many, when that is more). */
export function grown<T extends Column>(a: T, need: number): T {
  if (need <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}

/** Sets list[i], the places before it that were never set becoming undefined. */
function setAt<T>(list: (T | undefined)[], i: number, value: T): void {
  while (list.length < i) list.push(undefined);
  list.push(value);
}

/**
 * A growing list of events in source order, column by column. Clocks are stored as (host id,
 * value) pairs in flat typed arrays, so a million buffered events cost no clock objects.
 * Columns may be longer than the data: read them below `size` (and `clockEntries`).
 */
export class PendingEvents {
  /** Host names: the hosts that log events and every name found in a clock. */
  readonly hosts = new StringTable();
  host = new Int32Array(1024);
  line = new Float64Array(1024);
  offset = new Float64Array(1024);
  length = new Float64Array(1024);
  /** 1 when the event's clock is its recorded clock (0: used only to infer edges). */
  keepClock = new Uint8Array(1024);
  /** 1 when the event has a clock (possibly empty). */
  hasClock = new Uint8Array(1024);
  /** Clock of event i: entries clockStart[i] .. clockStart[i+1]. */
  clockStart = new Uint32Array(1025);
  clockHost = new Int32Array(4096);
  clockValue = new Uint32Array(4096);
  /** 1 for hosts that log at least one event. */
  logs = new Uint8Array(64);
  readonly label: (string | undefined)[] = [];
  /** Fields and extras are rare in some formats: these end after the last event that has one (read past it: undefined). */
  readonly fields: (Record<string, Json> | undefined)[] = [];
  readonly extra: (PendingExtra | undefined)[] = [];
  private n = 0;
  private entries = 0;

  get size(): number {
    return this.n;
  }

  get clockEntries(): number {
    return this.entries;
  }

  hostId(name: string): number {
    const id = this.hosts.intern(name);
    if (id >= this.logs.length) this.logs = grown(this.logs, id + 1);
    return id;
  }

  /** Appends an event with its clock as an object (or none). */
  add(host: string, line: number, details: PendingDetails, clock?: Record<string, number>): number {
    const i = this.push(this.hostId(host), line, details, clock !== undefined);
    if (clock) {
      for (const name in clock) this.entry1(this.hostId(name), clock[name]);
    }
    this.clockStart[i + 1] = this.entries;
    return i;
  }

  /** Appends an event whose clock entries are already host ids (see readClockText). */
  addWithIds(host: number, line: number, details: PendingDetails, ids: readonly number[], values: readonly number[], count: number): number {
    const i = this.push(host, line, details, true);
    if (this.entries + count > this.clockHost.length) this.growClock(this.entries + count);
    const k0 = this.entries;
    for (let k = 0; k < count; k++) {
      this.clockHost[k0 + k] = ids[k];
      this.clockValue[k0 + k] = values[k];
    }
    this.entries += count;
    this.clockStart[i + 1] = this.entries;
    return i;
  }

  private entry1(host: number, value: number): void {
    if (this.entries >= this.clockHost.length) this.growClock(this.entries + 1);
    this.clockHost[this.entries] = host;
    this.clockValue[this.entries++] = value;
  }

  private growClock(need: number): void {
    this.clockHost = grown(this.clockHost, need);
    this.clockValue = grown(this.clockValue, need);
  }

  private push(h: number, line: number, details: PendingDetails, hasClock: boolean): number {
    const i = this.n++;
    if (i >= this.host.length) {
      const need = i + 1;
      this.host = grown(this.host, need);
      this.line = grown(this.line, need);
      this.offset = grown(this.offset, need);
      this.length = grown(this.length, need);
      this.keepClock = grown(this.keepClock, need);
      this.hasClock = grown(this.hasClock, need);
      this.clockStart = grown(this.clockStart, this.host.length + 1);
    }
    this.logs[h] = 1;
    this.host[i] = h;
    this.line[i] = line;
    this.offset[i] = details.offset ?? -1;
    this.length[i] = details.length ?? 0;
    this.keepClock[i] = details.keepClock === false ? 0 : 1;
    this.hasClock[i] = hasClock ? 1 : 0;
    this.clockStart[i] = this.entries;
    this.label.push(details.label);
    if (details.fields !== undefined) setAt(this.fields, i, details.fields);
    if (details.extra !== undefined) setAt(this.extra, i, details.extra);
    return i;
  }

  /** The entry of `host` in event i's clock, or NaN when absent. */
  entry(i: number, host: number): number {
    for (let k = this.clockStart[i]; k < this.clockStart[i + 1]; k++) if (this.clockHost[k] === host) return this.clockValue[k];
    return NaN;
  }

  /** Event i's clock as a plain object (for TraceBuilder), or undefined. */
  clockOf(i: number): Record<string, number> | undefined {
    if (!this.hasClock[i]) return undefined;
    const clock: Record<string, number> = {};
    for (let k = this.clockStart[i]; k < this.clockStart[i + 1]; k++) {
      const name = this.hosts.name(this.clockHost[k]);
      if (name === '__proto__') Object.defineProperty(clock, name, { value: this.clockValue[k], enumerable: true, writable: true, configurable: true });
      else clock[name] = this.clockValue[k];
    }
    return clock;
  }

  /** The explicit kind an importer gave event i, if any. */
  kindOf(i: number): EventKindName | undefined {
    return this.extra[i]?.kind;
  }
}

/**
 * Findings with a cap per kind: a log with a million clock gaps gets the first few hundred listed
 * and one summary line, instead of a Problems panel nobody can read.
 */
export class FindingLog {
  private readonly counts = new Map<FindingKind, { shown: number; hidden: number; severity: Severity }>();

  constructor(
    readonly list: Finding[] = [],
    private readonly cap = 200,
  ) {}

  add(severity: Severity, kind: FindingKind, line: number, message: string, events: string[] = [], endLine?: number): void {
    let c = this.counts.get(kind);
    if (!c) this.counts.set(kind, (c = { shown: 0, hidden: 0, severity }));
    if (c.shown >= this.cap) {
      c.hidden++;
      if (severity === 'error') c.severity = 'error';
      return;
    }
    c.shown++;
    const f: Finding = { severity, kind, line: Math.max(0, line), message, events };
    if (endLine !== undefined && endLine > line) f.endLine = endLine;
    this.list.push(f);
  }

  /**
   * Runs the reading of one line or record; an unexpected failure on hostile input (a value nested
   * too deep, say) becomes a finding for that line instead of stopping the whole file.
   */
  guard(line: number, read: () => void): void {
    try {
      read();
    } catch (e) {
      if (e instanceof TraceReadError) throw e;
      this.add('error', 'parse-error', line, `Line ${line} could not be read (${e instanceof Error ? e.message : String(e)}); it is skipped.`);
    }
  }

  /** Adds one summary finding per kind that went over the cap. */
  flush(): Finding[] {
    for (const [kind, c] of this.counts) {
      if (c.hidden === 0) continue;
      this.list.push({
        severity: c.severity,
        kind,
        line: 0,
        message: `${c.hidden} more "${kind}" finding(s) like the ones above are not listed one by one.`,
        events: [],
      });
      c.hidden = 0;
    }
    return this.list;
  }
}

/** A short, safe rendering of untrusted text for messages. */
export function quoted(text: unknown, max = 60): string {
  let s: string;
  try {
    s = typeof text === 'string' ? JSON.stringify(text) : (JSON.stringify(text) ?? String(text));
  } catch {
    s = typeof text === 'object' && text !== null ? (Array.isArray(text) ? '[array]' : '{object}') : String(text);
  }
  return s.length > max ? `${s.slice(0, max - 3)}...` : s;
}
