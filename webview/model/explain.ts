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
    const ahead = entries.filter((e) => e.cmp === '>');
    const behind = entries.filter((e) => e.cmp === '<');
    reasons.push(`${A}'s clock is ahead at ${list(ahead, '>')}, so ${B} has not seen ${A}.`);
    reasons.push(`${B}'s clock is ahead at ${list(behind, '<')}, so ${A} has not seen ${B}.`);
    reasons.push('Neither clock is less than or equal to the other in every entry.');
  } else {
    const [first, second] = relation === 'before' ? [a, b] : [b, a];
    const F = name(first);
    const S = name(second);
    summary = `${F} happened before ${S}.`;
    const rf = view.replica[first];
    const own = view.clocks[first * R + rf];
    const seen = view.clocks[second * R + rf];
    reasons.push(
      `${S}'s clock has ${view.replicas[rf]} = ${seen}, at least ${F}'s own entry ${own}: ${S} has seen ${F}.`,
    );
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
