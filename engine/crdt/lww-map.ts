// The last-writer-wins map: each field is an independent LWW register; a delete is a write of a
// tombstone, ordered by its stamp like any other write.

import { compareStamps } from '../clock/stamp';
import { jsonStringBytes, listBytes, numberBytes, setJsonProperty } from './json';
import { type LwwWrite, lwwWrite, lwwWriteBytes, writeWins } from './lww-register';
import { fieldOf, stampOf, unsupportedOp, valueOf } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

/** A field's latest write; a delete is a tombstone (value null, empty key so a set wins an exact stamp tie). */
export interface FieldWrite extends LwwWrite {
  readonly deleted: boolean;
}

function fieldBytes(field: string, write: FieldWrite): number {
  const entry = write.deleted
    ? '{"deleted":true,"stamp":{"time":,"replica":}}'.length + numberBytes(write.stamp.time) + jsonStringBytes(write.stamp.replica)
    : lwwWriteBytes(write);
  return jsonStringBytes(field) + 1 + entry;
}

export class LwwMap implements Crdt<LwwMap> {
  get type(): 'lww-map' {
    return 'lww-map';
  }
  private readonly fields = new Map<string, FieldWrite>();
  private fieldsBytes = 0;
  private live: { [field: string]: Json } | undefined;

  mutate(op: CrdtOp, ctx: OpContext): LwwMap {
    let write: FieldWrite;
    if (op.type === 'set') write = { ...lwwWrite(valueOf(op), ctx), deleted: false };
    else if (op.type === 'delete') write = { value: null, key: '', stamp: stampOf(ctx), deleted: true };
    else throw unsupportedOp('lww-map', op);
    const field = fieldOf(op);
    this.offer(field, write);
    const delta = new LwwMap();
    delta.offer(field, write);
    return delta;
  }

  /** The latest write of `field` (a tombstone when deleted), if any. */
  writeOf(field: string): FieldWrite | undefined {
    return this.fields.get(field);
  }

  private offer(field: string, write: FieldWrite): void {
    const mine = this.fields.get(field);
    if (mine !== undefined && !writeWins(write, mine)) return;
    if (mine !== undefined) this.fieldsBytes -= fieldBytes(field, mine);
    this.fields.set(field, write);
    this.fieldsBytes += fieldBytes(field, write);
    this.live = undefined;
  }

  merge(other: LwwMap): void {
    if (other === this) return;
    for (const [field, write] of other.fields) this.offer(field, write);
  }

  clone(): LwwMap {
    const copy = new LwwMap();
    for (const [field, write] of this.fields) copy.fields.set(field, write);
    copy.fieldsBytes = this.fieldsBytes;
    return copy;
  }

  equals(other: LwwMap): boolean {
    if (this.fields.size !== other.fields.size) return false;
    for (const [field, write] of this.fields) {
      const theirs = other.fields.get(field);
      if (theirs === undefined || compareStamps(write.stamp, theirs.stamp) !== 0 || write.key !== theirs.key) return false;
    }
    return true;
  }

  leq(other: LwwMap): boolean {
    for (const [field, write] of this.fields) {
      const theirs = other.fields.get(field);
      if (theirs === undefined || writeWins(write, theirs)) return false;
    }
    return true;
  }

  /** The live (not deleted) fields and their values, fields sorted. */
  value(): Json {
    if (this.live === undefined) {
      const live: { [field: string]: Json } = {};
      for (const field of [...this.fields.keys()].sort()) {
        const write = this.fields.get(field)!;
        if (!write.deleted) setJsonProperty(live, field, write.value);
      }
      this.live = live;
    }
    return { ...this.live };
  }

  inspect(): Json {
    const state: { [field: string]: Json } = {};
    for (const field of [...this.fields.keys()].sort()) {
      const write = this.fields.get(field)!;
      const stamp = { time: write.stamp.time, replica: write.stamp.replica };
      setJsonProperty(state, field, write.deleted ? { deleted: true, stamp } : { value: write.value, stamp });
    }
    return state;
  }

  byteSize(): number {
    return listBytes(this.fields.size, this.fieldsBytes);
  }
}
