// The last-writer-wins register: keeps the write with the largest stamp (time, then replica id).
// Stamps should come from a Lamport or hybrid clock: wall-clock stamps lose updates under skew.

import { compareStamps } from '../clock/stamp';
import { jsonKey, jsonStringBytes, numberBytes, ownedJson, utf8Length } from './json';
import { stampOf, unsupportedOp, valueOf } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext, Stamp } from './types';

/** One write: the value, its canonical JSON text and its stamp. Immutable, shared between states. */
export interface LwwWrite {
  readonly value: Json;
  readonly key: string;
  readonly stamp: Stamp;
}

/** Whether write `a` beats `b`: larger stamp; on identical stamps, the larger value text (so merge stays commutative). */
export function writeWins(a: LwwWrite, b: LwwWrite): boolean {
  const order = compareStamps(a.stamp, b.stamp);
  return order !== 0 ? order > 0 : a.key > b.key;
}

/** A write of `value` stamped from `ctx`, checked. */
export function lwwWrite(value: Json, ctx: OpContext): LwwWrite {
  const key = jsonKey(value);
  return { value: ownedJson(value, key), key, stamp: stampOf(ctx) };
}

/** Bytes of `{"value":...,"stamp":{"time":...,"replica":...}}` for a write. */
export function lwwWriteBytes(write: LwwWrite): number {
  return (
    '{"value":,"stamp":{"time":,"replica":}}'.length +
    utf8Length(write.key) +
    numberBytes(write.stamp.time) +
    jsonStringBytes(write.stamp.replica)
  );
}

export class LwwRegister implements Crdt<LwwRegister> {
  get type(): 'lww-register' {
    return 'lww-register';
  }

  constructor(private write: LwwWrite | undefined = undefined) {}

  mutate(op: CrdtOp, ctx: OpContext): LwwRegister {
    if (op.type !== 'set') throw unsupportedOp('lww-register', op);
    const write = lwwWrite(valueOf(op), ctx);
    if (this.write === undefined || writeWins(write, this.write)) this.write = write;
    return new LwwRegister(write);
  }

  /** The winning write so far, if any. */
  current(): LwwWrite | undefined {
    return this.write;
  }

  merge(other: LwwRegister): void {
    if (other.write !== undefined && (this.write === undefined || writeWins(other.write, this.write))) {
      this.write = other.write;
    }
  }

  clone(): LwwRegister {
    return new LwwRegister(this.write);
  }

  equals(other: LwwRegister): boolean {
    const a = this.write;
    const b = other.write;
    if (a === undefined || b === undefined) return a === b;
    return compareStamps(a.stamp, b.stamp) === 0 && a.key === b.key;
  }

  leq(other: LwwRegister): boolean {
    if (this.write === undefined) return true;
    return other.write !== undefined && !writeWins(this.write, other.write);
  }

  value(): Json {
    return this.write === undefined ? null : this.write.value;
  }

  inspect(): Json {
    const write = this.write;
    if (write === undefined) return { value: null, stamp: null };
    return { value: write.value, stamp: { time: write.stamp.time, replica: write.stamp.replica } };
  }

  byteSize(): number {
    return this.write === undefined ? '{"value":null,"stamp":null}'.length : lwwWriteBytes(this.write);
  }
}
