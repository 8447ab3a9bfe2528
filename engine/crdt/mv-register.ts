// The multi-value register: a set keeps every concurrent write as a sibling; a write replaces
// exactly the siblings it has seen (dots plus a causal context), so nothing concurrent is lost.

import { dotBytes, dotText } from './dot-context';
import { DotKernel, type DotNumbered, type KernelEntry, sortedTokens, type Token } from './dot-kernel';
import { jsonKey, listBytes, ownedJson, utf8Length } from './json';
import { unsupportedOp, valueOf } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

/** A sibling's value and its canonical JSON text. */
export interface SiblingValue {
  readonly value: Json;
  readonly key: string;
}

/** The kernel holds one entry (key ''), whose tokens are the siblings. */
const SIBLINGS = '';

/** Bytes of the siblings, comma-separated, without the brackets. */
function siblingsBytes(entry: KernelEntry<SiblingValue>): number {
  let bytes = entry.tokens.length - 1;
  for (const t of entry.tokens) bytes += '{"value":,"dot":}'.length + utf8Length(t.payload.key) + dotBytes(t.replica, t.seq);
  return bytes;
}

export class MvRegister implements Crdt<MvRegister>, DotNumbered {
  get type(): 'mv-register' {
    return 'mv-register';
  }

  constructor(private readonly kernel = new DotKernel<SiblingValue>(siblingsBytes, false)) {}

  mutate(op: CrdtOp, ctx: OpContext): MvRegister {
    if (op.type !== 'set') throw unsupportedOp('mv-register', op);
    const value = valueOf(op);
    const key = jsonKey(value);
    const replica = ctx.dot.replica;
    const seq = this.kernel.context.claimNext(replica);
    const sibling: Token<SiblingValue> = { replica, seq, payload: { value: ownedJson(value, key), key } };
    return new MvRegister(this.kernel.replace(this.kernel.entry(SIBLINGS), SIBLINGS, null, [sibling]));
  }

  /** The siblings sorted by replica id then seq. */
  siblings(): Token<SiblingValue>[] {
    return sortedTokens(this.kernel.tokensOf(SIBLINGS));
  }

  advanceDots(replica: string, seq: number): void {
    this.kernel.advance(replica, seq);
  }

  merge(other: MvRegister): void {
    this.kernel.merge(other.kernel);
  }

  clone(): MvRegister {
    return new MvRegister(this.kernel.clone());
  }

  equals(other: MvRegister): boolean {
    return this.kernel.equals(other.kernel);
  }

  leq(other: MvRegister): boolean {
    return this.kernel.leq(other.kernel);
  }

  /** The sibling values, sorted by replica id then seq ([] before any write). */
  value(): Json {
    return this.siblings().map((t) => t.payload.value);
  }

  inspect(): Json {
    const state: { [key: string]: Json } = {
      siblings: this.siblings().map((t) => ({ value: t.payload.value, dot: dotText(t.replica, t.seq) })),
    };
    this.kernel.context.inspectInto(state);
    return state;
  }

  byteSize(): number {
    const { count, bytes } = this.kernel.liveBytes();
    return '{"siblings":,}'.length + listBytes(count === 0 ? 0 : 1, bytes) + this.kernel.context.inspectBytes();
  }
}
