// The sequential specification of a register and of a key-value store of registers (read, write,
// compare-and-set, string append), as Knossos's cas-register and Porcupine's kv models define
// them, for the linearizability checker. Values are compared as canonical JSON text.

import type { HistoryOperation, SequentialModel } from './linearizability';

/** A register value as JSON text (`null` for a register never written). */
export type RegisterValue = string;

export const NO_VALUE: RegisterValue = 'null';

export interface RegisterInput {
  /** The register's key; operations on different keys are independent. */
  key?: string;
  f: 'read' | 'write' | 'cas' | 'append';
  /** write: the value written; append: the text appended (a JSON string). */
  value?: RegisterValue;
  /** cas: the value expected and the value written. */
  from?: RegisterValue;
  to?: RegisterValue;
}

export interface RegisterOutput {
  /** `unknown`: the operation timed out or crashed (Jepsen's `:info`); it may or may not have happened. */
  status: 'ok' | 'fail' | 'unknown';
  /** read: the value observed. */
  value?: RegisterValue;
}

export type RegisterOperation = HistoryOperation<RegisterInput, RegisterOutput>;

/** Appends JSON-string text to a register holding a JSON string (or nothing yet). */
function appended(state: RegisterValue, text: RegisterValue): RegisterValue {
  const before = state === NO_VALUE ? '' : (JSON.parse(state) as unknown);
  const more = JSON.parse(text) as unknown;
  return JSON.stringify(`${String(before)}${String(more)}`);
}

/** One register's step: what Knossos's cas-register and Porcupine's models accept. */
function stepRegister(state: RegisterValue, input: RegisterInput, output: RegisterOutput): RegisterValue | undefined {
  switch (input.f) {
    case 'read':
      return output.status !== 'ok' || output.value === state ? state : undefined;
    case 'write':
      return output.status === 'fail' ? state : (input.value ?? NO_VALUE);
    case 'append':
      return output.status === 'fail' ? state : appended(state, input.value ?? '""');
    case 'cas': {
      const matches = input.from === state;
      if (output.status === 'unknown') return matches ? (input.to ?? NO_VALUE) : state;
      if (output.status === 'ok') return matches ? (input.to ?? NO_VALUE) : undefined;
      return matches ? undefined : state;
    }
  }
}

/** Operations grouped by key, in the order keys first appear. */
function byKey(ops: readonly RegisterOperation[]): RegisterOperation[][] {
  const parts = new Map<string, RegisterOperation[]>();
  for (const op of ops) {
    const key = op.input.key ?? '';
    const part = parts.get(key);
    if (part) part.push(op);
    else parts.set(key, [op]);
  }
  return [...parts.values()];
}

/** Registers, one per key, each starting at `initial` (Jepsen's registers start empty: `null`). */
export function registerModel(initial: RegisterValue = NO_VALUE): SequentialModel<RegisterValue, RegisterInput, RegisterOutput> {
  return {
    init: () => initial,
    step: stepRegister,
    stateKey: (state) => state,
    pendingOutput: () => ({ status: 'unknown' }),
    partition: byKey,
  };
}

/** An operation in words: `write 3`, `read → 3`, `cas 1→2 failed`. */
export function describeRegisterOperation(input: RegisterInput, output: RegisterOutput): string {
  const where = input.key === undefined ? '' : ` key ${input.key}`;
  const unknown = output.status === 'unknown' ? ' (outcome unknown)' : '';
  switch (input.f) {
    case 'read':
      return `read${where} → ${output.status === 'ok' ? output.value : '?'}${unknown}`;
    case 'write':
      return `write${where} ${input.value}${output.status === 'fail' ? ' failed' : unknown}`;
    case 'append':
      return `append${where} ${input.value}${output.status === 'fail' ? ' failed' : unknown}`;
    case 'cas':
      return `cas${where} ${input.from}→${input.to}${output.status === 'fail' ? ' failed' : unknown}`;
  }
}
