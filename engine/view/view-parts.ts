// The diagram's view as it crosses to the webview, in parts (engine/view/wire.ts cuts them): what
// the webview can compute stays behind (each event's step: the causal order inverted), the
// conflicts cross as columns of numbers (a million events' 257,000 conflicts in 8 MB, not 31 MB of
// JSON), and the labels as their one string's UTF-8 bytes.

import type { ConflictView, TimelineView, TraceView } from './model';
import { encodeParts, type PartsDecoder } from './wire';

/** A view and its replicas' causal buffers, as the webview draws them. */
export type DrawnView = TraceView & { buffers: TimelineView[] };

/** The conflicts as columns: keys and rules by index into `conflictNames`, events and winners as lists cut by their starts. */
interface ConflictColumns {
  conflictNames: string[];
  conflictKey: Uint32Array;
  conflictRule: Uint32Array;
  /** The events of conflict n are `conflictEvents[conflictEventStart[n] .. conflictEventStart[n+1])`; winners alike. */
  conflictEventStart: Uint32Array;
  conflictEvents: Uint32Array;
  conflictWinnerStart: Uint32Array;
  conflictWinners: Uint32Array;
  /** The fields few conflicts have, as [conflict, value]: a target, a reason in words, an id other than `c<n+1>`. */
  conflictTargets: [number, string][];
  conflictReasons: [number, string][];
  conflictIds: [number, string][];
}

/** A list of lists cut by starts: `starts` has one entry more than `lists`. */
function listsByStarts(lists: readonly number[][]): { starts: Uint32Array; items: Uint32Array } {
  const starts = new Uint32Array(lists.length + 1);
  lists.forEach((list, n) => (starts[n + 1] = starts[n] + list.length));
  const items = new Uint32Array(starts[lists.length]);
  lists.forEach((list, n) => items.set(list, starts[n]));
  return { starts, items };
}

function conflictColumns(conflicts: readonly ConflictView[]): ConflictColumns {
  const names = new Map<string, number>();
  const nameIndex = (name: string) => names.get(name) ?? names.set(name, names.size).get(name)!;
  const events = listsByStarts(conflicts.map((c) => c.events));
  const winners = listsByStarts(conflicts.map((c) => c.winners));
  const sparse = (field: (c: ConflictView, n: number) => string | undefined): [number, string][] =>
    conflicts.flatMap((c, n) => {
      const value = field(c, n);
      return value === undefined ? [] : [[n, value]];
    });
  return {
    conflictKey: Uint32Array.from(conflicts, (c) => nameIndex(c.key)),
    conflictRule: Uint32Array.from(conflicts, (c) => nameIndex(c.rule)),
    conflictNames: [...names.keys()],
    conflictEventStart: events.starts,
    conflictEvents: events.items,
    conflictWinnerStart: winners.starts,
    conflictWinners: winners.items,
    conflictTargets: sparse((c) => c.target),
    conflictReasons: sparse((c) => c.reason),
    conflictIds: sparse((c, n) => (c.id === `c${n + 1}` ? undefined : c.id)),
  };
}

/** The numbers `items[starts[n] .. starts[n+1])` as a plain list. */
function listAt(starts: Uint32Array, items: Uint32Array, n: number): number[] {
  const list: number[] = [];
  for (let i = starts[n]; i < starts[n + 1]; i++) list.push(items[i]);
  return list;
}

/** Each conflict's value of a field few have, or undefined, from the [conflict, value] pairs in order. */
function valuesByConflict(pairs: [number, string][], count: number): (string | undefined)[] {
  const values = new Array<string | undefined>(count);
  for (const [n, value] of pairs) values[n] = value;
  return values;
}

/** Conflicts put back together between two pauses of `decodedView` (a few milliseconds). */
const CONFLICTS_AT_ONCE = 4096;

/** The conflicts from their columns, CONFLICTS_AT_ONCE at a time, awaiting `pause` between. */
async function conflictsOf(columns: ConflictColumns, pause: () => Promise<void>): Promise<ConflictView[]> {
  const { conflictNames: names, conflictKey, conflictRule, conflictEventStart, conflictEvents, conflictWinnerStart, conflictWinners } = columns;
  const count = conflictKey.length;
  const [targets, reasons, ids] = [columns.conflictTargets, columns.conflictReasons, columns.conflictIds].map((pairs) => valuesByConflict(pairs, count));
  const conflicts = new Array<ConflictView>(count);
  for (let n = 0; n < count; n++) {
    if (n > 0 && n % CONFLICTS_AT_ONCE === 0) await pause();
    // Built field by field, in the order the engine's have them (a spread of each optional field takes ten times as long).
    const conflict: Partial<ConflictView> = { id: ids[n] ?? `c${n + 1}`, key: names[conflictKey[n]] };
    if (targets[n] !== undefined) conflict.target = targets[n];
    conflict.events = listAt(conflictEventStart, conflictEvents, n);
    conflict.winners = listAt(conflictWinnerStart, conflictWinners, n);
    conflict.rule = names[conflictRule[n]];
    if (reasons[n] !== undefined) conflict.reason = reasons[n];
    conflicts[n] = conflict as ConflictView;
  }
  return conflicts;
}

/** Cuts a view and its buffers into parts for the webview; `decodedView` puts them back together. */
export function encodeView(view: TraceView, buffers: TimelineView[]): Uint8Array[] {
  const { step: _step, conflicts, labelText, ...rest } = view;
  return encodeParts({ ...rest, labelBytes: new TextEncoder().encode(labelText), ...conflictColumns(conflicts), buffers });
}

/**
 * Puts the view and buffers back together from all of their parts (added to `decoder` as they
 * arrived), awaiting `pause` every few thousand conflicts: on a page's thread, a pause that lets
 * other tasks run keeps each task short (a million events' conflicts take a fifth of a second).
 */
export async function decodedView(decoder: PartsDecoder, pause = () => Promise.resolve()): Promise<DrawnView> {
  const value = decoder.value<Omit<DrawnView, 'step' | 'conflicts' | 'labelText'> & ConflictColumns & { labelBytes: Uint8Array }>();
  const { conflictNames, conflictKey, conflictRule, conflictEventStart, conflictEvents, conflictWinnerStart, conflictWinners, conflictTargets, conflictReasons, conflictIds, labelBytes, ...view } = value;
  const columns = { conflictNames, conflictKey, conflictRule, conflictEventStart, conflictEvents, conflictWinnerStart, conflictWinners, conflictTargets, conflictReasons, conflictIds };
  const conflicts = await conflictsOf(columns, pause);
  const { order } = view;
  const step = new Uint32Array(order.length);
  for (let at = 0; at < order.length; at++) step[order[at]] = at;
  // Lone surrogates come back as U+FFFD, one UTF-16 unit each: the label starts still hold.
  return { ...view, labelText: new TextDecoder().decode(labelBytes), step, conflicts };
}
