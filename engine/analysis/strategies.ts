// Conflict resolution strategies: which of a set of concurrent writes survives, and why, in
// words. Each CRDT type has its own rule; what-if analysis re-resolves under another one.

import type { CrdtTypeName, Json } from '../crdt/types';
import type { Trace } from '../trace/model';
import type { ComputedClocks } from '../replay/clocks';
import { compareStamps } from '../clock/stamp';
import { stampOf, stampSource, stampTimeText } from '../replay/stamps';

export const STRATEGIES = ['last-writer-wins', 'multi-value', 'add-wins', 'remove-wins', 'priority'] as const;
export type Strategy = (typeof STRATEGIES)[number];

export function isStrategy(name: unknown): name is Strategy {
  return typeof name === 'string' && (STRATEGIES as readonly string[]).includes(name);
}

/** The rule a CRDT type applies to concurrent writes. */
export function defaultStrategy(type: CrdtTypeName): Strategy {
  switch (type) {
    case 'mv-register':
      return 'multi-value';
    case 'or-set':
    case 'or-map':
      return 'add-wins';
    case 'rw-set':
    case '2p-set':
      return 'remove-wins';
    default:
      return 'last-writer-wins';
  }
}

/** The CRDT type that implements a strategy for values of a given type (for what-if replays). */
export function typeForStrategy(type: CrdtTypeName, strategy: Strategy): CrdtTypeName {
  const isSet = type === 'or-set' || type === 'rw-set' || type === '2p-set' || type === 'g-set';
  if (isSet) return strategy === 'remove-wins' ? 'rw-set' : strategy === 'add-wins' ? 'or-set' : type;
  if (type === 'lww-register' || type === 'mv-register') {
    return strategy === 'multi-value' ? 'mv-register' : strategy === 'last-writer-wins' ? 'lww-register' : type;
  }
  return type;
}

/** The trace with each named key's CRDT type swapped for the one that implements its strategy. */
export function withStrategies(trace: Trace, strategies: ReadonlyMap<string, Strategy>): Trace {
  const objects = trace.objects.map((spec, k) => {
    const strategy = strategies.get(trace.keys.name(k));
    return strategy ? { ...spec, type: typeForStrategy(spec.type, strategy) } : spec;
  });
  return Object.assign(Object.create(trace) as Trace, { objects });
}

/** A value as users read it in a message: short JSON. */
export function describeValue(v: Json | undefined): string {
  if (v === undefined) return 'nothing';
  const text = JSON.stringify(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The writes (event indices) that survive a conflict among `events` under `strategy`. */
export function winnersOf(trace: Trace, clocks: ComputedClocks, events: readonly number[], strategy: Strategy): number[] {
  switch (strategy) {
    case 'last-writer-wins':
      return [rankByStamp(trace, clocks, events)[0]];
    case 'multi-value':
      return [...events];
    case 'add-wins':
    case 'remove-wins': {
      const keep = strategy === 'add-wins' ? KEPT_BY_ADD_WINS : KEPT_BY_REMOVE_WINS;
      const winners = events.filter((e) => keep.includes(trace.strings.name(trace.opType[e])));
      return winners.length > 0 ? winners : [...events];
    }
    case 'priority':
      return [rankByPriority(trace, events)[0]];
  }
}

/** Why `winners` survived, in words. */
export function explainResolution(trace: Trace, clocks: ComputedClocks, events: readonly number[], winners: readonly number[], strategy: Strategy): string {
  const who = (i: number) => `${trace.replicas.name(trace.replica[i])}'s ${describeWrite(trace, i)}`;
  switch (strategy) {
    case 'last-writer-wins': {
      const [winner, runnerUp, ...rest] = rankByStamp(trace, clocks, events);
      const w = stampOf(trace, clocks, winner);
      const r = stampOf(trace, clocks, runnerUp);
      const source = stampSource(trace, winner);
      const why =
        w.time !== r.time
          ? `its ${source} ${stampTimeText(source, w.time)} is the latest (next: ${stampTimeText(stampSource(trace, runnerUp), r.time)})`
          : `the ${source}s are equal (${stampTimeText(source, w.time)}), and replica id "${w.replica}" is larger than "${r.replica}"`;
      const losers = [runnerUp, ...rest].map(who).join(', ');
      return `Last-writer-wins: ${who(winner)} wins because ${why}; ${losers} ${rest.length > 0 ? 'are' : 'is'} discarded.`;
    }
    case 'multi-value':
      return `Multi-value register: the ${events.length} concurrent writes (${events.map(who).join(', ')}) are all kept as siblings until a later write that has seen them replaces them.`;
    case 'add-wins':
      return `Add-wins: ${events.map(who).join(' and ')} are concurrent; an observed-remove only removes the adds it has seen, so the concurrent add wins.`;
    case 'remove-wins':
      return `Remove-wins: ${events.map(who).join(' and ')} are concurrent; a remove wins over every add it is concurrent with.`;
    case 'priority': {
      const priority = trace.header.priority ?? trace.replicas.all();
      const list = trace.header.priority ? `the header's priority order (${priority.join(' > ')})` : `replica order (${priority.join(' > ')})`;
      return `Priority: ${who(winners[0])} wins because its replica comes first in ${list}.`;
    }
  }
}

const KEPT_BY_ADD_WINS = ['add', 'update', 'set'];
const KEPT_BY_REMOVE_WINS = ['remove', 'delete'];

/** Events by last-writer-wins stamp, the winner first. */
function rankByStamp(trace: Trace, clocks: ComputedClocks, events: readonly number[]): number[] {
  return [...events].sort((a, b) => compareStamps(stampOf(trace, clocks, b), stampOf(trace, clocks, a)));
}

/** Events by replica priority (the header's order, else replica order), the winner first. */
function rankByPriority(trace: Trace, events: readonly number[]): number[] {
  const priority = trace.header.priority ?? trace.replicas.all();
  const rank = (i: number) => {
    const p = priority.indexOf(trace.replicas.name(trace.replica[i]));
    return p < 0 ? priority.length : p;
  };
  return [...events].sort((a, b) => rank(a) - rank(b));
}

/** "set "blue"", "add "milk"", "delete field "x"". */
function describeWrite(trace: Trace, i: number): string {
  const op = trace.opOf(i);
  if (!op) return 'event';
  const parts = [op.type];
  if (op.field !== undefined) parts.push(`field "${op.field}"`);
  if (op.value !== undefined) parts.push(describeValue(op.value));
  return `${parts.join(' ')} (line ${trace.line[i]})`;
}
