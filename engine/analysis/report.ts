// The check report: the stable JSON that `causeway check --json` prints and CI pipelines read
// (documented in the README), built from the analyses of a trace file's executions. A summary
// leaves the conflicts in the analysis and words them only when they are listed.

import type { Json } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import type { TraceFile } from '../trace/model';
import type { Analysis } from './analyze';
import type { Strategy } from './strategies';

export interface ReplicaReport {
  name: string;
  events: number;
  /** Final value of every object key on this replica (plain JSON). */
  state: Record<string, Json>;
}

export interface ConflictJson {
  id: string;
  key: string;
  target?: string;
  line: number;
  events: string[];
  winners: string[];
  losers: string[];
  strategy: Strategy;
  reason: string;
}

/** Bytes moved by state and delta syncs, against full-state syncs (the seed's "delta under 30%" rule). */
export interface SyncReport {
  syncs: number;
  deltaBytes: number;
  fullBytes: number;
  /** Syncs whose delta was under 30% of the sender's full state. */
  deltaUnder30Percent: number;
}

/** An execution's conflicts, counted; each worded when listed (a million events can have 250,000). */
export interface ConflictList {
  readonly length: number;
  slice(start?: number, end?: number): ConflictJson[];
}

export interface ExecutionReport<Conflicts extends ConflictList = ConflictJson[]> {
  name: string;
  /** The header's one-line description, when it has one. */
  description?: string;
  events: number;
  messages: number;
  replicas: ReplicaReport[];
  conflicts: Conflicts;
  findings: Finding[];
  converged: boolean;
  /**
   * Set when a CRDT library decoded the history (a document's changes or updates: its lanes are
   * the document's authors, each ending with the document after that author's last change) or it
   * is a Jepsen history (its lanes are clients, each key's value as that client last saw it): then
   * `converged` (every lane delivered every operation) says nothing about the system itself.
   */
  library?: 'Automerge' | 'Yjs' | 'Jepsen';
  /** Operations, conflict rate and convergence (events and wall time from the last write). */
  metrics: {
    operations: number;
    conflictRate: number;
    convergenceEvents?: number;
    convergenceMs?: number;
    /** Present when syncs were measured (traces up to 50,000 events). */
    sync?: SyncReport;
  };
}

export interface CheckReport<Conflicts extends ConflictList = ConflictJson[]> {
  format: string;
  executions: ExecutionReport<Conflicts>[];
  /** Findings about the file as a whole (text between executions, for example). */
  findings: Finding[];
}

/** A report whose conflicts are worded only when listed: what the CLI prints, in text or streamed as JSON. */
export type CheckSummary = CheckReport<ConflictList>;
export type ExecutionSummary = ExecutionReport<ConflictList>;

/** Every finding of an analysis, the state replay's included (it runs the replay if needed), by line. */
export function allFindings(analysis: Analysis, stateFindings = analysis.states().findings): Finding[] {
  return [...analysis.findings, ...stateFindings].sort((a, b) => a.line - b.line);
}

/** An analysis's conflicts in the report's words, worded a slice at a time. */
class ReportedConflicts implements ConflictList {
  constructor(private readonly analysis: Analysis) {}

  get length(): number {
    return this.analysis.conflicts.length;
  }

  slice(start?: number, end?: number): ConflictJson[] {
    const { trace } = this.analysis;
    const ids = (events: number[]) => events.map((e) => trace.eventId(e));
    return this.analysis.conflicts.slice(start, end).map((c) => ({
      id: c.id,
      key: c.key,
      ...(c.target === undefined ? {} : { target: c.target }),
      line: trace.line[c.events[c.events.length - 1]],
      events: ids(c.events),
      winners: ids(c.winners),
      losers: ids(c.losers),
      strategy: c.strategy,
      reason: c.reason,
    }));
  }
}

/** The whole report of an execution, every conflict worded. */
export function executionReport(analysis: Analysis): ExecutionReport {
  const summary = executionSummary(analysis);
  return { ...summary, conflicts: summary.conflicts.slice() };
}

/** The report of an execution with its conflicts worded when listed; its states are replayed without a cursor's checkpoints. */
export function executionSummary(analysis: Analysis): ExecutionSummary {
  const { trace } = analysis;
  const states = analysis.stateOutcome();
  const { finalStates } = states.replay;
  const eventsPer = new Uint32Array(trace.replicas.size);
  for (let i = 0; i < trace.size; i++) eventsPer[trace.replica[i]]++;
  return {
    name: trace.name,
    ...(trace.header.description === undefined ? {} : { description: trace.header.description }),
    events: trace.size,
    messages: analysis.metrics.messages,
    replicas: trace.replicas.all().map((name, r) => ({
      name,
      events: eventsPer[r],
      state: Object.fromEntries(trace.keys.all().map((key, k) => [key, finalStates[r][k].value()])),
    })),
    conflicts: new ReportedConflicts(analysis),
    findings: allFindings(analysis, states.findings),
    converged: analysis.metrics.convergence.converged,
    ...(trace.library ? { library: trace.library.library } : {}),
    metrics: metricsReport(analysis),
  };
}

function metricsReport(analysis: Analysis): ExecutionReport['metrics'] {
  const { metrics } = analysis;
  const { syncs } = analysis.stateOutcome().replay;
  const report: ExecutionReport['metrics'] = { operations: metrics.operations, conflictRate: Number(metrics.conflictRate.toFixed(4)) };
  if (metrics.convergence.converged && metrics.convergence.lastWriteStep >= 0) {
    report.convergenceEvents = metrics.convergence.events;
    if (metrics.convergence.wallMs !== undefined) report.convergenceMs = metrics.convergence.wallMs;
  }
  if (syncs.length > 0) {
    report.sync = {
      syncs: syncs.length,
      deltaBytes: syncs.reduce((sum, s) => sum + s.deltaBytes, 0),
      fullBytes: syncs.reduce((sum, s) => sum + s.fullBytes, 0),
      deltaUnder30Percent: syncs.filter((s) => s.deltaBytes < 0.3 * s.fullBytes).length,
    };
  }
  return report;
}

export function checkReport(file: TraceFile, analyses: Analysis[]): CheckReport {
  return { format: file.format, executions: analyses.map(executionReport), findings: file.findings };
}

export function checkSummary(file: TraceFile, analyses: Analysis[]): CheckSummary {
  return { format: file.format, executions: analyses.map(executionSummary), findings: file.findings };
}

/** Exit status of `causeway check`: 1 when any error finding exists, else 0. */
export function hasErrors(report: CheckSummary): boolean {
  return [...report.findings, ...report.executions.flatMap((e) => e.findings)].some((f) => f.severity === 'error');
}
