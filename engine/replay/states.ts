// The reference state replay: every replica's CRDT states rebuilt from the operations it
// delivered (knowledge.ts says which, at which event). An op mutates its origin's state and
// yields a delta; a delivery merges that delta. Run on demand (final states, the cursor, checks
// of recorded states); without a cursor to serve, each delta is let go after its last delivery.

import { mergeOfType } from '../crdt/merge-by-type';
import { createCrdt, OP_TYPES_BY_CRDT, unsupportedOp } from '../crdt/registry';
import { type AnyCrdt, CrdtOpError } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import { MemoryBudget } from '../analysis/limits';
import type { ComputedClocks } from './clocks';
import { CountRows } from './count-rows';
import type { Knowledge } from './knowledge';
import type { CausalOrder } from './order';
import { stampTime } from './stamps';
import { type SyncBytes, SyncMeter } from './sync-bytes';

export type { SyncBytes } from './sync-bytes';

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

/** The finding of operation event i, which the key's CRDT refused for `reason`. */
export function refusedOperation(trace: Trace, i: number, reason: string): Finding {
  return {
    severity: 'error',
    kind: 'invalid-operation',
    line: trace.line[i],
    message: `${trace.eventId(i)} (line ${trace.line[i]}): ${reason}; the operation is ignored.`,
    events: [trace.eventId(i)],
  };
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

/** Per key, the operation type ids (in the trace's string table) its CRDT supports. */
function supportedOpTypes(trace: Trace): Set<number>[] {
  return trace.objects.map((spec) => new Set(OP_TYPES_BY_CRDT[spec.type].map((t) => trace.strings.find(t))));
}

/** The key of each operation (by op number). */
function keysOfOperations(trace: Trace, knowledge: Knowledge): Int32Array {
  const { opEvent } = knowledge;
  const keys = new Int32Array(opEvent.length);
  for (let o = 0; o < opEvent.length; o++) keys[o] = trace.key[opEvent[o]];
  return keys;
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
  const supported = supportedOpTypes(trace);
  const mergeOf = trace.objects.map((spec) => mergeOfType(spec.type));
  const keyOfOp = keysOfOperations(trace, knowledge);
  const meter = measureSyncs ? new SyncMeter(trace, knowledge, keyOfOp, states) : undefined;
  const replicaNames = Array.from({ length: trace.replicas.size }, (_, r) => trace.replicas.name(r));
  const { delivered, deliveredStart, opOfEvent } = knowledge;
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    const r = trace.replica[i];
    const o = opOfEvent[i];
    if (o >= 0) {
      const seq = ++counts.writable(r)[r];
      const k = trace.key[i];
      // Operations the key's type does not support are reported by checkOperations and skipped.
      if (supported[k].has(trace.opType[i])) {
        try {
          // mutate applies the operation to the origin's state and returns its delta.
          const replica = replicaNames[r];
          const delta = states[r][k].mutate(trace.opOf(i)!, { dot: { replica, seq }, stamp: { time: stampTime(trace, clocks, i), replica } });
          if (!awaiting || awaiting[o] > 0) deltas[o] = delta;
        } catch (err) {
          if (!(err instanceof CrdtOpError)) throw err;
          findings.push(refusedOperation(trace, i, err.message));
        }
      }
    }
    const start = deliveredStart[i];
    const end = deliveredStart[i + 1];
    meter?.measure(i, deltas);
    const row = states[r];
    for (let d = start; d < end; d++) {
      const delivery = delivered[d];
      const delta = deltas[delivery];
      if (delta !== undefined) {
        const k = keyOfOp[delivery];
        mergeOf[k](row[k], delta);
      }
      // Once every replica it reaches has merged it, the delta is let go.
      if (awaiting && --awaiting[delivery] === 0) deltas[delivery] = undefined;
    }
    if (onStep) {
      for (let d = start; d < end; d++) counts.writable(r)[trace.replica[knowledge.opEvent[delivered[d]]]]++;
      onStep(i, states, counts.rows);
    }
  }
  return { deltas, finalStates: states, findings, syncs: meter?.syncs ?? [] };
}
