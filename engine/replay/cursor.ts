// ReplayCursor: reaches any step of a replayed trace and answers what each replica held there:
// CRDT states, clock, causal buffer. States come from the state replay's checkpoints: dense ones
// (every delta kept) replay only the replica asked for, from the checkpoint before the step; lean
// ones replay every replica forward from the nearest of where the cursor is, its own recent
// snapshot, or a checkpoint, with the deltas in flight.

import { type AnyCrdt, CrdtOpError } from '../crdt/types';
import type { Trace } from '../trace/model';
import { inFlightOf, type ReplayedStates, type ReplayPoint } from './checkpoints';
import type { ComputedClocks } from './clocks';
import type { BufferWait, Knowledge } from './knowledge';
import { type CausalOrder, eventsByReplica } from './order';
import { emptyStates, mergeDeliveries, mutateAtOrigin } from './states';
import { partitionPoint } from '../util/bisect';

/** A cursor's own snapshot is taken at a multiple of 1/SNAPSHOTS_PER_INTERVAL of the checkpoint interval (a step back after a jump replays at most that many events). */
const SNAPSHOTS_PER_INTERVAL = 32;

/** What both ways of seeking states read: the trace, its order and tables, and the replay's checkpoints. */
interface SeekContext {
  trace: Trace;
  causal: CausalOrder;
  clocks: ComputedClocks;
  knowledge: Knowledge;
  replayed: ReplayedStates;
  lanes: Uint32Array[];
}

/** Every replica's states at a global position (events applied), however they are brought there. */
interface StateSeeker {
  state(r: number, k: number, position: number): AnyCrdt;
}

/** Applies op event i at its origin (its `++issued[r]`-th operation) and returns its delta; an invalid operation is ignored here as the state replay reported it. */
function mutateIgnoringInvalid(context: SeekContext, states: AnyCrdt[][], issued: Uint32Array, i: number): AnyCrdt | undefined {
  try {
    return mutateAtOrigin(context.trace, context.clocks, context.replayed.tables, states, i, ++issued[context.trace.replica[i]]);
  } catch (err) {
    if (!(err instanceof CrdtOpError)) throw err;
    return undefined;
  }
}

/** How many of a replica's lane events come before global position `position`. */
function laneCountAt(lane: Uint32Array, causal: CausalOrder, position: number): number {
  const { step } = causal;
  return partitionPoint(0, lane.length, (m) => step[lane[m]] < position);
}

/** Dense checkpoints: replica r alone is brought to a position, from where it is or the checkpoint before, with every operation's delta kept. */
class LaneSeeker implements StateSeeker {
  private readonly empty: AnyCrdt[][];
  /** Per replica: its states, how many of its lane's events they include, and the operations it had issued. */
  private readonly states: AnyCrdt[][];
  private readonly applied: Uint32Array;
  private readonly issued: Uint32Array;

  constructor(
    private readonly context: SeekContext,
    private readonly deltas: (AnyCrdt | undefined)[],
  ) {
    this.empty = emptyStates(context.trace);
    this.states = this.empty.map((row) => row.map((c) => c.clone()));
    this.applied = new Uint32Array(context.trace.replicas.size);
    this.issued = new Uint32Array(context.trace.replicas.size);
  }

  state(r: number, k: number, position: number): AnyCrdt {
    const { context } = this;
    const { interval, checkpoints } = context.replayed.checkpoints;
    const lane = context.lanes[r];
    const target = laneCountAt(lane, context.causal, position);
    const base = Math.floor(position / interval) * interval;
    const fromCheckpoint = base > 0 ? laneCountAt(lane, context.causal, base) : 0;
    if (target < this.applied[r] || fromCheckpoint > this.applied[r]) {
      const point = base > 0 ? checkpoints.get(base)! : undefined;
      this.states[r] = (point?.states ?? this.empty)[r].map((c) => c.clone());
      this.issued[r] = point?.issued[r] ?? 0;
      this.applied[r] = fromCheckpoint;
    }
    const { knowledge, replayed } = context;
    while (this.applied[r] < target) {
      const i = lane[this.applied[r]++];
      if (knowledge.opOfEvent[i] >= 0) mutateIgnoringInvalid(context, this.states, this.issued, i);
      mergeDeliveries(knowledge, replayed.tables, this.deltas, this.states[r], i, -1);
    }
    return this.states[r][k];
  }
}

/** Lean checkpoints: every replica is replayed forward at once, from the nearest point, with the deltas in flight. */
class ForwardSeeker implements StateSeeker {
  /** Every replica's states after `replayed` events, and what the replay needs to go on. */
  private states: AnyCrdt[][];
  private issued: Uint32Array;
  private deltas: (AnyCrdt | undefined)[] = [];
  private replayed = 0;
  /** The cursor's own recent point (taken on the way forward), so a step back replays few events. */
  private snapshot?: ReplayPoint;

  constructor(private readonly context: SeekContext) {
    this.states = emptyStates(context.trace);
    this.issued = new Uint32Array(context.trace.replicas.size);
  }

  state(r: number, k: number, position: number): AnyCrdt {
    if (this.replayed !== position) this.bringUp(position);
    return this.states[r][k];
  }

  /** Brings every replica's states to `target`: forward from the nearest point at or before it. */
  private bringUp(target: number): void {
    const { interval, checkpoints } = this.context.replayed.checkpoints;
    const base = Math.floor(target / interval) * interval;
    let from = base > 0 ? checkpoints.get(base) : undefined;
    if (this.snapshot && this.snapshot.position <= target && this.snapshot.position > (from?.position ?? 0)) from = this.snapshot;
    // Going on from where the cursor is, when that is nearer than any point.
    if (this.replayed > target || this.replayed < (from?.position ?? 0)) this.restore(from);
    const every = Math.max(1, Math.floor(interval / SNAPSHOTS_PER_INTERVAL));
    // After a long way (a jump), the cursor's snapshot goes to the last boundary on it: a step back from the target starts there.
    // Short ways (steps, a walk through every step) take none: copying every state at each boundary would cost more than they do.
    const snapshotAt = target - this.replayed > every ? Math.floor(target / every) * every : -1;
    while (this.replayed < target) {
      this.apply(this.replayed);
      this.replayed++;
      if (this.replayed === snapshotAt && snapshotAt % interval !== 0) this.snapshot = this.point();
    }
  }

  /** Restores the states at a point (the empty states at the start when none). */
  private restore(point: ReplayPoint | undefined): void {
    const { trace, knowledge } = this.context;
    // One array per cursor, emptied: a jump makes no garbage of its size.
    if (this.deltas.length === knowledge.opEvent.length) this.deltas.fill(undefined);
    else this.deltas = new Array<AnyCrdt | undefined>(knowledge.opEvent.length).fill(undefined);
    if (!point) {
      this.states = emptyStates(trace);
      this.issued = new Uint32Array(trace.replicas.size);
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
  private apply(step: number): void {
    const { context } = this;
    const { tables } = context.replayed;
    const i = context.causal.order[step];
    const o = context.knowledge.opOfEvent[i];
    if (o >= 0) {
      const delta = mutateIgnoringInvalid(context, this.states, this.issued, i);
      if (tables.lastDelivery[o] > step) this.deltas[o] = delta;
    }
    mergeDeliveries(context.knowledge, tables, this.deltas, this.states[context.trace.replica[i]], i, step);
  }
}

export class ReplayCursor {
  private readonly lanes: Uint32Array[];
  /** How states are brought to a position: chosen once the state replay has run (dense or lean checkpoints). */
  private seeker?: StateSeeker;
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
    this.seeker ??= this.newSeeker();
    return this.seeker.state(r, k, this.position);
  }

  /** Replica r's last event at or before the current step, or -1. */
  lastEventOf(r: number): number {
    const n = laneCountAt(this.lanes[r], this.causal, this.position);
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

  private newSeeker(): StateSeeker {
    const replayed = this.replay();
    const { trace, causal, clocks, knowledge, lanes } = this;
    const context: SeekContext = { trace, causal, clocks, knowledge, replayed, lanes };
    const { deltas } = replayed.checkpoints;
    return deltas ? new LaneSeeker(context, deltas) : new ForwardSeeker(context);
  }
}
