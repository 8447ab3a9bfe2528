// The conflicts of a Yjs history as Yjs resolved them: concurrent sets of one map key (the key
// shows its rightmost item) and concurrent inserts at one position of a Y.Array or Y.Text, both
// ordered by YATA among items with the same origin. Two items with one origin are concurrent
// unless one was placed against the other (its right origin is the other): YATA's own notion,
// which needs no clocks, so a lone update shows its conflicts too. The order is read from the
// integrated document, never recomputed; the reason says YATA's rule when the order follows it.

import type * as Y from 'yjs';
import { yjs } from './libraries';
import type { LibraryConflict } from '../trace/library-history';
import { describeDocumentValue, describePath } from '../trace/library-trace';

/** An item as its update carried it, and the event of that update. */
export interface InsertedItem {
  item: Y.Item;
  event: number;
}

/** Where items compete: the same origin, or (with none) the start of the same parent and key. */
function slotOf(item: Y.Item): string {
  if (item.origin) return `${item.origin.client}:${item.origin.clock}`;
  const parent = item.parent instanceof yjs().ID ? `${item.parent.client}:${item.parent.clock}` : String(item.parent);
  return `start|${parent}|${item.parentSub ?? ''}`;
}

/** The path of a shared type: its name at the top, then map keys and list indices. */
function pathOf(type: Y.AbstractType<unknown>): (string | number)[] {
  const path: (string | number)[] = [];
  for (let t = type; t._item !== null; t = t._item.parent as Y.AbstractType<unknown>) {
    const holder = t._item;
    if (holder.parentSub !== null) path.unshift(holder.parentSub);
    else {
      let index = 0;
      for (let left = holder.left; left !== null; left = left.left) if (left.countable && !left.deleted) index += left.length;
      path.unshift(index);
    }
  }
  path.unshift(yjs().findRootTypeKey(findRoot(type)));
  return path;
}

function findRoot(type: Y.AbstractType<unknown>): Y.AbstractType<unknown> {
  let t = type;
  while (t._item !== null) t = t._item.parent as Y.AbstractType<unknown>;
  return t;
}

/** Names of nested shared types, for the sentence (their content is not read from an update's copy). */
function typeName(type: Y.AbstractType<unknown>): string {
  if (type instanceof yjs().Map) return 'a map';
  if (type instanceof yjs().Array) return 'an array';
  if (type instanceof yjs().Text) return 'a text';
  return 'an XML node';
}

function contentOf(item: Y.Item): string {
  if (item.content instanceof yjs().ContentDeleted) return 'a value since deleted';
  if (item.content instanceof yjs().ContentType) return typeName(item.content.type);
  const values = item.content.getContent();
  return item.content instanceof yjs().ContentString ? describeDocumentValue(values.join('')) : values.map(describeDocumentValue).join(', ');
}

/** Characters of a typed run a sentence quotes at most (a longer run is cut with "…"). */
const RUN_SHOWN = 40;

/** Whether `next` was typed right after `item`: the same client, its origin the last id of `item`. */
const continues = (item: Y.Item, next: Y.Item) =>
  next.id.client === item.id.client && next.origin !== null && next.origin.client === item.id.client && next.origin.clock === item.id.clock + item.length - 1;

/**
 * What a concurrent insert put into a Y.Text or Y.Array, for a sentence: the whole run its client
 * typed from the racing item on (each item after it placed right after the one before), as the
 * integrated document holds it; a deleted part ends the run. Yjs merges such items, so the run
 * starts inside the integrated item that holds the racing one.
 */
function runOf(store: Y.Doc['store'], racing: Y.Item): string {
  let item = yjs().getItem(store, racing.id) as Y.Item;
  if (item.deleted || item.content instanceof yjs().ContentType) return contentOf(racing);
  const isText = item.content instanceof yjs().ContentString;
  const values: unknown[] = item.content.getContent().slice(racing.id.clock - item.id.clock);
  while (values.length <= RUN_SHOWN && item.right !== null && continues(item, item.right) && !item.right.deleted && !(item.right.content instanceof yjs().ContentType)) {
    item = item.right;
    values.push(...item.content.getContent());
  }
  const shown = isText ? (values as string[]).join('') : values.map(describeDocumentValue).join(', ');
  const cut = shown.length > RUN_SHOWN ? `${shown.slice(0, RUN_SHOWN - 1)}…` : shown;
  return isText ? `'${cut}'` : cut;
}

const contains = (struct: Y.Item, id: Y.ID) => struct.id.client === id.client && struct.id.clock <= id.clock && id.clock < struct.id.clock + struct.length;

/** The racing items in the document's order, walking right from where they compete (their origin, or the start of their key or list). */
function inDocumentOrder(store: Y.Doc["store"], racing: readonly InsertedItem[]): InsertedItem[] {
  const origin = racing[0].item.origin;
  let start = yjs().getItem(store, origin ?? racing[0].item.id) as Y.Item;
  if (!origin) while (start.left !== null) start = start.left;
  // Per client, the racing items not yet met: a struct walked past is compared with its client's only.
  const left = new Map<number, Set<InsertedItem>>();
  for (const r of racing) left.set(r.item.id.client, (left.get(r.item.id.client) ?? new Set()).add(r));
  const ordered: InsertedItem[] = [];
  for (let struct: Y.Item | null = start; struct !== null && ordered.length < racing.length; struct = struct.right) {
    for (const r of left.get(struct.id.client) ?? []) {
      if (!contains(struct, r.item.id)) continue;
      ordered.push(r);
      left.get(struct.id.client)!.delete(r);
    }
  }
  return ordered;
}

/** The type an integrated item belongs to, and its key when it is a map entry. */
function placeOf(store: Y.Doc["store"], item: Y.Item): { type: Y.AbstractType<unknown>; key: string | null } {
  const integrated = yjs().getItem(store, item.id) as Y.Item;
  return { type: integrated.parent as Y.AbstractType<unknown>, key: integrated.parentSub };
}

/** Whether an item was placed against another: its right origin lies in the other's ids. */
const placedAgainst = (a: Y.Item, b: Y.Item) => a.rightOrigin !== null && contains(b, a.rightOrigin);

/** Two different items with one origin, neither placed against the other. */
const concurrent = (a: Y.Item, b: Y.Item) => a !== b && !placedAgainst(a, b) && !placedAgainst(b, a);

/** Whether a list of client ids goes up. */
const ascending = (clients: readonly number[]) => clients.every((c, n) => n === 0 || clients[n - 1] < c);

/** The conflicts among the items of a history, as the integrated document orders them. */
export function yjsConflicts(doc: Y.Doc, inserted: readonly InsertedItem[], ids: readonly string[]): LibraryConflict[] {
  const slots = new Map<string, InsertedItem[]>();
  for (const x of inserted) {
    const slot = slotOf(x.item);
    const list = slots.get(slot);
    if (list) list.push(x);
    else slots.set(slot, [x]);
  }
  const conflicts: LibraryConflict[] = [];
  for (const items of slots.values()) {
    const racing = items.filter((a) => items.some((b) => concurrent(a.item, b.item)));
    if (racing.length < 2) continue;
    const ordered = inDocumentOrder(doc.store, racing);
    if (ordered.length < 2) continue;
    const { type, key } = placeOf(doc.store, ordered[0].item);
    const path = pathOf(type);
    const clients = ordered.map((o) => o.item.id.client);
    const rule = ascending(clients) ? 'YATA orders concurrent items with the same origin by client id, the smaller first' : "YATA's order (by the items' origins, then client ids)";
    const said = (o: InsertedItem) => `${contentOf(o.item)} (client ${o.item.id.client})`;
    if (key !== null) {
      const target = describePath([...path, key]);
      const kept = ordered[ordered.length - 1];
      conflicts.push({
        target,
        events: ordered.map((o) => ids[o.event]),
        winners: [ids[kept.event]],
        strategy: 'priority',
        reason: `Concurrent sets of \`${target}\`: Yjs keeps ${said(kept)} over ${ordered.slice(0, -1).map(said).join(', ')}: ${rule}, and a map key shows its rightmost item.`,
      });
    } else {
      const target = describePath(path);
      const typed = (o: InsertedItem) => `${runOf(doc.store, o.item)} (client ${o.item.id.client}, from ${ids[o.event]})`;
      conflicts.push({
        target,
        events: ordered.map((o) => ids[o.event]),
        winners: ordered.map((o) => ids[o.event]),
        strategy: 'multi-value',
        reason: `Concurrent inserts at one position of \`${target}\`: Yjs keeps them all; ${rule}: ${ordered.map(typed).join(' before ')}.`,
      });
    }
  }
  return conflicts;
}
