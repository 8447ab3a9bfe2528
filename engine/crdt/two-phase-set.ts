// The two-phase set (2P-Set): a G-Set of added elements and a G-Set of removed ones (tombstones);
// an element is in the set when added and not removed, so a removed element never comes back.

import { ElementSet } from './element-set';
import { elementKey, ownedJson } from './json';
import { unsupportedOp, valueOf } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

export class TwoPhaseSet implements Crdt<TwoPhaseSet> {
  get type(): '2p-set' {
    return '2p-set';
  }

  constructor(
    private readonly added = new ElementSet(),
    private readonly removed = new ElementSet(),
  ) {}

  /** add puts the element in the added set; remove puts it in the removed set (even if never added). */
  mutate(op: CrdtOp, _ctx: OpContext): TwoPhaseSet {
    if (op.type !== 'add' && op.type !== 'remove') throw unsupportedOp('2p-set', op);
    const value = valueOf(op);
    const key = elementKey(value);
    const element = ownedJson(value, key);
    const delta = new TwoPhaseSet();
    const side = op.type === 'add' ? 'added' : 'removed';
    this[side].add(key, element);
    delta[side].add(key, element);
    return delta;
  }

  merge(other: TwoPhaseSet): void {
    this.added.union(other.added);
    this.removed.union(other.removed);
  }

  clone(): TwoPhaseSet {
    return new TwoPhaseSet(this.added.clone(), this.removed.clone());
  }

  equals(other: TwoPhaseSet): boolean {
    return this.added.equals(other.added) && this.removed.equals(other.removed);
  }

  leq(other: TwoPhaseSet): boolean {
    return this.added.subsetOf(other.added) && this.removed.subsetOf(other.removed);
  }

  /** The elements added and not removed, sorted by their JSON text. */
  value(): Json {
    return this.added.values(this.removed);
  }

  inspect(): Json {
    return { added: this.added.values(), removed: this.removed.values() };
  }

  byteSize(): number {
    return '{"added":,"removed":}'.length + this.added.jsonBytes() + this.removed.jsonBytes();
  }
}
