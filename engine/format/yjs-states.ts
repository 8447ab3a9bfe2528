// The document after any update of a long Yjs log, as Yjs gives it, computed when asked: Yjs's
// own snapshot of that point (the clients' clocks and the deletions of the updates up to it) read
// from the integrated document, which keeps deleted content for it (`gc: false`); the clocks and
// deletions are merged from a base every BASE_EVERY steps, or from the last step asked. YATA never
// reorders integrated items, so this is what a fresh Y.Doc with those updates holds, at the
// cost of one walk of the document instead of rebuilding one.

import type * as Y from 'yjs';
import { yjs } from './libraries';
import type { Json } from '../crdt/types';
import { type DocumentStates, RecentDocumentStates } from '../trace/library-states';
import { typedShare } from './yjs-document';

type DeleteSet = ReturnType<typeof Y.createDeleteSet>;

/**
 * The content of a list (a Y.Array's values, a Y.Text's characters) visible at a snapshot, element
 * by element: Yjs merges an item with the next one of its client, so one integrated item may
 * hold elements written, or deleted, on either side of the snapshot (Yjs's own readers split
 * items first, inside a transaction, which a reader from outside cannot keep split).
 */
function listAt(type: Y.AbstractType<unknown>, snapshot: Y.Snapshot): unknown[] {
  const out: unknown[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    if (!item.countable) continue;
    const { client, clock } = item.id;
    const end = Math.min(clock + item.length, snapshot.sv.get(client) ?? 0);
    if (clock >= end) continue;
    const deleted = (snapshot.ds.clients.get(client) ?? []) as readonly { clock: number; len: number }[];
    const content = item.content.getContent();
    // The merged deletions are sorted and disjoint: walk them along the item's clocks.
    for (let k = clock, d = firstEndingAfter(deleted, clock); k < end; ) {
      const range = deleted[d];
      if (range === undefined || range.clock >= end) {
        for (; k < end; k++) out.push(content[k - clock]);
      } else {
        for (; k < range.clock; k++) out.push(content[k - clock]);
        k = Math.max(k, range.clock + range.len);
        d++;
      }
    }
  }
  return out;
}

/** The first of sorted, disjoint ranges that ends after `clock`. */
function firstEndingAfter(ranges: readonly { clock: number; len: number }[], clock: number): number {
  let lo = 0;
  let hi = ranges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ranges[mid].clock + ranges[mid].len <= clock) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A map's entries at a snapshot: each key's rightmost element written before it, when not yet
 * deleted there (element by element, as listAt and for the same reason).
 */
function mapAt(type: Y.AbstractType<unknown>, snapshot: Y.Snapshot): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, last] of type._map) {
    found: for (let item: Y.Item | null = last; item !== null; item = item.left) {
      const { client, clock } = item.id;
      const known = snapshot.sv.get(client) ?? 0;
      for (let k = item.length - 1; k >= 0; k--) {
        if (clock + k >= known) continue;
        if (!yjs().isDeleted(snapshot.ds, yjs().createID(client, clock + k))) out[key] = item.content.getContent()[k];
        break found;
      }
    }
  }
  return out;
}

/** A value of the document as JSON at a snapshot: shared types read as of it, plain values as they are. */
function jsonAt(value: unknown, snapshot: Y.Snapshot): Json {
  // A Y.Text's embeds and formats are not characters: its text is its strings.
  if (value instanceof yjs().Text) return listAt(value as Y.AbstractType<unknown>, snapshot).filter((c) => typeof c === 'string').join('');
  if (value instanceof yjs().Array) return listAt(value as Y.AbstractType<unknown>, snapshot).map((v) => jsonAt(v, snapshot));
  if (value instanceof yjs().Map) return Object.fromEntries(Object.entries(mapAt(value as Y.AbstractType<unknown>, snapshot)).map(([k, v]) => [k, jsonAt(v, snapshot)]));
  // XML has no reading at a snapshot in Yjs: it shows as the document holds it now.
  if (value instanceof yjs().AbstractType) return (value as Y.AbstractType<unknown>).toJSON() as Json;
  return value === undefined ? null : (value as Json);
}

/** Steps between two bases: a snapshot costs a base's deletions plus those of at most this many steps. */
const BASE_EVERY = 2048;

/** Yjs's snapshot after the first `applied` steps. */
interface Point {
  applied: number;
  snapshot: Y.Snapshot;
}

/** Records a log's clocks and deletions as the import applies its updates, and answers the state after any of them. */
export class YjsSnapshots {
  /**
   * Per step n: the clocks its items end at, as (client, clock) pairs from index `firstEnd[n]` to
   * `firstEnd[n + 1]` of the flat lists (a Map per step would cost a hundred thousand Maps), and
   * its deletions (undefined when none).
   */
  private readonly firstEnd: number[] = [0];
  private readonly endClients: number[] = [];
  private readonly endClocks: number[] = [];
  private readonly deletes: (ReadonlyMap<number, { clock: number; len: number }[]> | undefined)[] = [];
  /** Base k: the snapshot after the first k × BASE_EVERY steps (base 0: nothing yet). */
  private readonly bases: Point[] = [{ applied: 0, snapshot: yjs().emptySnapshot }];
  /** The snapshot of the last step asked for: stepping forward builds on it. */
  private last?: Point;

  /** `doc` must be created with `gc: false`, and have every step applied to it once the import ends. */
  constructor(private readonly doc: Y.Doc) {}

  record(step: { structs: readonly (Y.Item | Y.GC)[]; deletes: ReadonlyMap<number, { clock: number; len: number }[]> }): void {
    for (const s of step.structs) {
      this.endClients.push(s.id.client);
      this.endClocks.push(s.id.clock + s.length);
    }
    this.firstEnd.push(this.endClients.length);
    this.deletes.push(step.deletes.size > 0 ? step.deletes : undefined);
  }

  /** The states, computed on demand (the last few kept). */
  states(): DocumentStates {
    return new RecentDocumentStates((event) => this.stateAfter(event));
  }

  /** Yjs's snapshot after the first `applied` steps, built on from `base` (the snapshot after `base.applied` steps). */
  private extend(base: Point, applied: number): Point {
    const sv = new Map(base.snapshot.sv);
    const sets: DeleteSet[] = [base.snapshot.ds];
    for (let n = base.applied; n < applied; n++) {
      for (let k = this.firstEnd[n]; k < this.firstEnd[n + 1]; k++) if (this.endClocks[k] > (sv.get(this.endClients[k]) ?? 0)) sv.set(this.endClients[k], this.endClocks[k]);
      const deletes = this.deletes[n];
      if (!deletes) continue;
      // The decoded deletions are Yjs's own DeleteItems; mergeDeleteSets copies rather than changes them.
      const ds = yjs().createDeleteSet();
      for (const [client, ranges] of deletes) ds.clients.set(client, ranges as DeleteSet['clients'] extends Map<number, infer Items> ? Items : never);
      sets.push(ds);
    }
    return { applied, snapshot: yjs().createSnapshot(yjs().mergeDeleteSets(sets), sv) };
  }

  /** The snapshot after the first `applied` steps: from the last one asked for when it is just before, else from the base below it (bases made on first use). */
  private snapshotAfter(applied: number): Y.Snapshot {
    const last = this.last;
    if (last && last.applied <= applied && applied - last.applied < BASE_EVERY) {
      this.last = this.extend(last, applied);
      return this.last.snapshot;
    }
    const below = Math.floor(applied / BASE_EVERY);
    while (this.bases.length <= below) this.bases.push(this.extend(this.bases[this.bases.length - 1], this.bases.length * BASE_EVERY));
    this.last = this.extend(this.bases[below], applied);
    return this.last.snapshot;
  }

  /** The document after step `event` (0-based): each top-level shared type read at Yjs's snapshot of that point. */
  stateAfter(event: number): { [name: string]: Json } {
    const snapshot = this.snapshotAfter(event + 1);
    const out: { [name: string]: Json } = {};
    for (const [name, type] of [...this.doc.share]) {
      const typed = typedShare(this.doc, name, type);
      if (!typed) continue;
      const value = jsonAt(typed, snapshot);
      // A type that held nothing yet at this point is absent, as in a fresh Y.Doc's JSON.
      if (!isEmpty(value)) out[name] = value;
    }
    return out;
  }
}

const isEmpty = (v: Json) => v === '' || (Array.isArray(v) && v.length === 0) || (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0);
