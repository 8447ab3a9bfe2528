// The CRDT module's public surface: re-exports only.

export * from './types';
export { createCrdt, type CrdtSpec } from './registry';
export { OP_TYPES_BY_CRDT, unsupportedOp } from './op-args';
export { GCounter } from './g-counter';
export { PnCounter } from './pn-counter';
export { LwwRegister, type LwwWrite, writeWins } from './lww-register';
export { MvRegister, type SiblingValue } from './mv-register';
export { GSet } from './g-set';
export { TwoPhaseSet } from './two-phase-set';
export { OrSet } from './or-set';
export { RwSet } from './rw-set';
export { LwwMap, type FieldWrite } from './lww-map';
export { OrMap } from './or-map';
export { DotContext, dotText } from './dot-context';
export { type Token } from './dot-kernel';
export { jsonKey } from './json';
