// A grow-only set of JSON elements keyed by elementKey, with a running byte count and a cached
// listing sorted by JSON text: the building block of G-Set and 2P-Set.

import { compareText, type ElementKey, elementText, listBytes, utf8Length } from './json';
import type { Json } from './types';

export class ElementSet {
  private readonly elements = new Map<ElementKey, Json>();
  private elementBytes = 0;
  private sortedKeys: ElementKey[] | undefined;
  /** The first element added: the only one while the size is 1 (a delta's), read without iterating the Map. */
  private firstKey: ElementKey = null;
  private firstValue: Json = null;
  /** The number of elements, kept here so a join reads a delta's without touching its Map. */
  private count = 0;

  get size(): number {
    return this.count;
  }

  has(key: ElementKey): boolean {
    return this.elements.has(key);
  }

  /** Adds an element (an owned value and its key); returns whether it was new. */
  add(key: ElementKey, value: Json): boolean {
    if (this.elements.has(key)) return false;
    this.keepIfFirst(key, value);
    this.elements.set(key, value);
    this.count++;
    this.elementBytes += utf8Length(elementText(key, value));
    this.sortedKeys = undefined;
    return true;
  }

  union(other: ElementSet): void {
    if (other === this || other.count === 0) return;
    if (other.count === 1) {
      // A delta's one element: its bytes are the other set's whole count, not measured again.
      const key = other.firstKey;
      if (this.elements.has(key)) return;
      this.keepIfFirst(key, other.firstValue);
      this.elements.set(key, other.firstValue);
      this.count++;
      this.elementBytes += other.elementBytes;
      this.sortedKeys = undefined;
      return;
    }
    for (const [key, value] of other.elements) this.add(key, value);
  }

  private keepIfFirst(key: ElementKey, value: Json): void {
    if (this.count > 0) return;
    this.firstKey = key;
    this.firstValue = value;
  }

  subsetOf(other: ElementSet): boolean {
    if (this.elements.size > other.elements.size) return false;
    for (const key of this.elements.keys()) if (!other.elements.has(key)) return false;
    return true;
  }

  equals(other: ElementSet): boolean {
    return this.elements.size === other.elements.size && this.subsetOf(other);
  }

  clone(): ElementSet {
    const copy = new ElementSet();
    for (const [key, value] of this.elements) copy.elements.set(key, value);
    copy.elementBytes = this.elementBytes;
    copy.count = this.count;
    copy.sortedKeys = this.sortedKeys;
    copy.firstKey = this.firstKey;
    copy.firstValue = this.firstValue;
    return copy;
  }

  /** Keys in the order of their elements' JSON text. The array is shared: do not modify it. */
  private keys(): readonly ElementKey[] {
    if (this.sortedKeys === undefined) {
      const keyed: [string, ElementKey][] = [];
      for (const [key, value] of this.elements) keyed.push([elementText(key, value), key]);
      keyed.sort((a, b) => compareText(a[0], b[0]));
      this.sortedKeys = keyed.map((pair) => pair[1]);
    }
    return this.sortedKeys;
  }

  /** The elements sorted by JSON text, optionally leaving out those in `except`. */
  values(except?: ElementSet): Json[] {
    const result: Json[] = [];
    for (const key of this.keys()) if (except === undefined || !except.has(key)) result.push(this.elements.get(key)!);
    return result;
  }

  /** Bytes of the sorted elements as a JSON array. */
  jsonBytes(): number {
    return listBytes(this.elements.size, this.elementBytes);
  }
}
