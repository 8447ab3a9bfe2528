// The registers of a Jepsen history: its operations as a register model's (read, write, cas on one
// register or independent keys, Porcupine's key-value get/put/append), each key's value as the
// client that completed an operation saw it, and concurrent writes to one key with the order the
// linearizability check gave them (the conflicts the diagram shows; never findings of their own).

import type { LinearizabilityVerdict } from '../analysis/linearizability';
import { describeRegisterOperation, NO_VALUE, type RegisterInput, type RegisterOperation, type RegisterOutput } from '../analysis/register-model';
import type { Json } from '../crdt/types';
import type { LibraryConflict } from '../trace/library-history';
import type { HistoryOperation } from './jepsen-history';

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
export function registerOperations(operations: readonly HistoryOperation[]): { ops: RegisterOperation[]; sources: HistoryOperation[]; initial: string } {
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

/** The registers of a history: the checked operations and the history operation each comes from. */
export type Registers = ReturnType<typeof registerOperations>;

/** The object key a register operation concerns, as the trace names it. */
export function registerKey(input: RegisterInput): string {
  return input.key === undefined ? 'register' : `key ${input.key}`;
}

/**
 * The value a client saw when its operation completed: a read's observed value, a write's value,
 * a successful compare-and-set's new value. Undefined when it saw none (a failure, an unknown
 * outcome, an append, whose effect depends on what came before).
 */
export function valueSeen(op: RegisterOperation): Json | undefined {
  const { input, output } = op;
  if (output.status !== 'ok') return undefined;
  const text = input.f === 'read' ? output.value : input.f === 'write' ? input.value : input.f === 'cas' ? input.to : undefined;
  return text === undefined ? undefined : (JSON.parse(text) as Json);
}

/**
 * Writes to one key whose intervals overlap (neither completed before the other was invoked): a
 * linearizable register may apply them in either order. The order the check found says which
 * value stayed; when the key is not linearizable, no order does.
 */
export function concurrentWrites(registers: Registers, verdict: LinearizabilityVerdict, eventOf: (op: HistoryOperation) => string | undefined): LibraryConflict[] {
  const { ops, sources } = registers;
  const writes = ops.filter((op) => op.output.status === 'ok' && (op.input.f === 'write' || op.input.f === 'cas'));
  const byKey = new Map<string, RegisterOperation[]>();
  for (const op of writes) {
    const key = registerKey(op.input);
    const list = byKey.get(key);
    if (list) list.push(op);
    else byKey.set(key, [op]);
  }
  const partitionOf = new Map<number, LinearizabilityVerdict['partitions'][number]>();
  // Each operation's place in its key's linearization (the order the check found).
  const position = new Map<number, number>();
  for (const part of verdict.partitions) {
    for (const id of part.operations) partitionOf.set(id, part);
    part.linearization.forEach((id, n) => position.set(id, n));
  }
  const describe = (op: RegisterOperation) => `${describeRegisterOperation(op.input, op.output)} by process ${sources[op.id].invoke.process} (line ${op.call})`;
  const conflicts: LibraryConflict[] = [];
  for (const [key, list] of byKey) {
    list.sort((a, b) => a.call - b.call);
    let group: RegisterOperation[] = [];
    let end = -Infinity;
    const close = () => {
      if (group.length > 1) conflicts.push(writeConflict(key, group, partitionOf.get(group[0].id), position, describe, (op) => eventOf(sources[op.id])));
      group = [];
    };
    for (const op of list) {
      if (op.call > end) close();
      group.push(op);
      end = Math.max(end, op.ret);
    }
    close();
  }
  return conflicts;
}

function writeConflict(
  key: string,
  group: readonly RegisterOperation[],
  part: LinearizabilityVerdict['partitions'][number] | undefined,
  position: ReadonlyMap<number, number>,
  describe: (op: RegisterOperation) => string,
  eventOf: (op: RegisterOperation) => string | undefined,
): LibraryConflict {
  const events = group.map(eventOf).filter((id): id is string => id !== undefined);
  const overlap = `${group.map(describe).join(' and ')} overlap in time, so a linearizable ${key === 'register' ? 'register' : 'store'} may apply them in either order`;
  if (part?.result !== 'linearizable') {
    const why = part?.result === 'not-linearizable' ? 'no order explains this key\'s history (see the not-linearizable finding)' : 'whether an order explains this key\'s history is not known';
    return { key, events, winners: [], strategy: 'last-writer-wins', reason: `Concurrent writes to ${key}: ${overlap}; ${why}, so none of them can be said to have stayed.` };
  }
  const placeOf = (op: RegisterOperation) => position.get(op.id) ?? -1;
  const last = group.reduce((a, b) => (placeOf(b) > placeOf(a) ? b : a));
  const winner = eventOf(last);
  return {
    key,
    events,
    winners: winner ? [winner] : [],
    strategy: 'last-writer-wins',
    reason: `Concurrent writes to ${key}: ${overlap}. The order the linearizability check found applies ${describe(last)} last, so its value is the one that stayed.`,
  };
}
