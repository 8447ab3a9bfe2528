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
  readonly field: string;
  /** Bytes of `"field":{...}` in inspect() output, counted once when the write is made (a write is shared by every state it reaches). */
  readonly bytes: number;
}

/** The write of `field` with its byte count. */
function fieldWrite(write: LwwWrite, field: string, deleted: boolean): FieldWrite {
  const entry = deleted
    ? '{"deleted":true,"stamp":{"time":,"replica":}}'.length + numberBytes(write.stamp.time) + jsonStringBytes(write.stamp.replica)
    : lwwWriteBytes(write);
  return { value: write.value, key: write.key, stamp: write.stamp, deleted, field, bytes: jsonStringBytes(field) + 1 + entry };
}

export class LwwMap implements Crdt<LwwMap> {
  get type(): 'lww-map' {
    return 'lww-map';
  }
  private readonly fields = new Map<string, FieldWrite>();
  private fieldsBytes = 0;
  /** The one write while the map holds exactly one (a delta always does): merged without iterating the Map. */
  private only: FieldWrite | undefined;
  private live: { [field: string]: Json } | undefined;

  mutate(op: CrdtOp, ctx: OpContext): LwwMap {
    let write: FieldWrite;
    if (op.type === 'set') write = fieldWrite(lwwWrite(valueOf(op), ctx), fieldOf(op), false);
    else if (op.type === 'delete') write = fieldWrite({ value: null, key: '', stamp: stampOf(ctx) }, fieldOf(op), true);
    else throw unsupportedOp('lww-map', op);
    this.offer(write.field, write);
    const delta = new LwwMap();
    delta.offer(write.field, write);
    return delta;
  }

  /** The latest write of `field` (a tombstone when deleted), if any. */
  writeOf(field: string): FieldWrite | undefined {
    return this.fields.get(field);
  }

  private offer(field: string, write: FieldWrite): void {
    const mine = this.fields.get(field);
    if (mine !== undefined && !writeWins(write, mine)) return;
    this.fieldsBytes += mine === undefined ? write.bytes : write.bytes - mine.bytes;
    this.fields.set(field, write);
    this.only = this.fields.size === 1 ? write : undefined;
    this.live = undefined;
  }

  merge(other: LwwMap): void {
    if (other === this) return;
    const only = other.only;
    if (only !== undefined) this.offer(only.field, only);
    else for (const [field, write] of other.fields) this.offer(field, write);
  }

  clone(): LwwMap {
    const copy = new LwwMap();
    for (const [field, write] of this.fields) copy.fields.set(field, write);
    copy.fieldsBytes = this.fieldsBytes;
    copy.only = this.only;
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
