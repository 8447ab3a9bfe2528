// The check report: the stable JSON that `causeway check --json` prints and CI pipelines read
// (documented in the README), built from the analyses of a trace file's executions.

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

export interface ExecutionReport {
  name: string;
  events: number;
  messages: number;
  replicas: ReplicaReport[];
  conflicts: ConflictJson[];
  findings: Finding[];
  converged: boolean;
}

export interface CheckReport {
  format: string;
  executions: ExecutionReport[];
  /** Findings about the file as a whole (text between executions, for example). */
  findings: Finding[];
}

/** Every finding of an analysis, the state replay's included (it runs the replay if needed), by line. */
export function allFindings(analysis: Analysis): Finding[] {
  return [...analysis.findings, ...analysis.states().findings].sort((a, b) => a.line - b.line);
}

export function executionReport(analysis: Analysis): ExecutionReport {
  const { trace } = analysis;
  const { finalStates } = analysis.states().replay;
  const eventsPer = new Uint32Array(trace.replicas.size);
  for (let i = 0; i < trace.size; i++) eventsPer[trace.replica[i]]++;
  const ids = (events: number[]) => events.map((e) => trace.eventId(e));
  return {
    name: trace.name,
    events: trace.size,
    messages: analysis.metrics.messages,
    replicas: trace.replicas.all().map((name, r) => ({
      name,
      events: eventsPer[r],
      state: Object.fromEntries(trace.keys.all().map((key, k) => [key, finalStates[r][k].value()])),
    })),
    conflicts: analysis.conflicts.map((c) => ({
      id: c.id,
      key: c.key,
      ...(c.target === undefined ? {} : { target: c.target }),
      line: trace.line[c.events[c.events.length - 1]],
      events: ids(c.events),
      winners: ids(c.winners),
      losers: ids(c.losers),
      strategy: c.strategy,
      reason: c.reason,
    })),
    findings: allFindings(analysis),
    converged: analysis.metrics.convergence.converged,
  };
}

export function checkReport(file: TraceFile, analyses: Analysis[]): CheckReport {
  return { format: file.format, executions: analyses.map(executionReport), findings: file.findings };
}

/** Exit status of `causeway check`: 1 when any error finding exists, else 0. */
export function hasErrors(report: CheckReport): boolean {
  return [...report.findings, ...report.executions.flatMap((e) => e.findings)].some((f) => f.severity === 'error');
}
