// What a simulation runs: the replicas, their CRDT objects, the workload, the network (latency,
// loss, duplication, partitions) and the sync mode, with the checks that turn a bad setting into
// a SimulationConfigError naming it, and a one-line description of a configuration.

import { createCrdt, type CrdtSpec } from '../crdt/registry';
import { type CrdtOp, CrdtOpError, isCrdtTypeName } from '../crdt/types';
import { formatLatency, type Latency } from './latency';
import { formatPartitions, type Partition } from './partitions';
import { formatDuration, SimulationConfigError } from './units';

/** What messages carry: the sender's own operations (delivered causally), its whole state, or a delta. */
export const SYNC_MODES = ['ops', 'state', 'delta'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const MIN_REPLICAS = 2;
export const MAX_REPLICAS = 64;

/** Operations per second, across the whole system or at each replica. */
export interface Rate {
  readonly opsPerSecond: number;
  readonly perReplica: boolean;
}

/** An operation the workload issues at a given moment (teaching presets script theirs). */
export interface ScriptedOp {
  readonly atMs: number;
  readonly replica: string;
  readonly key: string;
  readonly op: CrdtOp;
}

export interface SimulationConfig {
  /** The trace's execution name. */
  readonly name?: string;
  /** The trace header's one-line description (default: this configuration in words). */
  readonly description?: string;
  /** How many replicas (named A..Z up to 26, r1..rN beyond), or their names. */
  readonly replicas: number | readonly string[];
  /** Object key -> CRDT type. */
  readonly objects: Readonly<Record<string, CrdtSpec>>;
  /** Random operations, issued as a Poisson process (0: only the script's). */
  readonly rate: Rate;
  /** Writes stop after this much virtual time; the simulation then runs until replicas converge. */
  readonly durationMs: number;
  readonly latency: Latency;
  /** Probability that a message to one destination is lost. */
  readonly loss: number;
  /** Probability that a delivered message arrives a second time. */
  readonly duplication: number;
  readonly partitions: readonly Partition[];
  readonly sync: SyncMode;
  /**
   * Every replica's timer: retransmission of unacknowledged operations and acknowledgements (ops),
   * anti-entropy with one peer not known to be up to date, plus acknowledgements (state, delta).
   */
  readonly syncIntervalMs: number;
  readonly seed: number;
  /** Operations at fixed moments, besides the random ones. */
  readonly script?: readonly ScriptedOp[];
  /** Per replica: how far its wall clock (the events' `time`, and so last-writer-wins) is off. */
  readonly clockSkewMs?: Readonly<Record<string, number>>;
  /** Write each replica's values on its events (`state`), so the engine checks them against its replay. */
  readonly recordStates?: boolean;
  /** Virtual time allowed, after the writes stop and the last partition heals, to converge (default 60 s). */
  readonly settleLimitMs?: number;
}

export const DEFAULT_CONFIG: SimulationConfig = {
  replicas: 3,
  objects: { cart: { type: 'pn-counter' } },
  rate: { opsPerSecond: 10, perReplica: false },
  durationMs: 2000,
  latency: { kind: 'uniform', minMs: 5, maxMs: 50 },
  loss: 0,
  duplication: 0,
  partitions: [],
  sync: 'ops',
  syncIntervalMs: 100,
  seed: 1,
};

const REPLICA_NAME = /^[A-Za-z0-9_.-]+$/;
const LATIN = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Replica names: the given ones, or A..Z for up to 26 replicas and r1..rN beyond. */
export function replicaNames(replicas: number | readonly string[]): string[] {
  if (typeof replicas !== 'number') return [...replicas];
  if (!Number.isInteger(replicas) || replicas < MIN_REPLICAS || replicas > MAX_REPLICAS) {
    throw new SimulationConfigError(`replicas: ${replicas} is not a whole number from ${MIN_REPLICAS} to ${MAX_REPLICAS}.`);
  }
  return Array.from({ length: replicas }, (_, i) => (replicas <= LATIN.length ? LATIN[i] : `r${i + 1}`));
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new SimulationConfigError(message);
}

const isDuration = (ms: number) => Number.isFinite(ms) && ms >= 0;

function checkReplicas(names: readonly string[]): void {
  check(names.length >= MIN_REPLICAS && names.length <= MAX_REPLICAS, `replicas: ${names.length} given; a simulation has ${MIN_REPLICAS} to ${MAX_REPLICAS}.`);
  const seen = new Set<string>();
  for (const name of names) {
    check(REPLICA_NAME.test(name), `replicas: "${name}" is not a usable name (letters, digits, _ . - only).`);
    check(!seen.has(name), `replicas: "${name}" is named twice.`);
    seen.add(name);
  }
}

function checkObjects(objects: Readonly<Record<string, CrdtSpec>>): void {
  const keys = Object.keys(objects);
  check(keys.length > 0, 'objects: name at least one, such as cart:pn-counter.');
  for (const key of keys) {
    const { type, values } = objects[key];
    check(isCrdtTypeName(type), `objects: "${key}" has unknown CRDT type "${String(type)}".`);
    check(values === undefined || (type === 'or-map' && isCrdtTypeName(values)), `objects: "${key}" has a bad value type "${String(values)}" (only or-map takes one).`);
  }
}

function checkLatency(latency: Latency): void {
  const values = Object.entries(latency).filter(([field]) => field !== 'kind');
  for (const [field, ms] of values) check(isDuration(ms as number), `latency: ${field} must be a duration of 0 or more, got ${String(ms)}.`);
}

function checkPartitions(partitions: readonly Partition[], known: ReadonlySet<string>): void {
  partitions.forEach((p, n) => {
    const where = `partition ${n + 1}`;
    check(p.groups.length >= 2, `${where}: needs at least two groups.`);
    for (const name of p.groups.flat()) check(known.has(name), `${where}: unknown replica "${name}".`);
    check(isDuration(p.fromMs) && isDuration(p.toMs) && p.toMs > p.fromMs, `${where}: needs 0 <= from < to.`);
  });
}

function checkScript(config: SimulationConfig, known: ReadonlySet<string>): void {
  (config.script ?? []).forEach((s, n) => {
    const where = `script operation ${n + 1}`;
    check(known.has(s.replica), `${where}: unknown replica "${s.replica}".`);
    const spec = config.objects[s.key];
    check(spec !== undefined, `${where}: unknown object "${s.key}".`);
    try {
      createCrdt(spec).mutate(s.op, { dot: { replica: s.replica, seq: 1 }, stamp: { time: 0, replica: s.replica } });
    } catch (e) {
      if (!(e instanceof CrdtOpError)) throw e;
      throw new SimulationConfigError(`${where} (${s.key}): ${e.message}.`);
    }
    check(isDuration(s.atMs) && s.atMs < config.durationMs, `${where}: at ${s.atMs} ms is not within the duration (${formatDuration(config.durationMs)}).`);
  });
}

/** Checks every setting; returns the replica names. Throws SimulationConfigError naming the first bad one. */
export function validateConfig(config: SimulationConfig): string[] {
  const names = replicaNames(config.replicas);
  checkReplicas(names);
  const known = new Set(names);
  checkObjects(config.objects);
  check(Number.isFinite(config.rate.opsPerSecond) && config.rate.opsPerSecond >= 0, `rate: ${config.rate.opsPerSecond} operations per second is not 0 or more.`);
  check(isDuration(config.durationMs) && config.durationMs > 0, `duration: ${config.durationMs} ms is not a positive duration.`);
  checkLatency(config.latency);
  check(config.loss >= 0 && config.loss < 1, `loss: ${config.loss} is not a probability from 0 up to 1.`);
  check(config.duplication >= 0 && config.duplication < 1, `duplication: ${config.duplication} is not a probability from 0 up to 1.`);
  checkPartitions(config.partitions, known);
  check((SYNC_MODES as readonly string[]).includes(config.sync), `sync: "${config.sync}" is not one of ${SYNC_MODES.join(', ')}.`);
  check(Number.isFinite(config.syncIntervalMs) && config.syncIntervalMs > 0, `interval: ${config.syncIntervalMs} ms is not a positive duration.`);
  check(Number.isInteger(config.seed), `seed: ${config.seed} is not a whole number.`);
  checkScript(config, known);
  for (const [name, skew] of Object.entries(config.clockSkewMs ?? {})) {
    check(known.has(name) && Number.isFinite(skew), `clock skew: "${name}" is not a replica with a finite skew.`);
  }
  check(config.settleLimitMs === undefined || isDuration(config.settleLimitMs), `settle limit: ${config.settleLimitMs} ms is not a duration.`);
  return names;
}

export function formatObjects(objects: Readonly<Record<string, CrdtSpec>>): string {
  return Object.entries(objects)
    .map(([key, spec]) => `${key}:${spec.type}${spec.values ? `(${spec.values})` : ''}`)
    .join(',');
}

export function formatRate(rate: Rate): string {
  return `${rate.opsPerSecond}/s${rate.perReplica ? '/replica' : ''}`;
}

/** The configuration in one line, as the CLI's options would give it. */
export function describeConfig(config: SimulationConfig): string {
  const names = replicaNames(config.replicas);
  const parts = [
    `${names.length} replicas (${names.length > 4 ? `${names[0]}..${names[names.length - 1]}` : names.join(', ')})`,
    `objects ${formatObjects(config.objects)}`,
    `rate ${formatRate(config.rate)} for ${formatDuration(config.durationMs)}`,
    `latency ${formatLatency(config.latency)}`,
  ];
  if (config.loss > 0) parts.push(`loss ${config.loss}`);
  if (config.duplication > 0) parts.push(`dup ${config.duplication}`);
  if (config.partitions.length > 0) parts.push(`partition ${formatPartitions(config.partitions)}`);
  parts.push(`${config.sync} sync every ${formatDuration(config.syncIntervalMs)}`, `seed ${config.seed}`);
  return `Simulated: ${parts.join(', ')}.`;
}
