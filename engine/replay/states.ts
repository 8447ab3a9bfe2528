// The reference state replay: every replica's CRDT states rebuilt from the operations it
// delivered (knowledge.ts says which, at which event). An op mutates its origin's state and
// yields a delta; a delivery merges that delta, and the delta is let go after its last delivery.
// Run on demand (final states, checkpoints for the cursor, checks of recorded states).

import { type MergeInto, mergeOfType } from '../crdt/merge-by-type';
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
export interface StateOutcome<State = AnyCrdt> {
  /** `finalStates[r][k]`: replica r's state of key k at the end. */
  finalStates: State[][];
  /** Invalid operations met on the way. */
  findings: Finding[];
  /** Per state or delta sync, when measured. */
  syncs: SyncBytes[];
}

export interface ReplayOptions {
  /**
   * Called after each event with the states, each replica's delivered counts per origin (its own
   * row's own entry: the operations it issued) and the deltas still in flight, by operation (do not
   * keep or change them).
   */
  onStep?: (i: number, states: AnyCrdt[][], seen: Uint32Array[], deltas: readonly (AnyCrdt | undefined)[]) => void;
  /** Measure the bytes of every state or delta sync. */
  measureSyncs?: boolean;
  budget?: MemoryBudget;
  /** The trace's replay tables, when made already. */
  tables?: ReplayTables;
}

/** Per key, the operation type ids (in the trace's string table) its CRDT supports. */
function supportedOpTypes(trace: Trace): Set<number>[] {
  return trace.objects.map((spec) => new Set(OP_TYPES_BY_CRDT[spec.type].map((t) => trace.strings.find(t))));
}

/** Operations whose type the key's CRDT does not support (the state replay skips them). */
export function checkOperations(trace: Trace): Finding[] {
  const findings: Finding[] = [];
  const supported = supportedOpTypes(trace);
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

/**
 * What every state replay of a trace looks up, made once and shared (the check's replay, the
 * cursor's): each key's supported operation types and join, each operation's key, the replicas'
 * names, and the step of each operation's last delivery (its delta is let go after it).
 */
export interface ReplayTables {
  supported: Set<number>[];
  mergeOf: MergeInto[];
  keyOfOp: Int32Array;
  replicaNames: string[];
  /** Per operation: the causal step of its last delivery to another replica, -1 when never delivered. */
  lastDelivery: Int32Array;
}

export function replayTables(trace: Trace, causal: CausalOrder, knowledge: Knowledge): ReplayTables {
  const { opEvent, delivered, deliveredStart } = knowledge;
  const keyOfOp = new Int32Array(opEvent.length);
  for (let o = 0; o < opEvent.length; o++) keyOfOp[o] = trace.key[opEvent[o]];
  const lastDelivery = new Int32Array(opEvent.length).fill(-1);
  for (let i = 0; i < trace.size; i++) {
    const step = causal.step[i];
    for (let d = deliveredStart[i]; d < deliveredStart[i + 1]; d++) if (lastDelivery[delivered[d]] < step) lastDelivery[delivered[d]] = step;
  }
  return {
    supported: supportedOpTypes(trace),
    mergeOf: trace.objects.map((spec) => mergeOfType(spec.type)),
    keyOfOp,
    replicaNames: Array.from({ length: trace.replicas.size }, (_, r) => trace.replicas.name(r)),
    lastDelivery,
  };
}

/**
 * Applies op event i to its origin's state (the origin's `seq`-th operation) and returns its delta;
 * undefined when the key's type does not support the operation (checkOperations reports it).
 * Throws CrdtOpError on invalid arguments.
 */
export function mutateAtOrigin(trace: Trace, clocks: ComputedClocks, tables: ReplayTables, states: AnyCrdt[][], i: number, seq: number): AnyCrdt | undefined {
  const k = trace.key[i];
  if (!tables.supported[k].has(trace.opType[i])) return undefined;
  const replica = tables.replicaNames[trace.replica[i]];
  return states[trace.replica[i]][k].mutate(trace.opOf(i)!, { dot: { replica, seq }, stamp: { time: stampTime(trace, clocks, i), replica } });
}

/** Merges the deltas delivered at event i (at causal `step`) into `row`, its replica's states; a delta delivered for the last time is let go (none with `step` -1: every delta kept). */
export function mergeDeliveries(knowledge: Knowledge, tables: ReplayTables, deltas: (AnyCrdt | undefined)[], row: AnyCrdt[], i: number, step: number): void {
  const { delivered } = knowledge;
  const { keyOfOp, mergeOf, lastDelivery } = tables;
  for (let d = knowledge.deliveredStart[i]; d < knowledge.deliveredStart[i + 1]; d++) {
    const o = delivered[d];
    const delta = deltas[o];
    if (delta === undefined) continue;
    const k = keyOfOp[o];
    mergeOf[k](row[k], delta);
    if (lastDelivery[o] === step) deltas[o] = undefined;
  }
}

/** Replays states along the causal order; each delta is let go after its last delivery, so memory follows the operations in flight. */
export function replayStates(trace: Trace, causal: CausalOrder, clocks: ComputedClocks, knowledge: Knowledge, options: ReplayOptions = {}): StateOutcome {
  const { onStep, measureSyncs = false, budget = new MemoryBudget() } = options;
  const tables = options.tables ?? replayTables(trace, causal, knowledge);
  const states = emptyStates(trace);
  const deltas: (AnyCrdt | undefined)[] = new Array(knowledge.opEvent.length);
  const findings: Finding[] = [];
  const counts = new CountRows(trace.replicas.size, budget, 'operation counts of the state replay');
  const meter = measureSyncs ? new SyncMeter(trace, knowledge, tables.keyOfOp, states) : undefined;
  const { delivered, deliveredStart, opOfEvent } = knowledge;
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    const r = trace.replica[i];
    const o = opOfEvent[i];
    if (o >= 0) {
      const seq = ++counts.writable(r)[r];
      try {
        const delta = mutateAtOrigin(trace, clocks, tables, states, i, seq);
        if (tables.lastDelivery[o] > step) deltas[o] = delta;
      } catch (err) {
        if (!(err instanceof CrdtOpError)) throw err;
        findings.push(refusedOperation(trace, i, err.message));
      }
    }
    meter?.measure(i, deltas);
    mergeDeliveries(knowledge, tables, deltas, states[r], i, step);
    if (onStep) {
      for (let d = deliveredStart[i]; d < deliveredStart[i + 1]; d++) counts.writable(r)[trace.replica[knowledge.opEvent[delivered[d]]]]++;
      onStep(i, states, counts.rows, deltas);
    }
  }
  return { finalStates: states, findings, syncs: meter?.syncs ?? [] };
}
