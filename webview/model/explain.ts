// Why two events are ordered or concurrent, in words: the two vector clocks compared entry by
// entry, the entries that decide, and for ordered events one path the knowledge travelled.

import { causalPath, relationOf, type Relation } from './causality';
import type { TraceIndex } from './trace-index';

export interface ClockEntry {
  replica: string;
  a: number;
  b: number;
  /** How a's entry compares with b's. */
  cmp: '<' | '=' | '>';
}

export interface Explanation {
  relation: Relation;
  /** One sentence: the verdict. */
  summary: string;
  /** Further sentences: the deciding entries and the path. */
  reasons: string[];
  entries: ClockEntry[];
  /** For ordered events, one causal path from the earlier to the later. */
  path: number[];
}

/** Explains how event a relates to event b; `name` gives an event's display id. */
export function explain(index: TraceIndex, a: number, b: number, name: (e: number) => string): Explanation {
  const { R, view } = index;
  const relation = relationOf(index, a, b);
  const entries: ClockEntry[] = [];
  for (let r = 0; r < R; r++) {
    const va = view.clocks[a * R + r];
    const vb = view.clocks[b * R + r];
    entries.push({ replica: view.replicas[r], a: va, b: vb, cmp: va < vb ? '<' : va > vb ? '>' : '=' });
  }
  const A = name(a);
  const B = name(b);
  const list = (es: ClockEntry[], op: string) =>
    es.map((e) => `${e.replica} ${e.a} ${op} ${e.b}`).join(', ');
  const reasons: string[] = [];
  let summary: string;
  let path: number[] = [];
  if (relation === 'same') {
    summary = `${A} is the same event as ${B}.`;
  } else if (relation === 'concurrent') {
    summary = `${A} and ${B} are concurrent: neither could have influenced the other.`;
    reasons.push(notSeen(index, b, a, name), notSeen(index, a, b, name));
    reasons.push('Neither clock is less than or equal to the other in every entry.');
  } else {
    const [first, second] = relation === 'before' ? [a, b] : [b, a];
    const F = name(first);
    const S = name(second);
    summary = `${F} happened before ${S}.`;
    const rf = view.replica[first];
    const own = view.clocks[first * R + rf];
    const seen = view.clocks[second * R + rf];
    reasons.push(`${S} has seen ${F}: ${S} knows ${seen} of ${view.replicas[rf]}'s events, ${F} is ${view.replicas[rf]}'s ${ordinal(own)}.`);
    const fe = (e: ClockEntry) => (relation === 'before' ? e : { ...e, a: e.b, b: e.a, cmp: flip(e.cmp) });
    const smaller = entries.map(fe).filter((e) => e.cmp === '<');
    reasons.push(
      `Every entry of ${F}'s clock is at most the same entry of ${S}'s` +
        (smaller.length ? `, and some are smaller (${list(smaller, '<')}).` : '.'),
    );
    path = causalPath(index, first, second);
    if (path.length > 2 || view.replica[first] !== view.replica[second]) {
      reasons.push(`The knowledge travelled ${describePath(index, path, name)}.`);
    } else {
      reasons.push(`Both are on ${view.replicas[rf]}, which did ${F} first.`);
    }
  }
  return { relation, summary, reasons, entries, path };
}

/**
 * Why `viewer` has not seen `e`, by the entry that decides: "alice:3 has not seen bob:2: alice:3
 * knows 0 of bob's events, bob:2 is bob's 2nd."
 */
function notSeen(index: TraceIndex, viewer: number, e: number, name: (e: number) => string): string {
  const { R, view } = index;
  const r = view.replica[e];
  const replica = view.replicas[r];
  const known = view.clocks[viewer * R + r];
  return `${name(viewer)} has not seen ${name(e)}: ${name(viewer)} knows ${known} of ${replica}'s events, ${name(e)} is ${replica}'s ${ordinal(view.clocks[e * R + r])}.`;
}

/** 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, ... */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? 'th' : (['th', 'st', 'nd', 'rd'][n % 10] ?? 'th');
  return `${n}${suffix}`;
}

function flip(c: ClockEntry['cmp']): ClockEntry['cmp'] {
  return c === '<' ? '>' : c === '>' ? '<' : '=';
}

/** "A:3 → (same replica) A:5 → (message) B:4 → …" */
function describePath(index: TraceIndex, path: number[], name: (e: number) => string): string {
  const { view } = index;
  const parts = [name(path[0])];
  for (let k = 1; k < path.length; k++) {
    const same = view.replica[path[k]] === view.replica[path[k - 1]];
    parts.push(`${same ? 'then on the same replica' : 'by message to'} ${name(path[k])}`);
  }
  return `from ${parts.join(', ')}`;
}
