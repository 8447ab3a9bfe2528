// The remove-wins observed-remove set (RW-Set): adds and removes both leave dot-tagged tokens and
// replace the tokens they have seen; an element is present when it has an add token and no remove
// token, so a remove concurrent with an add wins (the counterpart of the OR-Set, for what-if replays).

import { dotBytes, dotText } from './dot-context';
import { DotKernel, type DotNumbered, type KernelEntry, sortedTokens, type Token } from './dot-kernel';
import { elementKey, elementText, listBytes, ownedJson, utf8Length } from './json';
import { unsupportedOp, valueOf } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

/** Token payload: true for a remove token, false for an add token. */
type IsRemove = boolean;

function textOf(entry: KernelEntry<IsRemove>): string {
  return elementText(entry.key, entry.value);
}

function dotsOfKind(tokens: readonly Token<IsRemove>[], remove: boolean): string[] {
  return sortedTokens(tokens).filter((t) => t.payload === remove).map((t) => dotText(t.replica, t.seq));
}

function elementBytes(entry: KernelEntry<IsRemove>): number {
  let adds = 0;
  let addBytes = 0;
  let removeBytes = 0;
  for (const t of entry.tokens) {
    if (t.payload) removeBytes += dotBytes(t.replica, t.seq);
    else {
      adds++;
      addBytes += dotBytes(t.replica, t.seq);
    }
  }
  const removes = entry.tokens.length - adds;
  return (
    '{"value":,"adds":,"removes":}'.length +
    utf8Length(elementText(entry.key, entry.value)) +
    listBytes(adds, addBytes) +
    listBytes(removes, removeBytes)
  );
}

function isPresent(tokens: readonly Token<IsRemove>[]): boolean {
  let added = false;
  for (const t of tokens) {
    if (t.payload) return false;
    added = true;
  }
  return added;
}

export class RwSet implements Crdt<RwSet>, DotNumbered {
  get type(): 'rw-set' {
    return 'rw-set';
  }
  private sorted: { version: number; values: Json[] } | undefined;

  constructor(private readonly kernel = new DotKernel<IsRemove>(elementBytes, false)) {}

  mutate(op: CrdtOp, ctx: OpContext): RwSet {
    if (op.type !== 'add' && op.type !== 'remove') throw unsupportedOp('rw-set', op);
    const value = valueOf(op);
    const key = elementKey(value);
    const kernel = this.kernel;
    const replica = ctx.dot.replica;
    const entry = kernel.entry(key);
    const element = entry !== undefined ? entry.value : ownedJson(value, key);
    const token = { replica, seq: kernel.context.claimNext(replica), payload: op.type === 'remove' };
    return new RwSet(kernel.replace(entry, key, element, [token]));
  }

  has(element: Json): boolean {
    return isPresent(this.kernel.tokensOf(elementKey(element)));
  }

  advanceDots(replica: string, seq: number): void {
    this.kernel.advance(replica, seq);
  }

  merge(other: RwSet): void {
    this.kernel.merge(other.kernel);
  }

  clone(): RwSet {
    return new RwSet(this.kernel.clone());
  }

  equals(other: RwSet): boolean {
    return this.kernel.equals(other.kernel);
  }

  leq(other: RwSet): boolean {
    return this.kernel.leq(other.kernel);
  }

  /** The present elements, sorted by their JSON text. */
  value(): Json {
    const version = this.kernel.version;
    if (this.sorted?.version !== version) {
      const values = this.kernel
        .sortedLive(textOf)
        .filter((entry) => isPresent(entry.tokens))
        .map((entry) => entry.value);
      this.sorted = { version, values };
    }
    return this.sorted.values.slice();
  }

  inspect(): Json {
    const state: { [key: string]: Json } = {
      elements: this.kernel.sortedLive(textOf).map((entry) => ({
        value: entry.value,
        adds: dotsOfKind(entry.tokens, false),
        removes: dotsOfKind(entry.tokens, true),
      })),
    };
    this.kernel.context.inspectInto(state);
    return state;
  }

  byteSize(): number {
    const { count, bytes } = this.kernel.liveBytes();
    return '{"elements":,}'.length + listBytes(count, bytes) + this.kernel.context.inspectBytes();
  }
}
