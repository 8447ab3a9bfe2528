// Concurrent-write conflicts: every set of concurrent writes to the same register, map field or
// set element, found in one pass over the causal order with a per-target frontier of at most one
// write per replica (no comparison of all pairs), plus lost updates under last-writer-wins.

import type { CrdtTypeName } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import { EventKind, type Trace } from '../trace/model';
import type { ComputedClocks } from '../replay/clocks';
import type { CausalOrder } from '../replay/order';
import { compareStamps } from '../clock/stamp';
import { stampOf, stampSource } from '../replay/stamps';
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

interface TargetState {
  frontier: number[];
  open?: number[];
}

export function findConflicts(
  trace: Trace,
  causal: CausalOrder,
  clocks: ComputedClocks,
  strategies: ReadonlyMap<string, Strategy> = new Map(),
): ConflictAnalysis {
  const R = clocks.replicaCount;
  const { vector } = clocks;
  const { replica, key, opType, kind } = trace;
  const happensBefore = (a: number, b: number) => vector[b * R + replica[a]] >= vector[a * R + replica[a]];
  const targets = new Map<string, TargetState>();
  const groups: { key: number; target: string; events: number[] }[] = [];
  const findings: Finding[] = [];
  const isLww = (type: CrdtTypeName) => type === 'lww-register' || type === 'lww-map';

  for (let s = 0; s < trace.size; s++) {
    const w = causal.order[s];
    if (kind[w] !== EventKind.op || key[w] < 0 || opType[w] < 0) continue;
    const type = trace.objects[key[w]].type;
    const target = targetOf(trace, type, w);
    if (target === undefined) continue;
    const id = `${key[w]}\u0000${target}`;
    let state = targets.get(id);
    if (!state) targets.set(id, (state = { frontier: [] }));
    const concurrent: number[] = [];
    for (const f of state.frontier) {
      if (!happensBefore(f, w)) {
        concurrent.push(f);
      } else if (isLww(type) && compareStamps(stampOf(trace, clocks, w), stampOf(trace, clocks, f)) < 0) {
        findings.push(lostUpdate(trace, clocks, f, w));
      }
    }
    const colliding = concurrent.filter((f) => collide(type, opType[f], opType[w]));
    if (colliding.length > 0) {
      if (state.open && state.open.every((e) => concurrent.includes(e))) {
        state.open.push(w);
      } else {
        state.open = [...colliding, w];
        groups.push({ key: key[w], target, events: state.open });
      }
    } else if (state.open && !state.open.some((e) => concurrent.includes(e))) {
      state.open = undefined;
    }
    concurrent.push(w);
    state.frontier = concurrent;
  }

  const conflicts = groups.map((g, n) => {
    const keyName = trace.keys.name(g.key);
    const type = trace.objects[g.key].type;
    const target = g.target === '' ? undefined : type.endsWith('map') ? g.target : describeValue(JSON.parse(g.target));
    return new Conflict(trace, clocks, `c${n + 1}`, keyName, target, g.events, strategies.get(keyName) ?? defaultStrategy(type));
  });
  return { conflicts, findings };
}

/** A conflict; its reason is put in words only when asked for (a large trace has many). */
class Conflict implements ConflictReport {
  readonly winners: number[];
  readonly losers: number[];
  private explained?: string;

  constructor(
    private readonly trace: Trace,
    private readonly clocks: ComputedClocks,
    readonly id: string,
    readonly key: string,
    readonly target: string | undefined,
    readonly events: number[],
    readonly strategy: Strategy,
  ) {
    this.winners = winnersOf(trace, clocks, events, strategy);
    this.losers = events.filter((e) => !this.winners.includes(e));
  }

  get reason(): string {
    return (this.explained ??= explainResolution(this.trace, this.clocks, this.events, this.winners, this.strategy));
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
      `${id(later)} writes ${trace.keys.name(trace.key[later])} after seeing ${id(earlier)}, but its ${source} ${b.time} is ` +
      `${b.time === a.time ? 'equal to' : 'earlier than'} ${a.time}${b.time === a.time ? ` and replica "${b.replica}" < "${a.replica}"` : ''}, ` +
      `so last-writer-wins keeps the older value and this update is lost (clock skew). A hybrid or Lamport clock would order them causally.`,
    events: [trace.eventId(earlier), trace.eventId(later)],
  };
}
