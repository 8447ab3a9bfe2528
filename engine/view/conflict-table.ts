// The conflicts as the diagram holds them: columns of numbers (each conflict's key, rule, events and
// winners) with the few text fields few conflicts have, read one conflict at a time. A million
// events' 257,000 conflicts are a dozen arrays, not a million objects for a page's garbage
// collector to mark; the view's parts carry these columns as they are.

import type { ConflictView } from './model';

/** The columns: keys and rules by index into `conflictNames`, events and winners as lists cut by their starts. */
export interface ConflictColumns {
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
function listsByStarts(lists: readonly (readonly number[])[]): { starts: Uint32Array; items: Uint32Array } {
  const starts = new Uint32Array(lists.length + 1);
  lists.forEach((list, n) => (starts[n + 1] = starts[n] + list.length));
  const items = new Uint32Array(starts[lists.length]);
  lists.forEach((list, n) => items.set(list, starts[n]));
  return { starts, items };
}

/** The [conflict, value] pairs of a field few conflicts have. */
function sparse(conflicts: readonly ConflictView[], field: (c: ConflictView, n: number) => string | undefined): [number, string][] {
  return conflicts.flatMap((c, n) => {
    const value = field(c, n);
    return value === undefined ? [] : [[n, value]];
  });
}

export class ConflictTable {
  private readonly targets: Map<number, string>;
  private readonly reasons: Map<number, string>;
  private readonly ids: Map<number, string>;

  private constructor(private readonly columns: ConflictColumns) {
    this.targets = new Map(columns.conflictTargets);
    this.reasons = new Map(columns.conflictReasons);
    this.ids = new Map(columns.conflictIds);
  }

  /** The table of a list of conflicts. */
  static of(conflicts: readonly ConflictView[]): ConflictTable {
    const names = new Map<string, number>();
    const nameIndex = (name: string) => names.get(name) ?? names.set(name, names.size).get(name)!;
    const events = listsByStarts(conflicts.map((c) => c.events));
    const winners = listsByStarts(conflicts.map((c) => c.winners));
    return new ConflictTable({
      conflictKey: Uint32Array.from(conflicts, (c) => nameIndex(c.key)),
      conflictRule: Uint32Array.from(conflicts, (c) => nameIndex(c.rule)),
      conflictNames: [...names.keys()],
      conflictEventStart: events.starts,
      conflictEvents: events.items,
      conflictWinnerStart: winners.starts,
      conflictWinners: winners.items,
      conflictTargets: sparse(conflicts, (c) => c.target),
      conflictReasons: sparse(conflicts, (c) => c.reason),
      conflictIds: sparse(conflicts, (c, n) => (c.id === `c${n + 1}` ? undefined : c.id)),
    });
  }

  /** The table over columns that crossed (kept as they are). */
  static fromColumns(columns: ConflictColumns): ConflictTable {
    return new ConflictTable(columns);
  }

  /** The columns, with the reasons worded since (what crosses to a page). */
  toColumns(): ConflictColumns {
    return { ...this.columns, conflictReasons: [...this.reasons].sort((a, b) => a[0] - b[0]) };
  }

  get length(): number {
    return this.columns.conflictKey.length;
  }

  /** Conflict n's id: `c<n+1>` unless the engine named it otherwise. */
  id(n: number): string {
    return this.ids.get(n) ?? `c${n + 1}`;
  }

  key(n: number): string {
    return this.columns.conflictNames[this.columns.conflictKey[n]];
  }

  rule(n: number): string {
    return this.columns.conflictNames[this.columns.conflictRule[n]];
  }

  /** Every conflict's writes, cut by starts: conflict n's are `eventList[eventStart[n] .. eventStart[n+1])` (for loops over all of them). */
  get eventStart(): Uint32Array {
    return this.columns.conflictEventStart;
  }

  get eventList(): Uint32Array {
    return this.columns.conflictEvents;
  }

  /** Conflict n's concurrent writes (event indices): a view into the column, not a copy. */
  events(n: number): Uint32Array {
    const { conflictEventStart: starts, conflictEvents: items } = this.columns;
    return items.subarray(starts[n], starts[n + 1]);
  }

  /** Conflict n's writes whose effect survives: a view into the column. */
  winners(n: number): Uint32Array {
    const { conflictWinnerStart: starts, conflictWinners: items } = this.columns;
    return items.subarray(starts[n], starts[n + 1]);
  }

  /** Gives conflict n the reason it came without (worded later, from its events' details). */
  setReason(n: number, reason: string): void {
    if (n >= 0 && n < this.length) this.reasons.set(n, reason);
  }

  /** Conflict n as one object (made on each call), or undefined past the end. */
  at(n: number): ConflictView | undefined {
    if (!Number.isInteger(n) || n < 0 || n >= this.length) return undefined;
    // Field by field, in the order the engine's have them.
    const conflict: Partial<ConflictView> = { id: this.id(n), key: this.key(n) };
    const target = this.targets.get(n);
    if (target !== undefined) conflict.target = target;
    conflict.events = Array.from(this.events(n));
    conflict.winners = Array.from(this.winners(n));
    conflict.rule = this.rule(n);
    const reason = this.reasons.get(n);
    if (reason !== undefined) conflict.reason = reason;
    return conflict as ConflictView;
  }

  /** Every conflict as an object (an export, a test): a long list's worth of objects, so not for a page's load. */
  list(): ConflictView[] {
    return Array.from({ length: this.length }, (_, n) => this.at(n)!);
  }
}
