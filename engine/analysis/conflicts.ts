// Concurrent-write conflicts: the sets of concurrent writes to one register, map field or set
// element that replicas saw side by side, found in one pass over the deliveries with a frontier
// per replica and target of at most one write per origin (no comparison of all pairs), plus lost
// updates under last-writer-wins.

import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import type { ComputedClocks } from '../replay/clocks';
import type { MemoryBudget } from './limits';
import type { Knowledge } from '../replay/knowledge';
import type { CausalOrder } from '../replay/order';
import { stampOf, stampSource, stampTimeText } from '../replay/stamps';
import { IntList } from '../util/int-list';
import { ConflictSlots } from './conflict-slots';
import { TargetedWrites } from './conflict-writes';
import { type ConflictTargets, conflictTargets } from './conflict-targets';
import { defaultStrategy, describeValue, explainResolution, type Strategy, winnersOf } from './strategies';

export interface ConflictReport {
  /** `c1`, `c2`, ... in causal order of the conflict's first write. */
  readonly id: string;
  readonly key: string;
  /** The map field or set element the writes collide on, when narrower than the key. */
  readonly target?: string;
  /** The concurrent writes, event indices in causal order. */
  readonly events: number[];
  readonly winners: number[];
  readonly losers: number[];
  readonly strategy: Strategy;
  /** Why the winners won, in words. */
  readonly reason: string;
}

export interface ConflictAnalysis {
  conflicts: ConflictReport[];
  /** Operations that take part in at least one conflict. */
  operationsInConflict: number;
  /** Lost updates under last-writer-wins (a causally later write with an older stamp). */
  findings: Finding[];
}

/**
 * Conflicts are sibling sets: writes to one target that were at the same time the latest ones a
 * replica had seen (none happened before another), with at least one disagreeing pair. That is
 * what a multi-value register would show as siblings, and it depends only on the partial order
 * and on what each replica delivered, never on how the trace happens to be linearised. A set
 * that a replica's view then grew into a larger sibling set is reported as the larger one.
 */
export function findConflicts(
  trace: Trace,
  causal: CausalOrder,
  clocks: ComputedClocks,
  knowledge: Knowledge,
  budget: MemoryBudget,
  strategies: ReadonlyMap<string, Strategy> = new Map(),
): ConflictAnalysis {
  const R = clocks.replicaCount;
  const { replica, opType } = trace;
  const { opEvent, opOfEvent, deliveredStart, delivered } = knowledge;
  const targets = conflictTargets(trace, opEvent);
  const { lww: lwwTarget, setLike } = targets;
  const T = targets.count;
  // Per slot (a replica's view of a target): frontier size and block, touch mark and list entry, last sibling set.
  const slots = new ConflictSlots(R, T, opEvent.length + delivered.length, 24, budget);
  const writes = new TargetedWrites(trace, clocks, targets, opEvent, budget);
  const { rows, rowOfOp, stride } = writes;
  const { EVENT, REPLICA, TARGET } = TargetedWrites;

  const frontiers = new Frontiers(slots.count, Math.min(R, 4));
  const sets = new SiblingSets(slots.count, causal, opOfEvent, opEvent.length);
  const findings: Finding[] = [];
  const lostPairs = new Set<string>();
  /** A causally later write with an older stamp (rows of both given): last-writer-wins keeps the earlier one. */
  const checkLost = (earlierRow: number, laterRow: number) => {
    const a = writes.stamp[earlierRow / stride];
    const b = writes.stamp[laterRow / stride];
    const earlier = rows[earlierRow + EVENT];
    const later = rows[laterRow + EVENT];
    if (b > a || (b === a && trace.replicas.name(replica[later]) >= trace.replicas.name(replica[earlier]))) return;
    const pair = `${earlier},${later}`;
    if (lostPairs.has(pair)) return;
    lostPairs.add(pair);
    findings.push(lostUpdate(trace, clocks, earlier, later));
  };
  /** Slots that the current event left with concurrent writes: looked at once it is applied. */
  const touched = new Int32Array(slots.count);
  const touchedTarget = new Int32Array(slots.count);
  let touchedCount = 0;
  const touchedAt = new Int32Array(slots.count).fill(-1);
  let currentStep = -1;
  /** The events of the writes of the slot being recorded. */
  const slotWrites = new Int32Array(R);
  /**
   * Replica r learns the write of op o. w happened before f iff f's clock has reached w's own
   * entry. The frontier is an antichain, so w either is below one of its writes (and changes
   * nothing) or replaces the writes below it.
   */
  const learn = (r: number, o: number) => {
    const wRow = rowOfOp[o];
    if (wRow < 0) return;
    const t = rows[wRow + TARGET];
    const wReplica = rows[wRow + REPLICA];
    const wOwn = writes.entry(wRow, wReplica);
    const slot = slots.of(r, t);
    const at = frontiers.start(slot);
    const end = at + frontiers.size[slot];
    const pool = frontiers.pool;
    let kept = at;
    for (let x = at; x < end; x++) {
      const fRow = pool[x];
      if (writes.entry(fRow, wReplica) >= wOwn) {
        if (lwwTarget[t]) checkLost(wRow, fRow);
        return; // w was already overwritten by what r has seen (nothing was dropped: an antichain)
      }
      const fReplica = rows[fRow + REPLICA];
      if (writes.entry(wRow, fReplica) < writes.entry(fRow, fReplica)) pool[kept++] = fRow;
      else if (lwwTarget[t]) checkLost(fRow, wRow);
    }
    const live = kept - at;
    frontiers.set(slot, live, wRow);
    if (live > 0 && touchedAt[slot] !== currentStep) {
      touchedAt[slot] = currentStep;
      touchedTarget[touchedCount] = t;
      touched[touchedCount++] = slot;
    }
  };
  for (let step = 0; step < trace.size; step++) {
    currentStep = step;
    const i = causal.order[step];
    const r = replica[i];
    if (opOfEvent[i] >= 0) learn(r, opOfEvent[i]);
    for (let d = deliveredStart[i]; d < deliveredStart[i + 1]; d++) learn(r, delivered[d]);
    for (let x = 0; x < touchedCount; x++) {
      const slot = touched[x];
      const t = touchedTarget[x];
      const at = frontiers.start(slot);
      const size = frontiers.size[slot];
      // A later delivery of the step can have overwritten all but one of the writes.
      if (size < 2) continue;
      for (let n = 0; n < size; n++) slotWrites[n] = rows[frontiers.pool[at + n] + EVENT];
      if (setLike[t] && !disagree(slotWrites, size, opType)) continue;
      sets.record(slot, t, slotWrites, size, step);
    }
    touchedCount = 0;
  }

  const reported = sets.reported();
  const context = new ConflictContext(trace, clocks, targets, strategies, sets.listed(reported));
  const conflicts = new Array<ConflictReport>(reported.length);
  for (let n = 0; n < reported.length; n++) conflicts[n] = new Conflict(context, n);
  return { conflicts, operationsInConflict: sets.distinctWrites(reported, trace.size), findings };
}

/** Whether two of the writes[0, size) disagree: for set elements, an add against a remove. */
function disagree(writes: Int32Array, size: number, opType: Int32Array): boolean {
  for (let x = 1; x < size; x++) if (opType[writes[x]] !== opType[writes[0]]) return true;
  return false;
}

/**
 * Per slot (replica × target) the writes it has seen that nothing it saw overwrote (at most one
 * per origin), as their row starts, in blocks of one growable typed pool.
 */
class Frontiers {
  pool: Int32Array;
  /** Writes per slot. */
  readonly size: Int32Array;
  /** Block of each slot in `pool` (its capacity is stored just before it), -1 until first used. */
  private readonly block: Int32Array;
  private used = 0;

  constructor(
    slots: number,
    private readonly initialCapacity: number,
  ) {
    this.size = new Int32Array(slots);
    this.block = new Int32Array(slots).fill(-1);
    this.pool = new Int32Array(1024);
  }

  /** Where the slot's writes start (an empty block of the initial capacity for a new slot). */
  start(slot: number): number {
    const b = this.block[slot];
    return b >= 0 ? b : (this.block[slot] = this.allocate(this.initialCapacity));
  }

  /** Keeps the first `live` writes of the slot and appends the write whose row starts at `row`. */
  set(slot: number, live: number, row: number): void {
    let at = this.block[slot];
    if (live === this.pool[at - 1]) {
      const grown = this.allocate(2 * live);
      this.pool.copyWithin(grown, at, at + live);
      at = this.block[slot] = grown;
    }
    this.pool[at + live] = row;
    this.size[slot] = live + 1;
  }

  /** A block of `capacity` writes; returns where its entries start. */
  private allocate(capacity: number): number {
    const need = this.used + capacity + 1;
    if (need > this.pool.length) {
      const next = new Int32Array(Math.max(need, 2 * this.pool.length));
      next.set(this.pool.subarray(0, this.used));
      this.pool = next;
    }
    this.pool[this.used] = capacity;
    const at = this.used + 1;
    this.used = need;
    return at;
  }
}

/**
 * The sibling sets seen so far, deduplicated by their writes (found through their last write),
 * with the replica views that hold each as their latest for its target.
 */
class SiblingSets {
  /** Per set: its target, the step at which a replica first saw its writes side by side, ... */
  private readonly target = new IntList();
  private readonly step = new IntList();
  /** ... the replica views that hold it as their latest sibling set for its target (0: grown past), ... */
  private readonly owners = new IntList();
  /** ... a hash of its writes (order-independent, to skip comparing most sets that differ), ... */
  private readonly hash = new IntList();
  /** ... the next set with the same last write (-1 at the end), ... */
  private readonly next = new IntList();
  /** ... and where its writes (in causal order) start in `writes`; one more entry marks the end. */
  private readonly start = new IntList();
  private readonly writes = new IntList();
  /** Per op number: the newest set whose last write it is (-1: none yet). */
  private readonly byLast: Int32Array;
  /** Per op number: when a set ending in that write was first seen (orders sets found at one step). */
  private readonly lastRank: Int32Array;
  private ranked = 0;
  /** The set each slot recorded last (-1: none): when the slot's view grows into a superset, it replaces it. */
  private readonly lastOfSlot: Int32Array;

  constructor(
    slots: number,
    private readonly causal: CausalOrder,
    private readonly opOfEvent: Int32Array,
    ops: number,
  ) {
    this.lastOfSlot = new Int32Array(slots).fill(-1);
    this.byLast = new Int32Array(ops).fill(-1);
    this.lastRank = new Int32Array(ops).fill(-1);
    this.start.push(0);
  }

  /** Slot `slot` (of target t) now sees writes[0, size) side by side, at `step`. */
  record(slot: number, t: number, writes: Int32Array, size: number, step: number): void {
    const { isSourceOrder, step: stepOf } = this.causal;
    let last = writes[0];
    let hash = 0;
    for (let x = 0; x < size; x++) {
      const w = writes[x];
      if ((isSourceOrder ? w : stepOf[w]) > (isSourceOrder ? last : stepOf[last])) last = w;
      hash = (hash + Math.imul(w ^ (w >>> 15), 0x2c1b3c6d)) | 0;
    }
    const o = this.opOfEvent[last];
    let s = this.byLast[o];
    while (s >= 0 && !(this.hash.data[s] === hash && this.sizeOf(s) === size && this.within(s, writes, size))) s = this.next.data[s];
    if (s < 0) s = this.add(o, t, writes, size, step, hash);
    const previous = this.lastOfSlot[slot];
    if (previous === s) return;
    this.owners.data[s]++;
    if (previous >= 0 && this.within(previous, writes, size)) this.owners.data[previous]--;
    this.lastOfSlot[slot] = s;
  }

  /** The sets `chosen`, in that order, with their targets and writes: what the conflicts keep once the search is over. */
  listed(chosen: readonly number[]): ListedSets {
    const target = new Int32Array(chosen.length);
    const start = new Uint32Array(chosen.length + 1);
    let size = 0;
    for (const s of chosen) size += this.sizeOf(s);
    const writes = new Int32Array(size);
    chosen.forEach((s, n) => {
      target[n] = this.target.data[s];
      writes.set(this.writes.data.subarray(this.start.data[s], this.start.data[s + 1]), start[n]);
      start[n + 1] = start[n] + this.sizeOf(s);
    });
    return { target, start, writes };
  }

  /** How many distinct writes the sets `chosen` hold (events below `events`). */
  distinctWrites(chosen: readonly number[], events: number): number {
    const seen = new Uint8Array(events);
    let count = 0;
    for (const s of chosen) {
      for (let k = this.start.data[s], end = this.start.data[s + 1]; k < end; k++) {
        count += 1 - seen[this.writes.data[k]];
        seen[this.writes.data[k]] = 1;
      }
    }
    return count;
  }

  private sizeOf(s: number): number {
    return this.start.data[s + 1] - this.start.data[s];
  }

  /** Whether every write of set s is among writes[0, size). */
  private within(s: number, writes: Int32Array, size: number): boolean {
    const pooled = this.writes.data;
    for (let k = this.start.data[s], end = this.start.data[s + 1]; k < end; k++) {
      let found = false;
      for (let x = 0; x < size && !found; x++) found = writes[x] === pooled[k];
      if (!found) return false;
    }
    return true;
  }

  /** A new set of writes[0, size), whose last write is op `last`. */
  private add(last: number, t: number, writes: Int32Array, size: number, step: number, hash: number): number {
    const s = this.target.length;
    if (this.byLast[last] < 0) this.lastRank[last] = this.ranked++;
    this.target.push(t);
    this.step.push(step);
    this.owners.push(0);
    this.hash.push(hash);
    this.next.push(this.byLast[last]);
    this.byLast[last] = s;
    // Insertion sort by causal step into the pool: sets are small.
    const { isSourceOrder, step: stepOf } = this.causal;
    this.writes.reserve(size);
    const pooled = this.writes.data;
    const from = this.writes.length;
    for (let n = 0; n < size; n++) {
      const e = writes[n];
      const key = isSourceOrder ? e : stepOf[e];
      let m = from + n;
      for (; m > from && (isSourceOrder ? pooled[m - 1] : stepOf[pooled[m - 1]]) > key; m--) pooled[m] = pooled[m - 1];
      pooled[m] = e;
    }
    this.writes.length += size;
    this.start.push(this.writes.length);
    return s;
  }

  /**
   * The sets some view still holds, by the step they were first seen; sets first seen at one
   * step by target, then by when a set with the same last write was first seen, then by age.
   */
  reported(): number[] {
    const kept: number[] = [];
    const { target, step, owners } = this;
    for (let s = 0; s < target.length; s++) if (owners.data[s] > 0) kept.push(s);
    const rankOf = (s: number) => this.lastRank[this.opOfEvent[this.writes.data[this.start.data[s + 1] - 1]]];
    const tieBreak = (a: number, b: number) => target.data[a] - target.data[b] || rankOf(a) - rankOf(b) || a - b;
    // Sets are made in step order: only runs found at the same step need sorting.
    for (let from = 0; from < kept.length; ) {
      let to = from + 1;
      while (to < kept.length && step.data[kept[to]] === step.data[kept[from]]) to++;
      if (to - from > 1) kept.splice(from, to - from, ...kept.slice(from, to).sort(tieBreak));
      from = to;
    }
    return kept;
  }
}

/** The reported sibling sets, n-th conflict first: its target, and its writes (in causal order) at `writes[start[n], start[n+1])`. */
interface ListedSets {
  target: Int32Array;
  start: Uint32Array;
  writes: Int32Array;
}

/** What the conflicts of one analysis share: trace, clocks, each conflict's target and writes, and per target its key, field or element and strategy. */
class ConflictContext {
  private readonly described: (string | undefined)[] = [];

  constructor(
    readonly trace: Trace,
    readonly clocks: ComputedClocks,
    private readonly targets: ConflictTargets,
    private readonly strategies: ReadonlyMap<string, Strategy>,
    private readonly listed: ListedSets,
  ) {}

  /** The target of the n-th conflict. */
  targetOfConflict(n: number): number {
    return this.listed.target[n];
  }

  /** The writes of the n-th conflict, in causal order (a new list). */
  eventsOf(n: number): number[] {
    const { start, writes } = this.listed;
    return Array.from(writes.subarray(start[n], start[n + 1]));
  }

  keyOf(t: number): string {
    return this.trace.keys.name(this.targets.key[t]);
  }

  /** The field or element target t narrows to, as users read it (worked out once per target). */
  targetOf(t: number): string | undefined {
    const name = this.targets.name[t];
    if (name === '' || this.described[t] !== undefined) return this.described[t];
    const type = this.trace.objects[this.targets.key[t]].type;
    return (this.described[t] = type.endsWith('map') ? name : describeValue(JSON.parse(name)));
  }

  strategyOf(t: number): Strategy {
    return this.strategies.get(this.keyOf(t)) ?? defaultStrategy(this.trace.objects[this.targets.key[t]].type);
  }
}

/**
 * A conflict: two numbers (a large trace has millions): its writes, names, winners and reason
 * are worked out from the analysis each time they are asked for.
 */
class Conflict implements ConflictReport {
  constructor(
    private readonly context: ConflictContext,
    /** Position in causal order of first sight, from 0. */
    private readonly n: number,
  ) {}

  get id(): string {
    return `c${this.n + 1}`;
  }

  get key(): string {
    return this.context.keyOf(this.context.targetOfConflict(this.n));
  }

  get target(): string | undefined {
    return this.context.targetOf(this.context.targetOfConflict(this.n));
  }

  get strategy(): Strategy {
    return this.context.strategyOf(this.context.targetOfConflict(this.n));
  }

  get events(): number[] {
    return this.context.eventsOf(this.n);
  }

  get winners(): number[] {
    return winnersOf(this.context.trace, this.context.clocks, this.events, this.strategy);
  }

  get losers(): number[] {
    const winners = this.winners;
    return this.events.filter((e) => !winners.includes(e));
  }

  get reason(): string {
    const events = this.events;
    const strategy = this.strategy;
    const { trace, clocks } = this.context;
    return explainResolution(trace, clocks, events, winnersOf(trace, clocks, events, strategy), strategy);
  }
}

function lostUpdate(trace: Trace, clocks: ComputedClocks, earlier: number, later: number): Finding {
  const a = stampOf(trace, clocks, earlier);
  const b = stampOf(trace, clocks, later);
  const source = stampSource(trace, later);
  const id = (i: number) => `${trace.eventId(i)} (line ${trace.line[i]})`;
  return {
    severity: 'warning',
    kind: 'lost-update',
    line: trace.line[later],
    message:
      `${id(later)} writes ${trace.keys.name(trace.key[later])} after seeing ${id(earlier)}, but its ${source} ${stampTimeText(source, b.time)} is ` +
      `${b.time === a.time ? 'equal to' : 'earlier than'} ${stampTimeText(source, a.time)}${b.time === a.time ? ` and replica "${b.replica}" < "${a.replica}"` : ''}, ` +
      `so last-writer-wins keeps the older value and this update is lost (clock skew). A hybrid or Lamport clock would order them causally.`,
    events: [trace.eventId(earlier), trace.eventId(later)],
  };
}
