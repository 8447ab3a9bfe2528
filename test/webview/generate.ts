// Builds synthetic TraceViews for the webview tests and benchmark, event by event in causal order:
// dense vector clocks, depths, message edges, object states per replica (hence timelines and
// conflicts), findings and causal buffers. random-trace.ts and script.ts drive it.

import type { Json } from '../../engine/crdt/types';
import type { FindingKind, Severity } from '../../engine/trace/diagnostics';
import { type ConflictView, type FindingView, packLabels, type TimelineView, type TraceView } from '../../engine/view/model';
import type { BufferTimeline } from '../../webview/protocol';

export type KindName = 'op' | 'send' | 'receive' | 'local' | 'sync';
const KIND: Record<KindName, number> = { op: 0, send: 1, receive: 2, local: 3, sync: 4 };
const KIND_NAMES: KindName[] = ['op', 'send', 'receive', 'local', 'sync'];

export interface OpSpec {
  type: string;
  value?: Json;
}

/** A generated trace: what the host would send, and the fields it would answer details with. */
export interface GeneratedTrace {
  view: TraceView;
  buffers: BufferTimeline[];
  /** Free-form fields per event (only where a script gave some). */
  fields: Map<number, Record<string, Json>>;
  /** Custom event ids per event (only where a script gave some). */
  ids: Map<number, string>;
}

/** The state one object key has on each replica, and how operations and merges change it. */
interface KeyModel {
  /** Merges the state of event `s` (a send, or the latest event of its replica) into replica r. */
  merge(r: number, s: number): void;
  apply(i: number, r: number, op: OpSpec): void;
  /** Keeps the state after event i when other replicas may merge it later. */
  snapshot(i: number, r: number): void;
  value(r: number): Json;
}

/**
 * Builds a TraceView event by event, in causal order: each event gets its dense vector clock
 * (own entry ticked, senders merged), its depth and its edges; each object key's state on each
 * replica follows (counters, last-writer-wins registers, grow-only and observed-remove sets),
 * from which the timelines and the conflicts come.
 */
export class ViewAccumulator {
  readonly R: number;
  n = 0;
  private cap: number;
  replica: Uint16Array;
  kind: Uint8Array;
  key: Int32Array;
  depth: Uint32Array;
  clocks: Uint32Array;
  edgeStart: Uint32Array;
  edgeFrom: Int32Array;
  private edges = 0;
  readonly labels: string[] = [];
  readonly conflicts: ConflictView[] = [];
  readonly findings: FindingView[] = [];
  readonly fields = new Map<number, Record<string, Json>>();
  readonly ids = new Map<number, string>();

  private readonly current: Uint32Array;
  private readonly last: Int32Array;
  private readonly models: KeyModel[];
  /** Conflict detection: last write per replica per key (and element, for sets). */
  private readonly frontier = new Map<string, Int32Array>();
  private readonly lastValue: Json[][];
  private readonly timelines: TimelineView[][];
  private readonly buffers: (BufferTimeline | undefined)[];

  constructor(
    readonly replicas: string[],
    readonly keys: string[],
    readonly keyTypes: string[],
    capacity = 1024,
    /** Probability that a detected concurrent write is reported as a conflict (random traces). */
    private readonly conflictRate = 1,
    private readonly rand: () => number = Math.random,
  ) {
    const R = (this.R = replicas.length);
    this.cap = Math.max(16, capacity);
    this.replica = new Uint16Array(this.cap);
    this.kind = new Uint8Array(this.cap);
    this.key = new Int32Array(this.cap);
    this.depth = new Uint32Array(this.cap);
    this.clocks = new Uint32Array(this.cap * R);
    this.edgeStart = new Uint32Array(this.cap + 1);
    this.edgeFrom = new Int32Array(this.cap);
    this.current = new Uint32Array(R * R);
    this.last = new Int32Array(R).fill(-1);
    this.models = keyTypes.map((type, k) => this.modelFor(type, k));
    this.lastValue = replicas.map(() => keys.map(() => null));
    this.timelines = replicas.map((_, r) => keys.map((key) => ({ key, replica: r, steps: [], values: [] })));
    this.buffers = replicas.map(() => undefined);
  }

  private grow(): void {
    const cap = this.cap * 2;
    const g = <T extends Uint16Array | Uint8Array | Int32Array | Uint32Array>(a: T, size: number): T => {
      const next = new (a.constructor as new (n: number) => T)(size);
      next.set(a);
      return next;
    };
    this.replica = g(this.replica, cap);
    this.kind = g(this.kind, cap);
    this.key = g(this.key, cap);
    this.depth = g(this.depth, cap);
    this.clocks = g(this.clocks, cap * this.R);
    this.edgeStart = g(this.edgeStart, cap + 1);
    this.cap = cap;
  }

  /** The last event of replica r so far, or -1. */
  lastOf(r: number): number {
    return this.last[r];
  }

  /** Appends one event; `senders` are the events whose messages (or state) it receives. */
  add(r: number, kind: KindName, key: number, op: OpSpec | undefined, senders: readonly number[], label: string): number {
    if (this.n === this.cap) this.grow();
    const i = this.n++;
    const R = this.R;
    const cur = this.current;
    let depth = this.last[r] >= 0 ? this.depth[this.last[r]] + 1 : 0;
    for (const s of senders) {
      for (let q = 0; q < R; q++) {
        const v = this.clocks[s * R + q];
        if (v > cur[r * R + q]) cur[r * R + q] = v;
      }
      if (this.depth[s] + 1 > depth) depth = this.depth[s] + 1;
      if (this.edges === this.edgeFrom.length) {
        const next = new Int32Array(this.edgeFrom.length * 2);
        next.set(this.edgeFrom);
        this.edgeFrom = next;
      }
      this.edgeFrom[this.edges++] = s;
    }
    cur[r * R + r]++;
    this.clocks.set(cur.subarray(r * R, r * R + R), i * R);
    this.edgeStart[i + 1] = this.edges;
    this.replica[i] = r;
    this.kind[i] = KIND[kind];
    this.key[i] = key;
    this.depth[i] = depth;
    this.labels.push(label.length > 200 ? label.slice(0, 200) : label);
    for (let k = 0; k < this.models.length; k++) {
      const m = this.models[k];
      for (const s of senders) m.merge(r, s);
      if (k === key && op) m.apply(i, r, op);
      if (kind === 'send') m.snapshot(i, r);
      this.change(i, r, k, m.value(r));
    }
    this.last[r] = i;
    return i;
  }

  private modelFor(type: string, k: number): KeyModel {
    const R = this.R;
    if (type.endsWith('counter')) {
      // Increments per lane as prefix sums: the value after event i is the sum, over replicas q,
      // of q's increments among the first clock[q] events of q (what i has seen of q).
      const prefix = this.replicas.map(() => [0]);
      const own = new Float64Array(R);
      let pending = -1;
      return {
        merge: () => {},
        apply: (i, r, op) => {
          own[r] += Number(op.value ?? 1) * (op.type === 'dec' ? -1 : 1);
          pending = i;
        },
        snapshot: () => {},
        value: (r) => {
          const i = this.n - 1;
          const lane = prefix[r];
          lane.push(pending === i ? own[r] : lane[lane.length - 1]);
          let v = 0;
          for (let q = 0; q < R; q++) v += prefix[q][this.clocks[i * R + q]] ?? 0;
          return v;
        },
      };
    }
    if (type.endsWith('register')) {
      const now = new Int32Array(R).fill(-1);
      const after = new Map<number, number>();
      const values = new Map<number, Json>();
      const source = (s: number) => after.get(s) ?? (this.last[this.replica[s]] === s ? now[this.replica[s]] : -1);
      return {
        merge: (r, s) => {
          const w = source(s);
          if (w >= 0 && (now[r] < 0 || this.stampWins(w, now[r]))) now[r] = w;
        },
        apply: (i, r, op) => {
          values.set(i, op.value ?? null);
          this.detectConflict(`${k}`, i, r, (others) => this.lwwConflict(k, others, i));
          now[r] = i;
        },
        snapshot: (i, r) => void after.set(i, now[r]),
        value: (r) => (now[r] >= 0 ? (values.get(now[r]) ?? null) : null),
      };
    }
    if (type === 'g-set') {
      const now = new Int32Array(R);
      const after = new Map<number, number>();
      const elements: string[] = [];
      const arrays = new Map<number, string[]>();
      const source = (s: number) => after.get(s) ?? (this.last[this.replica[s]] === s ? now[this.replica[s]] : 0);
      return {
        merge: (r, s) => void (now[r] |= source(s)),
        apply: (_i, r, op) => {
          const el = elementName(op.value);
          let bit = elements.indexOf(el);
          if (bit < 0 && elements.length < 31) bit = elements.push(el) - 1;
          if (op.type === 'add' && bit >= 0) now[r] |= 1 << bit;
        },
        snapshot: (i, r) => void after.set(i, now[r]),
        value: (r) => {
          let a = arrays.get(now[r]);
          if (!a) arrays.set(now[r], (a = elements.filter((_, b) => now[r] & (1 << b)).sort()));
          return a;
        },
      };
    }
    // Observed-remove set (add wins): live add tags per element; a remove removes the tags it has seen.
    type OrSet = { adds: Map<string, Set<number>>; removed: Set<number> };
    const fresh = (): OrSet => ({ adds: new Map(), removed: new Set() });
    const copy = (s: OrSet): OrSet => ({ adds: new Map([...s.adds].map(([el, t]) => [el, new Set(t)])), removed: new Set(s.removed) });
    const now = this.replicas.map(fresh);
    const after = new Map<number, OrSet>();
    const isAdd = new Map<number, boolean>();
    return {
      merge: (r, s) => {
        const theirs = after.get(s) ?? (this.last[this.replica[s]] === s ? now[this.replica[s]] : undefined);
        if (!theirs) return;
        const mine = now[r];
        for (const [el, tags] of theirs.adds) {
          const into = mine.adds.get(el) ?? new Set<number>();
          for (const t of tags) into.add(t);
          mine.adds.set(el, into);
        }
        for (const t of theirs.removed) mine.removed.add(t);
      },
      apply: (i, r, op) => {
        const el = elementName(op.value);
        const mine = now[r];
        isAdd.set(i, op.type === 'add');
        this.detectConflict(`${k}/${el}`, i, r, (others) => this.addWinsConflict(k, el, others, i, isAdd));
        if (op.type === 'add') mine.adds.set(el, (mine.adds.get(el) ?? new Set()).add(i));
        else for (const t of mine.adds.get(el) ?? []) mine.removed.add(t);
      },
      snapshot: (i, r) => void after.set(i, copy(now[r])),
      value: (r) => {
        const mine = now[r];
        const value: string[] = [];
        for (const [el, tags] of mine.adds) if ([...tags].some((t) => !mine.removed.has(t))) value.push(el);
        return value.sort();
      },
    };
  }

  private change(i: number, r: number, k: number, value: Json): void {
    const prev = this.lastValue[r][k];
    if (prev === value || (Array.isArray(value) && Array.isArray(prev) && value.join('\u0000') === prev.join('\u0000') && value.length === prev.length)) return;
    this.lastValue[r][k] = value;
    const t = this.timelines[r][k];
    t.steps.push(i);
    t.values.push(value);
  }

  /** Lamport stamp (depth + 1) then replica name: does write a beat write b? */
  private stampWins(a: number, b: number): boolean {
    if (this.depth[a] !== this.depth[b]) return this.depth[a] > this.depth[b];
    return this.replicas[this.replica[a]] > this.replicas[this.replica[b]];
  }

  private detectConflict(slot: string, i: number, r: number, report: (others: number[]) => void): void {
    let f = this.frontier.get(slot);
    if (!f) this.frontier.set(slot, (f = new Int32Array(this.R).fill(-1)));
    const others: number[] = [];
    for (let q = 0; q < this.R; q++) {
      const w = f[q];
      if (q !== r && w >= 0 && this.clocks[i * this.R + q] < this.clocks[w * this.R + q]) others.push(w);
    }
    if (others.length > 0 && this.rand() < this.conflictRate) {
      report(others);
      f.fill(-1);
    }
    f[r] = i;
  }

  private lwwConflict(k: number, others: number[], i: number): void {
    const events = [...others, i].sort((a, b) => a - b);
    let winner = events[0];
    for (const e of events) if (this.stampWins(e, winner)) winner = e;
    const rest = events.filter((e) => e !== winner);
    const tie = rest.some((e) => this.depth[e] === this.depth[winner]);
    const name = (e: number) => this.eventName(e);
    const reason = tie
      ? `${name(winner)} and ${rest.map(name).join(', ')} carry the same timestamp ${this.depth[winner] + 1}; the larger replica id "${this.replicas[this.replica[winner]]}" breaks the tie.`
      : `${name(winner)} has the latest timestamp (${this.depth[winner] + 1} > ${Math.max(...rest.map((e) => this.depth[e] + 1))}).`;
    this.conflicts.push({ id: '', key: this.keys[k], events, winners: [winner], rule: 'last-writer-wins', reason });
  }

  private addWinsConflict(k: number, el: string, others: number[], i: number, isAdd: Map<number, boolean>): void {
    const events = [...others, i].sort((a, b) => a - b);
    const winners = events.filter((e) => isAdd.get(e));
    if (winners.length === 0 || winners.length === events.length) return;
    const reason = `A remove only removes the adds it has seen; ${winners.map((e) => this.eventName(e)).join(', ')} was not seen by the remove, so "${el}" stays (add wins).`;
    this.conflicts.push({ id: '', key: this.keys[k], target: el, events, winners, rule: 'add-wins', reason });
  }

  /** `replica:n`, the default event id. */
  eventName(e: number): string {
    return this.ids.get(e) ?? `${this.replicas[this.replica[e]]}:${this.clocks[e * this.R + this.replica[e]]}`;
  }

  /** Sets what waits in replica r's causal buffer from event i on (an empty list when it drains). */
  setBuffer(r: number, i: number, waiting: string[]): void {
    const b = this.buffers[r];
    const last = b?.values[b.values.length - 1] as string[] | undefined;
    if (waiting.length === 0 && (!last || last.length === 0)) return;
    const buf = (this.buffers[r] ??= { key: '', replica: r, steps: [], values: [] });
    buf.steps.push(i);
    buf.values.push(waiting);
  }

  addFinding(severity: Severity, kind: FindingKind, message: string, events: number[]): void {
    this.findings.push({ severity, kind, line: events.length ? events[0] + 2 : 0, message, events });
  }

  finish(name: string, format = 'causeway', description?: string): GeneratedTrace {
    const n = this.n;
    const R = this.R;
    const step = new Uint32Array(n);
    for (let i = 0; i < n; i++) step[i] = i;
    const line = new Uint32Array(n);
    for (let i = 0; i < n; i++) line[i] = i + 2;
    this.conflicts.forEach((c, j) => (c.id = `c${j + 1}`));
    const view: TraceView = {
      name,
      format,
      description,
      replicas: this.replicas,
      keys: this.keys,
      keyTypes: this.keyTypes,
      size: n,
      replica: this.replica.slice(0, n),
      kind: this.kind.slice(0, n),
      line,
      key: this.key.slice(0, n),
      step,
      order: step.slice(),
      depth: this.depth.slice(0, n),
      clocks: this.clocks.slice(0, n * R),
      edgeStart: this.edgeStart.slice(0, n + 1),
      edgeFrom: this.edgeFrom.slice(0, this.edges),
      ...packLabels(this.labels.slice(0, n)),
      conflicts: this.conflicts,
      findings: this.findings,
      timelines: this.timelines.flat().filter((t) => t.steps.length > 0),
    };
    const buffers = this.buffers.filter((b): b is BufferTimeline => !!b);
    return { view, buffers, fields: this.fields, ids: this.ids };
  }
}

function elementName(value: Json | undefined): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export { KIND_NAMES };
