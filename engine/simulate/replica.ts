// One simulated replica: its CRDT states (the engine's own), which operations it has delivered
// from each origin, its vector clock, and what it has learnt about its peers (what each has
// confirmed it delivered, which ones it owes an acknowledgement, when it last sent to each).

import { CausalBuffer } from '../clock/causal-delivery';
import { type VectorClock } from '../clock/vector';
import { createCrdt, type CrdtSpec } from '../crdt/registry';
import type { AnyCrdt, CrdtOp, Json } from '../crdt/types';

/** An operation as the simulation keeps it: issued once at its origin, its delta carried by messages. */
export interface SimulatedOp {
  readonly origin: number;
  /** Its number among its origin's operations, from 1. */
  readonly index: number;
  readonly key: string;
  readonly op: CrdtOp;
  /** The state change the origin's CRDT produced (what receivers merge). */
  readonly delta: AnyCrdt;
  /** The origin's delivered counts when it issued the operation, itself included (its causal dependencies). */
  readonly deps: readonly number[];
}

export class SimulatedReplica {
  clock: VectorClock = {};
  /** Events written so far (the next event's `seq` is one more). */
  events = 0;
  readonly states = new Map<string, AnyCrdt>();
  /** Keys with at least one delivered operation (the ones a recorded state names). */
  readonly touched = new Set<string>();
  /** Operations delivered from each origin (a prefix of that origin's operations). */
  readonly delivered: number[];
  deliveredTotal = 0;
  /** Per peer: the delivered counts it last reported (what it has for sure). */
  readonly knownOf: number[][];
  /** Per peer: it sent something that asks for an acknowledgement. */
  readonly owesAck: boolean[];
  /** Per peer: virtual time of the last message to it (-Infinity: never). */
  readonly lastSentUs: number[];
  /** Operation-based sync: operations wait here until causally deliverable. */
  readonly buffer: CausalBuffer<SimulatedOp> | undefined;

  constructor(
    readonly index: number,
    readonly name: string,
    replicaCount: number,
    objects: Readonly<Record<string, CrdtSpec>>,
    causal: boolean,
    private readonly onDelivered: (op: SimulatedOp) => void,
  ) {
    for (const [key, spec] of Object.entries(objects)) this.states.set(key, createCrdt(spec));
    this.delivered = new Array<number>(replicaCount).fill(0);
    this.knownOf = Array.from({ length: replicaCount }, () => new Array<number>(replicaCount).fill(0));
    this.owesAck = new Array<boolean>(replicaCount).fill(false);
    this.lastSentUs = new Array<number>(replicaCount).fill(-Infinity);
    this.buffer = causal ? new CausalBuffer<SimulatedOp>({ deliver: (op) => this.apply(op), clock: this.delivered }) : undefined;
  }

  /** Delivers an operation (its own, or one a message carried): through the causal buffer in operation-based sync. */
  deliver(op: SimulatedOp): 'delivered' | 'buffered' | 'duplicate' {
    if (this.buffer) return this.buffer.offer(op, op.deps, op.origin);
    if (op.index <= this.delivered[op.origin]) return 'duplicate';
    this.apply(op);
    return 'delivered';
  }

  /**
   * Merges states a message carried (a whole state or a delta group) that hold every operation up
   * to `upTo` per origin, and counts those it had not delivered; `opOf` finds an operation by number.
   * Returns how many were new.
   */
  mergeStates(states: ReadonlyMap<string, AnyCrdt>, upTo: readonly number[], opOf: (origin: number, index: number) => SimulatedOp): number {
    const before = this.deliveredTotal;
    if (!upTo.some((count, j) => count > this.delivered[j])) return 0;
    for (const [key, state] of states) this.states.get(key)!.merge(state);
    for (let j = 0; j < upTo.length; j++) {
      for (let index = this.delivered[j] + 1; index <= upTo[j]; index++) this.count(opOf(j, index));
    }
    return this.deliveredTotal - before;
  }

  /** Merges an operation's delta (a no-op for the origin's own, already applied) and counts it. */
  private apply(op: SimulatedOp): void {
    this.states.get(op.key)!.merge(op.delta);
    this.count(op);
  }

  private count(op: SimulatedOp): void {
    this.touched.add(op.key);
    this.delivered[op.origin] = op.index;
    this.deliveredTotal++;
    this.onDelivered(op);
  }

  /** Records what `peer` reported it has delivered. */
  learn(peer: number, delivered: readonly number[]): void {
    const known = this.knownOf[peer];
    for (let j = 0; j < known.length; j++) if (delivered[j] > known[j]) known[j] = delivered[j];
  }

  /** Whether `peer` has confirmed every operation this replica has delivered. */
  peerUpToDate(peer: number): boolean {
    const known = this.knownOf[peer];
    return this.delivered.every((count, j) => known[j] >= count);
  }

  /** The values of the objects it has delivered operations on, for a recorded `state`. */
  values(): Record<string, Json> {
    const values: Record<string, Json> = {};
    for (const [key, crdt] of this.states) if (this.touched.has(key)) values[key] = crdt.value();
    return values;
  }
}
