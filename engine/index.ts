// The engine's public surface: re-exports only. Everything here runs in Node, in the webview and
// in the CLI alike.

export * from './crdt/index';
export * from './clock/vector';
export * from './clock/lamport';
export * from './clock/hlc';
export * from './clock/causal-delivery';
export * from './trace/model';
export * from './trace/diagnostics';
export { TraceBuilder } from './trace/builder';
export { StringTable } from './trace/intern';
export * from './format/types';
export { nativeFormat } from './format/native';
export { causalOrder, type CausalOrder } from './replay/order';
export { computeClocks, checkRecordedClocks, type ComputedClocks } from './replay/clocks';
export { replayKnowledge, type Knowledge, type BufferWait } from './replay/knowledge';
export { replayStates, type StateOutcome } from './replay/states';
export { ReplayCursor } from './replay/cursor';
export { analyzeTrace, type Analysis, type StateAnalysis, type Metrics, type Convergence } from './analysis/analyze';
export { type ConflictReport } from './analysis/conflicts';
export { STRATEGIES, type Strategy, isStrategy, defaultStrategy, typeForStrategy } from './analysis/strategies';
export * from './analysis/report';
export type * from './view/model';
export { buildTraceView, bufferTimelines, eventLabel, valueTimelines, type TraceViewOptions } from './view/build';
export { relationOf, explainRelation, causalCone } from './analysis/causality';
export { compareStrategies, type StateDifference } from './analysis/what-if';
export { eventsByReplica } from './replay/order';
