// ReplayCursor: reaches any step of a replayed trace and answers what each replica held there:
// CRDT states, clock, causal buffer. States are replayed forward, every replica at once, from the
// nearest of: where the cursor already is, its own recent snapshot, or a checkpoint of the state
// replay (sparse: a few per trace). Only the deltas in flight are kept, never every operation's.

import { type AnyCrdt, CrdtOpError } from '../crdt/types';
import type { Trace } from '../trace/model';
import type { ComputedClocks } from './clocks';
import type { BufferWait, Knowledge } from './knowledge';
import { type CausalOrder, eventsByReplica } from './order';
import { emptyStates, mergeDeliveries, mutateAtOrigin, type ReplayTables } from './states';
import { partitionPoint } from '../util/bisect';

/** Every replica's states after some events: what a replay can go on from. */
export interface ReplayPoint {
  /** Events applied (in causal order): the states are those after step `position - 1`. */
  position: number;
  /** states[r][k], never changed once taken (a replica without a change since the previous point shares its row). */
  states: AnyCrdt[][];
  /** Operations each replica had issued (its next operation's dot is one more). */
  issued: Uint32Array;
  /** The deltas of operations issued before the point and delivered after it. */
  inFlight: Int32Array;
  inFlightDeltas: AnyCrdt[];
}

/** At most about this many checkpoints per trace: each holds every replica's states. */
const CHECKPOINTS = 8;
/** A cursor's own snapshot is taken at a multiple of 1/SNAPSHOTS_PER_INTERVAL of the checkpoint interval (a step back after a jump replays at most that many events). */
const SNAPSHOTS_PER_INTERVAL = 32;

/** Events between checkpoints: a power of two, about size / CHECKPOINTS, at least 16. */
export function checkpointInterval(size: number): number {
  return Math.max(16, 2 ** Math.ceil(Math.log2(Math.max(1, size / CHECKPOINTS))));
}

/** The operations whose delta is in flight (defined) in `deltas`, and those deltas. */
function inFlightOf(deltas: readonly (AnyCrdt | undefined)[]): Pick<ReplayPoint, 'inFlight' | 'inFlightDeltas'> {
  const ops: number[] = [];
  const inFlightDeltas: AnyCrdt[] = [];
  deltas.forEach((delta, o) => {
    if (delta === undefined) return;
    ops.push(o);
    inFlightDeltas.push(delta);
  });
  return { inFlight: Int32Array.from(ops), inFlightDeltas };
}

/**
 * Checkpoints of every replica's states, taken during the state replay every `interval` events. A
 * replica without an event since the previous checkpoint shares that checkpoint's copy of its
 * states (copies are never changed): checkpoints cost the replicas that changed.
 */
export class CheckpointRecorder {
  /** Position (events applied, a multiple of the interval) -> the replay's point there. */
  readonly checkpoints = new Map<number, ReplayPoint>();
  readonly interval: number;
  /** The previous checkpoint's states, and the replicas with an event since (all of them before the first). */
  private previous: AnyCrdt[][] = [];
  private readonly changed: Uint8Array;

  constructor(size: number, replicas: number) {
    this.interval = checkpointInterval(size);
    this.changed = new Uint8Array(replicas).fill(1);
  }

  /** Call after the event at `step`, of replica r, was applied, with the replay's counts and deltas in flight. */
  record(step: number, states: AnyCrdt[][], r: number, seen: readonly Uint32Array[], deltas: readonly (AnyCrdt | undefined)[]): void {
    this.changed[r] = 1;
    const position = step + 1;
    if (position % this.interval !== 0) return;
    const taken = states.map((row, q) => (this.changed[q] ? row.map((c) => c.clone()) : this.previous[q]));
    this.changed.fill(0);
    this.previous = taken;
    const issued = Uint32Array.from(seen, (row, q) => row[q]);
    this.checkpoints.set(position, { position, states: taken, issued, ...inFlightOf(deltas) });
  }
}

/** What a cursor replays states from: the replay's tables and checkpoints. */
export interface ReplayedStates {
  tables: ReplayTables;
  checkpoints: CheckpointRecorder;
}

export class ReplayCursor {
  private readonly lanes: Uint32Array[];
  /** Every replica's states after `replayed` events, and what the replay needs to go on. */
  private states: AnyCrdt[][];
  private issued: Uint32Array;
  private deltas: (AnyCrdt | undefined)[] = [];
  private replayed = 0;
  /** The cursor's own recent point (taken on the way forward), so a step back replays few events. */
  private snapshot?: ReplayPoint;
  /** Events applied globally: the current step is `position - 1`. */
  private position = 0;

  constructor(
    private readonly trace: Trace,
    private readonly causal: CausalOrder,
    private readonly clocks: ComputedClocks,
    private readonly knowledge: Knowledge,
    /** The state replay, run (once, by whoever gives it) when a state is first asked for: positions, clocks and buffers need none. */
    private readonly replay: () => ReplayedStates,
  ) {
    this.lanes = eventsByReplica(trace, causal);
    this.states = emptyStates(trace);
    this.issued = new Uint32Array(trace.replicas.size);
  }

  /** The current step: the last applied event's step, -1 before the first. */
  get step(): number {
    return this.position - 1;
  }

  /** Moves so that every event up to and including `step` counts as applied (-1: none). Cheap: states catch up when asked. */
  seek(step: number): void {
    this.position = Math.max(-1, Math.min(step, this.trace.size - 1)) + 1;
  }

  /** The CRDT state of replica r's object k at the current step (do not change it). */
  state(r: number, k: number): AnyCrdt {
    if (this.replayed !== this.position) this.bringUp();
    return this.states[r][k];
  }

  /** Replica r's last event at or before the current step, or -1. */
  lastEventOf(r: number): number {
    const n = this.laneCountAt(r, this.position);
    return n === 0 ? -1 : this.lanes[r][n - 1];
  }

  /** Replica r's vector clock at the current step (zeros before its first event). */
  clockOf(r: number): Uint32Array {
    const e = this.lastEventOf(r);
    return e < 0 ? new Uint32Array(this.clocks.replicaCount) : this.clocks.row(e);
  }

  /** Operations waiting in replica r's causal buffer at the current step. */
  bufferOf(r: number): BufferWait[] {
    const now = this.position - 1;
    return this.knowledge.buffered.filter((b) => b.replica === r && b.arrived <= now && (b.delivered < 0 || b.delivered > now));
  }

  /** How many of replica r's lane events come before global position `position`. */
  private laneCountAt(r: number, position: number): number {
    const lane = this.lanes[r];
    const { step } = this.causal;
    return partitionPoint(0, lane.length, (m) => step[lane[m]] < position);
  }

  /** Brings every replica's states to the current position: forward from the nearest point at or before it. */
  private bringUp(): void {
    const { tables, checkpoints } = this.replay();
    const target = this.position;
    const { interval } = checkpoints;
    const base = Math.floor(target / interval) * interval;
    let from = base > 0 ? checkpoints.checkpoints.get(base) : undefined;
    if (this.snapshot && this.snapshot.position <= target && this.snapshot.position > (from?.position ?? 0)) from = this.snapshot;
    // Going on from where the cursor is, when that is nearer than any point.
    if (this.replayed > target || this.replayed < (from?.position ?? 0)) this.restore(from);
    const every = Math.max(1, Math.floor(interval / SNAPSHOTS_PER_INTERVAL));
    // After a long way (a jump), the cursor's snapshot goes to the last boundary on it: a step back from the target starts there.
    // Short ways (steps, a walk through every step) take none: copying every state at each boundary would cost more than they do.
    const snapshotAt = target - this.replayed > every ? Math.floor(target / every) * every : -1;
    while (this.replayed < target) {
      this.apply(tables, this.replayed);
      this.replayed++;
      if (this.replayed === snapshotAt && snapshotAt % interval !== 0) this.snapshot = this.point();
    }
  }

  /** Restores the states at a point (the empty states at the start when none). */
  private restore(point: ReplayPoint | undefined): void {
    // One array per cursor, emptied: a jump makes no garbage of its size.
    if (this.deltas.length === this.knowledge.opEvent.length) this.deltas.fill(undefined);
    else this.deltas = new Array<AnyCrdt | undefined>(this.knowledge.opEvent.length).fill(undefined);
    if (!point) {
      this.states = emptyStates(this.trace);
      this.issued = new Uint32Array(this.trace.replicas.size);
      this.replayed = 0;
      return;
    }
    this.states = point.states.map((row) => row.map((c) => c.clone()));
    this.issued = point.issued.slice();
    point.inFlight.forEach((o, n) => (this.deltas[o] = point.inFlightDeltas[n]));
    this.replayed = point.position;
  }

  /** The cursor's states now, as a point to restore later. */
  private point(): ReplayPoint {
    return { position: this.replayed, states: this.states.map((row) => row.map((c) => c.clone())), issued: this.issued.slice(), ...inFlightOf(this.deltas) };
  }

  /** Applies the event at causal `step`: its operation at its origin, and the deltas it delivers. */
  private apply(tables: ReplayTables, step: number): void {
    const { trace, knowledge } = this;
    const i = this.causal.order[step];
    const r = trace.replica[i];
    const o = knowledge.opOfEvent[i];
    if (o >= 0) {
      let delta: AnyCrdt | undefined;
      try {
        delta = mutateAtOrigin(trace, this.clocks, tables, this.states, i, ++this.issued[r]);
      } catch (err) {
        // The state replay reported it; the operation is ignored here as there.
        if (!(err instanceof CrdtOpError)) throw err;
      }
      if (tables.lastDelivery[o] > step) this.deltas[o] = delta;
    }
    mergeDeliveries(knowledge, tables, this.deltas, this.states[r], i, step);
  }
}
