// Creates an empty CRDT state from a trace header's object spec, by type name.

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
import { type AnyCrdt, CrdtOpError, type CrdtTypeName, isCrdtTypeName } from './types';

export { OP_TYPES_BY_CRDT, unsupportedOp } from './op-args';

/** What a trace header says about an object key's CRDT. */
export interface CrdtSpec {
  readonly type: CrdtTypeName;
  /** or-map: the type of every field's value (default pn-counter). */
  readonly values?: CrdtTypeName;
}

/** An empty state of the given type. Throws CrdtOpError for an unknown type name. */
export function createCrdt(spec: CrdtSpec): AnyCrdt {
  switch (spec.type) {
    case 'g-counter':
      return new GCounter();
    case 'pn-counter':
      return new PnCounter();
    case 'lww-register':
      return new LwwRegister();
    case 'mv-register':
      return new MvRegister();
    case 'g-set':
      return new GSet();
    case '2p-set':
      return new TwoPhaseSet();
    case 'or-set':
      return new OrSet();
    case 'rw-set':
      return new RwSet();
    case 'lww-map':
      return new LwwMap();
    case 'or-map': {
      const values = spec.values ?? 'pn-counter';
      if (!isCrdtTypeName(values)) throw new CrdtOpError(`unknown CRDT type "${String(values)}" for or-map values`);
      return new OrMap(values, () => createCrdt({ type: values }));
    }
    default:
      throw new CrdtOpError(`unknown CRDT type "${String((spec as { type: unknown }).type)}"`);
  }
}
