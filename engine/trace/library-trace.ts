// A history decoded by a CRDT library (Automerge, Yjs) as a trace: each change or update is an
// event of its replica's lane, whose operation sets the object `document` to the state the
// library itself computed there; the library's conflicts travel in its header's `history` (library-history.ts).

import type { Json } from '../crdt/types';
import { TraceBuilder } from './builder';
import type { LibraryHistory } from './library-history';
import type { DocumentStates } from './library-states';
import type { Trace } from './model';

/** The one object of a library-backed trace: the whole document. */
export const DOCUMENT_KEY = 'document';

/** One change (Automerge) or update (Yjs) as an event. */
export interface LibraryChange {
  replica: string;
  id: string;
  /** 1-based position in the file (a change's number, a log line). */
  line: number;
  /** Changes of other replicas it depends on (its own lane's previous change is implicit). */
  after: string[];
  label: string;
  /** The document after the change, as the library gives it; undefined when not computed. */
  state?: Json;
  fields?: Record<string, Json>;
}

/**
 * The trace of a library's history. Each change with a state is an `op` that sets `document` to
 * that state (a last-writer-wins register stamped by the computed Lamport clock, so a replica's
 * register always holds its own latest change's state: what it delivered is in that change's
 * causal past). Wall times are kept in the events' fields, not in the time column, so a clock
 * skew between devices never makes an older state win the register.
 */
export function libraryTrace(name: string, history: LibraryHistory, changes: readonly LibraryChange[], options: { description?: string; documentStates?: DocumentStates } = {}): Trace {
  const { description, documentStates } = options;
  const builder = new TraceBuilder(
    { format: 'causeway', version: 1, clock: 'none', objects: { [DOCUMENT_KEY]: 'lww-register' }, history, ...(description ? { description } : {}) },
    name,
  );
  builder.documentStates = documentStates;
  for (const c of changes) {
    builder.addEvent({
      replica: c.replica,
      kind: c.state === undefined ? 'local' : 'op',
      line: c.line,
      id: c.id,
      label: c.label,
      ...(c.after.length > 0 ? { after: c.after } : {}),
      ...(c.state === undefined ? {} : { key: DOCUMENT_KEY, op: { type: 'set', value: c.state } }),
      ...(c.fields ? { fields: c.fields } : {}),
    });
  }
  return builder.finish();
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** A path in a document as users write it: `todos[2].done`, `["a key"]` for keys that are not identifiers. */
export function describePath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else if (IDENTIFIER.test(part)) text += text === '' ? part : `.${part}`;
    else text += `[${JSON.stringify(part)}]`;
  }
  return text === '' ? '(root)' : text;
}

/** A value in a sentence: strings quoted, long values cut. */
export function describeDocumentValue(value: unknown): string {
  const text = typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value));
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The most clock entries (changes × lanes) `concurrency` keeps; past it, concurrency is not worked out. */
const MAX_CLOCK_ENTRIES = 64_000_000;

/**
 * Whether two changes are concurrent (neither in the other's past), from each change's lane and
 * its dependencies (indices of earlier changes): a vector clock per change, counting each lane's
 * changes. Undefined when the clocks would take more than MAX_CLOCK_ENTRIES entries.
 */
export function concurrency(lane: readonly number[], deps: readonly (readonly number[])[]): ((a: number, b: number) => boolean) | undefined {
  const lanes = lane.reduce((m, l) => Math.max(m, l + 1), 0);
  if (lane.length * lanes > MAX_CLOCK_ENTRIES) return undefined;
  const clocks = new Uint32Array(lane.length * lanes);
  const counts = new Uint32Array(lanes);
  const last = new Int32Array(lanes).fill(-1);
  lane.forEach((l, i) => {
    const row = clocks.subarray(i * lanes, (i + 1) * lanes);
    for (const d of [...deps[i], last[l]]) {
      if (d < 0) continue;
      const dep = clocks.subarray(d * lanes, (d + 1) * lanes);
      for (let r = 0; r < lanes; r++) if (dep[r] > row[r]) row[r] = dep[r];
    }
    row[l] = ++counts[l];
    last[l] = i;
  });
  const before = (a: number, b: number) => clocks[b * lanes + lane[a]] >= clocks[a * lanes + lane[a]];
  return (a, b) => a !== b && !before(a, b) && !before(b, a);
}

/** Edits a change's label names at most (a long change is summed up after them). */
const EDITS_NAMED = 4;

/** A change's edits in one line: the first few, then how many more. */
export function summarizeEdits(edits: readonly string[]): string {
  const named = edits.slice(0, EDITS_NAMED);
  if (edits.length > EDITS_NAMED) named.push(`${edits.length - EDITS_NAMED} more`);
  return named.length === 0 ? 'no change' : named.join('; ');
}
