// The simulator's public surface: re-exports only.

export { Simulation, simulationLines, type SimulatedLine, type SimulationStats } from './simulation';
export {
  DEFAULT_CONFIG, MAX_REPLICAS, MIN_REPLICAS, SYNC_MODES, describeConfig, replicaNames, validateConfig,
  type Rate, type ScriptedOp, type SimulationConfig, type SyncMode,
} from './config';
export { configFromOptions, parseObjects, parseRate, parseReplicas, type SimulationOptions } from './options';
export { PRESETS, findPreset, type SimulationPreset } from './presets';
export { parseLatency, formatLatency, type Latency } from './latency';
export { parsePartitions, formatPartitions, type Partition } from './partitions';
export { parseDuration, parseProbability, SimulationConfigError } from './units';
export { paced, type Pacing } from './pace';
export { SIMULATION_EPOCH_US } from './trace-lines';
