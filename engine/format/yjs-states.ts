// The document after any update of a long Yjs log, as Yjs gives it, computed when asked: Yjs's
// own snapshot of that point (the clients' clocks and the deletions of the updates up to it) read
// from the integrated document, which keeps deleted content for it (`gc: false`). YATA never
// reorders integrated items, so this is what a fresh Y.Doc with those updates holds, at the
// cost of one walk of the document instead of rebuilding one.

import * as Y from 'yjs';
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
    const known = snapshot.sv.get(client) ?? 0;
    if (clock >= known) continue;
    const content = item.content.getContent();
    for (let k = 0; k < item.length && clock + k < known; k++) if (!Y.isDeleted(snapshot.ds, Y.createID(client, clock + k))) out.push(content[k]);
  }
  return out;
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
        if (!Y.isDeleted(snapshot.ds, Y.createID(client, clock + k))) out[key] = item.content.getContent()[k];
        break found;
      }
    }
  }
  return out;
}

/** A value of the document as JSON at a snapshot: shared types read as of it, plain values as they are. */
function jsonAt(value: unknown, snapshot: Y.Snapshot): Json {
  // A Y.Text's embeds and formats are not characters: its text is its strings.
  if (value instanceof Y.Text) return listAt(value as Y.AbstractType<unknown>, snapshot).filter((c) => typeof c === 'string').join('');
  if (value instanceof Y.Array) return listAt(value as Y.AbstractType<unknown>, snapshot).map((v) => jsonAt(v, snapshot));
  if (value instanceof Y.Map) return Object.fromEntries(Object.entries(mapAt(value as Y.AbstractType<unknown>, snapshot)).map(([k, v]) => [k, jsonAt(v, snapshot)]));
  // XML has no reading at a snapshot in Yjs: it shows as the document holds it now.
  if (value instanceof Y.AbstractType) return (value as Y.AbstractType<unknown>).toJSON() as Json;
  return value === undefined ? null : (value as Json);
}

/** Records a log's clocks and deletions as the import applies its updates, and answers the state after any of them. */
export class YjsSnapshots {
  /** Per step: each client's clock after it (only the clients it wrote), and its deletions. */
  private readonly clocks: Map<number, number>[] = [];
  private readonly deletes: Map<number, { clock: number; len: number }[]>[] = [];

  /** `doc` must be created with `gc: false`, and have every step applied to it once the import ends. */
  constructor(private readonly doc: Y.Doc) {}

  record(step: { structs: readonly (Y.Item | Y.GC)[]; deletes: Map<number, { clock: number; len: number }[]> }): void {
    const clocks = new Map<number, number>();
    for (const s of step.structs) clocks.set(s.id.client, Math.max(clocks.get(s.id.client) ?? 0, s.id.clock + s.length));
    this.clocks.push(clocks);
    this.deletes.push(step.deletes);
  }

  /** The states, computed on demand (the last few kept). */
  states(): DocumentStates {
    return new RecentDocumentStates((event) => this.stateAfter(event));
  }

  /** The document after step `event` (0-based): each top-level shared type read at Yjs's snapshot of that point. */
  stateAfter(event: number): { [name: string]: Json } {
    const sv = new Map<number, number>();
    const sets: DeleteSet[] = [];
    for (let n = 0; n <= event; n++) {
      for (const [client, clock] of this.clocks[n]) if (clock > (sv.get(client) ?? 0)) sv.set(client, clock);
      // The decoded deletions are Yjs's own DeleteItems; mergeDeleteSets copies rather than changes them.
      const ds = Y.createDeleteSet();
      for (const [client, ranges] of this.deletes[n]) ds.clients.set(client, ranges as DeleteSet['clients'] extends Map<number, infer Items> ? Items : never);
      sets.push(ds);
    }
    const snapshot = Y.createSnapshot(Y.mergeDeleteSets(sets), sv);
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
