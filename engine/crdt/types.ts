// The contract every state-based CRDT in the engine implements: local mutation that returns a
// delta, join (merge), the plain value users see, the full state for inspection, and sizes.

/** Plain JSON, as values appear in traces and in `causeway check --json`. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The CRDT types a trace header can name for an object key. */
export const CRDT_TYPES = [
  'g-counter',
  'pn-counter',
  'lww-register',
  'mv-register',
  'g-set',
  '2p-set',
  'or-set',
  'rw-set',
  'lww-map',
  'or-map',
] as const;
export type CrdtTypeName = (typeof CRDT_TYPES)[number];

export function isCrdtTypeName(name: unknown): name is CrdtTypeName {
  return typeof name === 'string' && (CRDT_TYPES as readonly string[]).includes(name);
}

/** A unique operation identity: the originating replica and its per-replica operation counter (1-based). */
export interface Dot {
  readonly replica: string;
  readonly seq: number;
}

/**
 * Total order for last-writer-wins: larger `time` wins; on equal time the larger replica id
 * (plain string comparison) wins. `time` is a wall-clock, hybrid or Lamport stamp.
 */
export interface Stamp {
  readonly time: number;
  readonly replica: string;
}

/** A CRDT operation as written in a trace line's `op` field. */
export interface CrdtOp {
  /** inc | dec (counters), set (registers, lww-map field), add | remove (sets), delete (map field), update (or-map field). */
  readonly type: string;
  /** Amount for inc/dec (default 1), the value for set, the element for add/remove. */
  readonly value?: Json;
  /** Map field for lww-map / or-map operations. */
  readonly field?: string;
  /** The inner operation of an or-map `update`. */
  readonly op?: CrdtOp;
}

/** Everything a mutation needs to know about where and when it happens. */
export interface OpContext {
  /** The operation's identity; dot.replica is the replica applying it locally. */
  readonly dot: Dot;
  /** The last-writer-wins stamp of this operation. */
  readonly stamp: Stamp;
}

/** Options a CRDT is created with, from the trace header. */
export interface CrdtOptions {
  /** or-map: the CRDT type of each field's value (default pn-counter). */
  readonly values?: CrdtTypeName;
}

/** An operation the CRDT type does not support, or malformed arguments. */
export class CrdtOpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrdtOpError';
  }
}

/**
 * A state-based CRDT replica state. Instances are mutable; `merge` joins in place.
 * Laws (checked by the property tests): merge is commutative, associative and idempotent up to
 * `equals`; `a.leq(a ⊔ b)` always holds (the state only grows).
 */
export interface Crdt<Self extends Crdt<Self> = AnyCrdt> {
  readonly type: CrdtTypeName;
  /**
   * Applies a local operation to this state and returns its delta: a state of the same type
   * holding just the change, such that merging the delta into any state that has seen the
   * operation's causal past produces the effect of the operation. Throws CrdtOpError.
   */
  mutate(op: CrdtOp, ctx: OpContext): Self;
  /** Join: this := this ⊔ other. */
  merge(other: Self): void;
  clone(): Self;
  equals(other: Self): boolean;
  /** this ⊑ other in the CRDT's partial order. */
  leq(other: Self): boolean;
  /** The plain value an application reads (number, array of elements sorted, object, ...). */
  value(): Json;
  /** The whole state for display: per-replica entries, element tags, stamps, siblings. */
  inspect(): Json;
  /** Bytes of the state as compact JSON (`JSON.stringify(inspect())`), for delta vs full-state metrics. */
  byteSize(): number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCrdt = Crdt<any>;
