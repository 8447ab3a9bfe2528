// The grow-only set (G-Set): elements can be added, never removed; merge is set union.

import { ElementSet } from './element-set';
import { elementKey, ownedJson } from './json';
import { unsupportedOp, valueOf } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

export class GSet implements Crdt<GSet> {
  get type(): 'g-set' {
    return 'g-set';
  }

  constructor(private readonly elements = new ElementSet()) {}

  mutate(op: CrdtOp, _ctx: OpContext): GSet {
    if (op.type !== 'add') throw unsupportedOp('g-set', op);
    const value = valueOf(op);
    const key = elementKey(value);
    const element = ownedJson(value, key);
    this.elements.add(key, element);
    const delta = new GSet();
    delta.elements.add(key, element);
    return delta;
  }

  has(element: Json): boolean {
    return this.elements.has(elementKey(element));
  }

  merge(other: GSet): void {
    this.elements.union(other.elements);
  }

  clone(): GSet {
    return new GSet(this.elements.clone());
  }

  equals(other: GSet): boolean {
    return this.elements.equals(other.elements);
  }

  leq(other: GSet): boolean {
    return this.elements.subsetOf(other.elements);
  }

  /** The elements, sorted by their JSON text. */
  value(): Json {
    return this.elements.values();
  }

  inspect(): Json {
    return this.elements.values();
  }

  byteSize(): number {
    return this.elements.jsonBytes();
  }
}
