// The random workload: an operation a replica issues on one of its objects, chosen from what the
// object's CRDT type accepts and, for removes and deletes, from what the replica currently sees.

import type { CrdtSpec } from '../crdt/registry';
import type { CrdtOp, CrdtTypeName, Json } from '../crdt/types';

/** Set elements and map fields the workload draws from (few, so removes and races happen). */
const ELEMENTS = ['apples', 'bread', 'cheese', 'dates', 'eggs', 'figs', 'grapes', 'honey'];
const FIELDS = ['title', 'colour', 'size', 'owner'];
/** Share of removes and deletes when there is something to remove. */
const REMOVE_SHARE = 1 / 3;

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)];
}

function amount(random: () => number): number {
  return 1 + Math.floor(random() * 3);
}

/** Present elements of a set value, or present fields of a map value. */
function present(value: Json | undefined): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  if (value !== null && typeof value === 'object') return Object.keys(value);
  return [];
}

/**
 * An operation on an object of type `type` whose current value is `value`; `label` names the
 * write (e.g. "B-4", the replica and its operation number) and is what registers are set to.
 */
function operationOn(type: CrdtTypeName, values: CrdtTypeName | undefined, value: Json | undefined, random: () => number, label: string): CrdtOp {
  const removable = present(value);
  const removing = removable.length > 0 && random() < REMOVE_SHARE;
  switch (type) {
    case 'g-counter':
      return { type: 'inc', value: amount(random) };
    case 'pn-counter':
      return { type: random() < 2 / 3 ? 'inc' : 'dec', value: amount(random) };
    case 'lww-register':
    case 'mv-register':
      return { type: 'set', value: label };
    case 'g-set':
      return { type: 'add', value: pick(ELEMENTS, random) };
    case '2p-set':
    case 'or-set':
    case 'rw-set':
      return removing ? { type: 'remove', value: pick(removable, random) } : { type: 'add', value: pick(ELEMENTS, random) };
    case 'lww-map':
      return removing ? { type: 'delete', field: pick(removable, random) } : { type: 'set', field: pick(FIELDS, random), value: label };
    case 'or-map': {
      if (removing) return { type: 'delete', field: pick(removable, random) };
      const field = pick(FIELDS, random);
      const inner = values ?? 'pn-counter';
      const fieldValue = value !== null && typeof value === 'object' && !Array.isArray(value) ? value[field] : undefined;
      return { type: 'update', field, op: operationOn(inner, undefined, fieldValue, random, label) };
    }
  }
}

/** A random operation on an object described by `spec` whose current value is `value`. */
export function randomOperation(spec: CrdtSpec, value: Json, random: () => number, label: string): CrdtOp {
  return operationOn(spec.type, spec.values, value, random, label);
}
