// Indexes the webview builds once per loaded view: events grouped by lane in causal order,
// each event's position in its lane, outgoing message edges and a line lookup. Every query the
// diagram makes per frame or per click is a binary search over these, never a scan of all events.

import type { EventsView } from '../../engine/view/model';
import { partitionPoint } from '../../engine/util/bisect';

export const KIND_NAMES = ['op', 'send', 'receive', 'local', 'sync'] as const;
export const KIND_LOCAL = 3;

/** Events grouped by lane in causal order, and each event's position in its lane. */
interface LaneIndex {
  laneStart: Uint32Array;
  laneEvents: Uint32Array;
  lanePos: Uint32Array;
}

function laneIndex(view: EventsView): LaneIndex {
  const R = view.replicas.length;
  const N = view.size;
  const { replica, order } = view;
  const laneStart = new Uint32Array(R + 1);
  for (let i = 0; i < N; i++) laneStart[replica[i] + 1]++;
  for (let r = 0; r < R; r++) laneStart[r + 1] += laneStart[r];
  const fill = laneStart.slice(0, R);
  const laneEvents = new Uint32Array(N);
  const lanePos = new Uint32Array(N);
  for (let s = 0; s < N; s++) {
    const e = order[s];
    const r = replica[e];
    lanePos[e] = fill[r] - laneStart[r];
    laneEvents[fill[r]++] = e;
  }
  return { laneStart, laneEvents, lanePos };
}

/** The message edges both ways: each incoming edge's receiver, and each event's outgoing edges (CSR). */
interface EdgeLists {
  edgeTo: Uint32Array;
  outStart: Uint32Array;
  outTo: Uint32Array;
}

function edgeLists(view: EventsView): EdgeLists {
  const N = view.size;
  const { edgeStart, edgeFrom } = view;
  const E = edgeFrom.length;
  const edgeTo = new Uint32Array(E);
  const outStart = new Uint32Array(N + 1);
  for (let i = 0; i < N; i++) {
    for (let j = edgeStart[i]; j < edgeStart[i + 1]; j++) {
      edgeTo[j] = i;
      if (edgeFrom[j] >= 0) outStart[edgeFrom[j] + 1]++;
    }
  }
  for (let i = 0; i < N; i++) outStart[i + 1] += outStart[i];
  const outFill = outStart.slice(0, N);
  const outTo = new Uint32Array(outStart[N]);
  for (let j = 0; j < E; j++) if (edgeFrom[j] >= 0) outTo[outFill[edgeFrom[j]]++] = edgeTo[j];
  return { edgeTo, outStart, outTo };
}

/** Events sorted by source line, or null when they are in line order already. */
function lineOrder(view: EventsView): Uint32Array | null {
  const N = view.size;
  let sorted = true;
  for (let i = 1; i < N && sorted; i++) if (view.line[i] < view.line[i - 1]) sorted = false;
  return sorted ? null : Uint32Array.from({ length: N }, (_, i) => i).sort((a, b) => view.line[a] - view.line[b]);
}

export class TraceIndex {
  readonly R: number;
  readonly N: number;
  /** Lane r holds `laneEvents[laneStart[r] .. laneStart[r+1])`, in causal (step) order. */
  readonly laneStart: Uint32Array;
  readonly laneEvents: Uint32Array;
  /** Position of each event within its lane (0-based). */
  readonly lanePos: Uint32Array;
  /** Outgoing message edges, CSR: receivers of event i are `outTo[outStart[i] .. outStart[i+1])`. */
  readonly outStart: Uint32Array;
  readonly outTo: Uint32Array;
  /** Receiver of each incoming edge (the inverse of `view.edgeStart`), by edge number. */
  readonly edgeTo: Uint32Array;
  /** Events sorted by source line (only when source order is not already sorted by line). */
  private readonly byLine: Uint32Array | null;

  /** Builds every index now; `parts` gives those built already (see `buildInStages`). */
  constructor(
    readonly view: EventsView,
    parts: { lanes: LaneIndex; edges: EdgeLists; byLine: Uint32Array | null } = { lanes: laneIndex(view), edges: edgeLists(view), byLine: lineOrder(view) },
  ) {
    this.R = view.replicas.length;
    this.N = view.size;
    this.laneStart = parts.lanes.laneStart;
    this.laneEvents = parts.lanes.laneEvents;
    this.lanePos = parts.lanes.lanePos;
    this.edgeTo = parts.edges.edgeTo;
    this.outStart = parts.edges.outStart;
    this.outTo = parts.edges.outTo;
    this.byLine = parts.byLine;
  }

  /** The same index, each part built in a task of its own (`stage` resolves in the next one): a million events' take tens of milliseconds each. */
  static async buildInStages(view: EventsView, stage: () => Promise<void> | undefined): Promise<TraceIndex> {
    const lanes = laneIndex(view);
    await stage();
    const edges = edgeLists(view);
    await stage();
    return new TraceIndex(view, { lanes, edges, byLine: lineOrder(view) });
  }

  laneSize(r: number): number {
    return this.laneStart[r + 1] - this.laneStart[r];
  }

  /** The m-th event of lane r. */
  laneEvent(r: number, m: number): number {
    return this.laneEvents[this.laneStart[r] + m];
  }

  /** The event's own clock entry: how many events of its replica it has seen, itself included. */
  ownClock(e: number): number {
    return this.view.clocks[e * this.R + this.view.replica[e]];
  }

  /** Number of events of lane r whose own clock entry is at most `value` (a prefix of the lane). */
  countOwnClockAtMost(r: number, value: number): number {
    const { clocks } = this.view;
    const R = this.R;
    const base = this.laneStart[r];
    return partitionPoint(0, this.laneSize(r), (m) => clocks[this.laneEvents[base + m] * R + r] <= value);
  }

  /** First position on lane r whose clock entry for replica q is at least `value` (lane size if none). */
  firstKnowing(r: number, q: number, value: number): number {
    const { clocks } = this.view;
    const R = this.R;
    const base = this.laneStart[r];
    return partitionPoint(0, this.laneSize(r), (m) => clocks[this.laneEvents[base + m] * R + q] < value);
  }

  /** Number of events of lane r at causal steps up to `step`. */
  countAtStepAtMost(r: number, step: number): number {
    const st = this.view.step;
    const base = this.laneStart[r];
    return partitionPoint(0, this.laneSize(r), (m) => st[this.laneEvents[base + m]] <= step);
  }

  /** The first event at a 1-based source line at or after `line`, or -1. */
  eventAtLine(line: number): number {
    const N = this.N;
    const lines = this.view.line;
    const at = (k: number) => (this.byLine ? this.byLine[k] : k);
    const k = partitionPoint(0, N, (j) => lines[at(j)] < line);
    return k < N ? at(k) : -1;
  }

  /** The default event id `replica:n` (n = own clock entry = 1-based position in the lane). */
  defaultId(e: number): string {
    return `${this.view.replicas[this.view.replica[e]]}:${this.lanePos[e] + 1}`;
  }

  /** Resolves `replica:n` to an event, or -1. */
  eventByDefaultId(id: string): number {
    const colon = id.lastIndexOf(':');
    if (colon <= 0) return -1;
    const r = this.view.replicas.indexOf(id.slice(0, colon));
    const n = Number(id.slice(colon + 1));
    if (r < 0 || !Number.isInteger(n) || n < 1 || n > this.laneSize(r)) return -1;
    return this.laneEvent(r, n - 1);
  }
}
