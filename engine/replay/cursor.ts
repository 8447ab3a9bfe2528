// ReplayCursor: reaches any step of a replayed trace (checkpoints of all states every K steps,
// then forward replay) and answers what each replica held there: CRDT states, clock, buffer.

import type { AnyCrdt } from '../crdt/types';
import type { Trace } from '../trace/model';
import type { ComputedClocks } from './clocks';
import type { BufferWait, Knowledge } from './knowledge';
import { type CausalOrder, eventsByReplica } from './order';
import { applyEvent, emptyStates } from './states';

/** Checkpoints of every replica's states, taken during the state replay. */
export class CheckpointRecorder {
  /** Step -> states after that step. */
  readonly checkpoints = new Map<number, AnyCrdt[][]>();
  readonly interval: number;

  constructor(size: number) {
    this.interval = size <= 4096 ? 256 : 8192;
  }

  /** Call after the event at `step` was applied. */
  record(step: number, states: AnyCrdt[][]): void {
    if ((step + 1) % this.interval === 0) this.checkpoints.set(step, states.map((row) => row.map((c) => c.clone())));
  }
}

export class ReplayCursor {
  private states: AnyCrdt[][];
  /** Events applied so far: the states are those after step `position - 1`. */
  private position = 0;
  private eventsOfReplica?: Uint32Array[];

  constructor(
    private readonly trace: Trace,
    private readonly causal: CausalOrder,
    private readonly clocks: ComputedClocks,
    private readonly knowledge: Knowledge,
    private readonly deltas: readonly (AnyCrdt | undefined)[],
    private readonly recorder: CheckpointRecorder,
  ) {
    this.states = emptyStates(trace);
  }

  /** The current step: the last applied event's step, -1 before the first. */
  get step(): number {
    return this.position - 1;
  }

  /** Moves so that every event up to and including `step` is applied (-1: none). */
  seek(step: number): void {
    const target = Math.max(-1, Math.min(step, this.trace.size - 1)) + 1;
    const { interval } = this.recorder;
    // The nearest checkpoint at or before the target, if it is better than going on from here.
    const base = Math.floor(target / interval) * interval;
    const useCheckpoint = base > 0 && (target < this.position || base > this.position);
    if (useCheckpoint) {
      this.states = this.recorder.checkpoints.get(base - 1)!.map((row) => row.map((c) => c.clone()));
      this.position = base;
    } else if (target < this.position) {
      this.states = emptyStates(this.trace);
      this.position = 0;
    }
    while (this.position < target) applyEvent(this.trace, this.knowledge, this.deltas, this.states, this.causal.order[this.position++]);
  }

  /** The CRDT state of replica r's object k at the current step (do not change it). */
  state(r: number, k: number): AnyCrdt {
    return this.states[r][k];
  }

  /** Replica r's last event at or before the current step, or -1. */
  lastEventOf(r: number): number {
    const events = this.replicaEvents()[r];
    const { step } = this.causal;
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (step[events[mid]] < this.position) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? -1 : events[lo - 1];
  }

  /** Replica r's vector clock at the current step (zeros before its first event). */
  clockOf(r: number): Uint32Array {
    const R = this.clocks.replicaCount;
    const e = this.lastEventOf(r);
    return e < 0 ? new Uint32Array(R) : this.clocks.vector.slice(e * R, e * R + R);
  }

  /** Operations waiting in replica r's causal buffer at the current step. */
  bufferOf(r: number): BufferWait[] {
    const now = this.position - 1;
    return this.knowledge.buffered.filter((b) => b.replica === r && b.arrived <= now && (b.delivered < 0 || b.delivered > now));
  }

  private replicaEvents(): Uint32Array[] {
    return (this.eventsOfReplica ??= eventsByReplica(this.trace, this.causal));
  }
}
