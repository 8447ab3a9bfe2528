// Automerge documents (`*.automerge`: a saved document, or change chunks one after another) as
// traces, decoded by `@automerge/automerge` itself: a lane per actor, an event per change, its
// `deps` as happens-before edges, the document after each change as `view(doc, heads)` gives it,
// and the conflicts as `getConflicts` reports them (automerge-conflicts.ts).

import type * as Automerge from '@automerge/automerge';
import { automerge } from './libraries';
import type { Json } from '../crdt/types';
import { RecentDocumentStates } from '../trace/library-states';
import { type LibraryChange, libraryTrace } from '../trace/library-trace';
import type { TraceFile } from '../trace/model';
import { automergeConflicts } from './automerge-conflicts';
import { describePatches } from './automerge-words';
import { WholeFileReader } from './binary-file';
import { FindingLog } from './pending';
import { type ReadOptions, type TraceFormat, TraceReadError } from './types';
import { groupedCount } from '../util/count-text';

const EXPECTED = 'an Automerge document (`Automerge.save`) or Automerge change chunks, which open with the bytes 85 6f 4a 83';

/**
 * Documents of up to this many changes hold the state after every change (the value timelines
 * draw them all); a longer one holds each actor's last and has Automerge compute the others when
 * asked (Trace.documentStates): a view per change would cost seconds per thousand changes.
 */
export const AUTOMERGE_STATES_HELD_UP_TO = 1_000;

/** The magic bytes 85 6f 4a 83 as the head's UTF-8 decoding gives them (0x85 and 0x83 are not UTF-8 and become U+FFFD). */
const MAGIC = /^\uFFFDoJ\uFFFD/;

export const automergeFormat: TraceFormat = {
  id: 'automerge',
  title: 'Automerge document',
  expected: EXPECTED,
  extensions: ['automerge', 'amrg'],
  detect: (head) => (MAGIC.test(head) ? 0.95 : 0),
  createReader: (options) => new WholeFileReader((bytes) => readAutomerge(bytes, options), { library: 'Automerge', expected: EXPECTED }),
};

/** The decoded change and where the trace puts it. */
export interface AutomergeChange extends Automerge.DecodedChange {
  /** Its event id: `<actor's first 8 hex digits>:<seq>`. */
  id: string;
  /** Its position among the document's changes (a causal order). */
  index: number;
}

/** The document in the bytes: loaded whole, or (when changes miss their dependencies) as far as it goes. */
function loadDocument(bytes: Uint8Array, log: FindingLog): Automerge.Doc<unknown> {
  const library = automerge();
  try {
    return library.load(bytes);
  } catch (whole) {
    let doc: Automerge.Doc<unknown>;
    try {
      doc = library.loadIncremental(library.init(), bytes);
    } catch {
      throw new TraceReadError(`This file is not an Automerge document: Automerge could not load it (${whole instanceof Error ? whole.message : String(whole)}). Expected ${EXPECTED}.`);
    }
    const missing = library.getMissingDeps(doc, []);
    if (missing.length > 0) {
      log.add('warning', 'parse-error', 0, `Some changes depend on ${missing.length} change(s) the file does not hold (${missing.slice(0, 3).map((h) => h.slice(0, 8)).join(', ')}${missing.length > 3 ? ', ...' : ''}); Automerge leaves them and what follows them out.`);
    }
    return doc;
  }
}

/** Actor names from `actors.json` beside the file: `{ "<actor hex or its first 8 digits>": "alice" }`. */
function actorNames(options: ReadOptions, log: FindingLog): Map<string, string> {
  const text = options.sidecar?.('actors.json');
  const names = new Map<string, string>();
  if (text === undefined) return names;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      for (const [actor, name] of Object.entries(parsed)) if (typeof name === 'string') names.set(actor.slice(0, 8).toLowerCase(), name);
    }
  } catch (e) {
    log.add('warning', 'parse-error', 0, `actors.json beside the document is not JSON (${e instanceof Error ? e.message : String(e)}); actors are named by their ids.`);
  }
  return names;
}

/** A change message that starts with its author's name, as `laptop: start the list` does. */
const NAMED_MESSAGE = /^([\w.@-]{1,32}): /;

/**
 * Actor names the change messages give: an actor every one of whose messages starts with the
 * same `name: ` (and that no other actor's messages also start with) is called that.
 */
function messageNames(changes: readonly { actor: string; message: string | null }[]): Map<string, string> {
  const byActor = new Map<string, string | null>();
  for (const c of changes) {
    const short = c.actor.slice(0, 8).toLowerCase();
    const name = NAMED_MESSAGE.exec(c.message ?? '')?.[1] ?? null;
    const before = byActor.get(short);
    byActor.set(short, before === undefined || before === name ? name : null);
  }
  const owners = new Map<string, number>();
  for (const name of byActor.values()) if (name) owners.set(name, (owners.get(name) ?? 0) + 1);
  const names = new Map<string, string>();
  for (const [short, name] of byActor) if (name && owners.get(name) === 1) names.set(short, name);
  return names;
}

/** The document as plain JSON (counters as numbers, text as strings). */
function plain(doc: unknown): Json {
  return JSON.parse(JSON.stringify(doc) ?? 'null') as Json;
}

export function readAutomerge(bytes: Uint8Array, options: ReadOptions): TraceFile {
  const log = new FindingLog();
  const doc = loadDocument(bytes, log);
  const changes: AutomergeChange[] = automerge().getAllChanges(doc).map((raw, index) => {
    const decoded = automerge().decodeChange(raw);
    return { ...decoded, id: `${decoded.actor.slice(0, 8)}:${decoded.seq}`, index };
  });
  // A user's actors.json names before the messages do.
  const names = new Map([...messageNames(changes), ...actorNames(options, log)]);
  const idOfHash = new Map(changes.map((c) => [c.hash, c]));
  const withStates = changes.length <= AUTOMERGE_STATES_HELD_UP_TO;
  if (!withStates) {
    log.add('info', 'parse-error', 0, `This document has ${groupedCount(changes.length)} changes: Automerge computes the state after a change when you select it or step to it, and the value timelines show each actor's last state (they show every state for documents of up to ${groupedCount(AUTOMERGE_STATES_HELD_UP_TO)} changes).`);
  }
  const lastOfActor = new Map(changes.map((c) => [c.actor, c.index]));
  const stateAfter = (c: AutomergeChange) => plain(automerge().view(doc, [c.hash]));
  const laneOf = (actor: string) => {
    const short = actor.slice(0, 8);
    const name = names.get(short);
    return name === undefined ? short : `${name} (${short})`;
  };
  const events = changes.map((c, n): LibraryChange => {
    const after = c.deps.map((h) => idOfHash.get(h)!).filter((d) => d.actor !== c.actor).map((d) => d.id);
    const words = withStates ? describePatches(automerge().diff(doc, c.deps, [c.hash])) : `${c.ops.length} operation(s)`;
    const time = c.time > 0 ? new Date(c.time * 1000).toISOString() : undefined;
    return {
      replica: laneOf(c.actor),
      id: c.id,
      line: n + 1,
      after,
      label: c.message ? `${c.message}: ${words}` : words,
      ...(withStates || lastOfActor.get(c.actor) === n ? { state: stateAfter(c) } : {}),
      fields: { actor: c.actor, seq: c.seq, hash: c.hash, startOp: c.startOp, operations: c.ops.length, ...(time ? { time } : {}), ...(c.message ? { message: c.message } : {}) },
    };
  });
  const conflicts = automergeConflicts(doc, changes);
  const documentStates = withStates ? undefined : new RecentDocumentStates((e) => stateAfter(changes[e]));
  const trace = libraryTrace(options.name ?? '', { library: 'Automerge', conflicts }, events, { documentStates });
  return { format: 'automerge', executions: [trace], findings: log.flush() };
}
