// The reference state replay: every replica's CRDT states rebuilt from the operations it
// delivered (knowledge.ts says which, at which event). An op mutates its origin's state and
// yields a delta; a delivery merges that delta. Run on demand (final states, the cursor, checks
// of recorded states); without a cursor to serve, each delta is let go after its last delivery.

import { createCrdt, OP_TYPES_BY_CRDT, unsupportedOp } from '../crdt/registry';
import { type AnyCrdt, CrdtOpError } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import { EventKind, Payload, type Trace } from '../trace/model';
import { MemoryBudget } from '../analysis/limits';
import type { ComputedClocks } from './clocks';
import { CountRows } from './count-rows';
import type { Knowledge } from './knowledge';
import type { CausalOrder } from './order';
import { stampOf } from './stamps';

/** Bytes a state or delta sync moved, against the sender's whole state (the seed's delta rule). */
export interface SyncBytes {
  /** The receiving event. */
  event: number;
  /** Bytes of the join of the deltas the receiver was missing. */
  deltaBytes: number;
  /** Bytes of the sender's full state at the send. */
  fullBytes: number;
}

/** What a replay ends with: what `causeway check` reports of the states. */
export interface StateOutcome {
  /** `finalStates[r][k]`: replica r's state of key k at the end. */
  finalStates: AnyCrdt[][];
  /** Invalid operations met on the way. */
  findings: Finding[];
  /** Per state or delta sync, when measured. */
  syncs: SyncBytes[];
}

export interface StateReplay extends StateOutcome {
  /** The delta each operation produced at its origin (undefined when the operation was invalid, or let go). */
  deltas: (AnyCrdt | undefined)[];
}

export interface ReplayOptions {
  /**
   * Called after each event with the states and each replica's delivered counts per origin (do
   * not keep or change them).
   */
  onStep?: (i: number, states: AnyCrdt[][], seen: Uint32Array[]) => void;
  /** Measure the bytes of every state or delta sync. */
  measureSyncs?: boolean;
  budget?: MemoryBudget;
  /**
   * Keep every operation's delta to the end (a cursor replays from them). Otherwise a delta is
   * let go once every replica it reaches has merged it: memory follows the operations in flight.
   */
  keepDeltas?: boolean;
}

/** Operations whose type the key's CRDT does not support (the state replay skips them). */
export function checkOperations(trace: Trace): Finding[] {
  const findings: Finding[] = [];
  const supported = trace.objects.map((spec) => new Set(OP_TYPES_BY_CRDT[spec.type].map((t) => trace.strings.find(t))));
  for (let i = 0; i < trace.size; i++) {
    const k = trace.key[i];
    if (k < 0 || trace.opType[i] < 0 || supported[k].has(trace.opType[i])) continue;
    const type = trace.objects[k].type;
    findings.push({
      severity: 'error',
      kind: 'invalid-operation',
      line: trace.line[i],
      message: `${trace.eventId(i)} (line ${trace.line[i]}): ${unsupportedOp(type, trace.opOf(i)!).message} (object "${trace.keys.name(k)}"); the operation is ignored.`,
      events: [trace.eventId(i)],
    });
  }
  return findings;
}

/** Creates the empty states of every replica and key. */
export function emptyStates(trace: Trace): AnyCrdt[][] {
  return Array.from({ length: trace.replicas.size }, () => trace.objects.map((spec) => createCrdt(spec)));
}

/** How many times each operation is delivered to another replica (its delta is needed until the last). */
function deliveriesPerOperation(knowledge: Knowledge): Uint32Array {
  const count = new Uint32Array(knowledge.opEvent.length);
  const { delivered } = knowledge;
  for (let d = 0; d < delivered.length; d++) count[delivered[d]]++;
  return count;
}

/** Merges the deltas delivered at event i into its replica's states. */
function applyDeliveries(trace: Trace, knowledge: Knowledge, deltas: readonly (AnyCrdt | undefined)[], states: AnyCrdt[][], i: number): void {
  const row = states[trace.replica[i]];
  for (let k = knowledge.deliveredStart[i]; k < knowledge.deliveredStart[i + 1]; k++) {
    const o = knowledge.delivered[k];
    const delta = deltas[o];
    if (delta) row[trace.key[knowledge.opEvent[o]]].merge(delta);
  }
}

/** Applies the effect of event i (its own op's delta and the deltas delivered with it) to `states`. */
export function applyEvent(trace: Trace, knowledge: Knowledge, deltas: readonly (AnyCrdt | undefined)[], states: AnyCrdt[][], i: number): void {
  const own = knowledge.opOfEvent[i];
  if (own >= 0 && deltas[own]) states[trace.replica[i]][trace.key[i]].merge(deltas[own]!);
  applyDeliveries(trace, knowledge, deltas, states, i);
}

/** Replays states along the causal order. */
export function replayStates(trace: Trace, causal: CausalOrder, clocks: ComputedClocks, knowledge: Knowledge, options: ReplayOptions = {}): StateReplay {
  const { onStep, measureSyncs = false, budget = new MemoryBudget(), keepDeltas = false } = options;
  const states = emptyStates(trace);
  /** Deliveries each delta still awaits (when deltas are let go). */
  const awaiting = keepDeltas ? undefined : deliveriesPerOperation(knowledge);
  const deltas: (AnyCrdt | undefined)[] = new Array(knowledge.opEvent.length);
  const findings: Finding[] = [];
  const counts = new CountRows(trace.replicas.size, budget, 'operation counts of the state replay');
  const syncs: SyncBytes[] = [];
  const fullBytesAt = new Map<number, number>();
  const sizes = measureSyncs ? new StateSizes(states) : undefined;
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    const r = trace.replica[i];
    const o = knowledge.opOfEvent[i];
    if (o >= 0) {
      const seq = ++counts.writable(r)[r];
      const op = trace.opOf(i)!;
      // Operations the key's type does not support are reported by checkOperations and skipped.
      const supported = OP_TYPES_BY_CRDT[trace.objects[trace.key[i]].type].includes(op.type);
      try {
        // mutate applies the operation to the origin's state and returns its delta.
        if (supported) {
          const delta = states[r][trace.key[i]].mutate(op, { dot: { replica: trace.replicas.name(r), seq }, stamp: stampOf(trace, clocks, i) });
          if (!awaiting || awaiting[o] > 0) deltas[o] = delta;
        }
      } catch (err) {
        if (!(err instanceof CrdtOpError)) throw err;
        findings.push({
          severity: 'error',
          kind: 'invalid-operation',
          line: trace.line[i],
          message: `${trace.eventId(i)} (line ${trace.line[i]}): ${err.message}; the operation is ignored.`,
          events: [trace.eventId(i)],
        });
      }
    }
    if (sizes) {
      if (o >= 0) sizes.changed(r, trace.key[i]);
      measureSync(trace, knowledge, deltas, sizes, i, fullBytesAt, syncs);
      for (let k = knowledge.deliveredStart[i]; k < knowledge.deliveredStart[i + 1]; k++) sizes.changed(r, trace.key[knowledge.opEvent[knowledge.delivered[k]]]);
    }
    applyDeliveries(trace, knowledge, deltas, states, i);
    if (awaiting) letGoDelivered(knowledge, deltas, awaiting, i);
    if (onStep) {
      for (let k = knowledge.deliveredStart[i]; k < knowledge.deliveredStart[i + 1]; k++) counts.writable(r)[trace.replica[knowledge.opEvent[knowledge.delivered[k]]]]++;
      onStep(i, states, counts.rows);
    }
  }
  return { deltas, finalStates: states, findings, syncs };
}

/** Counts event i's deliveries off, and lets go of the deltas no replica awaits any more. */
function letGoDelivered(knowledge: Knowledge, deltas: (AnyCrdt | undefined)[], awaiting: Uint32Array, i: number): void {
  for (let k = knowledge.deliveredStart[i]; k < knowledge.deliveredStart[i + 1]; k++) {
    const o = knowledge.delivered[k];
    if (--awaiting[o] === 0) deltas[o] = undefined;
  }
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

/**
 * Before event i applies its deliveries: if it receives a state or delta payload, measures the
 * delta (the join of the deltas it lacked) against the sender's full state, which is recorded
 * at each sending event as the replay passes it.
 */
function measureSync(
  trace: Trace,
  knowledge: Knowledge,
  deltas: readonly (AnyCrdt | undefined)[],
  sizes: StateSizes,
  i: number,
  fullBytesAt: Map<number, number>,
  syncs: SyncBytes[],
): void {
  const carriesState = (e: number) => trace.payload[e] === Payload.state || trace.payload[e] === Payload.delta;
  // A receive of a sync message: the sender's full state was measured when the replay passed the send.
  for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
    const from = trace.edgeFrom[k];
    const full = fullBytesAt.get(from);
    if (full === undefined) continue;
    const joined = new Map<number, AnyCrdt>();
    const copies = new Set<number>();
    for (let d = knowledge.deliveredStart[i]; d < knowledge.deliveredStart[i + 1]; d++) {
      const o = knowledge.delivered[d];
      const delta = deltas[o];
      if (!delta) continue;
      const key = trace.key[knowledge.opEvent[o]];
      const acc = joined.get(key);
      if (!acc) {
        joined.set(key, delta); // a key's only delta is measured as it is; a copy is made to join a second one
      } else if (copies.has(key)) {
        acc.merge(delta);
      } else {
        const copy = acc.clone();
        copy.merge(delta);
        joined.set(key, copy);
        copies.add(key);
      }
    }
    let deltaBytes = 0;
    for (const d of joined.values()) deltaBytes += d.byteSize();
    syncs.push({ event: i, deltaBytes, fullBytes: full });
  }
  if (trace.kind[i] === EventKind.send && carriesState(i)) fullBytesAt.set(i, sizes.fullBytes(trace.replica[i]));
}
