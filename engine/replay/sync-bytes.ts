// The bytes each state or delta sync moves, measured as the state replay passes it: the join of
// the deltas the receiver lacked, against the sender's whole state at the send (the seed's delta rule).

import type { AnyCrdt } from '../crdt/types';
import { EventKind, Payload, type Trace } from '../trace/model';
import type { Knowledge } from './knowledge';

/** Bytes a state or delta sync moved, against the sender's whole state (the seed's delta rule). */
export interface SyncBytes {
  /** The receiving event. */
  event: number;
  /** Bytes of the join of the deltas the receiver was missing. */
  deltaBytes: number;
  /** Bytes of the sender's full state at the send. */
  fullBytes: number;
}

/** Bytes of every replica's states, each key's counted again only after it changed (a send measures all of its replica's keys). */
class StateSizes {
  private readonly bytes: Float64Array[];
  private readonly stale: Uint8Array[];

  constructor(private readonly states: AnyCrdt[][]) {
    this.bytes = states.map((row) => new Float64Array(row.length));
    this.stale = states.map((row) => new Uint8Array(row.length).fill(1));
  }

  /** Replica r's state of key k has changed (or is about to, within the same event). */
  changed(r: number, k: number): void {
    this.stale[r][k] = 1;
  }

  /** Bytes of replica r's whole state: the sum over its keys. */
  fullBytes(r: number): number {
    const bytes = this.bytes[r];
    const stale = this.stale[r];
    let sum = 0;
    for (let k = 0; k < bytes.length; k++) {
      if (stale[k]) {
        bytes[k] = this.states[r][k].byteSize();
        stale[k] = 0;
      }
      sum += bytes[k];
    }
    return sum;
  }
}

/** Measures every state or delta sync of a replay, event by event. */
export class SyncMeter {
  readonly syncs: SyncBytes[] = [];
  private readonly sizes: StateSizes;
  /** The sender's full bytes at each sending event of a state or delta payload the replay has passed. */
  private readonly fullBytesAt = new Map<number, number>();
  /**
   * Bytes of each operation's delta once measured (NaN before): a delta never changes after it is
   * made (joins are made on copies), and a sync of a key's only delta measures it as it is.
   */
  private readonly deltaBytes: Float64Array;
  /** While a sync is measured: the ops of each key whose deltas it carries, in delivery order (empty: none). */
  private readonly opsOfKey: number[][];
  /** While a sync is measured: the keys of its deltas, in the order first met. */
  private readonly keysJoined: number[] = [];
  /**
   * Bytes of the join of several deltas, by their op numbers in delivery order: the same deltas
   * reach many replicas (a replica passes on what it was sent), and their join is the same each time.
   */
  private readonly joinedBytesOf = new Map<string, number>();
  /** Whether each event is the send of an edge: only those sends need the sender's full bytes. */
  private readonly sendsReceived: Uint8Array;

  /**
   * @param keyOfOp the key of each operation (by op number)
   * @param states the replay's states, which it changes in place
   */
  constructor(
    private readonly trace: Trace,
    private readonly knowledge: Knowledge,
    private readonly keyOfOp: Int32Array,
    states: AnyCrdt[][],
  ) {
    this.sizes = new StateSizes(states);
    this.deltaBytes = new Float64Array(keyOfOp.length).fill(NaN);
    this.opsOfKey = Array.from({ length: trace.objects.length }, () => []);
    this.sendsReceived = new Uint8Array(trace.size);
    for (const from of trace.edgeFrom) if (from >= 0) this.sendsReceived[from] = 1;
  }

  /**
   * Call at event i after its own operation made its delta and before its deliveries are merged:
   * if it receives a state or delta payload, measures the join of the deltas it lacks against
   * the sender's full state; if it sends one, records its replica's full state.
   */
  measure(i: number, deltas: readonly (AnyCrdt | undefined)[]): void {
    const { trace, knowledge, sizes } = this;
    const r = trace.replica[i];
    const start = knowledge.deliveredStart[i];
    const end = knowledge.deliveredStart[i + 1];
    if (knowledge.opOfEvent[i] >= 0) sizes.changed(r, trace.key[i]);
    let deltaBytes = -1;
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
      const full = this.fullBytesAt.get(trace.edgeFrom[k]);
      if (full === undefined) continue;
      if (deltaBytes < 0) deltaBytes = this.joinedBytes(deltas, start, end);
      this.syncs.push({ event: i, deltaBytes, fullBytes: full });
    }
    for (let d = start; d < end; d++) sizes.changed(r, this.keyOfOp[knowledge.delivered[d]]);
    const carriesState = trace.payload[i] === Payload.state || trace.payload[i] === Payload.delta;
    if (trace.kind[i] === EventKind.send && carriesState && this.sendsReceived[i]) this.fullBytesAt.set(i, sizes.fullBytes(r));
  }

  /** Bytes of the join, per key, of the deltas delivered[start..end) (a key's only delta is measured as it is). */
  private joinedBytes(deltas: readonly (AnyCrdt | undefined)[], start: number, end: number): number {
    const { delivered } = this.knowledge;
    const { opsOfKey, keysJoined } = this;
    for (let d = start; d < end; d++) {
      const o = delivered[d];
      if (!deltas[o]) continue;
      const ops = opsOfKey[this.keyOfOp[o]];
      if (ops.length === 0) keysJoined.push(this.keyOfOp[o]);
      ops.push(o);
    }
    let bytes = 0;
    for (const key of keysJoined) {
      const ops = opsOfKey[key];
      bytes += ops.length === 1 ? this.deltaBytesOf(deltas, ops[0]) : this.joinBytes(deltas, ops);
      ops.length = 0;
    }
    keysJoined.length = 0;
    return bytes;
  }

  /** Bytes of op o's delta, measured once. */
  private deltaBytesOf(deltas: readonly (AnyCrdt | undefined)[], o: number): number {
    if (Number.isNaN(this.deltaBytes[o])) this.deltaBytes[o] = deltas[o]!.byteSize();
    return this.deltaBytes[o];
  }

  /** Bytes of the join of the deltas of `ops` (one key's, in delivery order): a copy of the first joined with the others, measured once. */
  private joinBytes(deltas: readonly (AnyCrdt | undefined)[], ops: readonly number[]): number {
    const id = ops.join(',');
    const known = this.joinedBytesOf.get(id);
    if (known !== undefined) return known;
    const join: AnyCrdt = deltas[ops[0]]!.clone();
    for (let n = 1; n < ops.length; n++) join.merge(deltas[ops[n]]!);
    const bytes = join.byteSize();
    this.joinedBytesOf.set(id, bytes);
    return bytes;
  }
}
