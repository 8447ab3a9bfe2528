// Writes a Trace as a ShiViz / GoVector log: a regex header line, a blank line, then two lines per
// event (`host {clock}` and the event text), so the trace opens in ShiViz and comes back intact.
//
// What ShiViz's text cannot carry (fields, kind, message ids, operations, state, times, a label
// with line breaks) goes into a JSON object after a tab on the event line, captured by the
// regex's `causeway` group; ShiViz shows it as a field, Causeway's importer reads it back. Plain
// traces (no such data, host names without spaces) get GoVector's own regex header.

import { computeClocks } from '../replay/clocks';
import { causalOrder } from '../replay/order';
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
  const { vector, replicaCount } = computeClocks(trace, causalOrder(trace));
  return (i) => {
    const clock: Record<string, number> = {};
    for (let r = 0; r < replicaCount; r++) {
      const v = vector[i * replicaCount + r];
      if (v > 0) clock[trace.replicas.name(r)] = v;
    }
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

/** The lines of the ShiViz log (without line ends). */
export function* shivizLines(trace: Trace, options: ShivizExportOptions = {}): Generator<string> {
  const { clock, computed } = clocksOf(trace, options);
  const inferred = inferredKinds(trace, clock);
  const extras = (i: number, e: EventInput) => {
    // A message id makes the importer link by it: then the kind is always written.
    const inferredKind = e.msg !== undefined ? ('' as EventKindName) : inferred[i];
    return extrasOf(e, { inferredKind, clockComputed: computed[i] === 1, customId: trace.customId[i] >= 0 });
  };
  let plain = trace.replicas.all().every(plainHost);
  for (let i = 0; plain && i < trace.size; i++) if (extras(i, trace.event(i)) !== undefined) plain = false;
  yield plain ? GOVECTOR_REGEX : CAUSEWAY_SHIVIZ_REGEX;
  yield '';
  for (let i = 0; i < trace.size; i++) {
    const e = trace.event(i);
    const x = plain ? undefined : extras(i, e);
    yield `${safeHost(e.replica)} ${JSON.stringify(renameHosts(clock[i]))}`;
    yield x ? `${lineLabel(e.label)}\t${JSON.stringify(x)}` : lineLabel(e.label);
  }
}

/** The whole ShiViz log as text. */
export function exportShiViz(trace: Trace, options: ShivizExportOptions = {}): string {
  const lines: string[] = [];
  for (const line of shivizLines(trace, options)) lines.push(line);
  lines.push('');
  return lines.join('\n');
}
