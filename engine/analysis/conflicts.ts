// Concurrent-write conflicts: the sets of concurrent writes to one register, map field or set
// element that replicas saw side by side, found in one pass over the deliveries with a frontier
// per replica and target of at most one write per origin (no comparison of all pairs), plus lost
// updates under last-writer-wins.

import type { CrdtTypeName } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import type { ComputedClocks } from '../replay/clocks';
import type { Knowledge } from '../replay/knowledge';
import type { CausalOrder } from '../replay/order';
import { stampOf, stampSource, stampTime } from '../replay/stamps';
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
  /** Lost updates under last-writer-wins (a causally later write with an older stamp). */
  findings: Finding[];
}

/**
 * What write i collides on, as a compact id: '' for a whole register, the field for maps, the
 * element for sets; undefined when the type's operations all commute (counters, grow-only sets).
 */
function targetOf(trace: Trace, type: CrdtTypeName, i: number): string | undefined {
  switch (type) {
    case 'lww-register':
    case 'mv-register':
      return '';
    case 'lww-map':
    case 'or-map':
      return trace.opField[i] < 0 ? undefined : trace.strings.name(trace.opField[i]);
    case 'or-set':
    case 'rw-set':
    case '2p-set':
      return Number.isNaN(trace.opNumber[i]) ? trace.values.name(trace.opValue[i]) ?? 'null' : String(trace.opNumber[i]);
    case 'g-counter':
    case 'pn-counter':
    case 'g-set':
      return undefined;
  }
}

/** Whether two writes to the same target disagree (for sets only an add against a remove does). */
function collide(type: CrdtTypeName, opA: number, opB: number): boolean {
  if (type === 'or-set' || type === 'rw-set' || type === '2p-set' || type === 'or-map') return opA !== opB;
  return true;
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
  strategies: ReadonlyMap<string, Strategy> = new Map(),
): ConflictAnalysis {
  const R = clocks.replicaCount;
  const { vector } = clocks;
  const { replica, key, opType } = trace;
  const { opEvent, opOfEvent, deliveredStart, delivered } = knowledge;

  // The target (key + field or element) of every write that can conflict, as a dense id.
  const targetIds = new Map<string, number>();
  const targetKey: number[] = [];
  const targetName: string[] = [];
  const targetOfOp = new Int32Array(opEvent.length).fill(-1);
  const lwwTarget: boolean[] = [];
  /** Targets whose writes only disagree as add against remove (set elements, or-map fields). */
  const setLike: boolean[] = [];
  for (let o = 0; o < opEvent.length; o++) {
    const w = opEvent[o];
    const type = trace.objects[key[w]].type;
    const target = targetOf(trace, type, w);
    if (target === undefined) continue;
    const name = `${key[w]}\u0000${target}`;
    let t = targetIds.get(name);
    if (t === undefined) {
      targetIds.set(name, (t = targetKey.length));
      targetKey.push(key[w]);
      targetName.push(target);
      lwwTarget.push(type === 'lww-register' || type === 'lww-map');
      setLike.push(type === 'or-set' || type === 'rw-set' || type === '2p-set' || type === 'or-map');
    }
    targetOfOp[o] = t;
  }

  const T = targetKey.length;
  /** Per replica and target (slot r*T+t): the writes it has seen that nothing it saw overwrote. */
  const frontiers: number[][] = [];
  const frontierSize = new Int32Array(R * T);
  /** Each event's own entry in its clock: w happened before e iff e's clock has reached it. */
  const ownEntry = new Uint32Array(trace.size);
  for (let i = 0; i < trace.size; i++) ownEntry[i] = vector[i * R + replica[i]];
  /** Sibling sets by target and last write; `owners` counts the replica slots that recorded a set. */
  const siblingSets: Map<number, SiblingSet[]>[] = [];
  /** The set each slot recorded last: when the same slot's view grows into a superset, it replaces it. */
  const lastOfSlot: (SiblingSet | undefined)[] = [];
  const findings: Finding[] = [];
  const lostPairs = new Set<string>();
  /** A causally later write with an older stamp: last-writer-wins keeps the earlier one. */
  const checkLost = (earlier: number, later: number) => {
    const a = stampTime(trace, clocks, earlier);
    const b = stampTime(trace, clocks, later);
    if (b > a || (b === a && trace.replicas.name(replica[later]) >= trace.replicas.name(replica[earlier]))) return;
    const pair = `${earlier},${later}`;
    if (lostPairs.has(pair)) return;
    lostPairs.add(pair);
    findings.push(lostUpdate(trace, clocks, earlier, later));
  };
  /** Slots that the current event left with concurrent writes: looked at once it is applied. */
  const touched: number[] = [];
  const touchedAt = new Int32Array(R * T).fill(-1);
  let currentStep = -1;
  /** Replica r learns write w (an op number's event). */
  const learn = (r: number, o: number) => {
    const t = targetOfOp[o];
    if (t < 0) return;
    const w = opEvent[o];
    const slot = r * T + t;
    let frontier = frontiers[slot];
    if (!frontier) frontier = frontiers[slot] = [];
    const size = frontierSize[slot];
    const wReplica = replica[w];
    const wOwn = ownEntry[w];
    const wRow = w * R;
    for (let x = 0; x < size; x++) {
      const f = frontier[x];
      if (vector[f * R + wReplica] >= wOwn) {
        if (lwwTarget[t]) checkLost(w, f);
        return; // w was already overwritten by what r has seen
      }
    }
    let live = 0;
    for (let x = 0; x < size; x++) {
      const f = frontier[x];
      if (vector[wRow + replica[f]] < ownEntry[f]) frontier[live++] = f;
      else if (lwwTarget[t]) checkLost(f, w);
    }
    frontier[live++] = w;
    frontierSize[slot] = live;
    if (live > 1 && touchedAt[slot] !== currentStep) {
      touchedAt[slot] = currentStep;
      touched.push(slot);
    }
  };
  /** Records the frontier of `slot` as a sibling set when two of its writes disagree. */
  const recordSiblings = (slot: number, step: number) => {
    const live = frontiers[slot].slice(0, frontierSize[slot]);
    const t = slot % T;
    const type = trace.objects[targetKey[t]].type;
    if (setLike[t] && !live.some((x, n) => live.some((y, m) => m > n && collide(type, opType[x], opType[y])))) return;
    const events = live.sort(causal.isSourceOrder ? (a, b) => a - b : (a, b) => causal.step[a] - causal.step[b]);
    // Sets seen before (at another replica) are found by their target and last write.
    const byLast = (siblingSets[t] ??= new Map());
    const last = events[events.length - 1];
    let list = byLast.get(last);
    if (!list) byLast.set(last, (list = []));
    let set = list.find((k) => k.events.length === events.length && k.events.every((e, n) => e === events[n]));
    if (!set) list.push((set = { target: t, events, step, owners: 0 }));
    const previous = lastOfSlot[slot];
    if (previous === set) return;
    set.owners++;
    if (previous && previous.events.every((e) => events.includes(e))) previous.owners--;
    lastOfSlot[slot] = set;
  };
  for (let step = 0; step < trace.size; step++) {
    currentStep = step;
    const i = causal.order[step];
    const r = replica[i];
    if (opOfEvent[i] >= 0) learn(r, opOfEvent[i]);
    for (let d = deliveredStart[i]; d < deliveredStart[i + 1]; d++) learn(r, delivered[d]);
    for (const slot of touched) recordSiblings(slot, step);
    touched.length = 0;
  }
  const groups: SiblingSet[] = [];
  for (const byLast of siblingSets) if (byLast) for (const list of byLast.values()) for (const set of list) if (set.owners > 0) groups.push(set);
  groups.sort((a, b) => a.step - b.step);

  const conflicts = groups.map((g, n) => {
    const keyName = trace.keys.name(targetKey[g.target]);
    const type = trace.objects[targetKey[g.target]].type;
    const name = targetName[g.target];
    const target = name === '' ? undefined : type.endsWith('map') ? name : describeValue(JSON.parse(name));
    return new Conflict(trace, clocks, `c${n + 1}`, keyName, target, g.events, strategies.get(keyName) ?? defaultStrategy(type));
  });
  return { conflicts, findings };
}

/** A conflict; its winners and reason are worked out only when asked for (a large trace has many). */
class Conflict implements ConflictReport {
  private won?: number[];
  private lost?: number[];
  private explained?: string;

  constructor(
    private readonly trace: Trace,
    private readonly clocks: ComputedClocks,
    readonly id: string,
    readonly key: string,
    readonly target: string | undefined,
    readonly events: number[],
    readonly strategy: Strategy,
  ) {}

  get winners(): number[] {
    return (this.won ??= winnersOf(this.trace, this.clocks, this.events, this.strategy));
  }

  get losers(): number[] {
    return (this.lost ??= this.events.filter((e) => !this.winners.includes(e)));
  }

  get reason(): string {
    return (this.explained ??= explainResolution(this.trace, this.clocks, this.events, this.winners, this.strategy));
  }
}

interface SiblingSet {
  target: number;
  /** The writes, in causal order. */
  events: number[];
  /** Step at which a replica first saw them side by side. */
  step: number;
  /** Replica views that hold the set as their latest sibling set for its target (0: grown past). */
  owners: number;
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
      `${id(later)} writes ${trace.keys.name(trace.key[later])} after seeing ${id(earlier)}, but its ${source} ${b.time} is ` +
      `${b.time === a.time ? 'equal to' : 'earlier than'} ${a.time}${b.time === a.time ? ` and replica "${b.replica}" < "${a.replica}"` : ''}, ` +
      `so last-writer-wins keeps the older value and this update is lost (clock skew). A hybrid or Lamport clock would order them causally.`,
    events: [trace.eventId(earlier), trace.eventId(later)],
  };
}
