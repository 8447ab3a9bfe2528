// Writes a Trace as a ShiViz / GoVector log: a regex header line, a blank line, then two lines per
// event (`host {clock}` and the event text), so the trace opens in ShiViz and comes back intact.
//
// What ShiViz's text cannot carry (fields, kind, message ids, operations, state, times, a label
// with line breaks, object types, edges the clocks do not imply) goes into a JSON object after a
// tab on the event line, captured by the regex's `causeway` group; ShiViz shows it as a field,
// Causeway's importer reads it back. Plain traces (no such data, host names without spaces) get
// GoVector's own regex header. What even that cannot carry is said (`cannotCarry`).

import { causalOrder } from '../replay/order';
import type { Json } from '../crdt/types';
import { EVENT_KIND_NAMES, type EventInput, EventKind, type EventKindName, type Trace } from '../trace/model';
import { inferClockEdges } from './clock-edges';
import { withMessageLinks } from './message-links';
import { FindingLog, PendingEvents } from './pending';
import { extrasOf, lineLabel } from './shiviz-extras';
import { GOVECTOR_REGEX } from './shiviz-regex';

/** The header regex when events carry extras: GoVector's, with an optional tab and JSON object. */
export const CAUSEWAY_SHIVIZ_REGEX = '(?<host>.*?) (?<clock>{.*})\\n(?<event>.*?)(?:\\t(?<causeway>{.*}))?$';

export interface ShivizExportOptions {
  /**
   * The vector clock of event i, for events without a recorded one (e.g. the replay's computed
   * clocks). By default they are built from the recorded clocks and the message edges (clocksOf).
   */
  clocks?: (i: number) => Record<string, number>;
  /** Receives, one sentence each, what the log cannot carry of the traces (nothing when it carries all). */
  cannotCarry?: string[];
}

/** Host names as a log line can carry them: no line breaks, no " {" (which starts the clock). */
function safeHost(name: string): string {
  return name.replace(/[\r\n\u2028\u2029]/g, ' ').replace(/ \{/g, ' (');
}

function plainHost(name: string): boolean {
  return /^[^\s{}]+$/.test(name);
}

/**
 * Clocks as written: recorded ones, and computed ones (flagged) for events without: the caller's,
 * else the replica's previous clock merged with the clocks of the events that send into it, its
 * own entry ticked. Built from the recorded clocks, computed ones agree with them as far as they
 * can; a trace without any gets the clocks of its structure.
 */
function clocksOf(trace: Trace, options: ShivizExportOptions): { clock: Record<string, number>[]; computed: Uint8Array } {
  const clock: Record<string, number>[] = new Array(trace.size);
  const computed = new Uint8Array(trace.size);
  const { order, previousOnReplica } = causalOrder(trace);
  for (const i of order) {
    const recorded = trace.clockKind === 'vector' ? trace.recordedClock(i) : undefined;
    if (recorded) {
      clock[i] = recorded;
      continue;
    }
    computed[i] = 1;
    if (options.clocks) {
      clock[i] = options.clocks(i);
      continue;
    }
    const prev = previousOnReplica[i];
    const c: Record<string, number> = prev >= 0 && clock[prev] ? { ...clock[prev] } : {};
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
      const sent = clock[trace.edgeFrom[k]];
      if (sent) for (const name in sent) c[name] = Math.max(c[name] ?? 0, sent[name]);
    }
    const own = trace.replicas.name(trace.replica[i]);
    c[own] = (c[own] ?? 0) + 1;
    clock[i] = c;
  }
  return { clock, computed };
}

/**
 * Events whose clock as written does not rise above the previous one of their replica, where one
 * of the two was computed: recorded clocks that leave no room for an event without one (they do
 * not count it) clash with any clock written for it.
 */
function clockClashes(trace: Trace, clock: Record<string, number>[], computed: Uint8Array): number {
  const last = new Int32Array(trace.replicas.size).fill(-1);
  let clashes = 0;
  for (let i = 0; i < trace.size; i++) {
    const r = trace.replica[i];
    const own = trace.replicas.name(r);
    const before = last[r];
    if (before >= 0 && (computed[i] || computed[before]) && !((clock[i][own] ?? 0) > (clock[before][own] ?? 0))) clashes++;
    last[r] = i;
  }
  return clashes;
}

/**
 * What the ShiViz importer will rebuild from the log as written: each event's kind (from the
 * edges its clock implies) and the message edges (from the clocks, and from message ids), as
 * `from * size + to`.
 */
interface ImportedShape {
  kinds: EventKindName[];
  edges: Set<number>;
}

function importedShape(trace: Trace, clock: Record<string, number>[]): ImportedShape {
  const p = new PendingEvents();
  for (let i = 0; i < trace.size; i++) {
    const msg = trace.msg[i] >= 0 ? trace.messages.name(trace.msg[i]) : undefined;
    const details = msg === undefined ? {} : { extra: { kind: EVENT_KIND_NAMES[trace.kind[i]], msg } };
    p.add(safeHost(trace.replicas.name(trace.replica[i])), i + 1, details, renameHosts(clock[i]));
  }
  const plan = withMessageLinks(p, inferClockEdges(p, { sourceOrder: true }, new FindingLog()));
  const n = trace.size;
  const hasIn = new Uint8Array(n);
  const hasOut = new Uint8Array(n);
  const edges = new Set<number>();
  plan.edgeFrom.forEach((from, k) => {
    hasOut[from] = 1;
    hasIn[plan.edgeTo[k]] = 1;
    edges.add(from * n + plan.edgeTo[k]);
  });
  for (const [from, to] of builderLinks(trace)) edges.add(from * n + to);
  const kinds = Array.from(hasIn, (_, i): EventKindName => (hasIn[i] ? 'receive' : hasOut[i] ? 'send' : 'local'));
  return { kinds, edges };
}

/**
 * The edges TraceBuilder adds itself when the log is read back: a receive or sync to the first send
 * of its message id, a sync naming a replica (`from`) to that replica's latest event before it.
 */
function* builderLinks(trace: Trace): Generator<[number, number]> {
  const sendOf = new Map<number, number>();
  const latest = new Int32Array(trace.replicas.size).fill(-1);
  for (let i = 0; i < trace.size; i++) {
    const kind = trace.kind[i];
    const m = trace.msg[i];
    if (kind === EventKind.send && m >= 0 && !sendOf.has(m)) sendOf.set(m, i);
    if (kind === EventKind.receive || kind === EventKind.sync) {
      const from = m >= 0 ? sendOf.get(m) : kind === EventKind.sync ? fromReplica(trace, i, latest) : undefined;
      if (from !== undefined && from >= 0) yield [from, i];
    }
    latest[trace.replica[i]] = i;
  }
}

/** The latest event (in `latest`) of the replica a sync names in `from`, or undefined. */
function fromReplica(trace: Trace, i: number, latest: Int32Array): number | undefined {
  const name = trace.extras.get(i)?.from;
  const r = name === undefined ? -1 : trace.replicas.find(name);
  return r >= 0 ? latest[r] : undefined;
}

/**
 * The trace's message edges that the importer will not rebuild, as `after` lists of the ids the
 * sending events will have when read back; and how many edges it will add that the trace lacks.
 */
function edgesToCarry(trace: Trace, shape: ImportedShape): { after: Map<number, string[]>; added: number } {
  const n = trace.size;
  const idAsRead = (i: number) => (trace.customId[i] >= 0 ? trace.eventId(i) : `${safeHost(trace.replicas.name(trace.replica[i]))}:${trace.seq[i]}`);
  const after = new Map<number, string[]>();
  const kept = new Set<number>();
  for (let i = 0; i < n; i++) {
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
      const from = trace.edgeFrom[k];
      kept.add(from * n + i);
      if (shape.edges.has(from * n + i)) continue;
      const list = after.get(i) ?? [];
      list.push(idAsRead(from));
      after.set(i, list);
    }
  }
  let added = 0;
  for (const edge of shape.edges) if (!kept.has(edge)) added++;
  return { after, added };
}

function renameHosts(clock: Record<string, number>): Record<string, number> {
  let plain = true;
  for (const name in clock) if (safeHost(name) !== name) plain = false;
  if (plain) return clock;
  const out: Record<string, number> = {};
  for (const name in clock) out[safeHost(name)] = clock[name];
  return out;
}

/** The delimiter regex that separates executions in a multi-execution export. */
export { SHIVIZ_DELIMITER } from './shiviz-regex';
const DELIMITER_LIKE = /^=== .* ===$/;

/** One execution prepared for writing: its clocks, and each event's extras (undefined when none). */
interface Prepared {
  trace: Trace;
  clock: Record<string, number>[];
  extras(i: number, e: EventInput): Record<string, Json> | undefined;
}

/** Every object key's CRDT type, as the native header writes them (the first event carries them). */
function objectTypes(trace: Trace): Record<string, Json> | undefined {
  if (trace.keys.size === 0) return undefined;
  const objects: Record<string, Json> = {};
  trace.objects.forEach((spec, k) => (objects[trace.keys.name(k)] = spec.values ? { type: spec.type, values: spec.values } : spec.type));
  return objects;
}

function prepare(trace: Trace, options: ShivizExportOptions, delimited: boolean): Prepared {
  const { clock, computed } = clocksOf(trace, options);
  const shape = importedShape(trace, clock);
  const { after, added } = edgesToCarry(trace, shape);
  const objects = objectTypes(trace);
  if (options.cannotCarry) options.cannotCarry.push(...cannotCarry(trace, { addedEdges: added, clockClashes: clockClashes(trace, clock, computed) }, delimited));
  const extras = (i: number, e: EventInput) => {
    // A message id makes the importer link by it: then the kind is always written.
    const inferredKind = e.msg !== undefined ? ('' as EventKindName) : shape.kinds[i];
    let x = extrasOf(e, { inferredKind, clockComputed: computed[i] === 1, customId: trace.customId[i] >= 0 });
    const more: Record<string, Json> = {};
    // A send that carries nothing says so: read back, it would carry the default (state).
    if (e.payload === undefined && trace.keys.size > 0 && (e.kind === 'send' || e.kind === 'sync')) more['payload'] = 'none';
    if (after.has(i)) more['after'] = after.get(i)!;
    if (i === 0 && objects) more['objects'] = objects;
    // A label that reads as a delimiter line would split the execution: it travels in the extras.
    if (delimited && e.label !== undefined && DELIMITER_LIKE.test(e.label)) more['label'] = e.label;
    if (Object.keys(more).length > 0) x = { ...x, ...more };
    return x;
  };
  return { trace, clock, extras };
}

/** What a ShiViz log cannot carry of this execution, one sentence each (empty when nothing). */
function cannotCarry(trace: Trace, { addedEdges, clockClashes }: { addedEdges: number; clockClashes: number }, delimited: boolean): string[] {
  const notes: string[] = [];
  const note = (text: string) => notes.push(delimited ? `Execution "${trace.name}": ${text}` : text[0].toUpperCase() + text.slice(1));
  const { header } = trace;
  if (header.description !== undefined) note(`the description ("${header.description}") is left out: a ShiViz log has no header for it.`);
  if (header.priority !== undefined) note(`the replica priority (${header.priority.join(' > ')}) is left out: what-if replays under the priority strategy will differ.`);
  if (trace.clockKind === 'lamport' || trace.clockKind === 'hybrid') {
    note(`the recorded ${trace.clockKind} clocks come back as Lamport stamps of a vector-clock trace${trace.clockKind === 'hybrid' ? ' (each hybrid clock loses its counter)' : ''}.`);
  }
  if (trace.library) {
    note(`what the ${trace.library.library} source says is left out (its lanes are authors or clients, and its ${trace.library.conflicts.length} conflict(s) as the source resolved them): read back, the lanes are taken for replicas and the conflicts are Causeway's own. Convert to the native format to keep it.`);
  }
  const perReplica = new Uint32Array(trace.replicas.size);
  for (let i = 0; i < trace.size; i++) perReplica[trace.replica[i]]++;
  const idle = trace.replicas.all().filter((_, r) => perReplica[r] === 0);
  if (idle.length === 1) note(`replica ${idle[0]} has no events and is left out: a ShiViz log names a host only by its events.`);
  if (idle.length > 1) note(`replicas ${idle.join(', ')} have no events and are left out: a ShiViz log names a host only by its events.`);
  if (addedEdges > 0) {
    note(`${addedEdges} message ${addedEdges === 1 ? 'edge' : 'edges'} that the trace does not have will appear: the recorded clocks say an event learnt from another host, and ShiViz draws an edge for that.`);
  }
  if (clockClashes > 0) {
    note(
      `${clockClashes} ${clockClashes === 1 ? 'event has' : 'events have'} no recorded clock, and the recorded clocks of ${clockClashes === 1 ? 'its' : 'their'} replica do not count ${clockClashes === 1 ? 'it' : 'them'}: ` +
        'a ShiViz log needs a rising clock on every event, so the log reads back with clock regressions there.',
    );
  }
  return notes;
}

function isPlain(p: Prepared): boolean {
  if (!p.trace.replicas.all().every(plainHost)) return false;
  for (let i = 0; i < p.trace.size; i++) if (p.extras(i, p.trace.event(i)) !== undefined) return false;
  return true;
}

function* eventLines(p: Prepared, plain: boolean): Generator<string> {
  for (let i = 0; i < p.trace.size; i++) {
    const e = p.trace.event(i);
    const x = plain ? undefined : p.extras(i, e);
    let label = lineLabel(e.label);
    if (x?.['label'] !== undefined && DELIMITER_LIKE.test(label)) label = ` ${label}`;
    yield `${safeHost(e.replica)} ${JSON.stringify(renameHosts(p.clock[i]))}`;
    yield x ? `${label}\t${JSON.stringify(x)}` : label;
  }
}

/** The lines of the ShiViz log of one execution (without line ends): the regex header, a blank line, the events. */
export function* shivizLines(trace: Trace, options: ShivizExportOptions = {}): Generator<string> {
  yield* shivizFileLines([trace], options);
}

/**
 * The lines of a ShiViz log of several executions: one regex header, then each execution after a
 * `=== name ===` line (read it back with the delimiter regex SHIVIZ_DELIMITER). A single execution
 * gets no delimiter line.
 */
export function* shivizFileLines(traces: readonly Trace[], options: ShivizExportOptions = {}): Generator<string> {
  const delimited = traces.length > 1;
  const prepared = traces.map((t) => prepare(t, options, delimited));
  const plain = prepared.every(isPlain);
  yield plain ? GOVECTOR_REGEX : CAUSEWAY_SHIVIZ_REGEX;
  yield '';
  for (let k = 0; k < prepared.length; k++) {
    if (delimited) yield `=== ${(traces[k].name || `execution ${k + 1}`).replace(/[\r\n\u2028\u2029]/g, ' ')} ===`;
    yield* eventLines(prepared[k], plain);
  }
}

/** The whole ShiViz log as text (several executions: see shivizFileLines). */
export function exportShiViz(traces: Trace | readonly Trace[], options: ShivizExportOptions = {}): string {
  const lines: string[] = [];
  for (const line of shivizFileLines(Array.isArray(traces) ? traces : [traces as Trace], options)) lines.push(line);
  lines.push('');
  return lines.join('\n');
}
