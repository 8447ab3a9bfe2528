// The data the diagram draws, as the engine hands it to the webview: plain arrays and typed
// arrays only (structured-clone friendly), indexed by event in source order. Produced by
// `buildTraceView` from a trace and its analysis; event details are fetched lazily.

import type { Json } from '../crdt/types';
import type { FindingKind, Severity } from '../trace/diagnostics';

export interface TraceView {
  /** Execution name (file name, or the execution's name in a multi-execution log). */
  name: string;
  /** Source format (`causeway`, `shiviz`, ...). */
  format: string;
  description?: string;
  /** Replica names, in lane order. */
  replicas: string[];
  /** Object keys and their CRDT type names. */
  keys: string[];
  keyTypes: string[];
  /** Number of events. */
  size: number;

  /** Per event: replica index, kind (0 op, 1 send, 2 receive, 3 local, 4 sync), 1-based source line. */
  replica: Uint16Array;
  kind: Uint8Array;
  line: Uint32Array;
  /** Per event: object key index or -1. */
  key: Int32Array;
  /** Per event: position in the causal order (0..size-1); `order[step]` is the event at a step. */
  step: Uint32Array;
  order: Uint32Array;
  /** Per event: longest causal chain ending at it (0-based): events at the same depth can share a column. */
  depth: Uint32Array;
  /** Computed vector clocks, dense: clock of event i is `clocks[i*R .. i*R+R)` with R = replicas.length. */
  clocks: Uint32Array;
  /** Incoming message edges, CSR: senders into event i are `edgeFrom[edgeStart[i] .. edgeStart[i+1])`. */
  edgeStart: Uint32Array;
  edgeFrom: Int32Array;
  /**
   * Short text per event for labels and search (the op, message or log text; at most 200
   * characters), all in one string: event e's is `labelText.slice(labelStart[e], labelStart[e + 1])`
   * (`labelOf`). One string, not one per event: a page's garbage collector marks one object
   * instead of a million, each time it runs. A view put back from parts keeps the string as the
   * pieces it crossed in, in order (joining a million events' labels into one string took a
   * tenth of a second in one task of the webview).
   */
  labelText: string | readonly string[];
  labelStart: Uint32Array;

  conflicts: ConflictView[];
  findings: FindingView[];
  /** Value of each object on each replica over time. */
  timelines: TimelineView[];
}

/** A view but its conflicts: what an index of the events needs (the engine's view and a page's, whose conflicts are a table, are both one). */
export type EventsView = Omit<TraceView, 'conflicts'>;

export interface ConflictView {
  /** Stable id, `c1`, `c2`, ... in causal order of the last write. */
  id: string;
  key: string;
  /** Map field or set element the writes collide on, when narrower than the key. */
  target?: string;
  /** The concurrent writes (event indices). */
  events: number[];
  /** Writes whose effect survives (several for multi-value and add-wins). */
  winners: number[];
  /** The rule that applied, e.g. `last-writer-wins`, `multi-value`, `add-wins`. */
  rule: string;
  /** Why the winner won, in words; absent past the first ones of a long list (the details of its events say it: `EventDetails.conflictReasons`). */
  reason?: string;
}

export interface FindingView {
  severity: Severity;
  kind: FindingKind;
  line: number;
  message: string;
  /** Event indices involved. */
  events: number[];
}

/** One object's value on one replica: a change point at each step where the value changed. */
export interface TimelineView {
  key: string;
  replica: number;
  /** Steps (causal order positions) where the value changed, ascending. */
  steps: number[];
  /** The value from that step on (plain JSON). */
  values: Json[];
  /**
   * What the trace recorded where it differs from the replayed value (a buggy merge, say), by
   * index into `steps`: the replica's own record, which the diagram shows beside the replay.
   */
  recorded?: Record<number, Json>;
}

/** Where each piece of a text kept in pieces starts. */
function startsOf(pieces: readonly string[]): Float64Array {
  const starts = new Float64Array(pieces.length + 1);
  pieces.forEach((piece, p) => (starts[p + 1] = starts[p] + piece.length));
  return starts;
}

/** The text the last slice was of, where its pieces start, and the piece the slice started in (labels are mostly read in order: a search, a lane's events). */
const lastSlice: { pieces?: readonly string[]; starts: Float64Array; piece: number } = { starts: new Float64Array(1), piece: 0 };

/** Characters [from, to) of a text kept in pieces (a label can run across the end of one). */
function sliceOfPieces(pieces: readonly string[], from: number, to: number): string {
  if (lastSlice.pieces !== pieces) Object.assign(lastSlice, { pieces, starts: startsOf(pieces), piece: 0 });
  const { starts } = lastSlice;
  let low = lastSlice.piece;
  if (!(starts[low] <= from && from < starts[low + 1])) {
    low = 0;
    let high = pieces.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= from) low = middle;
      else high = middle - 1;
    }
    lastSlice.piece = low;
  }
  let text = '';
  for (let p = low; p < pieces.length && starts[p] < to; p++) text += pieces[p].slice(Math.max(0, from - starts[p]), to - starts[p]);
  return text;
}

/** Event e's label ('' when it has none). */
export function labelOf(view: Pick<TraceView, 'labelText' | 'labelStart'>, e: number): string {
  const { labelText, labelStart } = view;
  if (typeof labelText === 'string') return labelText.slice(labelStart[e], labelStart[e + 1]);
  return labelStart[e + 1] > labelStart[e] ? sliceOfPieces(labelText, labelStart[e], labelStart[e + 1]) : '';
}

/** A label per event as one string and the start of each. */
export function packLabels(labels: readonly string[]): Pick<TraceView, 'labelText' | 'labelStart'> {
  const labelStart = new Uint32Array(labels.length + 1);
  labels.forEach((label, e) => (labelStart[e + 1] = labelStart[e] + label.length));
  return { labelText: labels.join(''), labelStart };
}
