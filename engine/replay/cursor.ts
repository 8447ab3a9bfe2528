// ReplayCursor: reaches any step of a replayed trace and answers what each replica held there:
// CRDT states, clock, causal buffer. A replica's state depends only on its own lane's events,
// so each replica is brought to the current step lazily, from the nearest checkpoint, when its
// state is first asked for: a jump costs only the lanes that are looked at (and the state replay
// itself waits for the first state asked for).

import type { AnyCrdt } from '../crdt/types';
import type { Trace } from '../trace/model';
import type { ComputedClocks } from './clocks';
import type { BufferWait, Knowledge } from './knowledge';
import { type CausalOrder, eventsByReplica } from './order';
import { applyEvent, emptyStates } from './states';
import { partitionPoint } from '../util/bisect';

/**
 * Checkpoints of every replica's states, taken during the state replay. A replica without an
 * event since the previous checkpoint shares that checkpoint's copy of its states (copies are
 * never changed): checkpoints cost the replicas that changed, not every replica every time.
 */
export class CheckpointRecorder {
  /** Step -> states after that step. */
  readonly checkpoints = new Map<number, AnyCrdt[][]>();
  readonly interval: number;
  /** The previous checkpoint, and the replicas with an event since (all of them before the first). */
  private previous: AnyCrdt[][] = [];
  private readonly changed: Uint8Array;

  constructor(size: number, replicas: number) {
    this.interval = size <= 4096 ? 256 : 8192;
    this.changed = new Uint8Array(replicas).fill(1);
  }

  /** Call after the event at `step`, of replica r, was applied. */
  record(step: number, states: AnyCrdt[][], r: number): void {
    this.changed[r] = 1;
    if ((step + 1) % this.interval !== 0) return;
    const taken = states.map((row, q) => (this.changed[q] ? row.map((c) => c.clone()) : this.previous[q]));
    this.changed.fill(0);
    this.previous = taken;
    this.checkpoints.set(step, taken);
  }
}

/** What a cursor replays states from: every operation's delta and the replay's checkpoints. */
export interface ReplayedStates {
  deltas: readonly (AnyCrdt | undefined)[];
  checkpoints: CheckpointRecorder;
}

export class ReplayCursor {
  private readonly lanes: Uint32Array[];
  private readonly empty: AnyCrdt[][];
  /** Per replica: its states, and how many of its lane's events they include. */
  private readonly states: AnyCrdt[][];
  private readonly applied: Uint32Array;
  /** Events applied globally: the current step is `position - 1`. */
  private position = 0;

  constructor(
    private readonly trace: Trace,
    private readonly causal: CausalOrder,
    private readonly clocks: ComputedClocks,
    private readonly knowledge: Knowledge,
    /** The state replay, run (once, by whoever gives it) when a state is first asked for: positions, clocks and buffers need none. */
    private readonly replayed: () => ReplayedStates,
  ) {
    this.lanes = eventsByReplica(trace, causal);
    this.empty = emptyStates(trace);
    this.states = this.empty.map((row) => row.map((c) => c.clone()));
    this.applied = new Uint32Array(trace.replicas.size);
  }

  /** The current step: the last applied event's step, -1 before the first. */
  get step(): number {
    return this.position - 1;
  }

  /** Moves so that every event up to and including `step` counts as applied (-1: none). Cheap: replicas catch up when asked. */
  seek(step: number): void {
    this.position = Math.max(-1, Math.min(step, this.trace.size - 1)) + 1;
  }

  /** The CRDT state of replica r's object k at the current step (do not change it). */
  state(r: number, k: number): AnyCrdt {
    this.bringUp(r);
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

  /** Brings replica r's states to the current step: forward from where they are, or from a checkpoint. */
  private bringUp(r: number): void {
    const lane = this.lanes[r];
    const target = this.laneCountAt(r, this.position);
    const { deltas, checkpoints } = this.replayed();
    const { interval } = checkpoints;
    const base = Math.floor(this.position / interval) * interval;
    const fromCheckpoint = base > 0 ? this.laneCountAt(r, base) : 0;
    if (target < this.applied[r] || (base > 0 && fromCheckpoint > this.applied[r])) {
      const row = base > 0 ? checkpoints.checkpoints.get(base - 1)![r] : this.empty[r];
      this.states[r] = row.map((c) => c.clone());
      this.applied[r] = fromCheckpoint;
    }
    while (this.applied[r] < target) applyEvent(this.trace, this.knowledge, deltas, this.states, lane[this.applied[r]++]);
  }
}
