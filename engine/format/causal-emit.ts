// Hands buffered events to TraceBuilder in a causal order (each host in its own order, every
// sender before its receivers, source order otherwise), reporting and breaking happens-before cycles.

import { PAYLOAD_UNSPECIFIED, type TraceBuilder } from '../trace/builder';
import { type EventInput, EventKind, type EventKindName } from '../trace/model';
import { MinHeap } from '../util/min-heap';
import { type FindingLog, MAX_REPLICAS, type PendingEvents, type PendingExtra } from './pending';

export interface CausalPlan {
  /** Per host id: its events in order. */
  chains: readonly (readonly number[])[];
  /** Message edges to add to the trace (pending indices). */
  edgeFrom: readonly number[];
  edgeTo: readonly number[];
  /** Orderings the builder links itself (a receive's message id): they only constrain the order. */
  linkFrom?: readonly number[];
  linkTo?: readonly number[];
  idOf(i: number): string;
}

export interface EmitOptions {
  /** false: label and fields are re-read from the source on demand (TraceBuilder.addEvent's keepDetails). */
  keepDetails?: boolean;
  /** Kind of an event the importer did not give one: default receive / send / local from its edges. */
  kindOf?(i: number, hasIn: boolean, hasOut: boolean): EventKindName;
}

/** Adds every pending event and its edges to `builder`; returns the trace index of each pending event. */
export function emitCausally(p: PendingEvents, plan: CausalPlan, builder: TraceBuilder, log: FindingLog, options: EmitOptions = {}): Int32Array {
  const n = p.size;
  const graph = distinctEdges(n, plan);
  const order = causalOrder(p, plan, graph, log);
  const hasIn = new Uint8Array(n);
  const hasOut = new Uint8Array(n);
  for (let e = 0; e < graph.explicit; e++) {
    if (graph.dropped[e]) continue;
    hasOut[graph.from[e]] = 1;
    hasIn[graph.to[e]] = 1;
  }
  builder.reserve(builder.size + n, builder.clockEntries.count + p.clockEntries);
  const index = new Int32Array(n).fill(-1);
  const keepDetails = options.keepDetails ?? true;
  const replicaOf = new Int32Array(p.hosts.size).fill(-1);
  const replica = (h: number) => {
    if (replicaOf[h] < 0) {
      const name = p.hosts.name(h);
      if (builder.replicas.find(name) < 0 && builder.replicas.size >= MAX_REPLICAS) return -1;
      replicaOf[h] = builder.replicas.intern(name);
    }
    return replicaOf[h];
  };
  const clockBase = copyClocksInOrder(p, order, keepDetails, builder);
  let dropped = 0;
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const r = replica(p.host[i]);
    if (r < 0) {
      dropped++;
      continue;
    }
    const kind = p.kindOf(i) ?? options.kindOf?.(i, hasIn[i] === 1, hasOut[i] === 1) ?? defaultKind(hasIn[i] === 1, hasOut[i] === 1);
    if (p.extra[i] === undefined && (p.fields[i] === undefined || !keepDetails)) {
      index[i] = appendPlain(p, i, r, EventKind[kind], builder, replica, clockBase);
      continue;
    }
    const extra = p.extra[i];
    // An event may declare object types (a ShiViz export's first event does).
    if (extra?.objects !== undefined) declareObjects(builder, extra.objects);
    // Object.assign, not a spread: `{...x, a}` is many times slower in V8 for objects built like these.
    const e: EventInput = Object.assign({ replica: p.hosts.name(p.host[i]), kind, line: p.line[i] }, extra);
    e.kind = kind;
    if (p.offset[i] >= 0) {
      e.offset = p.offset[i];
      e.length = p.length[i];
    }
    if (p.keepClock[i]) {
      const clock = p.clockOf(i);
      if (clock) e.clock = withinReplicaLimit(clock, builder);
    }
    if (p.label[i] !== undefined) e.label = p.label[i];
    if (p.fields[i] !== undefined) e.fields = p.fields[i];
    index[i] = builder.addEvent(e, keepDetails);
  }
  if (dropped > 0) {
    log.add('error', 'parse-error', 0, `The trace names more than ${MAX_REPLICAS} replicas; ${dropped} event(s) of the replicas beyond that were left out.`);
  }
  for (let e = 0; e < graph.explicit; e++) {
    if (graph.dropped[e]) continue;
    const from = index[graph.from[e]];
    const to = index[graph.to[e]];
    if (from >= 0 && to >= 0) builder.addEdge(from, to);
  }
  return index;
}

/**
 * When every event is plain, keeps its recorded clock and comes in source order (the common case
 * of large text logs), copies all their clock entries into the builder at once and returns where
 * they start; the events then only count them. -1 otherwise.
 */
function copyClocksInOrder(p: PendingEvents, order: Int32Array, keepDetails: boolean, builder: TraceBuilder): number {
  const n = p.size;
  for (let s = 0; s < n; s++) {
    if (order[s] !== s || !p.keepClock[s] || p.extra[s] !== undefined || (keepDetails && p.fields[s] !== undefined)) return -1;
  }
  // Only hosts the builder already knows (a trace made from clocks names them all in its header),
  // so that replica ids come out as one event at a time would make them.
  const table = new Int32Array(p.hosts.size);
  for (let h = 0; h < table.length; h++) if ((table[h] = builder.replicas.find(p.hosts.name(h))) < 0) return -1;
  const entries = p.clockEntries;
  const clock = builder.clockEntries;
  clock.reserve(entries);
  const base = clock.count;
  const { clockHost } = p;
  const replicas = clock.replica;
  for (let k = 0; k < entries; k++) replicas[base + k] = table[clockHost[k]];
  clock.value.set(p.clockValue.subarray(0, entries), base);
  return base;
}

/**
 * An event with only a host, a clock and a label, through the builder's column-level append
 * (no clock object, no name lookups per entry): the common case of large text logs. `clockBase`
 * >= 0: its clock entries were copied already (copyClocksInOrder), from there on.
 */
function appendPlain(p: PendingEvents, i: number, r: number, kind: number, builder: TraceBuilder, replica: (h: number) => number, clockBase: number): number {
  if (clockBase >= 0) {
    builder.clockEntries.count = clockBase + p.clockStart[i + 1];
  } else if (p.keepClock[i]) {
    const end = p.clockStart[i + 1];
    const clock = builder.clockEntries;
    clock.reserve(end - p.clockStart[i]);
    const { replica: replicas, value: values } = clock;
    const { clockHost, clockValue } = p;
    let count = clock.count;
    for (let k = p.clockStart[i]; k < end; k++) {
      const g = replica(clockHost[k]);
      if (g < 0) continue;
      replicas[count] = g;
      values[count++] = clockValue[k];
    }
    clock.count = count;
  }
  const offset = p.offset[i];
  const index = builder.appendEvent(r, kind, p.line[i], offset, offset >= 0 ? p.length[i] : 0, -1, -1, -1, NaN, -1, -1, PAYLOAD_UNSPECIFIED, NaN, -1, -1);
  const label = p.label[i];
  if (label !== undefined) builder.setLabel(index, label);
  return index;
}

function declareObjects(builder: TraceBuilder, objects: NonNullable<PendingExtra['objects']>): void {
  for (const key in objects) {
    const spec = objects[key];
    builder.declareObject(key, typeof spec === 'string' ? { type: spec } : spec);
  }
}

function defaultKind(hasIn: boolean, hasOut: boolean): EventKindName {
  return hasIn ? 'receive' : hasOut ? 'send' : 'local';
}

function withinReplicaLimit(clock: Record<string, number>, builder: TraceBuilder): Record<string, number> {
  if (builder.replicas.size < MAX_REPLICAS - 64) return clock;
  const kept: Record<string, number> = {};
  for (const name in clock) if (builder.replicas.find(name) >= 0 || builder.replicas.size < MAX_REPLICAS) kept[name] = clock[name];
  return kept;
}

/** Edges (explicit first, then links), deduplicated; `dropped` marks those a cycle broke. */
interface Graph {
  from: Int32Array;
  to: Int32Array;
  /** Edges below this index are explicit (added to the trace); the rest are links. */
  explicit: number;
  dropped: Uint8Array;
}

/** The edges into and out of each event: edge ids inEdge[inStart[i], inStart[i + 1]), likewise out. */
interface Adjacency {
  inStart: Uint32Array;
  inEdge: Int32Array;
  outStart: Uint32Array;
  outEdge: Int32Array;
}

function adjacency(n: number, g: Graph): Adjacency {
  const into = groupBy(n, g.to);
  const out = groupBy(n, g.from);
  return { inStart: into.start, inEdge: into.items, outStart: out.start, outEdge: out.items };
}

/**
 * The plan's edges (explicit, then links) without loops, out-of-range ends and repeats (the first
 * of equal edges is kept), in their order.
 */
function distinctEdges(n: number, plan: CausalPlan): Graph {
  const linkFrom = plan.linkFrom ?? [];
  const linkTo = plan.linkTo ?? [];
  const from = new Int32Array(plan.edgeFrom.length + linkFrom.length);
  const to = new Int32Array(from.length);
  let m = 0;
  const add = (a: number, b: number) => {
    if (a === b || a < 0 || b < 0 || a >= n || b >= n) return;
    from[m] = a;
    to[m++] = b;
  };
  for (let k = 0; k < plan.edgeFrom.length; k++) add(plan.edgeFrom[k], plan.edgeTo[k]);
  const explicit = m;
  for (let k = 0; k < linkFrom.length; k++) add(linkFrom[k], linkTo[k]);
  // Each target's edges are visited together (in plan order), so one mark per source finds repeats.
  const repeat = new Uint8Array(m);
  const markedFor = new Int32Array(n).fill(-1);
  const visit = (e: number) => {
    if (markedFor[from[e]] === to[e]) repeat[e] = 1;
    else markedFor[from[e]] = to[e];
  };
  let byTarget = true;
  for (let e = 1; e < m && byTarget; e++) byTarget = to[e - 1] <= to[e];
  if (byTarget) {
    for (let e = 0; e < m; e++) visit(e);
  } else {
    const { items } = groupBy(n, to.subarray(0, m));
    for (let j = 0; j < m; j++) visit(items[j]);
  }
  let kept = 0;
  let keptExplicit = 0;
  for (let e = 0; e < m; e++) {
    if (repeat[e]) continue;
    if (e < explicit) keptExplicit++;
    from[kept] = from[e];
    to[kept++] = to[e];
  }
  return { from: from.slice(0, kept), to: to.slice(0, kept), explicit: keptExplicit, dropped: new Uint8Array(kept) };
}

/** Indices 0..key.length-1 grouped by key (each in [0, n)): group i is items[start[i], start[i + 1]), in increasing order. */
function groupBy(n: number, key: Int32Array): { start: Uint32Array; items: Int32Array } {
  const start = new Uint32Array(n + 1);
  for (let e = 0; e < key.length; e++) start[key[e] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const items = new Int32Array(key.length);
  const fill = start.slice(0, n);
  for (let e = 0; e < key.length; e++) items[fill[key[e]]++] = e;
  return { start, items };
}

/**
 * Kahn's algorithm taking the ready event that comes first in the source. When no event is ready
 * the rest contains a cycle: it is found, reported with its events and lines, and one of its
 * message edges is dropped so that everything else still loads.
 */
function causalOrder(p: PendingEvents, plan: CausalPlan, g: Graph, log: FindingLog): Int32Array {
  const n = p.size;
  if (sourceOrderIsCausal(n, plan, g)) {
    const identity = new Int32Array(n);
    for (let i = 0; i < n; i++) identity[i] = i;
    return identity;
  }
  const adj = adjacency(n, g);
  const next = new Int32Array(n).fill(-1);
  const waiting = new Uint32Array(n);
  const chainOf = new Int32Array(n).fill(-1);
  const heads: number[] = [];
  plan.chains.forEach((chain, c) => {
    heads.push(0);
    for (let j = 0; j < chain.length; j++) {
      const i = chain[j];
      chainOf[i] = c;
      if (j > 0) waiting[i]++;
      if (j + 1 < chain.length) next[i] = chain[j + 1];
    }
  });
  for (let e = 0; e < g.to.length; e++) waiting[g.to[e]]++;
  const heap = new MinHeap(n);
  for (let i = 0; i < n; i++) if (waiting[i] === 0) heap.push(i);
  const order = new Int32Array(n);
  const placed = new Uint8Array(n);
  let s = 0;
  const release = (i: number) => {
    if (--waiting[i] === 0) heap.push(i);
  };
  while (s < n) {
    if (heap.size === 0) {
      breakCycle(p, plan, g, adj, placed, heads, chainOf, log, release);
      continue;
    }
    const i = heap.pop();
    order[s++] = i;
    placed[i] = 1;
    if (chainOf[i] >= 0) heads[chainOf[i]]++;
    if (next[i] >= 0) release(next[i]);
    for (let k = adj.outStart[i]; k < adj.outStart[i + 1]; k++) {
      const e = adj.outEdge[k];
      if (!g.dropped[e]) release(g.to[e]);
    }
  }
  return order;
}

/** Whether the source order already is causal: hosts in order and every edge forward (logs usually are). */
function sourceOrderIsCausal(n: number, plan: CausalPlan, g: Graph): boolean {
  let covered = 0;
  for (const chain of plan.chains) {
    covered += chain.length;
    for (let j = 1; j < chain.length; j++) if (chain[j] < chain[j - 1]) return false;
  }
  if (covered !== n) return false;
  for (let e = 0; e < g.to.length; e++) if (g.from[e] >= g.to[e]) return false;
  return true;
}

function breakCycle(
  p: PendingEvents,
  plan: CausalPlan,
  g: Graph,
  adj: Adjacency,
  placed: Uint8Array,
  heads: number[],
  chainOf: Int32Array,
  log: FindingLog,
  release: (i: number) => void,
): void {
  const headOf = (c: number) => plan.chains[c][heads[c]];
  let start = -1;
  for (let c = 0; c < plan.chains.length; c++) {
    if (heads[c] < plan.chains[c].length && (start < 0 || headOf(c) < start)) start = headOf(c);
  }
  if (start < 0) {
    // Events outside every chain cannot be waiting on a chain: only their edges block them.
    for (let i = 0; i < p.size; i++) if (!placed[i]) start = start < 0 ? i : start;
  }
  const steps: { head: number; edge: number }[] = [];
  const seen = new Map<number, number>();
  let cur = start;
  let cycleFrom = -1;
  while (cycleFrom < 0) {
    seen.set(cur, steps.length);
    let edge = -1;
    for (let k = adj.inStart[cur]; k < adj.inStart[cur + 1]; k++) {
      const e = adj.inEdge[k];
      if (!g.dropped[e] && !placed[g.from[e]]) {
        edge = e;
        break;
      }
    }
    if (edge < 0) {
      // Nothing to break here (should not happen): release the event so reading goes on.
      release(cur);
      return;
    }
    steps.push({ head: cur, edge });
    const c = chainOf[g.from[edge]];
    const nextHead = c >= 0 ? headOf(c) : g.from[edge];
    const at = seen.get(nextHead);
    if (at !== undefined) cycleFrom = at;
    else cur = nextHead;
  }
  const cycle = steps.slice(cycleFrom);
  const desc = (i: number) => `${plan.idOf(i)} (line ${p.line[i]})`;
  const parts: string[] = [];
  const events: string[] = [];
  for (const { head, edge } of cycle) {
    const from = g.from[edge];
    parts.push(`${desc(from)} happens before ${desc(head)}`);
    if (!events.includes(plan.idOf(from))) events.push(plan.idOf(from));
    if (!events.includes(plan.idOf(head))) events.push(plan.idOf(head));
  }
  const broken = cycle[0].edge;
  g.dropped[broken] = 1;
  log.add(
    'error',
    'causal-cycle',
    p.line[cycle[0].head],
    `The recorded order is contradictory (a happens-before cycle): ${parts.join(', ')}, and each event comes after the ones before it on its own host. The edge from ${desc(g.from[broken])} to ${desc(g.to[broken])} is ignored so the rest still loads.`,
    events,
  );
  release(g.to[broken]);
}
