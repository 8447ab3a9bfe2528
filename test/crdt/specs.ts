// What the CRDT property suites (laws, convergence) run over: every CRDT type, and OR-Maps of the
// types whose nesting behaves differently, on three replicas.

import type { CrdtTypeName } from '../../engine/crdt/types';
import { CRDT_TYPES } from '../../engine/crdt/types';

export const REPLICAS = ['A', 'B', 'C'];

/** A CRDT type as a trace header names it. */
export interface Spec {
  readonly type: CrdtTypeName;
  readonly values?: CrdtTypeName;
}

export const SPECS: Spec[] = [
  ...CRDT_TYPES.map((type) => ({ type })),
  { type: 'or-map', values: 'or-set' },
  { type: 'or-map', values: 'rw-set' },
  { type: 'or-map', values: 'mv-register' },
  { type: 'or-map', values: 'lww-register' },
  { type: 'or-map', values: 'or-map' },
];

/** How a test's title names a spec. */
export function specName(spec: Spec): string {
  return spec.values === undefined ? spec.type : `${spec.type} of ${spec.values}`;
}
