// The check's state replay one key at a time: a delta of key k only ever changes key k's states,
// so each key's operations and deliveries, replayed on their own in causal order, end in the same
// states and refusals as replayStates' walk over every key at every step, with one key's states
// and deltas in the processor's cache at a time instead of every replica's state of every key.
// The replay reads a KeyReplayJob, plain columns made from the trace and its analysis, so that it
// can run on another thread (the CLI's, cli/state-replay-thread.ts) while the analysis goes on.

import { mergeOfType } from '../crdt/merge-by-type';
import { createCrdt, OP_TYPES_BY_CRDT } from '../crdt/registry';
import { type AnyCrdt, type CrdtOp, CrdtOpError, type Json } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import type { ObjectSpec, Trace } from '../trace/model';
import type { MemoryBudget } from '../analysis/limits';
import { sharedArray, sharedCopy } from '../util/shared-arrays';
import type { ComputedClocks } from './clocks';
import { CountRows } from './count-rows';
import type { Knowledge } from './knowledge';
import type { CausalOrder } from './order';
import { type ActionSource, actionsByKey, type KeyActions, keysOfOperations } from './key-actions';
import { stampTime } from './stamps';
import { refusedOperation, type StateOutcome } from './states';

/** Each operation's own columns (indexed by operation number), with the names and values they refer to. */
interface OperationColumns {
  /** The event of each operation. */
  readonly event: Int32Array;
  /** Its type, an index into `names`. */
  readonly type: Int32Array;
  /** Its map field, an index into `names`, or -1. */
  readonly field: Int32Array;
  /** Its value, an index into `values` (JSON text), or -1; numbers are in `number`. */
  readonly value: Int32Array;
  readonly number: Float64Array;
  /** Operations that do not fit the columns (an or-map's nested update), by operation number. */
  readonly nested: ReadonlyMap<number, CrdtOp>;
  /** The time of its last-writer-wins stamp (stampTime). */
  readonly stamp: Float64Array;
  /** Its key's type supports it (1) or refuses it (0). */
  readonly supported: Uint8Array;
  /** Its dot's sequence number (the operations its origin issued up to it). */
  readonly seq: Uint32Array;
  /** The deliveries of its delta (the replay counts down a copy). */
  readonly awaiting: Uint32Array;
}

/**
 * Everything the key-by-key replay reads, as typed arrays (in shared memory: see
 * util/shared-arrays.ts) and plain lists: it can be posted to another thread and replayed there.
 * The replay does not change it.
 */
export interface KeyReplayJob extends ActionSource {
  readonly objects: readonly ObjectSpec[];
  readonly replicaNames: readonly string[];
  /** Per event: its replica. */
  readonly replica: Uint16Array;
  readonly ops: OperationColumns;
  /** Operation types and map fields. */
  readonly names: readonly string[];
  /** Operation values, as JSON text. */
  readonly values: readonly string[];
  /** Actions sorted at once at most (see actionsByKey). */
  readonly maxActions?: number;
}

/** A final state as a check reports it: its value (a state replayed on another thread crosses as its value alone). */
export interface FinalState {
  value(): Json;
}

/** What the key-by-key replay ends in: every replica's final state of every key, and the operations refused. */
export interface KeyReplayResult<State extends FinalState = AnyCrdt> {
  /** `finalStates[r][k]`: replica r's state of key k. */
  finalStates: State[][];
  /** Events whose operation the key's CRDT refused, each with its reason. */
  refused: number[];
  reasons: string[];
}

/** Each operation's name columns, with names local to the job (the trace's string table also holds ids and labels). */
function operationNames(trace: Trace, opEvent: Int32Array): { type: Int32Array; field: Int32Array; names: string[] } {
  const local = new Int32Array(trace.strings.size).fill(-1);
  const names: string[] = [];
  const localOf = (id: number) => {
    if (id < 0) return -1;
    if (local[id] < 0) local[id] = names.push(trace.strings.name(id)) - 1;
    return local[id];
  };
  const type = sharedArray(Int32Array, opEvent.length);
  const field = sharedArray(Int32Array, opEvent.length);
  for (let o = 0; o < opEvent.length; o++) {
    type[o] = localOf(trace.opType[opEvent[o]]);
    field[o] = localOf(trace.opField[opEvent[o]]);
  }
  return { type, field, names };
}

/** The key-by-key replay's job for a trace and its analysis: operations numbered (against the budget, as replayStates does) and their deliveries counted. */
export function keyReplayJob(trace: Trace, causal: CausalOrder, clocks: ComputedClocks, knowledge: Knowledge, budget: MemoryBudget, maxActions?: number): KeyReplayJob {
  const { opEvent, opOfEvent, delivered, deliveredStart } = knowledge;
  const types = trace.objects.map((spec) => new Set(OP_TYPES_BY_CRDT[spec.type].map((t) => trace.strings.find(t))));
  const supported = sharedArray(Uint8Array, opEvent.length);
  const value = sharedArray(Int32Array, opEvent.length);
  const number = sharedArray(Float64Array, opEvent.length);
  const stamp = sharedArray(Float64Array, opEvent.length);
  for (let o = 0; o < opEvent.length; o++) {
    const i = opEvent[o];
    supported[o] = types[trace.key[i]].has(trace.opType[i]) ? 1 : 0;
    value[o] = trace.opValue[i];
    number[o] = trace.opNumber[i];
    stamp[o] = stampTime(trace, clocks, i);
  }
  const nested = new Map<number, CrdtOp>();
  for (const [i, extras] of trace.extras) if (extras.op && opOfEvent[i] >= 0) nested.set(opOfEvent[i], extras.op);
  const awaiting = sharedArray(Uint32Array, opEvent.length);
  for (let d = 0; d < delivered.length; d++) awaiting[delivered[d]]++;
  const seq = sharedArray(Uint32Array, opEvent.length);
  const counts = new CountRows(trace.replicas.size, budget, 'operation counts of the state replay');
  for (let step = 0; step < trace.size; step++) {
    const i = causal.order[step];
    const r = trace.replica[i];
    if (opOfEvent[i] >= 0) seq[opOfEvent[i]] = ++counts.writable(r)[r];
  }
  const { type, field, names } = operationNames(trace, opEvent);
  return {
    order: causal.order,
    opOfEvent,
    deliveredStart,
    delivered,
    keyOfOp: keysOfOperations(trace, knowledge),
    keys: trace.objects.length,
    objects: trace.objects,
    replicaNames: trace.replicas.all(),
    replica: sharedCopy(trace.replica),
    ops: { event: opEvent, type, field, value, number, nested, stamp, supported, seq, awaiting },
    names,
    values: trace.values.all(),
    ...(maxActions === undefined ? {} : { maxActions }),
  };
}

/** Operation o of the job, rebuilt from its columns (as Trace.opOf rebuilds an event's); values are parsed once each. */
function operationReader(job: KeyReplayJob): (o: number) => CrdtOp {
  const { ops, names, values } = job;
  const parsed: (Json | undefined)[] = new Array(values.length);
  return (o) => {
    const nested = ops.nested.get(o);
    if (nested) return nested;
    const op: { type: string; value?: Json; field?: string } = { type: names[ops.type[o]] };
    if (!Number.isNaN(ops.number[o])) op.value = ops.number[o];
    else if (ops.value[o] >= 0) op.value = parsed[ops.value[o]] ??= JSON.parse(values[ops.value[o]]) as Json;
    if (ops.field[o] >= 0) op.field = names[ops.field[o]];
    return op;
  };
}

/**
 * Replays the keys of a job it is given one at a time, each from its actions (see actionsByKey):
 * each delta is let go after its last delivery. Two replayers of one job (one per thread) may
 * share its keys between them.
 */
export class KeyReplayer {
  /** `finalStates[r][k]`, for the keys replayed here. */
  readonly finalStates: AnyCrdt[][];
  readonly refused: number[] = [];
  readonly reasons: string[] = [];
  private readonly awaiting: Uint32Array;
  private readonly deltas: (AnyCrdt | undefined)[];
  private readonly operation: (o: number) => CrdtOp;

  constructor(private readonly job: KeyReplayJob) {
    this.finalStates = job.replicaNames.map(() => new Array<AnyCrdt>(job.objects.length));
    this.awaiting = job.ops.awaiting.slice();
    this.deltas = new Array(job.ops.event.length);
    this.operation = operationReader(job);
  }

  /** Replays key k of `pass`. */
  replay(pass: KeyActions, k: number): void {
    const { ops, replica, replicaNames } = this.job;
    const { awaiting, deltas } = this;
    const { first, action, event } = pass;
    const spec = this.job.objects[k];
    const states = replicaNames.map(() => createCrdt(spec));
    const merge = mergeOfType(spec.type);
    for (let a = first[k - pass.from]; a < first[k - pass.from + 1]; a++) {
      const o = action[a];
      const i = event[a];
      if (o >= 0) {
        const delta = deltas[o];
        if (delta !== undefined) merge(states[replica[i]], delta);
        if (--awaiting[o] === 0) deltas[o] = undefined;
        continue;
      }
      const own = -1 - o;
      const origin = replicaNames[replica[i]];
      try {
        const delta = states[replica[i]].mutate(this.operation(own), { dot: { replica: origin, seq: ops.seq[own] }, stamp: { time: ops.stamp[own], replica: origin } });
        if (awaiting[own] > 0) deltas[own] = delta;
      } catch (err) {
        if (!(err instanceof CrdtOpError)) throw err;
        this.refused.push(i);
        this.reasons.push(err.message);
      }
    }
    states.forEach((state, r) => (this.finalStates[r][k] = state));
  }
}

/** The passes of the job's actions, key by key (see actionsByKey). */
export function keyPasses(job: KeyReplayJob): Generator<KeyActions> {
  return actionsByKey(job, job.ops.supported, job.maxActions);
}

/** Replays every key of the job on this thread. */
export function replayKeyJob(job: KeyReplayJob): KeyReplayResult {
  const replayer = new KeyReplayer(job);
  for (const pass of keyPasses(job)) for (let k = pass.from; k < pass.to; k++) replayer.replay(pass, k);
  const { finalStates, refused, reasons } = replayer;
  return { finalStates, refused, reasons };
}

/** The refused operations as findings, in causal order (as the step-by-step replay meets them). */
export function refusalFindings(trace: Trace, causal: CausalOrder, refused: readonly number[], reasons: readonly string[]): Finding[] {
  const byStep = refused.map((_, n) => n).sort((a, b) => causal.step[refused[a]] - causal.step[refused[b]]);
  return byStep.map((n) => refusedOperation(trace, refused[n], reasons[n]));
}

/**
 * The final states and refused operations of replayStates (without per-step callbacks or sync
 * measures), replayed key by key on this thread. (`maxActions`: see actionsByKey.)
 */
export function replayStatesByKey(trace: Trace, causal: CausalOrder, clocks: ComputedClocks, knowledge: Knowledge, budget: MemoryBudget, maxActions?: number): StateOutcome {
  const { finalStates, refused, reasons } = replayKeyJob(keyReplayJob(trace, causal, clocks, knowledge, budget, maxActions));
  return { finalStates, findings: refusalFindings(trace, causal, refused, reasons), syncs: [] };
}
