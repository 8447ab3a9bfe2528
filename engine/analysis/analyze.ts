// analyzeTrace: the pipeline over one execution. Eagerly (milliseconds per million events):
// causal order, clocks, knowledge, conflicts and the structural checks. On demand: the CRDT state
// replay, either what a check reports of it (`stateOutcome()`: final states, checks of recorded
// states) or all of it with a seekable cursor (`states()`: checkpoints, and every delta within a memory budget).

import type { AnyCrdt } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import { checkRecordedClocks, type ComputedClocks, computeClocks } from '../replay/clocks';
import { CheckpointRecorder, type ReplayedStates } from '../replay/checkpoints';
import { ReplayCursor } from '../replay/cursor';
import { type Knowledge, replayKnowledge } from '../replay/knowledge';
import { type FinalState, type KeyReplayJob, type KeyReplayResult, keyReplayJob, refusalFindings, replayKeyJob } from '../replay/states-by-key';
import { type CausalOrder, causalOrder } from '../replay/order';
import { checkOperations, replayStates, replayTables, type StateOutcome } from '../replay/states';
import { type ConflictReport, findConflicts } from './conflicts';
import { checkDelivery } from './delivery';
import { libraryConflicts } from './library-conflicts';
import { MemoryBudget } from './limits';
import { RecordedStateChecker } from './recorded-states';
import { checkSequenceNumbers } from './sequence';
import { type Strategy, withStrategies } from './strategies';

export interface Convergence {
  /** Every replica delivered every operation by the end of the trace. */
  converged: boolean;
  /** Step of the last operation, -1 when there is none. */
  lastWriteStep: number;
  /** Step at which the last replica caught up, -1 when not converged. */
  convergedStep: number;
  /** Events from the last write to convergence. */
  events: number;
  /** Wall time from the last write to convergence, when both events record a time. */
  wallMs?: number;
}

export interface Metrics {
  operations: number;
  messages: number;
  conflicts: number;
  /** Share of operations that take part in a conflict. */
  conflictRate: number;
  convergence: Convergence;
}

/** What the state replay finds: the replay's outcome and its findings. */
export interface StateChecks {
  replay: StateOutcome<FinalState>;
  /** Invalid operation arguments and recorded states that differ from the replay. */
  findings: Finding[];
}

/** The CRDT states of a trace, replayed on demand, with what a cursor needs. */
export interface StateAnalysis extends StateChecks {
  replay: StateOutcome;
  /** The replay's tables and checkpoints (cursors replay from them). */
  replayed: ReplayedStates;
  /** A new cursor over the replay (cheap: it shares the checkpoints). */
  cursor(): ReplayCursor;
}

export interface Analysis {
  trace: Trace;
  causal: CausalOrder;
  clocks: ComputedClocks;
  knowledge: Knowledge;
  /** The memory budget of the analysis's tables (later tables, such as the diagram's, count against it too). */
  budget: MemoryBudget;
  conflicts: ConflictReport[];
  /** The trace's own findings and the structural checks', by line (state checks: `states()`). */
  findings: Finding[];
  metrics: Metrics;
  /** Replays the CRDT states for a cursor (once; later calls return the same result). */
  states(): StateAnalysis;
  /**
   * A cursor ready at once: each replica's last event, clock and causal buffer at any step need no
   * state replay; the replay runs (once, as `states()`) when a state is first asked for.
   */
  cursor(): ReplayCursor;
  /**
   * The final states and the state checks (once): taken from `states()` when it has run, else
   * replayed without checkpoints (what `causeway check` needs, in less memory).
   */
  stateOutcome(): StateChecks;
}

export interface AnalyzeOptions {
  /** Conflict strategies to use instead of each key's CRDT default (what-if). */
  strategies?: ReadonlyMap<string, Strategy>;
  /** Measure the bytes of every state or delta sync during the state replay (default: up to 50,000 events). */
  measureSyncs?: boolean;
  /**
   * The trace is still being written (a live session, a followed file): a receive whose send has
   * not been recorded yet, and replicas that have not caught up, are normal then. They are summed
   * up in one `still-recording` finding instead of a warning each.
   */
  recording?: boolean;
  /**
   * Bytes the tables that grow with replicas × replicas or events × replicas may take in all
   * (default 512 MB). A trace that needs more is refused with a `TraceTooLargeError` naming the
   * limit; the CLI's `--max-memory-mb` and the setting `causeway.maxMemoryMB` set it.
   */
  maxMatrixBytes?: number;
  /**
   * Bytes the state replay's checkpoints and kept deltas may take (estimated): within it a cursor's
   * jump replays one replica from a checkpoint every few thousand events; past it, the deltas are let
   * go and a few checkpoints stay (less memory, slower jumps). Undefined: no limit.
   */
  stateMemoryBudgetBytes?: number;
  /**
   * Runs the check's key-by-key state replay elsewhere (`causeway check`: on a second thread),
   * handed its job as soon as the knowledge is known, while the conflicts and the structural
   * checks run here. Returns how to take the result: stateOutcome() calls it (the caller waits for
   * the replay to end first). Used only where the check replays by key (no recorded states, no
   * sync measures).
   */
  replayElsewhere?: (job: KeyReplayJob) => () => KeyReplayResult<FinalState>;
}

const byLine = (a: Finding, b: Finding) => a.line - b.line;

export function analyzeTrace(recorded: Trace, options: AnalyzeOptions = {}): Analysis {
  const trace = options.strategies && options.strategies.size > 0 ? withStrategies(recorded, options.strategies) : recorded;
  const budget = new MemoryBudget(options.maxMatrixBytes);
  const causal = causalOrder(trace);
  const clocks = computeClocks(trace, causal, budget);
  const knowledge = replayKnowledge(trace, causal, budget);
  const measureSyncs = options.measureSyncs ?? trace.size <= 50_000;
  const replayedElsewhere =
    options.replayElsewhere && replaysByKey(trace, measureSyncs) ? options.replayElsewhere(keyReplayJob(trace, causal, clocks, knowledge, budget)) : undefined;
  // A library-decoded history keeps the library's own resolutions (re-resolving them could only disagree).
  const conflictAnalysis = trace.library ? libraryConflicts(trace, trace.library, causal) : findConflicts(trace, causal, clocks, knowledge, budget, options.strategies);
  const structural = withoutDuplicates([
    ...trace.findings,
    ...causal.findings,
    ...checkRecordedClocks(trace, causal),
    ...checkDelivery(trace, causal, clocks),
    ...checkSequenceNumbers(trace),
    ...checkOperations(trace),
    ...conflictAnalysis.findings,
    // A document's lanes are the authors of its changes, not replicas that were meant to exchange them all.
    ...(trace.library ? [] : notConverged(trace, knowledge)),
  ]);
  const findings = (options.recording ? whileRecording(structural) : structural).sort(byLine);
  let messages = 0;
  for (let k = 0; k < trace.edgeFrom.length; k++) if (!causal.ignoredEdge[k]) messages++;
  const operations = knowledge.opEvent.length;
  let states: StateAnalysis | undefined;
  let outcome: StateChecks | undefined;
  const analysis: Analysis = {
    trace,
    causal,
    clocks,
    knowledge,
    budget,
    conflicts: conflictAnalysis.conflicts,
    findings,
    metrics: {
      operations,
      messages,
      conflicts: conflictAnalysis.conflicts.length,
      conflictRate: operations === 0 ? 0 : conflictAnalysis.operationsInConflict / operations,
      convergence: measureConvergence(trace, causal, knowledge),
    },
    states: () => (states ??= analyzeStates(trace, causal, clocks, knowledge, budget, measureSyncs, options.stateMemoryBudgetBytes)),
    // Through the analysis's own states(): a cursor and every other reader share one replay.
    cursor: () => new ReplayCursor(trace, causal, clocks, knowledge, () => analysis.states().replayed),
    stateOutcome: () => (outcome ??= states ?? checkStates(trace, causal, clocks, knowledge, budget, measureSyncs, replayedElsewhere)),
  };
  return analysis;
}

/** The findings of a trace still being written: what more events may resolve becomes one `still-recording` finding. */
function whileRecording(findings: Finding[]): Finding[] {
  const waiting = findings.filter((f) => f.kind === 'unknown-message').length;
  const behind = findings.filter((f) => f.kind === 'not-converged').length;
  if (waiting + behind === 0) return findings;
  const parts = [
    ...(waiting > 0 ? [`${waiting} ${waiting === 1 ? 'event waits for the event it refers to' : 'events wait for the events they refer to'} (a send on its way, an id not recorded yet)`] : []),
    ...(behind > 0 ? [`${behind} ${behind === 1 ? 'replica has' : 'replicas have'} not received every operation yet`] : []),
  ];
  return [
    ...findings.filter((f) => f.kind !== 'unknown-message' && f.kind !== 'not-converged'),
    {
      severity: 'info',
      kind: 'still-recording',
      line: 0,
      message: `Still recording: ${parts.join('; ')}. They are checked again when the recording ends.`,
      events: [],
    },
  ];
}

/** Findings reported twice (an importer and a check can both see a clock gap), kept once. */
function withoutDuplicates(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    // The same kind on the same line about the same events is one finding (whoever worded it).
    const key = f.events.length > 0 ? `${f.kind}|${f.line}|${f.events.join(',')}` : `${f.kind}|${f.line}|${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function analyzeStates(trace: Trace, causal: CausalOrder, clocks: ComputedClocks, knowledge: Knowledge, budget: MemoryBudget, measureSyncs: boolean, stateBytes?: number): StateAnalysis {
  const tables = replayTables(trace, causal, knowledge);
  const recorder = new CheckpointRecorder(trace.size, trace.replicas.size, knowledge.opEvent.length, stateBytes);
  const checker = new RecordedStateChecker(trace);
  const onStep = (i: number, states: AnyCrdt[][], seen: Uint32Array[], deltas: readonly (AnyCrdt | undefined)[]) => {
    recorder.record(causal.step[i], states, trace.replica[i], seen, deltas, knowledge.opOfEvent[i]);
    checker.check(i, states, seen);
  };
  const replay = replayStates(trace, causal, clocks, knowledge, { onStep, measureSyncs, budget, tables });
  const replayed: ReplayedStates = { tables, checkpoints: recorder };
  return {
    replay,
    replayed,
    findings: [...replay.findings, ...checker.findings].sort(byLine),
    cursor: () => new ReplayCursor(trace, causal, clocks, knowledge, () => replayed),
  };
}

/** Without recorded states or sync measures, no step of the check's replay needs every key's states at once: it replays key by key. */
function replaysByKey(trace: Trace, measureSyncs: boolean): boolean {
  return trace.recordedState.size === 0 && !measureSyncs;
}

/**
 * The state replay a check needs: no checkpoints, each delta let go after its last delivery, steps
 * looked at only where a state was recorded; key by key where it can (taken from `elsewhere` when
 * it ran there).
 */
function checkStates(
  trace: Trace,
  causal: CausalOrder,
  clocks: ComputedClocks,
  knowledge: Knowledge,
  budget: MemoryBudget,
  measureSyncs: boolean,
  elsewhere?: () => KeyReplayResult<FinalState>,
): StateChecks {
  if (replaysByKey(trace, measureSyncs)) {
    const { finalStates, refused, reasons } = elsewhere ? elsewhere() : replayKeyJob(keyReplayJob(trace, causal, clocks, knowledge, budget));
    const findings = refusalFindings(trace, causal, refused, reasons);
    return { replay: { finalStates, findings, syncs: [] }, findings: [...findings].sort(byLine) };
  }
  const checker = new RecordedStateChecker(trace);
  const onStep = trace.recordedState.size > 0 ? checker.check.bind(checker) : undefined;
  const { finalStates, findings, syncs } = replayStates(trace, causal, clocks, knowledge, { onStep, measureSyncs, budget });
  return { replay: { finalStates, findings, syncs }, findings: [...findings, ...checker.findings].sort(byLine) };
}

/** Operations each origin issued (its own delivered count at the end), and the origins that issued any. */
function operationsPerOrigin(knowledge: Knowledge): { total: Uint32Array; origins: number[] } {
  const total = Uint32Array.from(knowledge.seen, (row, r) => row[r]);
  const origins: number[] = [];
  total.forEach((ops, r) => ops > 0 && origins.push(r));
  return { total, origins };
}

function measureConvergence(trace: Trace, causal: CausalOrder, knowledge: Knowledge): Convergence {
  const { total, origins } = operationsPerOrigin(knowledge);
  // Only origins that issued operations can be missing (a replica never delivers more than was issued).
  const converged = knowledge.seen.every((row) => origins.every((j) => row[j] === total[j]));
  let lastWriteStep = -1;
  let convergedStep = -1;
  for (let i = 0; i < trace.size; i++) {
    const s = causal.step[i];
    const isOp = knowledge.opOfEvent[i] >= 0;
    if (isOp) lastWriteStep = Math.max(lastWriteStep, s);
    if (isOp || knowledge.deliveredStart[i + 1] > knowledge.deliveredStart[i]) convergedStep = Math.max(convergedStep, s);
  }
  if (!converged) return { converged, lastWriteStep, convergedStep: -1, events: 0 };
  const result: Convergence = { converged, lastWriteStep, convergedStep, events: convergedStep - lastWriteStep };
  if (lastWriteStep >= 0) {
    const wall = trace.time[causal.order[convergedStep]] - trace.time[causal.order[lastWriteStep]];
    if (!Number.isNaN(wall)) result.wallMs = wall;
  }
  return result;
}

/** Origins named one by one in a not-converged finding; the rest are counted. */
const MISSING_ORIGINS_NAMED = 64;

function notConverged(trace: Trace, knowledge: Knowledge): Finding[] {
  const { total, origins } = operationsPerOrigin(knowledge);
  const findings: Finding[] = [];
  /** What a row misses, in words ('' when nothing); replicas that delivered nothing share one row, worded once. */
  const missingOf = (row: Uint32Array): string => {
    const missing: string[] = [];
    let more = 0;
    for (const j of origins) {
      if (row[j] >= total[j]) continue;
      if (missing.length < MISSING_ORIGINS_NAMED) missing.push(`${total[j] - row[j]} of ${trace.replicas.name(j)}'s`);
      else more++;
    }
    if (more > 0) missing.push(`and some of ${more} other replicas'`);
    return missing.join(', ');
  };
  const worded = new Map<Uint32Array, string>();
  knowledge.seen.forEach((row, r) => {
    let missing = worded.get(row);
    if (missing === undefined) worded.set(row, (missing = missingOf(row)));
    if (missing === '') return;
    findings.push({
      severity: 'warning',
      kind: 'not-converged',
      line: 0,
      message: `At the end of the trace ${trace.replicas.name(r)} has not received ${missing} operations, so replicas still differ.`,
      events: [],
    });
  });
  return findings;
}
