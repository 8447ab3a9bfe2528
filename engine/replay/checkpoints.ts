// The checkpoints a replay cursor starts from, taken during the state replay: dense (every
// operation's delta kept, a checkpoint every few thousand events: a jump replays one replica)
// while they fit in a memory budget, lean past it (a few checkpoints with the deltas in flight).

import type { AnyCrdt } from '../crdt/types';
import type { ReplayTables } from './states';

/** Every replica's states after some events: what a replay can go on from. */
export interface ReplayPoint {
  /** Events applied (in causal order): the states are those after step `position - 1`. */
  position: number;
  /** states[r][k], never changed once taken (a replica without a change since the previous point shares its row). */
  states: AnyCrdt[][];
  /** Operations each replica had issued (its next operation's dot is one more). */
  issued: Uint32Array;
  /** The deltas of operations issued before the point and delivered after it (empty at a dense-only checkpoint). */
  inFlight: Int32Array;
  inFlightDeltas: AnyCrdt[];
}

/** What a cursor replays states from: the replay's tables and checkpoints. */
export interface ReplayedStates {
  tables: ReplayTables;
  checkpoints: CheckpointRecorder;
}

/** Lean checkpoints: at least about this many per trace, and at most this many when the budget leaves room. */
const LEAN_CHECKPOINTS = 8;
const MAX_LEAN_CHECKPOINTS = 16;
/** Dense checkpoints: events between them (as many as the trace's finest lean interval allows). */
const DENSE_INTERVAL = 8192;
const SMALL_DENSE_INTERVAL = 256;
/** One delta or state in this many is measured (`byteSize`, compact JSON) to estimate the bytes kept. */
const SAMPLED = 16;
/** Heap bytes per byte of compact JSON of a CRDT's state or delta (the bench traces' dense deltas and checkpoints: 423 MB of heap at 1M events for 94 MB of JSON). */
const HEAP_PER_JSON_BYTE = 4.5;

/** Events between checkpoints for about `count` of them: a power of two, at least 16. */
export function checkpointInterval(size: number, count = LEAN_CHECKPOINTS): number {
  return Math.max(16, 2 ** Math.ceil(Math.log2(Math.max(1, size / count))));
}

/** The operations whose delta is in flight (defined) in `deltas`, and those deltas. */
export function inFlightOf(deltas: readonly (AnyCrdt | undefined)[]): Pick<ReplayPoint, 'inFlight' | 'inFlightDeltas'> {
  const ops: number[] = [];
  const inFlightDeltas: AnyCrdt[] = [];
  deltas.forEach((delta, o) => {
    if (delta === undefined) return;
    ops.push(o);
    inFlightDeltas.push(delta);
  });
  return { inFlight: Int32Array.from(ops), inFlightDeltas };
}

/** Estimated heap bytes of a replica's states: one key in SAMPLED measured. */
function rowBytes(row: readonly AnyCrdt[]): number {
  let sampled = 0;
  for (let k = 0; k < row.length; k += SAMPLED) sampled += row[k].byteSize();
  return ((sampled * row.length) / Math.ceil(row.length / SAMPLED)) * HEAP_PER_JSON_BYTE;
}

/**
 * Checkpoints of every replica's states, taken during the state replay every `interval` events. A
 * replica without an event since the previous checkpoint shares that checkpoint's copy of its
 * states (copies are never changed): checkpoints cost the replicas that changed. Dense first
 * (`deltas` keeps every delivered operation's delta); once the estimated bytes of the deltas and
 * checkpoints pass `budgetBytes`, the deltas are let go and only lean checkpoints stay.
 */
export class CheckpointRecorder {
  /** Position (events applied, a multiple of the interval) -> the replay's point there. */
  readonly checkpoints = new Map<number, ReplayPoint>();
  /** Events between checkpoints: the dense interval, or the lean one once past the budget. */
  interval: number;
  /** Every delivered operation's delta, by op number, while dense; undefined once lean. */
  deltas?: (AnyCrdt | undefined)[];
  /** Lean checkpoints can be kept at any multiple of this (their deltas in flight are recorded there). */
  private readonly finestLean: number;
  /** Estimated bytes of the deltas and checkpoints kept (measured only under a budget). */
  private bytes = 0;
  /** The previous checkpoint's states and their estimated bytes per row, and the replicas with an event since (all of them before the first). */
  private previous: AnyCrdt[][] = [];
  private previousBytes: Float64Array;
  private readonly changed: Uint8Array;

  constructor(
    private readonly size: number,
    replicas: number,
    operations: number,
    /** Bytes the dense deltas and checkpoints may take (undefined: no limit, always dense). */
    private readonly budgetBytes?: number,
  ) {
    this.finestLean = checkpointInterval(size, MAX_LEAN_CHECKPOINTS);
    this.interval = Math.min(size <= 4096 ? SMALL_DENSE_INTERVAL : DENSE_INTERVAL, this.finestLean);
    this.changed = new Uint8Array(replicas).fill(1);
    this.previousBytes = new Float64Array(replicas);
    this.deltas = new Array<AnyCrdt | undefined>(operations);
  }

  /** Call after the event at `step`, of replica r, was applied (its operation `op`, -1: none), with the replay's counts and deltas in flight. */
  record(step: number, states: AnyCrdt[][], r: number, seen: readonly Uint32Array[], deltas: readonly (AnyCrdt | undefined)[], op: number): void {
    this.changed[r] = 1;
    if (this.deltas && op >= 0 && deltas[op] !== undefined) {
      this.deltas[op] = deltas[op];
      if (this.budgetBytes !== undefined && op % SAMPLED === 0) this.bytes += deltas[op]!.byteSize() * HEAP_PER_JSON_BYTE * SAMPLED;
    }
    const position = step + 1;
    if (position % this.interval === 0) this.take(position, states, seen, deltas);
    if (this.deltas && this.budgetBytes !== undefined && this.bytes > this.budgetBytes) this.goLean(position);
  }

  /** Whether the cursor can replay one replica at a time (every delta kept). */
  get dense(): boolean {
    return this.deltas !== undefined;
  }

  private take(position: number, states: AnyCrdt[][], seen: readonly Uint32Array[], deltas: readonly (AnyCrdt | undefined)[]): void {
    const measured = this.budgetBytes !== undefined;
    const taken = states.map((row, q) => {
      if (!this.changed[q]) return this.previous[q];
      if (measured) this.bytes += this.previousBytes[q] = rowBytes(row);
      return row.map((c) => c.clone());
    });
    this.changed.fill(0);
    this.previous = taken;
    const issued = Uint32Array.from(seen, (row, q) => row[q]);
    const inFlight = position % this.finestLean === 0 ? inFlightOf(deltas) : { inFlight: new Int32Array(0), inFlightDeltas: [] };
    this.checkpoints.set(position, { position, states: taken, issued, ...inFlight });
  }

  /**
   * Lets the deltas go and keeps the checkpoints of a lean interval: as many checkpoints as the
   * budget holds of the last one's size, grown to the trace's end (between 8 and 16).
   */
  private goLean(position: number): void {
    this.deltas = undefined;
    let lastBytes = 0;
    for (const b of this.previousBytes) lastBytes += b;
    const atEnd = (lastBytes * this.size) / Math.max(1, position);
    // States grow about linearly along a trace: its checkpoints take about half the last one's size each (unknown before the first: the fewest).
    const affordable = atEnd > 0 ? Math.floor((2 * this.budgetBytes!) / atEnd) : 0;
    this.interval = Math.max(this.finestLean, checkpointInterval(this.size, Math.min(MAX_LEAN_CHECKPOINTS, Math.max(LEAN_CHECKPOINTS, affordable))));
    for (const at of this.checkpoints.keys()) if (at % this.interval !== 0) this.checkpoints.delete(at);
  }
}
