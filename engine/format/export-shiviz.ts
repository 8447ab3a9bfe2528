// Writes a Trace as a ShiViz / GoVector log: a regex header line, a blank line, then two lines per
// event (`host {clock}` and the event text), so the trace opens in ShiViz and comes back intact.
//
// What ShiViz's text cannot carry (fields, kind, message ids, operations, state, times, a label
// with line breaks) goes into a JSON object after a tab on the event line, captured by the
// regex's `causeway` group; ShiViz shows it as a field, Causeway's importer reads it back. Plain
// traces (no such data, host names without spaces) get GoVector's own regex header.

import { MemoryBudget } from '../analysis/limits';
import { computeClocks } from '../replay/clocks';
import { causalOrder } from '../replay/order';
import type { Json } from '../crdt/types';
import type { EventInput, EventKindName, Trace } from '../trace/model';
import { inferClockEdges } from './clock-edges';
import { FindingLog, PendingEvents } from './pending';
import { extrasOf, lineLabel } from './shiviz-extras';
import { GOVECTOR_REGEX } from './shiviz-regex';

/** The header regex when events carry extras: GoVector's, with an optional tab and JSON object. */
export const CAUSEWAY_SHIVIZ_REGEX = '(?<host>.*?) (?<clock>{.*})\\n(?<event>.*?)(?:\\t(?<causeway>{.*}))?$';

export interface ShivizExportOptions {
  /**
   * The vector clock of event i, for events without a recorded one (e.g. the replay's computed
   * clocks). By default they are computed from the trace's structure.
   */
  clocks?: (i: number) => Record<string, number>;
}

/** Host names as a log line can carry them: no line breaks, no " {" (which starts the clock). */
function safeHost(name: string): string {
  return name.replace(/[\r\n\u2028\u2029]/g, ' ').replace(/ \{/g, ' (');
}

function plainHost(name: string): boolean {
  return /^[^\s{}]+$/.test(name);
}

/** Clocks as written: recorded ones, or computed ones (flagged). */
function clocksOf(trace: Trace, options: ShivizExportOptions): { clock: Record<string, number>[]; computed: Uint8Array } {
  const clock: Record<string, number>[] = [];
  const computed = new Uint8Array(trace.size);
  let fallback: ((i: number) => Record<string, number>) | undefined = options.clocks;
  for (let i = 0; i < trace.size; i++) {
    const recorded = trace.clockKind === 'vector' ? trace.recordedClock(i) : undefined;
    if (recorded) {
      clock.push(recorded);
      continue;
    }
    fallback ??= structuralClocks(trace);
    clock.push(fallback(i));
    computed[i] = 1;
  }
  return { clock, computed };
}

/** Vector clocks from program order and message edges (the replay's computation). */
function structuralClocks(trace: Trace): (i: number) => Record<string, number> {
  const clocks = computeClocks(trace, causalOrder(trace), new MemoryBudget());
  return (i) => {
    const clock: Record<string, number> = {};
    clocks.forEachEntry(i, (r, v) => (clock[trace.replicas.name(r)] = v));
    return clock;
  };
}

/** The kind the ShiViz importer will infer for each event from the clocks as written. */
function inferredKinds(trace: Trace, clock: Record<string, number>[]): EventKindName[] {
  const p = new PendingEvents();
  for (let i = 0; i < trace.size; i++) p.add(safeHost(trace.replicas.name(trace.replica[i])), i + 1, {}, renameHosts(clock[i]));
  const { edgeFrom, edgeTo } = inferClockEdges(p, { sourceOrder: true }, new FindingLog());
  const hasIn = new Uint8Array(trace.size);
  const hasOut = new Uint8Array(trace.size);
  for (let k = 0; k < edgeFrom.length; k++) {
    hasOut[edgeFrom[k]] = 1;
    hasIn[edgeTo[k]] = 1;
  }
  return Array.from(hasIn, (_, i) => (hasIn[i] ? 'receive' : hasOut[i] ? 'send' : 'local'));
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
export const SHIVIZ_DELIMITER = '^=== (?<trace>.*) ===$';
const DELIMITER_LIKE = /^=== .* ===$/;

/** One execution prepared for writing: its clocks, and each event's extras (undefined when none). */
interface Prepared {
  trace: Trace;
  clock: Record<string, number>[];
  extras(i: number, e: EventInput): Record<string, Json> | undefined;
}

function prepare(trace: Trace, options: ShivizExportOptions, delimited: boolean): Prepared {
  const { clock, computed } = clocksOf(trace, options);
  const inferred = inferredKinds(trace, clock);
  const extras = (i: number, e: EventInput) => {
    // A message id makes the importer link by it: then the kind is always written.
    const inferredKind = e.msg !== undefined ? ('' as EventKindName) : inferred[i];
    const x = extrasOf(e, { inferredKind, clockComputed: computed[i] === 1, customId: trace.customId[i] >= 0 });
    // A label that reads as a delimiter line would split the execution: it travels in the extras.
    if (delimited && e.label !== undefined && DELIMITER_LIKE.test(e.label)) return { ...x, label: e.label };
    return x;
  };
  return { trace, clock, extras };
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
