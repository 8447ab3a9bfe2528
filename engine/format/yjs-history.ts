// A sequence of Yjs steps as a trace: each step (an update of a log, a client's run of items in a
// lone update) an event of its replica's lane (the `replica` the log names, else its first item's
// client); its items' origins, right origins, parents and their clients' previous clocks, and the
// items its delete set removes, as happens-before edges; the document after it as Yjs gives it,
// applying the updates up to it to a fresh Y.Doc.

import type * as Y from 'yjs';
import { yjs } from './libraries';
import type { Json } from '../crdt/types';
import { type LibraryChange, libraryTrace } from '../trace/library-trace';
import type { Trace } from '../trace/model';
import type { FindingLog } from './pending';
import { type InsertedItem, yjsConflicts } from './yjs-conflicts';
import { documentJson } from './yjs-document';
import { YjsSnapshots } from './yjs-states';
import { describeDocumentChange } from './yjs-words';
import { groupedCount } from '../util/count-text';

/**
 * Histories of up to this many steps hold the state after every step (the value timelines draw
 * them all); a longer one holds each replica's last and has Yjs compute the others when asked
 * (yjs-states.ts): the document as JSON after every update would cost seconds per thousand.
 */
export const YJS_STATES_HELD_UP_TO = 2_000;

/** What a step holds: items (GC structs of collected ones) and deleted ranges per client. */
export interface YjsContent {
  structs: (Y.Item | Y.GC)[];
  deletes: ReadonlyMap<number, { clock: number; len: number }[]>;
}

/** One step: an update as a log gives it, or a client's run of items in a lone update. */
export interface YjsStep extends YjsContent {
  /** The update to apply to the document after this step (the last step of a lone update carries the whole update). */
  bytes?: Uint8Array;
  /** 1-based line (or 1 for a lone binary update). */
  line: number;
  /** What the step did, when not read from the states before and after it. */
  summary?: string;
  replica?: string;
  /** Epoch milliseconds. */
  time?: number;
  origin?: string;
}

/** Which event wrote each id: per client, runs of clocks sorted by clock (found by bisection). */
class IdOwners {
  private readonly runs = new Map<number, { clock: number; end: number; event: number }[]>();

  add(client: number, clock: number, length: number, event: number): void {
    const list = this.runs.get(client) ?? [];
    this.runs.set(client, list);
    const run = { clock, end: clock + length, event };
    // Updates mostly bring a client's clocks in order: append, else insert in place.
    if (list.length === 0 || list[list.length - 1].clock <= clock) list.push(run);
    else list.splice(this.firstEndingAfter(list, clock), 0, run);
  }

  /** The events that wrote any of the clocks [clock, clock + length) of a client. */
  eventsOf(client: number, clock: number, length: number, into: Set<number>): void {
    const list = this.runs.get(client);
    if (!list) return;
    for (let k = this.firstEndingAfter(list, clock); k < list.length && list[k].clock < clock + length; k++) into.add(list[k].event);
  }

  /** The first run that ends after `clock`. */
  private firstEndingAfter(list: readonly { end: number }[], clock: number): number {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].end <= clock) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

const isId = (v: unknown): v is Y.ID => v instanceof yjs().ID;

/** The ids an item depends on: its origins, its parent item and its client's previous clock. */
function dependenciesOf(struct: Y.Item | Y.GC, owners: IdOwners, into: Set<number>): void {
  const { client, clock } = struct.id;
  if (clock > 0) owners.eventsOf(client, clock - 1, 1, into);
  if (!(struct instanceof yjs().Item)) return;
  for (const id of [struct.origin, struct.rightOrigin, struct.parent]) if (isId(id)) owners.eventsOf(id.client, id.clock, 1, into);
}

const NO_DELETES: ReadonlyMap<number, { clock: number; len: number }[]> = new Map();

/** An update's items and deletions, or undefined (with an error finding) when Yjs cannot decode it. */
export function decodeYjsUpdate(bytes: Uint8Array, line: number, log: FindingLog): YjsContent | undefined {
  try {
    const decoded = yjs().decodeUpdate(bytes);
    // Most updates delete nothing: they share one empty map rather than each keeping its own.
    return { structs: decoded.structs.filter((s): s is Y.Item | Y.GC => !(s instanceof yjs().Skip)), deletes: decoded.ds.clients.size > 0 ? decoded.ds.clients : NO_DELETES };
  } catch (e) {
    log.add('error', 'parse-error', line, `Line ${line}: the update is not a Yjs update (${e instanceof Error ? e.message : String(e)}); it is skipped.`);
    return undefined;
  }
}

/** A step's lane: the replica the log names, else its first item's (or deletion's) client. */
function replicaOf(step: YjsStep): string {
  const firstClient = step.structs[0]?.id.client ?? step.deletes.keys().next().value;
  return step.replica ?? (firstClient === undefined ? 'unknown client' : String(firstClient));
}

/** The trace of a sequence of steps. */
export function yjsTrace(name: string, steps: readonly YjsStep[], log: FindingLog, description?: string): Trace {
  const withStates = steps.length <= YJS_STATES_HELD_UP_TO;
  // A long history's states are read at Yjs snapshots of this document, which must keep deleted content for it.
  const { Doc } = yjs();
  const doc = new Doc({ gc: withStates });
  const owners = new IdOwners();
  const snapshots = withStates ? undefined : new YjsSnapshots(doc);
  if (!withStates) {
    log.add('info', 'parse-error', 0, `This history has ${groupedCount(steps.length)} steps: Yjs computes the state after a step when you select it or step to it, and the value timelines show each replica's last state (they show every state for histories of up to ${groupedCount(YJS_STATES_HELD_UP_TO)} steps).`);
  }
  const replicas = steps.map(replicaOf);
  const lastOfReplica = new Map(replicas.map((replica, n) => [replica, n]));
  const changes: LibraryChange[] = [];
  const lanes = new Map<string, number>();
  const laneEvents: number[] = [];
  const inserted: InsertedItem[] = [];
  let before: { [name: string]: Json } = {};
  for (let event = 0; event < steps.length; event++) {
    const u = steps[event];
    const { structs, deletes } = u;
    const replica = replicas[event];
    const found = new Set<number>();
    for (const s of structs) dependenciesOf(s, owners, found);
    for (const [client, deleted] of deletes) for (const d of deleted) owners.eventsOf(client, d.clock, d.len, found);
    for (const s of structs) {
      owners.add(s.id.client, s.id.clock, s.length, event);
      if (s instanceof yjs().Item) inserted.push({ item: s, event });
    }
    const laneId = lanes.get(replica) ?? lanes.set(replica, lanes.size).get(replica)!;
    laneEvents[laneId] = (laneEvents[laneId] ?? 0) + 1;
    const past = [...found];
    if (u.bytes) yjs().applyUpdate(doc, u.bytes);
    snapshots?.record(u);
    const after = (withStates || lastOfReplica.get(replica) === event) && u.bytes ? documentJson(doc) : undefined;
    const described = withStates && after;
    const words = u.summary ?? (described ? describeDocumentChange(before, after) : `${structs.length} item run(s), ${[...deletes.values()].reduce((n, l) => n + l.length, 0)} deletion(s)`);
    if (described) before = after;
    // Fields set one by one, not spread from conditional objects: a hundred thousand spread objects are slow to build and read.
    const fields: Record<string, Json> = { items: structs.length };
    if (u.time !== undefined) fields['time'] = new Date(u.time).toISOString();
    if (u.origin) fields['origin'] = u.origin;
    changes.push({
      replica,
      id: `${replica}:${laneEvents[laneId]}`,
      line: u.line,
      after: past.filter((e) => changes[e].replica !== replica).map((e) => changes[e].id),
      label: u.origin ? `${u.origin}: ${words}` : words,
      state: after,
      fields,
    });
  }
  const conflicts = yjsConflicts(doc, inserted, changes.map((c) => c.id));
  return libraryTrace(name, { library: 'Yjs', conflicts }, changes, { description, documentStates: snapshots?.states() });
}
