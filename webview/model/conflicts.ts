// Conflicts and findings as the diagram needs them: which conflicts and findings an event is in,
// each conflict's extent along the time axis (per layout), their order for next/previous, and
// what each conflict's rule did, in words.

import type { Severity } from '../../engine/trace/diagnostics';
import type { ConflictTable } from '../../engine/view/conflict-table';
import type { ConflictView, FindingView } from '../../engine/view/model';
import type { ShownView } from '../../engine/view/view-parts';
import type { Layout } from './layout';

/**
 * What a conflict's rule did, in words that say what is true: "multi-value: both kept (A:1, B:2)"
 * when siblings survive, "last-writer-wins: B:2 won over A:1" when one write wins.
 */
export function conflictOutcome(conflict: ConflictView, name: (e: number) => string): string {
  const { rule, winners } = conflict;
  const kept = winners.map(name).join(', ');
  const lost = conflict.events.filter((e) => !winners.includes(e)).map(name).join(', ');
  if (winners.length === 0) return `${rule}: none kept`;
  if (winners.length === 1) return `${rule}: ${kept} won${lost ? ` over ${lost}` : ''}`;
  const all = winners.length === 2 ? 'both' : `all ${winners.length}`;
  return lost ? `${rule}: ${kept} kept, ${lost} lost` : `${rule}: ${all} kept (${kept})`;
}

/** " " and the conflict's reason, or nothing while it is unknown (a long list's later conflicts get theirs with their events' details). */
export function reasonAfter(conflict: ConflictView): string {
  return conflict.reason === undefined ? '' : ` ${conflict.reason}`;
}

const SEVERITY_RANK: Record<Severity, number> = { info: 1, warning: 2, error: 3 };

/** Conflict numbers per event, CSR: event e's are `list[start[e] .. start[e+1])`, in conflict order. */
interface EventConflicts {
  start: Uint32Array;
  list: Uint32Array;
}

/** How many conflicts each event of N is in, summed along the events: `ends[e]` is where event e's list ends. */
function conflictListEnds(conflicts: ConflictTable, N: number): Uint32Array {
  const { eventList } = conflicts;
  const ends = new Uint32Array(N + 1);
  for (let i = 0; i < eventList.length; i++) if (eventList[i] < N) ends[eventList[i]]++;
  for (let e = 1; e <= N; e++) ends[e] += ends[e - 1];
  return ends;
}

/** Fills the lists from the conflicts taken last to first, each one's end moving back to its start: the lists come out in conflict order. */
function eventConflictsFrom(conflicts: ConflictTable, ends: Uint32Array): EventConflicts {
  const N = ends.length - 1;
  const { eventStart, eventList } = conflicts;
  const list = new Uint32Array(ends[N]);
  for (let n = conflicts.length - 1; n >= 0; n--) {
    for (let i = eventStart[n + 1] - 1; i >= eventStart[n]; i--) if (eventList[i] < N) list[--ends[eventList[i]]] = n;
  }
  return { start: ends, list };
}

export class Annotations {
  private readonly conflictsStart: Uint32Array;
  private readonly conflictList: Uint32Array;
  /** Worst finding severity per event. */
  readonly severityOf = new Map<number, Severity>();
  /** Conflicts ordered by the causal step of their last write (their ids' order). */
  readonly conflicts: ConflictTable;
  readonly findings: FindingView[];
  /** Per conflict: first and last position on the time axis under the current layout. */
  private minPos = new Float64Array(0);
  private maxPos = new Float64Array(0);

  /** Builds the conflicts of each event now unless given (see `buildInStages`). */
  constructor(
    readonly view: ShownView,
    byEvent: EventConflicts = eventConflictsFrom(view.conflicts, conflictListEnds(view.conflicts, view.size)),
  ) {
    this.conflicts = view.conflicts;
    this.findings = view.findings;
    this.conflictsStart = byEvent.start;
    this.conflictList = byEvent.list;
    for (const f of view.findings) {
      for (const e of f.events) {
        if (e < 0 || e >= view.size) continue;
        const prev = this.severityOf.get(e);
        if (!prev || SEVERITY_RANK[f.severity] > SEVERITY_RANK[prev]) this.severityOf.set(e, f.severity);
      }
    }
  }

  /** The same, counted and filled in tasks of their own (`stage` resolves in the next one): a million events' took 160 ms in one. */
  static async buildInStages(view: ShownView, stage: () => Promise<void> | undefined): Promise<Annotations> {
    const ends = conflictListEnds(view.conflicts, view.size);
    await stage();
    const byEvent = eventConflictsFrom(view.conflicts, ends);
    await stage();
    return new Annotations(view, byEvent);
  }

  /** The numbers of the conflicts event e is in, in conflict order. */
  conflictsOf(e: number): number[] {
    return e >= 0 && e < this.view.size ? Array.from(this.conflictList.subarray(this.conflictsStart[e], this.conflictsStart[e + 1])) : [];
  }

  /** Recomputes conflict extents for a layout. */
  place(layout: Layout): void {
    const { length: C, eventStart, eventList } = this.conflicts;
    this.minPos = new Float64Array(C);
    this.maxPos = new Float64Array(C);
    for (let n = 0; n < C; n++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = eventStart[n]; i < eventStart[n + 1]; i++) {
        const e = eventList[i];
        if (e >= this.view.size) continue;
        const p = layout.pos(e);
        if (p < lo) lo = p;
        if (p > hi) hi = p;
      }
      this.minPos[n] = lo;
      this.maxPos[n] = hi;
    }
  }

  /** Conflicts overlapping positions [pLo, pHi], at most `limit`. */
  conflictsIn(pLo: number, pHi: number, limit: number): number[] {
    const out: number[] = [];
    this.visitConflictsIn(pLo, pHi, (n) => out.push(n) < limit);
    return out;
  }

  /** Calls `visit` for each conflict overlapping [pLo, pHi] until it returns false. */
  visitConflictsIn(pLo: number, pHi: number, visit: (n: number) => boolean): void {
    for (let n = 0; n < this.minPos.length; n++) {
      if (this.maxPos[n] >= pLo && this.minPos[n] <= pHi && !visit(n)) return;
    }
  }

  conflictStart(n: number): number {
    return this.minPos[n];
  }
}
