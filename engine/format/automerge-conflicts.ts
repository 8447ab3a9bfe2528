// The conflicts of an Automerge document as Automerge resolves them: concurrent assignments to
// one map key or list element (`getConflicts`: the value of the greatest operation id shows, the
// others stay in the conflicts), and concurrent inserts at one list or text position (ordered by
// operation id, greatest first), and deletes concurrent with updates (a concurrent assignment
// survives a delete; edits inside a deleted object are lost with it). Each with its reason in
// words, and what last-writer-wins by the changes' wall time would have kept instead.

import type * as Automerge from '@automerge/automerge';
import { automerge } from './libraries';
import type { LibraryConflict } from '../trace/library-history';
import { concurrency, describeDocumentValue, describePath } from '../trace/library-trace';
import type { AutomergeChange } from './automerge';

/** An operation id `counter@actor`, split. */
interface OpId {
  counter: number;
  actor: string;
  text: string;
}

function parseOpId(text: string): OpId {
  const at = text.indexOf('@');
  return { counter: Number(text.slice(0, at)), actor: text.slice(at + 1), text };
}

/** Automerge's order of operation ids: counter, then actor id. */
function compareOpIds(a: OpId, b: OpId): number {
  return a.counter - b.counter || (a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0);
}

/** Finds the change that made an operation, from the operation's id. */
class ChangeIndex {
  private readonly byActor = new Map<string, AutomergeChange[]>();

  constructor(changes: readonly AutomergeChange[]) {
    for (const c of changes) {
      const list = this.byActor.get(c.actor) ?? [];
      list.push(c);
      this.byActor.set(c.actor, list);
    }
    for (const list of this.byActor.values()) list.sort((a, b) => a.startOp - b.startOp);
  }

  changeOf(op: OpId): AutomergeChange | undefined {
    const list = this.byActor.get(op.actor) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].startOp <= op.counter) lo = mid + 1;
      else hi = mid;
    }
    const c = list[lo - 1];
    return c && op.counter < c.startOp + c.ops.length ? c : undefined;
  }
}

const when = (c: AutomergeChange) => new Date(c.time * 1000).toISOString();

/** What last-writer-wins by the changes' `time` would keep, said when it differs from Automerge's choice. */
function wallTimeWhatIf(ops: readonly { op: OpId; change: AutomergeChange; value: unknown }[], shown: OpId): string {
  if (ops.some((o) => !(o.change.time > 0))) return '';
  const latest = ops.reduce((a, b) => (b.change.time > a.change.time || (b.change.time === a.change.time && b.op.actor > a.op.actor) ? b : a));
  if (latest.op.text === shown.text) return ` Last-writer-wins by the changes' wall time keeps the same value (${latest.change.id} at ${when(latest.change)} is the latest).`;
  return ` Last-writer-wins by the changes' wall time would have kept ${describeDocumentValue(latest.value)} instead (${latest.change.id} at ${when(latest.change)} is the latest).`;
}

type Walked = { path: (string | number)[]; object: unknown };

/** A list's indices or a map's keys. */
function propsOf(object: unknown): (string | number)[] {
  return Array.isArray(object) ? object.map((_, i) => i) : Object.keys(object as object);
}

/** A map or list of the document (counters, dates, bytes and immutable strings are values). */
function isContainer(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || v instanceof Date || v instanceof Uint8Array) return false;
  return !automerge().isCounter(v) && !automerge().isImmutableString(v) && automerge().getObjectId(v) !== null;
}

/** Every map and list of the document with its path; text and scalar values are leaves. */
function objectsOf(doc: unknown): Walked[] {
  const found: Walked[] = [];
  const stack: Walked[] = [{ path: [], object: doc }];
  while (stack.length > 0) {
    const w = stack.pop()!;
    found.push(w);
    const o = w.object as Record<string | number, unknown>;
    for (const p of propsOf(o)) {
      const v = o[p];
      if (isContainer(v)) stack.push({ path: [...w.path, p], object: v });
    }
  }
  return found;
}

/** Concurrent assignments still visible in the document, as `getConflicts` reports them. */
function assignmentConflicts(walked: readonly Walked[], index: ChangeIndex): LibraryConflict[] {
  const conflicts: LibraryConflict[] = [];
  for (const { path, object } of walked) {
    for (const p of propsOf(object)) {
      const found = automerge().getConflicts(object as Automerge.Doc<unknown>, p as string);
      if (!found || Object.keys(found).length < 2) continue;
      const ops = Object.entries(found).flatMap(([id, value]) => {
        const op = parseOpId(id);
        const change = index.changeOf(op);
        return change ? [{ op, change, value }] : [];
      });
      if (ops.length < 2) continue;
      ops.sort((a, b) => compareOpIds(a.op, b.op));
      const shown = ops[ops.length - 1];
      const others = ops.slice(0, -1).map((o) => `${describeDocumentValue(o.value)} (${o.op.text})`).join(', ');
      const target = describePath([...path, p]);
      conflicts.push({
        target,
        events: ops.map((o) => o.change.id),
        winners: [shown.change.id],
        strategy: 'multi-value',
        reason:
          `Concurrent assignments to \`${target}\`: Automerge keeps them all and shows the value of the operation with the greatest id, ${describeDocumentValue(shown.value)} (${shown.op.text}); ` +
          `${others} ${ops.length > 2 ? 'stay' : 'stays'} in getConflicts.${wallTimeWhatIf(ops, shown.op)}`,
      });
    }
  }
  return conflicts;
}

/** Whether two changes (by their index) are concurrent; undefined when the history is too large to work it out. */
type Concurrent = ReturnType<typeof concurrency>;

/** Whether two changes (by their index) are concurrent, from their actors and deps. */
function changeConcurrency(changes: readonly AutomergeChange[]): Concurrent {
  const actors = new Map<string, number>();
  const indexOf = new Map(changes.map((c, i) => [c.hash, i]));
  const lane = changes.map((c) => actors.get(c.actor) ?? actors.set(c.actor, actors.size).get(c.actor)!);
  return concurrency(lane, changes.map((c) => c.deps.map((h) => indexOf.get(h) ?? -1)));
}

const MADE: Record<string, string> = { makeMap: 'a map', makeList: 'a list', makeText: 'a text', makeTable: 'a table' };

/** Concurrent inserts after the same element of one list or text: Automerge places the greatest operation id first. */
function insertConflicts(changes: readonly AutomergeChange[], walked: readonly Walked[], concurrent: Concurrent | undefined): LibraryConflict[] {
  const groups = new Map<string, { op: OpId; change: AutomergeChange; value: unknown }[]>();
  for (const change of changes) {
    change.ops.forEach((decoded, n) => {
      // decodeChange gives list operations `insert` and `elemId`, which its declared type leaves out.
      const op = decoded as typeof decoded & { insert?: boolean; elemId?: string };
      if (!op.insert || op.elemId === undefined) return;
      const slot = `${op.obj}|${op.elemId}`;
      const list = groups.get(slot) ?? [];
      list.push({ op: parseOpId(`${change.startOp + n}@${change.actor}`), change, value: MADE[op.action] ?? op.value });
      groups.set(slot, list);
    });
  }
  const pathOf = new Map<string, string>();
  for (const w of walked) {
    pathOf.set(automerge().getObjectId(w.object) ?? '', describePath(w.path));
    // Text reads as a string: its object id comes from its parent and its key.
    const o = w.object as Record<string | number, unknown>;
    for (const p of propsOf(o)) if (typeof o[p] === 'string') pathOf.set(automerge().getObjectId(o, p) ?? '', describePath([...w.path, p]));
  }
  const conflicts: LibraryConflict[] = [];
  if (!concurrent) return conflicts;
  for (const [slot, inserts] of groups) {
    const racing = inserts.filter((a) => inserts.some((b) => concurrent(a.change.index, b.change.index)));
    if (racing.length < 2) continue;
    racing.sort((a, b) => compareOpIds(b.op, a.op));
    const obj = slot.slice(0, slot.indexOf('|'));
    const target = pathOf.get(obj) ?? obj;
    const order = racing.map((r) => `${describeDocumentValue(r.value)} (${r.op.text})`).join(' before ');
    conflicts.push({
      target,
      events: racing.map((r) => r.change.id),
      winners: racing.map((r) => r.change.id),
      strategy: 'multi-value',
      reason: `Concurrent inserts at one position of \`${target}\`: Automerge keeps them all and orders inserts after the same element by operation id, greatest first: ${order}.`,
    });
  }
  return conflicts;
}

/** An operation of a change with its id and the map key or list element it writes. */
interface PlacedOp {
  id: string;
  change: AutomergeChange;
  op: { action: string; obj: string; key?: string; elemId?: string; insert?: boolean; value?: unknown; pred?: string[] };
  /** `obj|key` or `obj|elemId` of the slot it writes (an insert writes the new element, its own id). */
  slot: string;
}

function placedOps(changes: readonly AutomergeChange[]): PlacedOp[] {
  return changes.flatMap((change) =>
    change.ops.map((decoded, n) => {
      const op = decoded as PlacedOp['op'];
      const id = `${change.startOp + n}@${change.actor}`;
      return { id, change, op, slot: `${op.obj}|${op.insert ? id : (op.key ?? op.elemId)}` };
    }),
  );
}

/** A path in words, an element whose index is not known (-1) written `[…]`. */
function pathText(parts: readonly (string | number)[]): string {
  return describePath(parts).replaceAll('[-1]', '[…]');
}

/** Where an object or slot is, in words: its path as of the changes `at` depends on (a deleted list element has an index only there). */
class SlotPaths {
  private readonly madeBy = new Map<string, PlacedOp>();

  constructor(
    private readonly doc: Automerge.Doc<unknown>,
    ops: readonly PlacedOp[],
  ) {
    for (const o of ops) if (o.op.action.startsWith('make')) this.madeBy.set(o.id, o);
  }

  /** The path of object `obj` in the document as the change `at` saw it before it applied. */
  objectPath(obj: string, at: AutomergeChange): string {
    return pathText(this.parts(obj, at) ?? [obj]);
  }

  slotPath(o: PlacedOp, at: AutomergeChange): string {
    const parts = this.parts(o.op.obj, at) ?? [o.op.obj];
    return pathText(o.op.key !== undefined ? [...parts, o.op.key] : [...parts, ...this.index(o.op.obj, o.op.elemId ?? '', at)]);
  }

  private parts(obj: string, at: AutomergeChange): (string | number)[] | undefined {
    if (obj === '_root') return [];
    const made = this.madeBy.get(obj);
    if (!made) return undefined;
    const parent = this.parts(made.op.obj, at);
    if (!parent) return undefined;
    return made.op.key !== undefined ? [...parent, made.op.key] : [...parent, ...this.index(made.op.obj, obj, at)];
  }

  /** The index of a list's element that holds an object (by the object's id) in the document at `at`'s dependencies; -1 when not known. */
  private index(list: string, element: string, at: AutomergeChange): (string | number)[] {
    const before = automerge().view(this.doc, at.deps) as unknown;
    const found = objectsOf(before).find((w) => automerge().getObjectId(w.object) === list);
    const items = found && Array.isArray(found.object) ? (found.object as unknown[]) : [];
    return [items.findIndex((v) => isContainer(v) && automerge().getObjectId(v) === element)];
  }
}

/**
 * Deletes concurrent with updates: a delete removes only the values it had seen, so a concurrent
 * assignment to the same key survives it; an edit inside an object that a concurrent change
 * deleted is lost with the object.
 */
function deleteConflicts(doc: Automerge.Doc<unknown>, changes: readonly AutomergeChange[], concurrent: Concurrent | undefined): LibraryConflict[] {
  if (!concurrent) return [];
  const ops = placedOps(changes);
  const paths = new SlotPaths(doc, ops);
  const bySlot = new Map<string, PlacedOp[]>();
  const byObject = new Map<string, PlacedOp[]>();
  const add = (map: Map<string, PlacedOp[]>, key: string, o: PlacedOp) => {
    const list = map.get(key);
    if (list) list.push(o);
    else map.set(key, [o]);
  };
  for (const o of ops) {
    if (o.op.action === 'del') continue;
    add(bySlot, o.slot, o);
    add(byObject, o.op.obj, o);
  }
  /** Every edit inside object `obj` (nested objects included) made by a change concurrent with `del`. */
  const editsInside = (obj: string, del: AutomergeChange, seen = new Set<string>()): PlacedOp[] => {
    if (seen.has(obj)) return [];
    seen.add(obj);
    return (byObject.get(obj) ?? []).flatMap((o) => [...(concurrent(o.change.index, del.index) ? [o] : []), ...(o.op.action.startsWith('make') ? editsInside(o.id, del, seen) : [])]);
  };
  const conflicts: LibraryConflict[] = [];
  for (const d of ops) {
    if (d.op.action !== 'del') continue;
    const removed = new Set(d.op.pred ?? []);
    const survivors = (bySlot.get(d.slot) ?? []).filter((u) => !removed.has(u.id) && !u.op.insert && concurrent(u.change.index, d.change.index));
    if (survivors.length > 0) {
      const target = paths.slotPath(d, d.change);
      const kept = survivors[survivors.length - 1];
      conflicts.push({
        target,
        events: [d.change.id, ...survivors.map((u) => u.change.id)],
        winners: survivors.map((u) => u.change.id),
        strategy: 'multi-value',
        reason: `A delete concurrent with an update of \`${target}\`: ${d.change.id} deleted it while ${kept.change.id} set it to ${kept.op.action.startsWith('make') ? (MADE[kept.op.action] ?? 'an object') : describeDocumentValue(kept.op.value)}; Automerge keeps the update, since a delete removes only the values its change had seen (${[...removed].join(', ') || 'none'}).`,
      });
    }
    const lost = [...removed].flatMap((made) => editsInside(made, d.change).map((u) => ({ made, u })));
    if (lost.length > 0) {
      const target = paths.objectPath(lost[0].made, d.change);
      const edits = lost.map(({ u }) => `${u.change.id}'s ${u.op.action === 'del' ? 'delete' : `${u.op.action} of \`${u.op.key ?? 'an element'}\``}`);
      conflicts.push({
        target,
        events: [d.change.id, ...new Set(lost.map(({ u }) => u.change.id))],
        winners: [d.change.id],
        strategy: 'multi-value',
        reason: `Edits inside a deleted object: ${d.change.id} deleted \`${target}\` while ${[...new Set(edits)].slice(0, 3).join(', ')}${edits.length > 3 ? ` and ${edits.length - 3} more` : ''} changed it concurrently; the edits are kept in the history but no longer show, since Automerge shows nothing of a deleted object.`,
      });
    }
  }
  return conflicts;
}

/** The document's conflicts as Automerge resolves them. */
export function automergeConflicts(doc: Automerge.Doc<unknown>, changes: readonly AutomergeChange[]): LibraryConflict[] {
  const walked = objectsOf(doc);
  const concurrent = changeConcurrency(changes);
  return [...assignmentConflicts(walked, new ChangeIndex(changes)), ...insertConflicts(changes, walked, concurrent), ...deleteConflicts(doc, changes, concurrent)];
}
