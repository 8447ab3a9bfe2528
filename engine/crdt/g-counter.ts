// The grow-only counter (G-Counter): one count per replica, value = their sum. Merge takes the
// maximum of each entry over the UNION of replica ids (the seed's merge lost replicas it had not seen).

import { jsonStringBytes, listBytes, numberBytes, setJsonProperty } from './json';
import { amountOf, unsupportedOp } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

export class GCounter implements Crdt<GCounter> {
  get type(): 'g-counter' {
    return 'g-counter';
  }
  /** replica -> count; only positive counts are stored. Made on first use (most deltas of a PN-Counter have an empty side). */
  private counts: Map<string, number> | undefined;
  /** A delta's one entry, held without a Map until something needs one (see `table`). */
  private onlyReplica: string | undefined;
  private onlyCount = 0;

  mutate(op: CrdtOp, ctx: OpContext): GCounter {
    if (op.type !== 'inc') throw unsupportedOp('g-counter', op);
    return this.increment(ctx.dot.replica, amountOf(op));
  }

  /** Adds `amount` (finite, >= 0) to `replica`'s count; returns the delta: that entry alone. */
  increment(replica: string, amount: number): GCounter {
    const delta = new GCounter();
    if (amount > 0) {
      const counts = this.table() ?? (this.counts = new Map());
      const total = (counts.get(replica) ?? 0) + amount;
      counts.set(replica, total);
      delta.onlyReplica = replica;
      delta.onlyCount = total;
    }
    return delta;
  }

  /** The counts as a Map (undefined when there are none), made from the single entry if needed. */
  private table(): Map<string, number> | undefined {
    if (this.onlyReplica !== undefined) {
      this.counts = new Map([[this.onlyReplica, this.onlyCount]]);
      this.onlyReplica = undefined;
    }
    return this.counts;
  }

  /** The count contributed by `replica`. */
  countOf(replica: string): number {
    if (this.onlyReplica !== undefined) return this.onlyReplica === replica ? this.onlyCount : 0;
    return this.counts?.get(replica) ?? 0;
  }

  merge(other: GCounter): void {
    if (other === this) return;
    if (other.onlyReplica !== undefined) {
      this.raise(other.onlyReplica, other.onlyCount);
      return;
    }
    if (other.counts === undefined) return;
    for (const [replica, count] of other.counts) this.raise(replica, count);
  }

  /** Sets `replica`'s count to `count` if that is larger. */
  private raise(replica: string, count: number): void {
    const counts = this.table() ?? (this.counts = new Map());
    const mine = counts.get(replica);
    if (mine === undefined || count > mine) counts.set(replica, count);
  }

  clone(): GCounter {
    const copy = new GCounter();
    copy.onlyReplica = this.onlyReplica;
    copy.onlyCount = this.onlyCount;
    if (this.counts !== undefined) copy.counts = new Map(this.counts);
    return copy;
  }

  equals(other: GCounter): boolean {
    const mine = this.table();
    const theirs = other.table();
    if ((mine?.size ?? 0) !== (theirs?.size ?? 0)) return false;
    if (mine !== undefined) for (const [replica, count] of mine) if (theirs!.get(replica) !== count) return false;
    return true;
  }

  leq(other: GCounter): boolean {
    const mine = this.table();
    if (mine !== undefined) for (const [replica, count] of mine) if (other.countOf(replica) < count) return false;
    return true;
  }

  value(): number {
    if (this.onlyReplica !== undefined) return this.onlyCount;
    if (this.counts === undefined) return 0;
    let sum = 0;
    for (const count of this.counts.values()) sum += count;
    if (Number.isSafeInteger(sum)) return sum;
    // Fractional or huge sums depend on the order of addition: add in replica order so equal states agree.
    sum = 0;
    for (const replica of this.sortedReplicas()) sum += this.counts.get(replica)!;
    return sum;
  }

  /** Replicas with a count, sorted. */
  sortedReplicas(): string[] {
    const counts = this.table();
    return counts === undefined ? [] : [...counts.keys()].sort();
  }

  inspect(): Json {
    const counts: { [replica: string]: Json } = {};
    for (const replica of this.sortedReplicas()) setJsonProperty(counts, replica, this.countOf(replica));
    return counts;
  }

  byteSize(): number {
    const counts = this.table();
    if (counts === undefined) return 2;
    let bytes = 0;
    for (const [replica, count] of counts) bytes += jsonStringBytes(replica) + 1 + numberBytes(count);
    return listBytes(counts.size, bytes);
  }
}
