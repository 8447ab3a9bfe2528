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

  /**
   * @param adds false when `added` is known to be empty (a remove's delta)
   * @param removes false when `removed` is known to be empty (an add's delta)
   */
  constructor(
    private readonly added = new ElementSet(),
    private readonly removed = new ElementSet(),
    private adds = true,
    private removes = true,
  ) {}

  /** add puts the element in the added set; remove puts it in the removed set (even if never added). */
  mutate(op: CrdtOp, _ctx: OpContext): TwoPhaseSet {
    if (op.type !== 'add' && op.type !== 'remove') throw unsupportedOp('2p-set', op);
    const value = valueOf(op);
    const key = elementKey(value);
    const element = ownedJson(value, key);
    const adding = op.type === 'add';
    const delta = new TwoPhaseSet(new ElementSet(), new ElementSet(), adding, !adding);
    const side = adding ? 'added' : 'removed';
    this[side].add(key, element);
    delta[side].add(key, element);
    if (adding) this.adds = true;
    else this.removes = true;
    return delta;
  }

  /** Joins both sides; a side the other state is known not to have is not looked at (a delta has one). */
  merge(other: TwoPhaseSet): void {
    if (other.adds) this.added.union(other.added);
    if (other.removes) this.removed.union(other.removed);
    this.adds ||= other.adds;
    this.removes ||= other.removes;
  }

  clone(): TwoPhaseSet {
    return new TwoPhaseSet(this.added.clone(), this.removed.clone(), this.adds, this.removes);
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
