// What the source of a history said about it: a CRDT library (Automerge, Yjs) that decoded a
// document, its conflicts as it resolved them; a Jepsen history, its concurrent writes as the
// linearizability checker ordered them. A trace carrying it is analysed with these, never
// re-resolved by Causeway, and its lanes are authors or clients, not replicas meant to converge.

import { isStrategy, type Strategy } from '../analysis/strategies';

/** A conflict as the library resolved it (events named by their ids). */
export interface LibraryConflict {
  /** Where in the document, in the words of `describePath` (`todos[2].done`); none when the key says it all. */
  target?: string;
  /** The object key it concerns (default: the one `document`). */
  key?: string;
  events: string[];
  /** The writes whose values the document shows. */
  winners: string[];
  strategy: Strategy;
  /** Why, in words (the library's rule and the operation ids it compared). */
  reason: string;
}

/** What the library said about the history beyond its events. */
export interface LibraryHistory {
  library: 'Automerge' | 'Yjs' | 'Jepsen';
  conflicts: LibraryConflict[];
}


const SOURCES: readonly LibraryHistory['library'][] = ['Automerge', 'Yjs', 'Jepsen'];

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/**
 * A native header's `history`, checked field by field (it comes from a file): the history, or
 * what is wrong with it in words.
 */
export function readLibraryHistory(value: unknown): LibraryHistory | string {
  const h = value as Record<string, unknown> | null;
  if (typeof h !== 'object' || h === null || Array.isArray(h)) return '"history" must be an object such as {"library": "Jepsen", "conflicts": [...]}';
  if (!SOURCES.includes(h['library'] as LibraryHistory['library'])) return `"history.library" must be one of ${SOURCES.join(', ')}`;
  if (!Array.isArray(h['conflicts'])) return '"history.conflicts" must be a list';
  const conflicts: LibraryConflict[] = [];
  for (const [n, c] of (h['conflicts'] as unknown[]).entries()) {
    const x = c as Record<string, unknown> | null;
    const ok =
      typeof x === 'object' && x !== null && isStrings(x['events']) && isStrings(x['winners']) && isStrategy(x['strategy']) && typeof x['reason'] === 'string' &&
      (x['target'] === undefined || typeof x['target'] === 'string') && (x['key'] === undefined || typeof x['key'] === 'string');
    if (!ok) return `"history.conflicts" item ${n + 1} must have "events" and "winners" (event ids), a "strategy" and a "reason"`;
    conflicts.push({
      events: x['events'] as string[],
      winners: x['winners'] as string[],
      strategy: x['strategy'] as Strategy,
      reason: x['reason'] as string,
      ...(typeof x['target'] === 'string' ? { target: x['target'] } : {}),
      ...(typeof x['key'] === 'string' ? { key: x['key'] } : {}),
    });
  }
  return { library: h['library'] as LibraryHistory['library'], conflicts };
}
