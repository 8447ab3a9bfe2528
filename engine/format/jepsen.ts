// Jepsen and Elle histories (`history.edn`) and Jepsen's text log, as a trace: a lane per worker
// (a crashed process's successor shares its worker's lane; the nemesis has its own), an event at
// each invocation and completion, happens-before from real-time order without its transitive
// edges, and the history's linearizability (registers and key-value stores) as a finding.

import { checkLinearizability, type LinearizabilityVerdict } from '../analysis/linearizability';
import { describeRegisterOperation, registerModel } from '../analysis/register-model';
import type { Json } from '../crdt/types';
import { TraceBuilder } from '../trace/builder';
import type { LibraryHistory } from '../trace/library-history';
import type { TraceFile } from '../trace/model';
import { emitCausally } from './causal-emit';
import { readElleAnomalies } from './elle-results';
import { type HistoryEntry, type HistoryOperation, concurrencyOf, historyDescription, looksLikeJepsen, pairOperations, readHistoryEntries } from './jepsen-history';
import { concurrentWrites, registerKey, registerOperations, type Registers, valueSeen } from './jepsen-registers';
import { DocumentReader } from './json-text';
import { FindingLog, type PendingExtra, PendingEvents } from './pending';
import type { ReadOptions, TraceFormat } from './types';
import { groupedCount } from '../util/count-text';

/** Search steps the linearizability check may take on import before it answers "unknown". */
const LINEARIZABILITY_STEPS = 3_000_000;

export const jepsenFormat: TraceFormat = {
  id: 'jepsen',
  title: 'Jepsen / Elle history (EDN) or Jepsen text log',
  expected: 'operations such as {:type :invoke, :f :write, :value 3, :process 0} (one per line) or Jepsen log lines "INFO jepsen.util - 0 :invoke :write 3"',
  extensions: ['edn', 'history.edn'],
  detect: looksLikeJepsen,
  createReader: (options) => new DocumentReader((text, log) => readJepsen(text, log, options)),
};

function valueText(value: Json): string {
  return value === null ? '' : ` ${JSON.stringify(value)}`;
}

function fieldsOf(entry: HistoryEntry): Record<string, Json> {
  return { process: entry.process, type: entry.type, f: entry.f, value: entry.value, ...entry.extra };
}

/** The lane of a process: its worker when the test's concurrency is known, else the process itself. */
function laneOf(process: number | string, concurrency: number): string {
  if (typeof process !== 'number') return process;
  return String(concurrency > 0 ? process % concurrency : process);
}

function readJepsen(text: string, log: FindingLog, options: ReadOptions): Omit<TraceFile, 'findings'> {
  // A file with no operation reads as empty here; the registry's content check then says what was expected.
  const entries = readHistoryEntries(text, log);
  const { operations, notes } = pairOperations(entries, log);
  const isNote = new Set(notes);
  const concurrency = concurrencyOf(operations);
  // Comment lines at the top of the file (`;`) tell the history's story: they are its description.
  const story = historyDescription(text);
  // Its lanes are clients, not replicas: concurrent writes are resolved by the check's order, and nothing is meant to converge.
  const history: LibraryHistory = { library: 'Jepsen', conflicts: [] };
  const builder = new TraceBuilder({ format: 'causeway', version: 1, clock: 'none', history, ...(story ? { description: story } : {}) }, options.name ?? '');
  const p = new PendingEvents();
  const add = (entry: HistoryEntry, label: string, extra?: PendingExtra) => p.add(laneOf(entry.process, concurrency), entry.line, { label, fields: fieldsOf(entry), ...(extra ? { extra } : {}) });
  // Each completed register operation sets its key to the value its client saw (a register per key, declared where first used).
  const registers = registerOperations(operations);
  const declared = new Set<string>();
  const seen = new Map<HistoryOperation, PendingExtra>();
  registers.ops.forEach((op, id) => {
    const value = valueSeen(op);
    if (value === undefined) return;
    const key = registerKey(op.input);
    const objects = declared.has(key) ? {} : { objects: { [key]: 'lww-register' as const } };
    declared.add(key);
    seen.set(registers.sources[id], { kind: 'op', key, op: { type: 'set', value }, ...objects });
  });

  // Events in source order; each lane is a chain in that order.
  const invokeEvent = new Map<HistoryOperation, number>();
  const completeEvent = new Map<HistoryOperation, number>();
  const opAt = new Map<HistoryEntry, HistoryOperation>();
  for (const op of operations) {
    opAt.set(op.invoke, op);
    if (op.complete) opAt.set(op.complete, op);
  }
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  // Completions not yet followed by a whole operation: the direct real-time predecessors of the next invocation.
  let frontier: { event: number; line: number }[] = [];
  for (const entry of entries) {
    const op = opAt.get(entry);
    if (!op) {
      if (isNote.has(entry)) add(entry, `${entry.type} ${entry.f}${valueText(entry.value)}`);
      continue;
    }
    if (entry === op.invoke) {
      const i = add(entry, `${entry.f}${valueText(entry.value)}`);
      invokeEvent.set(op, i);
      for (const c of frontier) {
        if (p.host[c.event] === p.host[i]) continue;
        edgeFrom.push(c.event);
        edgeTo.push(i);
      }
      continue;
    }
    const done = entry.type === 'info' ? `info ${entry.f}${valueText(entry.value)} (may or may not have happened)` : `${entry.type} ${entry.f}${valueText(entry.value)}`;
    const i = add(entry, done, seen.get(op));
    completeEvent.set(op, i);
    // A crashed operation (`:info`) stays open to the end: it precedes nothing.
    if (entry.type === 'info') continue;
    frontier = frontier.filter((c) => c.line > op.invoke.line);
    frontier.push({ event: i, line: entry.line });
  }

  const chains: number[][] = Array.from({ length: p.hosts.size }, () => []);
  for (let i = 0; i < p.size; i++) chains[p.host[i]].push(i);
  const seq = new Uint32Array(p.size);
  for (const chain of chains) chain.forEach((i, j) => (seq[i] = j + 1));
  const idOf = (i: number) => `${p.hosts.name(p.host[i])}:${seq[i]}`;
  emitCausally(p, { chains, edgeFrom, edgeTo, idOf }, builder, log, { kindOf: () => 'local' });

  // The verdict is about this execution: its findings go with the trace's own.
  const findings = new FindingLog(builder.findings);
  const verdict = checkHistory(registers, (op) => [invokeEvent.get(op), completeEvent.get(op)].filter((i) => i !== undefined).map(idOf), findings);
  const resultsText = options.sidecar?.(RESULTS_FILE);
  if (resultsText !== undefined) {
    const eventOf = (entry: HistoryEntry) => {
      const op = opAt.get(entry);
      const i = op ? (completeEvent.get(op) ?? invokeEvent.get(op)) : undefined;
      return i === undefined ? undefined : { id: idOf(i), line: op?.complete?.line ?? entry.line };
    };
    reportElleAnomalies(resultsText, entries, eventOf, findings);
  }
  findings.flush();
  const completion = (op: HistoryOperation) => {
    const i = completeEvent.get(op);
    return i === undefined ? undefined : idOf(i);
  };
  if (verdict) history.conflicts.push(...concurrentWrites(registers, verdict, completion));
  return { format: 'jepsen', executions: [builder.finish()] };
}

/** Elle's or Jepsen's verdict, read when it sits beside the history. */
const RESULTS_FILE = 'results.edn';

/**
 * Elle's anomalies from `results.edn`, each an error on the cycle's operations (found by `:index`,
 * or by position in a history that has none, as jepsen.history numbers it). Results that name an
 * operation the history does not have are about another history: they are set aside with a warning.
 */
function reportElleAnomalies(text: string, entries: readonly HistoryEntry[], eventOf: (entry: HistoryEntry) => { id: string; line: number } | undefined, log: FindingLog): void {
  let anomalies;
  try {
    anomalies = readElleAnomalies(text);
  } catch (e) {
    log.add('warning', 'parse-error', 0, `${RESULTS_FILE} beside the history is not readable EDN (${(e as Error).message}); Elle's anomalies are not shown.`);
    return;
  }
  const indexed = entries.some((entry) => typeof entry.extra['index'] === 'number');
  const byIndex = new Map<number, HistoryEntry>();
  entries.forEach((entry, position) => byIndex.set(indexed ? (entry.extra['index'] as number) : position, entry));
  const missing = anomalies.flatMap((a) => a.indices).find((index) => !byIndex.has(index) || !eventOf(byIndex.get(index)!));
  if (missing !== undefined) {
    log.add('warning', 'parse-error', 0, `${RESULTS_FILE} beside the history names operation :index ${missing}, which this history does not have: it belongs to another history, and its anomalies are not shown.`);
    return;
  }
  for (const anomaly of anomalies) {
    const events = anomaly.indices.map((index) => eventOf(byIndex.get(index)!)!);
    const line = Math.min(...events.map((e) => e.line));
    log.add('error', 'transaction-anomaly', line, `Elle found ${anomaly.type} (${RESULTS_FILE}): ${anomaly.explanation}`, events.map((e) => e.id));
  }
}

/** Checks the history's registers for linearizability, reports the first operation no order explains, and returns the verdict. */
function checkHistory(registers: Registers, eventsOf: (op: HistoryOperation) => string[], log: FindingLog): LinearizabilityVerdict | undefined {
  const { ops, sources, initial } = registers;
  if (ops.length === 0) return undefined;
  const verdict = checkLinearizability(ops, registerModel(initial), { maxSteps: LINEARIZABILITY_STEPS });
  const describe = (id: number) => `${describeRegisterOperation(ops[id].input, ops[id].output)} by process ${sources[id].invoke.process} (line ${sources[id].invoke.line})`;
  if (verdict.result === 'unknown') {
    log.add('info', 'linearizability-unknown', 0, `Whether the history is linearizable could not be decided within ${groupedCount(LINEARIZABILITY_STEPS)} search steps (operations whose outcome is unknown, :info, multiply the orders to try).`);
    return verdict;
  }
  const failed = verdict.partitions.find((part) => part.result === 'not-linearizable');
  if (!failed) return verdict;
  const violation = failed.violation;
  const key = ops[failed.operations[0]].input.key;
  const where = key === undefined ? 'The register' : `Key ${key}`;
  if (!violation) {
    log.add('error', 'not-linearizable', sources[failed.operations[0]].invoke.line, `${where} is not linearizable: no order of its ${failed.operations.length} operations explains every result.`);
    return verdict;
  }
  const op = sources[violation.operation];
  const before = violation.linearizedBefore;
  const order = before.length > 6 ? `… ${before.slice(-6).map(describe).join(', ')}` : before.map(describe).join(', ');
  log.add(
    'error',
    'not-linearizable',
    op.complete?.line ?? op.invoke.line,
    `${where} is not linearizable: ${describe(violation.operation)} cannot be explained by any order of the operations before it. The longest order that explains everything up to there (${before.length} operation(s)): ${order || 'none'}.`,
    [...eventsOf(op), ...before.slice(-3).flatMap((id) => eventsOf(sources[id]))],
  );
  return verdict;
}
