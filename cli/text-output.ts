// Plain-text renderings of check reports and trace statistics for terminals. Every trace string
// (and file name) goes through displayText, so escape sequences and bidi tricks show as escapes.

import type { Analysis } from '../engine/analysis/analyze';
import type { CheckSummary } from '../engine/analysis/report';
import { countBySeverity, type Finding } from '../engine/trace/diagnostics';
import type { TraceFile } from '../engine/trace/model';
import { displayText } from '../engine/util/display-text';
import { groupedCount } from '../engine/util/count-text';

/** The largest of many numbers, 0 when there are none (spreading them into Math.max overflows the stack past ~100,000). */
function largest(values: Iterable<number>): number {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return max;
}

function plural(n: number, word: string): string {
  return `${groupedCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

function findingLine(f: Finding): string {
  const where = f.line > 0 ? `line ${f.line}` : 'file';
  return `  ${where}: ${f.severity} ${f.kind}: ${displayText(f.message)}`;
}

/** Compact JSON of a value for one line of text. */
function compact(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? 'undefined';
  return displayText(text.length > max ? `${text.slice(0, max - 3)}...` : text);
}

/** Every finding of a report: the file's own and each execution's, the set the exit status is decided on. */
export function reportFindings(report: CheckSummary): Finding[] {
  return [...report.findings, ...report.executions.flatMap((e) => e.findings)];
}

/** The last line of a file's check: all its findings counted, and the verdict the exit status gives. */
function verdictLine(report: CheckSummary): string {
  const counts = countBySeverity(reportFindings(report));
  const aboutFile = report.findings.length > 0 ? ` (${plural(report.findings.length, 'finding')} about the file as a whole)` : '';
  const verdict = counts.error > 0 ? 'FAILED (exit 1)' : 'passed';
  return `total: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info${aboutFile}: check ${verdict}`;
}

/** How many conflicts and findings an execution lists in text; the rest are counted (`--json` lists all). */
export const TEXT_LIST_LIMIT = { conflicts: 20, findings: 30 } as const;

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** The findings text shows: errors first, then warnings, then info, each in line order, at most `limit`. */
function findingsShown(findings: readonly Finding[], limit: number): Finding[] {
  if (findings.length <= limit) return [...findings];
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_RANK[a.f.severity] - SEVERITY_RANK[b.f.severity] || a.i - b.i)
    .slice(0, limit)
    .map(({ f }) => f);
}

/** "… and 1,234 more conflicts; --json lists all", or nothing when everything was listed. */
function moreLine(hidden: number, word: string): string[] {
  return hidden > 0 ? [`  ... and ${plural(hidden, `more ${word}`)}; --json lists all`] : [];
}

/** Findings counted by severity and kind, for an execution with more findings than text lists. */
function findingKindsLine(findings: readonly Finding[]): string {
  const byKind = new Map<string, number>();
  for (const f of findings) byKind.set(`${f.severity} ${f.kind}`, (byKind.get(`${f.severity} ${f.kind}`) ?? 0) + 1);
  const parts = [...byKind].sort((a, b) => b[1] - a[1]).map(([kind, n]) => `${groupedCount(n)} ${kind}`);
  return `  by kind: ${parts.join(', ')}`;
}

/** Whether the replicas converged, or for a library-decoded document, what its lanes are instead. */
function convergenceWords(ex: CheckSummary['executions'][number]): string {
  if (ex.library === 'Jepsen') return "a Jepsen history (a lane per client, each key's value as that client last saw it)";
  if (ex.library) return `${ex.library === 'Automerge' ? 'an' : 'a'} ${ex.library} document's history (a lane per author, each ending with the document after its last change)`;
  return ex.converged ? 'converged' : 'NOT converged';
}

export function formatCheckText(file: string, report: CheckSummary): string {
  const out: string[] = [];
  out.push(`${displayText(file)}: ${report.format} trace, ${plural(report.executions.length, 'execution')}`);
  for (const f of report.findings) out.push(findingLine(f));
  for (const ex of report.executions) {
    out.push('');
    if (report.executions.length > 1) out.push(displayText(ex.name));
    if (ex.description) out.push(`  ${displayText(ex.description)}`);
    out.push(
      `  ${plural(ex.events, 'event')}, ${plural(ex.replicas.length, 'replica')}, ${plural(ex.messages, 'message')}, ${plural(ex.conflicts.length, 'conflict')}, ${convergenceWords(ex)}`,
    );
    for (const r of ex.replicas) {
      const state = Object.entries(r.state)
        .map(([k, v]) => `${displayText(k)}=${compact(v)}`)
        .join('  ');
      out.push(`    ${displayText(r.name).padEnd(12)} ${plural(r.events, 'event').padStart(12)}  ${state}`);
    }
    for (const c of ex.conflicts.slice(0, TEXT_LIST_LIMIT.conflicts)) {
      out.push(`  conflict ${c.id} on ${displayText(c.key)}${c.target ? ` [${displayText(c.target)}]` : ''} (line ${c.line}): ${displayText(c.reason)}`);
    }
    out.push(...moreLine(ex.conflicts.length - TEXT_LIST_LIMIT.conflicts, 'conflict'));
    const counts = countBySeverity(ex.findings);
    out.push(`  findings in this execution: ${plural(counts.error, 'error')}, ${plural(counts.warning, 'warning')}, ${counts.info} info`);
    if (ex.findings.length > TEXT_LIST_LIMIT.findings) out.push(findingKindsLine(ex.findings));
    for (const f of findingsShown(ex.findings, TEXT_LIST_LIMIT.findings)) out.push(findingLine(f));
    out.push(...moreLine(ex.findings.length - TEXT_LIST_LIMIT.findings, 'finding'));
  }
  out.push('', verdictLine(report));
  return `${out.join('\n')}\n`;
}

interface ExecutionStats {
  name: string;
  events: number;
  replicas: { name: string; events: number }[];
  messages: number;
  operations: number;
  conflicts: number;
  conflictRate: number;
  /** Events per causal depth (Lamport clock): how many events could run side by side. */
  concurrency: { mean: number; max: number };
  converged: boolean;
}

function executionStats(a: Analysis): ExecutionStats {
  const { trace, clocks, metrics } = a;
  const perReplica = new Uint32Array(trace.replicas.size);
  for (let i = 0; i < trace.size; i++) perReplica[trace.replica[i]]++;
  let depth = 0;
  const perDepth = new Map<number, number>();
  for (let i = 0; i < trace.size; i++) {
    const d = clocks.lamport[i];
    depth = Math.max(depth, d);
    perDepth.set(d, (perDepth.get(d) ?? 0) + 1);
  }
  return {
    name: trace.name,
    events: trace.size,
    replicas: trace.replicas.all().map((name, r) => ({ name, events: perReplica[r] })),
    messages: metrics.messages,
    operations: metrics.operations,
    conflicts: metrics.conflicts,
    conflictRate: metrics.conflictRate,
    concurrency: { mean: depth === 0 ? 0 : trace.size / depth, max: largest(perDepth.values()) },
    converged: metrics.convergence.converged,
  };
}

/** What `causeway stats --json` prints for a file. */
export function statsReport(traceFile: TraceFile, analyses: Analysis[]): { format: string; executions: ExecutionStats[] } {
  return { format: traceFile.format, executions: analyses.map(executionStats) };
}

export function formatStatsText(file: string, traceFile: TraceFile, analyses: Analysis[]): string {
  const stats = analyses.map(executionStats);
  const out: string[] = [`${displayText(file)}: ${traceFile.format} trace, ${plural(stats.length, 'execution')}`];
  for (const s of stats) {
    out.push('', displayText(s.name));
    out.push(`  events       ${groupedCount(s.events)}`);
    out.push(`  replicas     ${s.replicas.length}`);
    out.push(`  messages     ${groupedCount(s.messages)}`);
    out.push(`  operations   ${groupedCount(s.operations)}`);
    out.push(`  conflicts    ${s.conflicts} (${(100 * s.conflictRate).toFixed(1)}% of operations)`);
    out.push(`  concurrency  ${s.concurrency.mean.toFixed(2)} events per causal step on average, ${s.concurrency.max} at most`);
    out.push(`  converged    ${s.converged ? 'yes' : 'no'}`);
    out.push('  events per replica:');
    const most = Math.max(1, largest(s.replicas.map((r) => r.events)));
    const width = Math.max(4, largest(s.replicas.map((r) => r.name.length)));
    for (const r of s.replicas) {
      const bar = '#'.repeat(Math.max(r.events > 0 ? 1 : 0, Math.round((40 * r.events) / most)));
      out.push(`    ${displayText(r.name).padEnd(width)} ${String(r.events).padStart(8)} ${bar}`);
    }
  }
  return `${out.join('\n')}\n`;
}
