// The add-wins observed-remove set (OR-Set) with dots and a causal context: each add tags the
// element with a new dot, a remove drops the dots it has seen, so a concurrent add survives.

import { dotBytes, dotText } from './dot-context';
import { DotKernel, type DotNumbered, type KernelEntry, sortedTokens } from './dot-kernel';
import { elementKey, elementText, listBytes, ownedJson, utf8Length } from './json';
import { unsupportedOp, valueOf } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

function textOf(entry: KernelEntry<null>): string {
  return elementText(entry.key, entry.value);
}

function elementBytes(entry: KernelEntry<null>): number {
  let dots = 0;
  for (const t of entry.tokens) dots += dotBytes(t.replica, t.seq);
  return '{"value":,"dots":}'.length + utf8Length(elementText(entry.key, entry.value)) + listBytes(entry.tokens.length, dots);
}

export class OrSet implements Crdt<OrSet>, DotNumbered {
  get type(): 'or-set' {
    return 'or-set';
  }
  private sorted: { version: number; values: Json[] } | undefined;

  constructor(private readonly kernel = new DotKernel<null>(elementBytes, false)) {}

  mutate(op: CrdtOp, ctx: OpContext): OrSet {
    if (op.type !== 'add' && op.type !== 'remove') throw unsupportedOp('or-set', op);
    const value = valueOf(op);
    const key = elementKey(value);
    const kernel = this.kernel;
    const entry = kernel.entry(key);
    const element = entry !== undefined ? entry.value : ownedJson(value, key);
    if (op.type === 'remove') return new OrSet(kernel.replace(entry, key, element, []));
    const replica = ctx.dot.replica;
    return new OrSet(kernel.replace(entry, key, element, [{ replica, seq: kernel.context.claimNext(replica), payload: null }]));
  }

  has(element: Json): boolean {
    return this.kernel.tokensOf(elementKey(element)).length > 0;
  }

  /** The dots tagging `element`, sorted (empty when absent). */
  dotsOf(element: Json): string[] {
    return sortedTokens(this.kernel.tokensOf(elementKey(element))).map((t) => dotText(t.replica, t.seq));
  }

  advanceDots(replica: string, seq: number): void {
    this.kernel.advance(replica, seq);
  }

  merge(other: OrSet): void {
    this.kernel.merge(other.kernel);
  }

  clone(): OrSet {
    return new OrSet(this.kernel.clone());
  }

  equals(other: OrSet): boolean {
    return this.kernel.equals(other.kernel);
  }

  leq(other: OrSet): boolean {
    return this.kernel.leq(other.kernel);
  }

  /** The elements, sorted by their JSON text. */
  value(): Json {
    const version = this.kernel.version;
    if (this.sorted?.version !== version) {
      this.sorted = { version, values: this.kernel.sortedLive(textOf).map((entry) => entry.value) };
    }
    return this.sorted.values.slice();
  }

  inspect(): Json {
    const state: { [key: string]: Json } = {
      elements: this.kernel.sortedLive(textOf).map((entry) => ({
        value: entry.value,
        dots: sortedTokens(entry.tokens).map((t) => dotText(t.replica, t.seq)),
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
