// Which operations each CRDT type accepts, and the checks of operation arguments shared by the
// CRDT implementations, with error messages that say what was wrong.

import { type CrdtOp, CrdtOpError, type CrdtTypeName, type Json, type OpContext, type Stamp } from './types';

/** The operation types each CRDT type accepts. */
export const OP_TYPES_BY_CRDT: Readonly<Record<CrdtTypeName, readonly string[]>> = Object.freeze({
  'g-counter': Object.freeze(['inc']),
  'pn-counter': Object.freeze(['inc', 'dec']),
  'lww-register': Object.freeze(['set']),
  'mv-register': Object.freeze(['set']),
  'g-set': Object.freeze(['add']),
  '2p-set': Object.freeze(['add', 'remove']),
  'or-set': Object.freeze(['add', 'remove']),
  'rw-set': Object.freeze(['add', 'remove']),
  'lww-map': Object.freeze(['set', 'delete']),
  'or-map': Object.freeze(['update', 'delete']),
});

/** The error for an operation `type` does not accept: `"pn-counter" does not support "add"; it supports inc, dec`. */
export function unsupportedOp(type: CrdtTypeName, op: CrdtOp): CrdtOpError {
  const name = typeof op?.type === 'string' ? `"${op.type}"` : 'an operation without a type';
  return new CrdtOpError(`"${type}" does not support ${name}; it supports ${OP_TYPES_BY_CRDT[type].join(', ')}`);
}

/** The amount of an inc/dec: `value`, default 1; a finite non-negative number. */
export function amountOf(op: CrdtOp): number {
  const amount = op.value === undefined ? 1 : op.value;
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw new CrdtOpError(`${op.type} needs a finite non-negative amount, got ${JSON.stringify(amount) ?? String(amount)}`);
  }
  return amount;
}

/** The `value` of a set/add/remove, which must be present. */
export function valueOf(op: CrdtOp): Json {
  if (op.value === undefined) throw new CrdtOpError(`${op.type} needs a value`);
  return op.value;
}

/** The map field of a lww-map/or-map operation, which must be a string. */
export function fieldOf(op: CrdtOp): string {
  if (typeof op.field !== 'string') throw new CrdtOpError(`${op.type} needs a field name (a string)`);
  return op.field;
}

/** The last-writer-wins stamp of an operation, checked: a finite time and a replica id. */
export function stampOf(ctx: OpContext): Stamp {
  const { time, replica } = ctx.stamp ?? {};
  if (typeof time !== 'number' || !Number.isFinite(time) || typeof replica !== 'string') {
    throw new CrdtOpError(`a last-writer-wins write needs a stamp with a finite time and a replica id`);
  }
  return { time, replica };
}
