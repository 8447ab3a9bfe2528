// Jepsen and Elle histories (`history.edn`) and Jepsen's text log, as a trace: a lane per worker
// (a crashed process's successor shares its worker's lane; the nemesis has its own), an event at
// each invocation and completion, happens-before from real-time order without its transitive
// edges, and the history's linearizability (registers and key-value stores) as a finding.

import { checkLinearizability } from '../analysis/linearizability';
import { describeRegisterOperation, NO_VALUE, registerModel, type RegisterInput, type RegisterOperation, type RegisterOutput } from '../analysis/register-model';
import type { Json } from '../crdt/types';
import { TraceBuilder } from '../trace/builder';
import type { TraceFile } from '../trace/model';
import { emitCausally } from './causal-emit';
import { readElleAnomalies } from './elle-results';
import { type HistoryEntry, type HistoryOperation, concurrencyOf, historyDescription, looksLikeJepsen, pairOperations, readHistoryEntries } from './jepsen-history';
import { DocumentReader } from './json-text';
import { FindingLog, PendingEvents } from './pending';
import type { ReadOptions, TraceFormat } from './types';

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
  const builder = new TraceBuilder({ format: 'causeway', version: 1, clock: 'none', ...(story ? { description: story } : {}) }, options.name ?? '');
  const p = new PendingEvents();
  const add = (entry: HistoryEntry, label: string) => p.add(laneOf(entry.process, concurrency), entry.line, { label, fields: fieldsOf(entry) });

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
    const i = add(entry, done);
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
  checkHistory(operations, (op) => [invokeEvent.get(op), completeEvent.get(op)].filter((i) => i !== undefined).map(idOf), findings);
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

/** A history entry's value as register JSON text. */
function json(value: Json | undefined): string {
  return value === undefined ? NO_VALUE : JSON.stringify(value);
}

function isPair(value: Json): value is [Json, Json] {
  return Array.isArray(value) && value.length === 2;
}

/**
 * The register operations of the history, for the linearizability check: `read`, `write` and
 * `cas` on one register or on independent keys (`[k v]` values, jepsen.independent), and
 * Porcupine's key-value `get`, `put` and `append` on `:key`. Other operations are not checked.
 */
function registerOperations(operations: readonly HistoryOperation[]): { ops: RegisterOperation[]; sources: HistoryOperation[]; initial: string } {
  const registers = operations.filter((op) => ['read', 'write', 'cas'].includes(op.invoke.f));
  const store = operations.filter((op) => ['get', 'put', 'append'].includes(op.invoke.f) && op.invoke.extra['key'] !== undefined);
  const independent = registers.length > 0 && registers.every((op) => isPair(op.invoke.value) && (op.invoke.f !== 'cas' || isPair(op.invoke.value[1])));
  const sources = store.length > registers.length ? store : registers;
  const ops = sources.map((op, id): RegisterOperation => {
    const { invoke, complete } = op;
    const key = store === sources ? String(invoke.extra['key']) : independent ? json((invoke.value as Json[])[0]) : undefined;
    const arg = independent ? (invoke.value as Json[])[1] : invoke.value;
    const f = ({ get: 'read', put: 'write', append: 'append' } as Record<string, RegisterInput['f']>)[invoke.f] ?? (invoke.f as RegisterInput['f']);
    const input: RegisterInput = f === 'read' ? { key, f } : f === 'cas' && isPair(arg) ? { key, f, from: json(arg[0]), to: json(arg[1]) } : { key, f, value: json(arg) };
    const known = complete && complete.type !== 'info';
    let output: RegisterOutput = { status: 'unknown' };
    if (known && complete.type === 'fail') output = { status: 'fail' };
    else if (known && f === 'read') output = { status: 'ok', value: json(independent ? (complete.value as Json[] | null)?.[1] : complete.value) };
    else if (known) output = { status: 'ok' };
    return { id, call: invoke.line, ret: known ? complete.line : Infinity, input, output };
  });
  return { ops, sources, initial: store === sources ? '""' : NO_VALUE };
}

/** Checks the history's registers for linearizability and reports the first operation no order explains. */
function checkHistory(operations: readonly HistoryOperation[], eventsOf: (op: HistoryOperation) => string[], log: FindingLog): void {
  const { ops, sources, initial } = registerOperations(operations);
  if (ops.length === 0) return;
  const verdict = checkLinearizability(ops, registerModel(initial), { maxSteps: LINEARIZABILITY_STEPS });
  const describe = (id: number) => `${describeRegisterOperation(ops[id].input, ops[id].output)} by process ${sources[id].invoke.process} (line ${sources[id].invoke.line})`;
  if (verdict.result === 'unknown') {
    log.add('info', 'linearizability-unknown', 0, `Whether the history is linearizable could not be decided within ${LINEARIZABILITY_STEPS.toLocaleString('en-US')} search steps (operations whose outcome is unknown, :info, multiply the orders to try).`);
    return;
  }
  const failed = verdict.partitions.find((part) => part.result === 'not-linearizable');
  if (!failed) return;
  const violation = failed.violation;
  const key = ops[failed.operations[0]].input.key;
  const where = key === undefined ? 'The register' : `Key ${key}`;
  if (!violation) {
    log.add('error', 'not-linearizable', sources[failed.operations[0]].invoke.line, `${where} is not linearizable: no order of its ${failed.operations.length} operations explains every result.`);
    return;
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
}
