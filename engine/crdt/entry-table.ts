// The entries of a dot kernel by key (its base class, so a kernel is one allocation): one entry is
// held directly (a delta usually touches a single key); a Map takes over from the second key.

import type { ElementKey } from './json';

const NO_ENTRIES: readonly never[] = Object.freeze([]);

export class EntryTable<E extends { readonly key: ElementKey }> {
  private solo: E | undefined;
  private map: Map<ElementKey, E> | undefined;

  protected get entryCount(): number {
    if (this.map !== undefined) return this.map.size;
    return this.solo === undefined ? 0 : 1;
  }

  protected entryOf(key: ElementKey): E | undefined {
    if (this.map !== undefined) return this.map.get(key);
    const solo = this.solo;
    return solo !== undefined && solo.key === key ? solo : undefined;
  }

  protected hasEntry(key: ElementKey): boolean {
    return this.entryOf(key) !== undefined;
  }

  /** Adds the entry, or replaces the one with the same key. */
  protected setEntry(entry: E): void {
    if (this.map !== undefined) {
      this.map.set(entry.key, entry);
    } else if (this.solo === undefined || this.solo.key === entry.key) {
      this.solo = entry;
    } else {
      this.map = new Map();
      this.map.set(this.solo.key, this.solo);
      this.map.set(entry.key, entry);
      this.solo = undefined;
    }
  }

  protected deleteEntry(key: ElementKey): void {
    if (this.map !== undefined) this.map.delete(key);
    else if (this.solo !== undefined && this.solo.key === key) this.solo = undefined;
  }

  /** The only entry, when the table holds exactly one (without making an array). */
  protected singleEntry(): E | undefined {
    return this.map === undefined ? this.solo : this.map.size === 1 ? this.map.values().next().value : undefined;
  }

  /** The entries, as an array (a snapshot: changing the table while looping over it is fine). */
  protected entryList(): readonly E[] {
    if (this.map !== undefined) return Array.from(this.map.values());
    return this.solo === undefined ? NO_ENTRIES : [this.solo];
  }
}
