// Writes a Trace in the native format (`*.causal.jsonl`): the header line, then one JSON event a
// line, so that reading it back gives the same events, clocks, fields and message edges.

import type { Json } from '../crdt/types';
import { EventKind, type Trace } from '../trace/model';

/**
 * How a trace's message edges are written. An edge from a send into a receive (or sync) is a
 * shared message id (`msg`); a send or receive that has none gets a fresh one. Edges that a
 * message id cannot carry (a receive with several senders, an edge from an event that is not a
 * send: traces imported from clocks or spans have those) are listed in the receiving event's
 * `after` member as the sending events' ids.
 */
interface MessagePlan {
  msg: (string | undefined)[];
  after: (string[] | undefined)[];
}

function planMessages(trace: Trace): MessagePlan {
  const n = trace.size;
  const msg: (string | undefined)[] = new Array(n);
  const after: (string[] | undefined)[] = new Array(n);
  const used = new Set<string>();
  for (let i = 0; i < n; i++) if (trace.msg[i] >= 0) used.add((msg[i] = trace.messages.name(trace.msg[i])));
  const fresh = (i: number, suffix: string) => {
    let name = `${trace.eventId(i)}${suffix}`;
    for (let k = 2; used.has(name); k++) name = `${trace.eventId(i)}${suffix}${k}`;
    used.add(name);
    return name;
  };
  const isSend = (i: number) => trace.kind[i] === EventKind.send;
  const receives = (i: number) => trace.kind[i] === EventKind.receive || trace.kind[i] === EventKind.sync;
  for (let i = 0; i < n; i++) {
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
      const s = trace.edgeFrom[k];
      const linked = msg[i] !== undefined && msg[i] === msg[s] && isSend(s) && receives(i) && trace.msg[i] >= 0;
      if (linked) continue;
      if (receives(i) && msg[i] === undefined && isSend(s)) {
        msg[i] = msg[s] ??= fresh(s, '>');
        continue;
      }
      (after[i] ??= []).push(trace.eventId(s));
    }
  }
  for (let i = 0; i < n; i++) {
    if (msg[i] === undefined && isSend(i)) msg[i] = fresh(i, '>');
    // The native format needs a message id on every receive; one that no send carries keeps the kind.
    else if (msg[i] === undefined && trace.kind[i] === EventKind.receive) msg[i] = fresh(i, '<');
  }
  return { msg, after };
}

/** The header line's object. */
export function nativeHeader(trace: Trace): Record<string, Json> {
  const h: Record<string, Json> = { format: 'causeway', version: 1 };
  if (trace.name) h['name'] = trace.name;
  if (trace.header.description !== undefined) h['description'] = trace.header.description;
  h['replicas'] = trace.replicas.all();
  if (trace.keys.size > 0) {
    const objects: Record<string, Json> = {};
    for (let k = 0; k < trace.keys.size; k++) {
      const spec = trace.objects[k];
      objects[trace.keys.name(k)] = spec.values ? { type: spec.type, values: spec.values } : spec.type;
    }
    h['objects'] = objects;
  }
  if (trace.clockKind !== 'vector') h['clock'] = trace.clockKind;
  if (trace.header.sync !== undefined) h['sync'] = trace.header.sync;
  if (trace.header.priority !== undefined) h['priority'] = trace.header.priority;
  return h;
}

/** The lines of the native file (without line ends): the header, then one per event. */
export function* nativeLines(trace: Trace): Generator<string> {
  yield JSON.stringify(nativeHeader(trace));
  const plan = planMessages(trace);
  for (let i = 0; i < trace.size; i++) {
    const e = trace.event(i);
    const o: Record<string, Json> = { replica: e.replica, kind: e.kind };
    if (trace.customId[i] >= 0) o['id'] = trace.eventId(i);
    if (e.key !== undefined) o['key'] = e.key;
    if (e.op !== undefined) o['op'] = e.op as unknown as Json;
    if (plan.msg[i] !== undefined) o['msg'] = plan.msg[i]!;
    if (e.to !== undefined) o['to'] = e.to;
    if (e.from !== undefined) o['from'] = e.from;
    if (e.payload !== undefined) o['payload'] = e.payload;
    if (trace.clockKind === 'lamport' && e.lamport !== undefined) o['clock'] = e.lamport;
    else if (trace.clockKind === 'hybrid' && e.hlc !== undefined) o['clock'] = { wall: e.hlc.wall, counter: e.hlc.counter };
    else if (e.clock !== undefined) o['clock'] = e.clock;
    if (e.time !== undefined) o['time'] = e.time;
    if (e.timeText !== undefined) o['timeText'] = e.timeText;
    if (e.seq !== undefined) o['seq'] = e.seq;
    if (e.state !== undefined) o['state'] = e.state;
    if (e.label !== undefined) o['label'] = e.label;
    if (e.fields !== undefined) o['fields'] = e.fields;
    if (plan.after[i] !== undefined) o['after'] = plan.after[i]!;
    yield JSON.stringify(o);
  }
}

/** The lines of a native file of several executions: each starts with its own header line. */
export function* nativeFileLines(traces: readonly Trace[]): Generator<string> {
  for (const trace of traces) yield* nativeLines(trace);
}

/** The whole native file as text (one execution, or several one after the other). */
export function exportNative(traces: Trace | readonly Trace[]): string {
  const lines: string[] = [];
  for (const line of nativeFileLines(Array.isArray(traces) ? traces : [traces as Trace])) lines.push(line);
  lines.push('');
  return lines.join('\n');
}
