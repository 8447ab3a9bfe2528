// A simulation configuration from text settings as a person types them (the CLI's options, a
// quick input in the editor): a preset or the defaults, with each given setting parsed over it.

import type { CrdtSpec } from '../crdt/registry';
import { CRDT_TYPES, isCrdtTypeName } from '../crdt/types';
import { DEFAULT_CONFIG, type Rate, replicaNames, type SimulationConfig, SYNC_MODES, type SyncMode } from './config';
import { parseLatency } from './latency';
import { parsePartitions } from './partitions';
import { findPreset, PRESETS } from './presets';
import { parseDuration, parseProbability, SimulationConfigError } from './units';

/** Every setting as text; absent ones come from the preset, else the defaults. */
export interface SimulationOptions {
  readonly preset?: string;
  /** A count (`4`) or names (`phone,laptop`). */
  readonly replicas?: string;
  /** `cart:pn-counter,tags:or-set,scores:or-map(g-counter)`. */
  readonly objects?: string;
  /** Operations per second across the system (`20`, `20/s`) or per replica (`5/s/replica`). */
  readonly rate?: string;
  readonly duration?: string;
  readonly latency?: string;
  readonly loss?: string;
  readonly dup?: string;
  /** `A,B | C,D from 2s to 5s; ...` */
  readonly partition?: string;
  readonly sync?: string;
  /** The retransmission / anti-entropy interval. */
  readonly interval?: string;
  readonly seed?: string;
}

const OBJECT = /^([^:]+):([a-z0-9-]+)(?:\(([a-z0-9-]+)\))?$/;

/** `cart:pn-counter,tags:or-set,scores:or-map(g-counter)` -> key -> CRDT spec. */
export function parseObjects(text: string): Record<string, CrdtSpec> {
  const objects: Record<string, CrdtSpec> = {};
  for (const part of text.split(',').map((p) => p.trim())) {
    const match = OBJECT.exec(part);
    if (!match) throw new SimulationConfigError(`objects: "${part}" is not KEY:TYPE, such as cart:pn-counter.`);
    const [, key, type, values] = match;
    for (const name of [type, values]) {
      if (name !== undefined && !isCrdtTypeName(name)) throw new SimulationConfigError(`objects: "${part}" names unknown CRDT type "${name}"; the types are ${CRDT_TYPES.join(', ')}.`);
    }
    if (values !== undefined && type !== 'or-map') throw new SimulationConfigError(`objects: "${part}": only or-map takes a value type in parentheses.`);
    if (key in objects) throw new SimulationConfigError(`objects: "${key}" is named twice.`);
    objects[key] = values === undefined ? { type: type as CrdtSpec['type'] } : { type: type as CrdtSpec['type'], values: values as CrdtSpec['type'] };
  }
  return objects;
}

const RATE = /^(\d+(?:\.\d+)?)(?:\/s)?(\/replica)?$/;

export function parseRate(text: string): Rate {
  const match = RATE.exec(text.trim());
  if (!match) throw new SimulationConfigError(`rate: "${text}" is not a rate; write 20 or 20/s (the whole system) or 5/s/replica.`);
  return { opsPerSecond: Number(match[1]), perReplica: match[2] !== undefined };
}

/** A count (`4`) or comma-separated names. */
export function parseReplicas(text: string): number | string[] {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  return trimmed.split(',').map((name) => name.trim());
}

function parseSync(text: string): SyncMode {
  if (!(SYNC_MODES as readonly string[]).includes(text)) throw new SimulationConfigError(`sync: "${text}" is not one of ${SYNC_MODES.join(', ')}.`);
  return text as SyncMode;
}

function parseSeed(text: string): number {
  const seed = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || !Number.isSafeInteger(seed)) throw new SimulationConfigError(`seed: "${text}" is not a whole number.`);
  return seed;
}

function baseConfig(preset: string | undefined): SimulationConfig {
  if (preset === undefined) return DEFAULT_CONFIG;
  const found = findPreset(preset);
  if (!found) throw new SimulationConfigError(`preset: unknown preset "${preset}"; the presets are ${PRESETS.map((p) => p.name).join(', ')}.`);
  return found.config;
}

/**
 * The configuration the options describe, checked only as far as parsing goes (the Simulation
 * checks the rest). A preset keeps its description unless settings other than the seed change.
 */
export function configFromOptions(options: SimulationOptions): SimulationConfig {
  const base = baseConfig(options.preset);
  const replicas = options.replicas === undefined ? base.replicas : parseReplicas(options.replicas);
  const config: SimulationConfig = {
    ...base,
    replicas,
    objects: options.objects === undefined ? base.objects : parseObjects(options.objects),
    rate: options.rate === undefined ? base.rate : parseRate(options.rate),
    durationMs: options.duration === undefined ? base.durationMs : parseDuration(options.duration, 'duration'),
    latency: options.latency === undefined ? base.latency : parseLatency(options.latency),
    loss: options.loss === undefined ? base.loss : parseProbability(options.loss, 'loss'),
    duplication: options.dup === undefined ? base.duplication : parseProbability(options.dup, 'dup'),
    partitions: options.partition === undefined ? base.partitions : parsePartitions(options.partition, replicaNames(replicas)),
    sync: options.sync === undefined ? base.sync : parseSync(options.sync),
    syncIntervalMs: options.interval === undefined ? base.syncIntervalMs : parseDuration(options.interval, 'interval'),
    seed: options.seed === undefined ? base.seed : parseSeed(options.seed),
  };
  const changed = Object.entries(options).some(([name, value]) => value !== undefined && name !== 'preset' && name !== 'seed');
  return changed ? { ...config, description: undefined } : config;
}
