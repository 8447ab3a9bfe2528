// Jepsen histories as operations: `history.edn` (one EDN map per line, possibly inside one
// vector, Jepsen 0.2/0.3 and Elle's test histories) and Jepsen's text log (`INFO jepsen.util -
// 3 :invoke :read nil`, as Porcupine's test data keeps it), parsed with edn-data. Each
// invocation is paired with its process's completion; workers are found from crashed processes.

import type { Json } from '../crdt/types';
import { edn } from './libraries';
import type { FindingLog } from './pending';

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** One line of a history: an invocation, a completion, or a nemesis or other process's note. */
export interface HistoryEntry {
  line: number;
  type: OpType;
  /** The process as written: a number, or a name such as `nemesis` (`unnamed` when the entry names none, as in Elle's examples). */
  process: number | string;
  f: string;
  value: Json;
  /** Every other member of the map (`:time`, `:index`, `:error`, `:key`, ...). */
  extra: Record<string, Json>;
}

/** An invocation and its completion (absent when the history ends first). */
export interface HistoryOperation {
  invoke: HistoryEntry;
  complete?: HistoryEntry;
}

const TEXT_LOG = /^\s*(?:[A-Z]+\s+)?jepsen\.util\s+-\s+(\S+)\s+:(invoke|ok|fail|info)\s+:(\S+)\s*(.*?)\s*$/;
const TYPES = new Set<string>(['invoke', 'ok', 'fail', 'info']);
/** The process of entries that name none (Elle's examples): they run one after another. */
const UNNAMED = 'unnamed';
/** The process that injects faults: its entries are notes, not operations. */
const NEMESIS = 'nemesis';

/** The history's story: the `;` comment lines at the top of the file, joined into one line ('' when none). */
export function historyDescription(text: string): string {
  const comments = /^(?:\s*;[^\n]*\n?)+/.exec(text)?.[0] ?? '';
  return comments.replace(/^\s*;+\s?/gm, '').trim().replace(/\s*\n\s*/g, ' ');
}

/** Whether the text looks like a Jepsen history. */
export function looksLikeJepsen(head: string): number {
  if (/^\s*(?:[A-Z]+\s+)?jepsen\.util\s+-\s+\S+\s+:(invoke|ok|fail|info)\s/m.test(head)) return 0.95;
  const map = /^\s*[[(]?\s*(?:#jepsen\.history\.Op)?\{[^\n]*:type\s+:(invoke|ok|fail|info)\b[^\n]*\}/m;
  if (!map.test(head)) return 0;
  return /:process\s/.test(head) && /:f\s+:/.test(head) ? 0.95 : /:(index|value|f)\s/.test(head) ? 0.9 : 0;
}

/** EDN text as plain values: maps as objects, keywords as strings, sets and lists as arrays. */
export function parseEdn(text: string): unknown {
  return edn().parseEDNString(text, { mapAs: 'object', keywordAs: 'string', setAs: 'array', listAs: 'array' });
}

/** A map read from EDN, unwrapped from a tagged record such as `#jepsen.history.Op{...}`. */
function record(value: unknown): Record<string, unknown> | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  if (typeof v['tag'] === 'string' && v['val'] !== null && typeof v['val'] === 'object' && Object.keys(v).length === 2) return record(v['val']);
  return v;
}

function entryOf(map: Record<string, unknown>, line: number): HistoryEntry | string {
  const { type, process = UNNAMED, f = Array.isArray(map['value']) ? 'txn' : undefined, value, ...rest } = map;
  if (typeof type !== 'string' || !TYPES.has(type)) return 'it has no :type of :invoke, :ok, :fail or :info';
  if (typeof process !== 'number' && typeof process !== 'string') return 'its :process is neither a number nor a name';
  if (typeof f !== 'string' && typeof f !== 'number') return 'it has no :f';
  return { line, type: type as OpType, process, f: String(f), value: (value ?? null) as Json, extra: rest as Record<string, Json> };
}

/** The history's entries in order, with what could not be read reported on its line. */
export function readHistoryEntries(text: string, log: FindingLog): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const line = i + 1;
    let body = raw.trim();
    if (body === '' || body.startsWith(';')) return;
    // History maps (the common case) start with a bracket: no text-log line does.
    const textLog = /^[{#[(]/.test(body) ? null : TEXT_LOG.exec(body);
    if (textLog) {
      const [, process, type, f, value] = textLog;
      log.guard(line, () => {
        entries.push({ line, type: type as OpType, process: /^\d+$/.test(process) ? Number(process) : process.replace(/^:/, ''), f, value: (value === '' ? null : parseEdn(value)) as Json, extra: {} });
      });
      return;
    }
    if (/^[^{#[(]/.test(body)) {
      // A log line of another kind (Jepsen's own log interleaves them): not part of the history.
      if (/:(invoke|ok|fail|info)\b/.test(body)) log.add('warning', 'parse-error', line, `Line ${line}: this looks like a history entry but is not one Causeway can read; it is skipped.`);
      return;
    }
    // One vector or list around the whole history: its brackets stand on the first and last lines.
    if (body.startsWith('[') || body.startsWith('(')) body = body.slice(1).trimStart();
    if (body.endsWith(']') || body.endsWith(')')) body = body.slice(0, -1).trimEnd();
    if (body === '') return;
    try {
      const map = record(parseEdn(body));
      const entry = map ? entryOf(map, line) : 'it is not an EDN map';
      if (typeof entry === 'string') log.add('error', 'parse-error', line, `Line ${line}: not a history operation: ${entry}; it is skipped.`);
      else entries.push(entry);
    } catch (e) {
      log.add('error', 'parse-error', line, `Line ${line}: not readable EDN (${(e as Error).message}); it is skipped.`);
    }
  });
  return entries;
}

/** Invocations paired with the next completion of the same process; notes of other processes stand alone. */
export function pairOperations(entries: readonly HistoryEntry[], log: FindingLog): { operations: HistoryOperation[]; notes: HistoryEntry[] } {
  const operations: HistoryOperation[] = [];
  const notes: HistoryEntry[] = [];
  const open = new Map<number | string, HistoryOperation>();
  for (const entry of entries) {
    if (entry.process === NEMESIS) {
      notes.push(entry);
      continue;
    }
    const pending = open.get(entry.process);
    if (entry.type === 'invoke') {
      if (pending) log.add('error', 'parse-error', entry.line, `Line ${entry.line}: process ${entry.process} invokes ${entry.f} while its ${pending.invoke.f} from line ${pending.invoke.line} has not completed; a process runs one operation at a time.`);
      const op: HistoryOperation = { invoke: entry };
      operations.push(op);
      open.set(entry.process, op);
    } else if (pending) {
      pending.complete = entry;
      open.delete(entry.process);
    } else {
      log.add('warning', 'parse-error', entry.line, `Line ${entry.line}: process ${entry.process} completes ${entry.f} (${entry.type}) without an invocation; it is skipped.`);
    }
  }
  return { operations, notes };
}

/**
 * How many worker threads the test ran (Jepsen's concurrency): a process that crashes with
 * `:info` is replaced by process + concurrency on the same worker. Found as the number of
 * processes that invoked before the first crash, when every later process fits that rule;
 * otherwise every process is its own worker (0).
 */
export function concurrencyOf(operations: readonly HistoryOperation[]): number {
  const firstCrash = operations.reduce((line, op) => (op.complete?.type === 'info' ? Math.min(line, op.complete.line) : line), Infinity);
  if (operations.some((op) => typeof op.invoke.process !== 'number')) return 0;
  const early = new Set<number>();
  for (const op of operations) if (op.invoke.line < firstCrash) early.add(op.invoke.process as number);
  const c = early.size;
  if (c === 0) return 0;
  const crashed = new Set<number>();
  const seen = new Set<number>();
  for (const op of operations) {
    const p = op.invoke.process as number;
    if (!seen.has(p)) {
      seen.add(p);
      if (p >= c && !crashed.has(p - c)) return 0;
      if (p < c && !early.has(p)) return 0;
    }
    if (op.complete?.type === 'info') crashed.add(p);
  }
  return c;
}
