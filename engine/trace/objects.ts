// The CRDT type of each object key: from the trace header, or inferred from the operations
// applied to it when the header does not say.

import type { CrdtTypeName } from '../crdt/types';
import type { ObjectSpec } from './model';
import type { StringTable } from './intern';

/** Op type -> the CRDT a trace most likely means when it does not declare the key's type. */
const TYPE_BY_OP: Record<string, CrdtTypeName> = {
  inc: 'pn-counter',
  dec: 'pn-counter',
  set: 'lww-register',
  add: 'or-set',
  remove: 'or-set',
  delete: 'lww-map',
  update: 'or-map',
};

interface OpColumns {
  readonly size: number;
  readonly keys: StringTable;
  readonly strings: StringTable;
}

/** Infers a spec for every key that has none, from the first operation on it. */
export function inferObjectType(
  trace: OpColumns & { keyOf(i: number): number; opTypeOf(i: number): number; opFieldOf(i: number): number },
  declared: ReadonlyMap<number, ObjectSpec>,
): Map<number, ObjectSpec> {
  const inferred = new Map<number, ObjectSpec>();
  for (let i = 0; i < trace.size; i++) {
    const k = trace.keyOf(i);
    const t = trace.opTypeOf(i);
    if (k < 0 || t < 0 || declared.has(k) || inferred.has(k)) continue;
    const opType = trace.strings.name(t);
    let type = TYPE_BY_OP[opType] ?? 'pn-counter';
    if (opType === 'set' && trace.opFieldOf(i) >= 0) type = 'lww-map';
    inferred.set(k, { type });
  }
  return inferred;
}
