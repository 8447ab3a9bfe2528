// Random traces written in every format Causeway reads (native, ShiViz, DistributedClocks, TLA+,
// P, OTLP, Jaeger, Zipkin), from one seeded simulation of replicas, for the conversion property tests.

import fc from 'fast-check';
import { prng } from '../../engine/util/prng';

/** A generated file: the format to read it as, its text and the read options it needs. */
export interface GeneratedFile {
  format: string;
  text: string;
  options: { regex?: string; delimiter?: string };
}

type Kind = 'op' | 'send' | 'receive' | 'local' | 'sync';

/** One simulated event, with the vector clock the replica had after it. */
interface SimEvent {
  replica: number;
  kind: Kind;
  clock: number[];
  /** Sends: the message number; receives: the one received (-1: a message no event sends). */
  message: number;
  to: number[];
  /** Syncs: the replica whose latest state is merged. */
  from: number;
  key: string;
  op?: Record<string, unknown>;
}

const OBJECT_TYPES: Record<string, string> = { cart: 'pn-counter', title: 'mv-register', tags: 'or-set', owner: 'lww-register', prefs: 'lww-map' };
const OPS: Record<string, (r: () => number) => Record<string, unknown>> = {
  cart: (r) => (r() < 0.8 ? { type: 'inc', value: 1 + Math.floor(r() * 3) } : { type: 'dec', value: 1 }),
  title: (r) => ({ type: 'set', value: `t${Math.floor(r() * 4)}` }),
  tags: (r) => ({ type: r() < 0.7 ? 'add' : 'remove', value: ['red', 'blue'][Math.floor(r() * 2)] }),
  owner: (r) => ({ type: 'set', value: `o${Math.floor(r() * 3)}` }),
  prefs: (r) => ({ type: 'set', field: ['theme', 'lang'][Math.floor(r() * 2)], value: Math.floor(r() * 5) }),
};

/**
 * Replicas doing operations, sending (sometimes to two replicas), receiving (sometimes out of
 * order, sometimes never), syncing and running local events. `ops`: whether events may be CRDT
 * operations and syncs (formats without operations get sends, receives and local events only).
 */
function simulate(seed: number, size: number, replicaCount: number, ops: boolean, ghosts: boolean): SimEvent[] {
  const r = prng(seed);
  const clocks = Array.from({ length: replicaCount }, () => new Array<number>(replicaCount).fill(0));
  const inbox: number[][] = Array.from({ length: replicaCount }, () => []);
  const sends: SimEvent[] = [];
  const latest: (SimEvent | undefined)[] = new Array(replicaCount);
  const events: SimEvent[] = [];
  const keys = Object.keys(OBJECT_TYPES);
  while (events.length < size) {
    const p = r();
    const at = Math.floor(r() * replicaCount);
    const clock = clocks[at];
    const e: SimEvent = { replica: at, kind: 'local', clock: [], message: -1, to: [], from: -1, key: '' };
    if (inbox[at].length > 0 && p < 0.35) {
      const j = r() < 0.8 ? 0 : Math.floor(r() * inbox[at].length);
      const m = inbox[at].splice(j, 1)[0];
      e.kind = 'receive';
      e.message = m;
      sends[m].clock.forEach((v, k) => (clock[k] = Math.max(clock[k], v)));
    } else if (p < 0.6 && replicaCount > 1) {
      e.kind = 'send';
      e.message = sends.length;
      const first = (at + 1 + Math.floor(r() * (replicaCount - 1))) % replicaCount;
      e.to = [first];
      if (replicaCount > 2 && r() < 0.25) e.to.push((first + 1) % replicaCount === at ? (first + 2) % replicaCount : (first + 1) % replicaCount);
      // Some messages are never received.
      if (r() < 0.9) for (const q of e.to) inbox[q].push(e.message);
      sends.push(e);
    } else if (ops && p < 0.85) {
      e.kind = 'op';
      e.key = keys[Math.floor(r() * keys.length)];
      e.op = OPS[e.key](r);
    } else if (ops && p < 0.92 && replicaCount > 1) {
      const q = (at + 1 + Math.floor(r() * (replicaCount - 1))) % replicaCount;
      if (latest[q] === undefined) continue;
      e.kind = 'sync';
      e.from = q;
      latest[q]!.clock.forEach((v, k) => (clock[k] = Math.max(clock[k], v)));
    } else if (ghosts && p < 0.94) {
      e.kind = 'receive';
    }
    clock[at]++;
    e.clock = clock.slice();
    latest[at] = e;
    events.push(e);
  }
  return events;
}

const HOSTS = ['alice', 'bob', 'carol', 'dave'];
const ODD_LABELS = ['multi\nline', 'tab\there', '', '=== looks like a delimiter ===', 'brace {"x":1}', 'ünïcödé ✓'];

function clockObject(clock: number[], name: (k: number) => string): Record<string, number> {
  const o: Record<string, number> = {};
  clock.forEach((v, k) => v > 0 && (o[name(k)] = v));
  return o;
}

function labelOf(e: SimEvent, i: number, r: () => number): string {
  if (r() < 0.15) return ODD_LABELS[Math.floor(r() * ODD_LABELS.length)];
  return `${e.kind} ${i}`;
}

/** A native file: every member the format has, clock-less entries, ghosts, broadcasts, `after` edges, several executions. */
function nativeText(seed: number, size: number, replicaCount: number): string {
  const r = prng(seed ^ 0x5eed);
  const executions = r() < 0.25 ? 2 : 1;
  const lines: string[] = [];
  for (let x = 0; x < executions; x++) {
    const events = simulate(seed + x, size, replicaCount, true, true);
    const clockKind = ['vector', 'vector', 'vector', 'none', 'none', 'none', 'none', 'vector', 'lamport', 'hybrid'][Math.floor(r() * 10)];
    const header: Record<string, unknown> = { format: 'causeway', version: 1, replicas: HOSTS.slice(0, replicaCount) };
    if (executions > 1) header['name'] = `run ${x + 1}`;
    if (r() < 0.2) header['description'] = `generated trace ${seed}`;
    if (r() < 0.8) header['objects'] = OBJECT_TYPES;
    if (clockKind !== 'vector') header['clock'] = clockKind;
    if (r() < 0.3) header['sync'] = ['state', 'delta', 'ops'][Math.floor(r() * 3)];
    if (r() < 0.1) header['priority'] = HOSTS.slice(0, replicaCount).reverse();
    lines.push(JSON.stringify(header));
    const seq = new Array<number>(replicaCount).fill(0);
    const ids: string[] = [];
    const withSeq = r() < 0.4;
    events.forEach((e, i) => {
      const o: Record<string, unknown> = { replica: HOSTS[e.replica], kind: e.kind };
      seq[e.replica]++;
      ids.push(`${HOSTS[e.replica]}:${seq[e.replica]}`);
      if (r() < 0.1) o['id'] = ids[i] = `ev-${x}-${i}`;
      if (e.op) Object.assign(o, { key: e.key, op: e.op });
      if (e.kind === 'send') o['msg'] = `m${e.message}`;
      if (e.kind === 'send' && r() < 0.7) o['to'] = e.to.map((q) => HOSTS[q]);
      if (e.kind === 'send' && r() < 0.3) o['payload'] = ['none', 'state', 'delta', 'ops'][Math.floor(r() * 4)];
      if (e.kind === 'receive') o['msg'] = e.message >= 0 ? `m${e.message}` : `ghost${i}`;
      if (e.kind === 'sync') o['from'] = HOSTS[e.from];
      if (e.kind === 'local' && i > 0 && r() < 0.2) o['after'] = [ids[Math.floor(r() * i)]];
      if (r() < 0.8) {
        if (clockKind === 'vector') o['clock'] = clockObject(e.clock, (k) => HOSTS[k]);
        else if (clockKind === 'lamport') o['clock'] = e.clock.reduce((a, b) => a + b, 0);
        else if (clockKind === 'hybrid') o['clock'] = { wall: 1000 + i, counter: i % 3 };
      }
      if (r() < 0.5) o['time'] = 1_700_000_000_000 + i * 10 + Math.floor(r() * 5);
      if (r() < 0.1) o['timeText'] = `17000000000000000${i}`;
      if (withSeq) o['seq'] = seq[e.replica];
      if (r() < 0.1) o['state'] = { cart: Math.floor(r() * 4) };
      if (r() < 0.8) o['label'] = labelOf(e, i, r);
      if (r() < 0.3) o['fields'] = { n: i, nested: { ok: r() < 0.5 }, big: '12345678901234567890' };
      lines.push(JSON.stringify(o));
    });
  }
  return `${lines.join('\n')}\n`;
}

/** A GoVector log: its regex header, then `host {clock}` and the event text. */
function shivizText(events: SimEvent[], r: () => number): string {
  const lines = ['(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)', ''];
  events.forEach((e, i) => {
    lines.push(`${HOSTS[e.replica]} ${JSON.stringify(clockObject(e.clock, (k) => HOSTS[k]))}`);
    lines.push(labelOf(e, i, r).replace(/\n/g, ' '));
  });
  return `${lines.join('\n')}\n`;
}

function dclocksText(events: SimEvent[]): string {
  return events
    .map((e, i) => `{"TracerIdentity":"${HOSTS[e.replica]}","TraceID":184467440737095516${10 + (i % 5)},"Tag":"${e.kind} ${i}","Body":{"i":${i}},"VectorClock":${JSON.stringify(clockObject(e.clock, (k) => HOSTS[k]))}}`)
    .join('\n');
}

/** TLA+ trace validation: nodes numbered from 0, and lines shuffled (nodes append to one shared file). */
function tlaplusText(events: SimEvent[], replicaCount: number, r: () => number): string {
  const sendOf = new Map<number, SimEvent>();
  for (const e of events) if (e.kind === 'send') sendOf.set(e.message, e);
  const lines = events.map((e) => {
    const vc = clockObject(e.clock, String);
    const event = e.kind === 'send' ? '>' : e.kind === 'receive' ? '<' : 'd';
    const snd = e.kind === 'send' ? e.replica : (sendOf.get(e.message)?.replica ?? e.replica);
    const pkt = event === 'd' ? { vc } : { snd, rcv: e.kind === 'send' ? e.to[0] : e.replica, msg: { type: 'pl' }, vc };
    return JSON.stringify({ event, node: e.replica, pkt });
  });
  for (let i = lines.length - 1; i > 0 && r() < 0.5; i--) {
    const j = Math.floor(r() * (i + 1));
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
  return [`{"N":${replicaCount}}`, ...lines].join('\n');
}

/** A P trace; some state transitions carry no clock (P logs entries its clocks do not count). */
function pText(events: SimEvent[], r: () => number): string {
  const machine = (k: number) => `M(${k})`;
  const seen = new Set<number>();
  const entries = events.flatMap((e) => {
    const entry = pEntry(e);
    return r() < 0.15 ? [entry, { type: 'StateTransition', details: { log: `${machine(e.replica)} moves on`, id: machine(e.replica) } }] : [entry];
  });
  return JSON.stringify(entries, null, 1);

  function pEntry(e: SimEvent) {
    const clock = clockObject(e.clock, machine);
    const id = machine(e.replica);
    if (e.kind === 'send') return { type: 'SendEvent', details: { log: `${id} sent`, sender: id, target: machine(e.to[0]), event: `e${e.message}`, clock } };
    if (e.kind === 'receive') return { type: 'DequeueEvent', details: { log: `${id} dequeued`, id, event: `e${e.message}`, clock } };
    const type = seen.has(e.replica) ? 'StateTransition' : 'CreateStateMachine';
    seen.add(e.replica);
    return { type, details: { log: `${id} ${type}`, id, clock } };
  }
}

/** A span of a generated tracing export; times in microseconds. */
interface SimSpan {
  id: string;
  parent?: string;
  service: string;
  name: string;
  start: number;
  end: number;
  kind: number;
  link?: string;
}

/** Spans nested in time inside their parents, over a few services, some linked to an earlier span. */
function simulateSpans(seed: number, count: number): SimSpan[] {
  const r = prng(seed);
  const services = ['web', 'cart', 'db'];
  const spans: SimSpan[] = [];
  const grow = (parent: SimSpan | undefined, start: number, end: number) => {
    if (spans.length >= count) return;
    const s: SimSpan = {
      id: (spans.length + 1).toString(16).padStart(16, '0'),
      parent: parent?.id,
      service: services[Math.floor(r() * services.length)],
      name: `op${spans.length}`,
      start,
      end,
      kind: 1 + Math.floor(r() * 5),
    };
    if (spans.length > 0 && r() < 0.15) s.link = spans[Math.floor(r() * spans.length)].id;
    spans.push(s);
    let t = start + 1;
    while (t + 4 < end && spans.length < count && r() < 0.7) {
      const len = 2 + Math.floor(r() * Math.min(40, end - t - 2));
      grow(s, t, t + len);
      t += len + 1;
    }
  };
  while (spans.length < count) grow(undefined, 1_700_000_000_000_000 + spans.length * 1000, 1_700_000_000_000_000 + spans.length * 1000 + 200);
  return spans;
}

const TRACE_ID = '5b8efff798038103d269b633813fc60c';

function otlpText(spans: SimSpan[]): string {
  const byService = new Map<string, SimSpan[]>();
  for (const s of spans) byService.set(s.service, [...(byService.get(s.service) ?? []), s]);
  const resourceSpans = [...byService].map(([service, list]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [
      {
        spans: list.map((s) => ({
          traceId: TRACE_ID,
          spanId: s.id,
          ...(s.parent ? { parentSpanId: s.parent } : {}),
          name: s.name,
          kind: s.kind,
          startTimeUnixNano: `${s.start}000`,
          endTimeUnixNano: `${s.end}000`,
          ...(s.link ? { links: [{ traceId: TRACE_ID, spanId: s.link }] } : {}),
        })),
      },
    ],
  }));
  return JSON.stringify({ resourceSpans });
}

function jaegerText(spans: SimSpan[]): string {
  const services = [...new Set(spans.map((s) => s.service))];
  const data = {
    traceID: TRACE_ID,
    spans: spans.map((s) => ({
      traceID: TRACE_ID,
      spanID: s.id,
      operationName: s.name,
      references: [
        ...(s.parent ? [{ refType: 'CHILD_OF', traceID: TRACE_ID, spanID: s.parent }] : []),
        ...(s.link ? [{ refType: 'FOLLOWS_FROM', traceID: TRACE_ID, spanID: s.link }] : []),
      ],
      startTime: s.start,
      duration: s.end - s.start,
      processID: `p${services.indexOf(s.service) + 1}`,
      tags: [],
    })),
    processes: Object.fromEntries(services.map((name, k) => [`p${k + 1}`, { serviceName: name, tags: [] }])),
  };
  return JSON.stringify({ data: [data] });
}

function zipkinText(spans: SimSpan[]): string {
  const KINDS = ['CLIENT', 'SERVER', 'PRODUCER', 'CONSUMER', undefined];
  return JSON.stringify(
    spans.map((s) => ({
      traceId: TRACE_ID,
      id: s.id,
      ...(s.parent ? { parentId: s.parent } : {}),
      name: s.name,
      ...(KINDS[s.kind - 1] ? { kind: KINDS[s.kind - 1] } : {}),
      timestamp: s.start,
      duration: s.end - s.start,
      localEndpoint: { serviceName: s.service },
    })),
  );
}

/** The formats the generator writes. */
export const GENERATED_FORMATS = ['causeway', 'shiviz', 'dclocks', 'tlaplus', 'p', 'otlp', 'jaeger', 'zipkin'] as const;

/** A random file of `format`: 1 to 30 events on 1 to 4 replicas (or spans over 3 services). */
export function randomFile(format: (typeof GENERATED_FORMATS)[number]): fc.Arbitrary<GeneratedFile> {
  return fc.record({ seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }), size: fc.integer({ min: 1, max: 30 }), replicas: fc.integer({ min: 1, max: 4 }) }).map(({ seed, size, replicas }) => {
    const r = prng(seed ^ 0xf00d);
    const clocked = () => simulate(seed, size, replicas, false, false);
    switch (format) {
      case 'causeway':
        return { format, text: nativeText(seed, size, replicas), options: {} };
      case 'shiviz':
        return { format, text: shivizText(clocked(), r), options: {} };
      case 'dclocks':
        return { format, text: dclocksText(clocked()), options: {} };
      case 'tlaplus':
        return { format, text: tlaplusText(clocked(), replicas, r), options: {} };
      case 'p':
        return { format, text: pText(clocked(), r), options: {} };
      case 'otlp':
        return { format, text: otlpText(simulateSpans(seed, size)), options: {} };
      case 'jaeger':
        return { format, text: jaegerText(simulateSpans(seed, size)), options: {} };
      case 'zipkin':
        return { format, text: zipkinText(simulateSpans(seed, size)), options: {} };
    }
  });
}
