// Writes a Trace in the native format (`*.causal.jsonl`): the header line, then one JSON event a
// line, so that reading it back gives the same events, clocks, fields and message edges.

import type { Json } from '../crdt/types';
import { EventKind, type Trace } from '../trace/model';

/**
 * The message id of each send that has none (traces imported from clocks or spans): the native
 * format needs one on every send. Receives keep the ids they have and no others: edges that no
 * message id links travel in `after` (the event's own list), so that no receive gains a message
 * no send carries, nor a second delivery of a message its replica already received.
 */
function freshSendIds(trace: Trace): Map<number, string> {
  const used = new Set(trace.messages.all());
  const fresh = new Map<number, string>();
  for (let i = 0; i < trace.size; i++) {
    if (trace.kind[i] !== EventKind.send || trace.msg[i] >= 0) continue;
    let name = `${trace.eventId(i)}>`;
    for (let k = 2; used.has(name); k++) name = `${trace.eventId(i)}>${k}`;
    used.add(name);
    fresh.set(i, name);
  }
  return fresh;
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
  if (trace.library) h['history'] = trace.library as unknown as Json;
  return h;
}

/** The lines of the native file (without line ends): the header, then one per event. */
export function* nativeLines(trace: Trace): Generator<string> {
  yield JSON.stringify(nativeHeader(trace));
  const freshMsg = freshSendIds(trace);
  const objects = trace.keys.size > 0;
  for (let i = 0; i < trace.size; i++) {
    const e = trace.event(i);
    const o: Record<string, Json> = { replica: e.replica, kind: e.kind };
    if (trace.customId[i] >= 0) o['id'] = trace.eventId(i);
    if (e.key !== undefined) o['key'] = e.key;
    if (e.op !== undefined) o['op'] = e.op as unknown as Json;
    const msg = e.msg ?? freshMsg.get(i);
    if (msg !== undefined) o['msg'] = msg;
    if (e.to !== undefined) o['to'] = e.to;
    if (e.from !== undefined) o['from'] = e.from;
    if (e.payload !== undefined) o['payload'] = e.payload;
    // A send or sync that carries nothing says so: read back, it would carry the default (state).
    else if (objects && (e.kind === 'send' || e.kind === 'sync')) o['payload'] = 'none';
    if (trace.clockKind === 'lamport' && e.lamport !== undefined) o['clock'] = e.lamport;
    else if (trace.clockKind === 'hybrid' && e.hlc !== undefined) o['clock'] = { wall: e.hlc.wall, counter: e.hlc.counter };
    else if (e.clock !== undefined) o['clock'] = e.clock;
    if (e.time !== undefined) o['time'] = e.time;
    if (e.timeText !== undefined) o['timeText'] = e.timeText;
    if (e.seq !== undefined) o['seq'] = e.seq;
    if (e.state !== undefined) o['state'] = e.state;
    if (e.label !== undefined) o['label'] = e.label;
    if (e.fields !== undefined) o['fields'] = e.fields;
    // A receive that no send feeds keeps its kind with an empty list.
    if (e.after !== undefined) o['after'] = e.after;
    else if (e.kind === 'receive' && msg === undefined) o['after'] = [];
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
