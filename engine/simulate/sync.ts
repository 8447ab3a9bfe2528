// The three sync modes: what a message carries, what its receiver does with it, and whom a
// replica's timer sends to. Operation-based: the sender's own operations not yet acknowledged,
// delivered through a causal buffer, retransmitted until acknowledged. State-based: the whole
// state. Delta-state: the join of the deltas the destinations have not confirmed. State and delta
// timers run anti-entropy with one peer not known to be up to date; every mode acknowledges.

import type { AnyCrdt } from '../crdt/types';
import type { VectorClock } from '../clock/vector';
import type { PayloadName } from '../trace/model';
import type { SyncMode } from './config';
import type { SimulatedOp, SimulatedReplica } from './replica';

/** Every operation issued so far, by origin; receivers of states and deltas look up what they gained. */
export class OpLog {
  readonly byOrigin: SimulatedOp[][];

  constructor(replicaCount: number) {
    this.byOrigin = Array.from({ length: replicaCount }, () => []);
  }

  add(op: SimulatedOp): void {
    this.byOrigin[op.origin].push(op);
  }

  /** The `index`-th operation (from 1) of `origin`. */
  get(origin: number, index: number): SimulatedOp {
    return this.byOrigin[origin][index - 1];
  }

  get size(): number {
    return this.byOrigin.reduce((sum, ops) => sum + ops.length, 0);
  }
}

export type MessageContent = { readonly ops: readonly SimulatedOp[] } | { readonly states: ReadonlyMap<string, AnyCrdt> };

/** What a send carries, as composed for its destinations. */
export interface Composed {
  readonly content: MessageContent;
  readonly payload: PayloadName;
  /** Bytes of the payload as compact JSON (engine byte sizes). */
  readonly bytes: number;
}

export interface SimulatedMessage extends Composed {
  readonly id: string;
  readonly from: number;
  /** The send event's vector clock. */
  readonly clock: VectorClock;
  /** The sender's delivered counts at the send (its acknowledgement of what it has). */
  readonly delivered: readonly number[];
}

export interface SyncProtocol {
  compose(sender: SimulatedReplica, targets: readonly number[]): Composed;
  /** Applies a message; returns whether the receiver owes the sender an acknowledgement. */
  accept(receiver: SimulatedReplica, message: SimulatedMessage): boolean;
  /** Peers the replica's timer sends to now (retransmission, anti-entropy, acknowledgements). */
  timerTargets(replica: SimulatedReplica, nowUs: number, intervalUs: number, random: () => number): number[];
}

/** Peers other than the replica itself that pass `test`. */
function peers(replica: SimulatedReplica, test: (peer: number) => boolean): number[] {
  const result: number[] = [];
  for (let p = 0; p < replica.owesAck.length; p++) if (p !== replica.index && test(p)) result.push(p);
  return result;
}

/** Not sent to within the last interval: give the last message time to be acknowledged. */
function due(replica: SimulatedReplica, peer: number, nowUs: number, intervalUs: number): boolean {
  return nowUs - replica.lastSentUs[peer] >= intervalUs;
}

function stateBytes(states: ReadonlyMap<string, AnyCrdt>): number {
  let bytes = 0;
  for (const state of states.values()) bytes += state.byteSize();
  return bytes;
}

class OperationSync implements SyncProtocol {
  constructor(private readonly log: OpLog) {}

  compose(sender: SimulatedReplica, targets: readonly number[]): Composed {
    const self = sender.index;
    const from = Math.min(...targets.map((t) => sender.knownOf[t][self]));
    const ops = this.log.byOrigin[self].slice(from, sender.delivered[self]);
    const bytes = ops.reduce((sum, op) => sum + op.delta.byteSize(), 0);
    return { content: { ops }, payload: ops.length > 0 ? 'ops' : 'none', bytes };
  }

  /** Operations, even ones already delivered, are acknowledged: the sender retransmits until they are. */
  accept(receiver: SimulatedReplica, message: SimulatedMessage): boolean {
    if (!('ops' in message.content)) return false;
    for (const op of message.content.ops) receiver.deliver(op);
    return message.content.ops.length > 0;
  }

  timerTargets(replica: SimulatedReplica, nowUs: number, intervalUs: number): number[] {
    const own = replica.delivered[replica.index];
    return peers(replica, (p) => replica.owesAck[p] || (replica.knownOf[p][replica.index] < own && due(replica, p, nowUs, intervalUs)));
  }
}

/** State and delta sync differ only in what they carry. */
abstract class StateLikeSync implements SyncProtocol {
  constructor(protected readonly log: OpLog) {}

  protected abstract carried(sender: SimulatedReplica, targets: readonly number[]): Map<string, AnyCrdt>;
  protected abstract readonly payload: PayloadName;

  compose(sender: SimulatedReplica, targets: readonly number[]): Composed {
    const states = this.carried(sender, targets);
    return { content: { states }, payload: this.payload, bytes: stateBytes(states) };
  }

  /** A state that brought something new is acknowledged (anti-entropy repairs the rest). */
  accept(receiver: SimulatedReplica, message: SimulatedMessage): boolean {
    if (!('states' in message.content)) return false;
    return receiver.mergeStates(message.content.states, message.delivered, (j, index) => this.log.get(j, index)) > 0;
  }

  timerTargets(replica: SimulatedReplica, nowUs: number, intervalUs: number, random: () => number): number[] {
    const behind = peers(replica, (p) => !replica.owesAck[p] && !replica.peerUpToDate(p) && due(replica, p, nowUs, intervalUs));
    const targets = peers(replica, (p) => replica.owesAck[p]);
    if (behind.length > 0) targets.push(behind[Math.floor(random() * behind.length)]);
    return targets.sort((a, b) => a - b);
  }
}

class FullStateSync extends StateLikeSync {
  protected readonly payload = 'state';

  protected carried(sender: SimulatedReplica): Map<string, AnyCrdt> {
    const states = new Map<string, AnyCrdt>();
    for (const [key, state] of sender.states) if (sender.touched.has(key)) states.set(key, state.clone());
    return states;
  }
}

class DeltaStateSync extends StateLikeSync {
  protected readonly payload = 'delta';

  /** The join of the deltas of every operation the sender has that some destination has not confirmed. */
  protected carried(sender: SimulatedReplica, targets: readonly number[]): Map<string, AnyCrdt> {
    const group = new Map<string, AnyCrdt>();
    sender.delivered.forEach((upTo, j) => {
      const confirmed = Math.min(...targets.map((t) => sender.knownOf[t][j]));
      for (let index = confirmed + 1; index <= upTo; index++) {
        const { key, delta } = this.log.get(j, index);
        const joined = group.get(key);
        if (joined) joined.merge(delta);
        else group.set(key, delta.clone());
      }
    });
    return group;
  }
}

export function syncProtocol(mode: SyncMode, log: OpLog): SyncProtocol {
  switch (mode) {
    case 'ops':
      return new OperationSync(log);
    case 'state':
      return new FullStateSync(log);
    case 'delta':
      return new DeltaStateSync(log);
  }
}
