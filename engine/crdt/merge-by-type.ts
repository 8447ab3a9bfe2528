// Joins by CRDT type through a call site of each type's own: a replay merging millions of deltas
// of ten types through one `state.merge(delta)` makes that call megamorphic (never inlined); each
// function here only ever sees its own class, so V8 inlines its merge.

import { GCounter } from './g-counter';
import { GSet } from './g-set';
import { LwwMap } from './lww-map';
import { LwwRegister } from './lww-register';
import { MvRegister } from './mv-register';
import { OrMap } from './or-map';
import { OrSet } from './or-set';
import { PnCounter } from './pn-counter';
import { RwSet } from './rw-set';
import { TwoPhaseSet } from './two-phase-set';
import type { AnyCrdt, CrdtTypeName } from './types';

/** state := state ⊔ delta, both of one type. */
export type MergeInto = (state: AnyCrdt, delta: AnyCrdt) => void;

const MERGE_BY_TYPE: Readonly<Record<CrdtTypeName, MergeInto>> = {
  'g-counter': (state, delta) => (state as GCounter).merge(delta as GCounter),
  'pn-counter': (state, delta) => (state as PnCounter).merge(delta as PnCounter),
  'lww-register': (state, delta) => (state as LwwRegister).merge(delta as LwwRegister),
  'mv-register': (state, delta) => (state as MvRegister).merge(delta as MvRegister),
  'g-set': (state, delta) => (state as GSet).merge(delta as GSet),
  '2p-set': (state, delta) => (state as TwoPhaseSet).merge(delta as TwoPhaseSet),
  'or-set': (state, delta) => (state as OrSet).merge(delta as OrSet),
  'rw-set': (state, delta) => (state as RwSet).merge(delta as RwSet),
  'lww-map': (state, delta) => (state as LwwMap).merge(delta as LwwMap),
  'or-map': (state, delta) => (state as OrMap).merge(delta as OrMap),
};

/** The join of states of `type`. */
export function mergeOfType(type: CrdtTypeName): MergeInto {
  return MERGE_BY_TYPE[type];
}
