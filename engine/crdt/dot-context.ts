// The causal context of the dot-based CRDTs (OR-Set, RW-Set, MV-Register, OR-Map): the set of
// operation dots a state has seen, as a version vector plus a cloud of dots beyond it.

import type { Dot, Json } from './types';
import { jsonStringBytes, listBytes, numberBytes } from './json';

/** `"A:3"`: how a dot is written in inspect() output. */
export function dotText(replica: string, seq: number): string {
  return `${replica}:${seq}`;
}

/** Bytes of a dot written as JSON (`"A:3"`). */
export function dotBytes(replica: string, seq: number): number {
  return jsonStringBytes(replica) + 1 + numberBytes(seq);
}

/** Up to this many dots are kept as a plain list (the few dots of a delta); more switch to the compact form. */
const FEW_DOTS = 8;

/** The dots seen of one replica: all of 1..prefix, and `cloud` beyond (never prefix + 1). */
interface ReplicaDots {
  prefix: number;
  cloud: Set<number> | undefined;
}

/** A context in canonical form: per replica the seen prefix 1..n, and the dots seen beyond it. */
interface CanonicalContext {
  /** [replica, n] sorted by replica, n > 0. */
  readonly vector: [string, number][];
  /** [replica, seq] sorted by replica then seq. */
  readonly cloud: [string, number][];
}

function byReplicaThenSeq(a: [string, number], b: [string, number]): number {
  if (a[0] !== b[0]) return a[0] < b[0] ? -1 : 1;
  return a[1] - b[1];
}

/** Moves cloud dots that continue the prefix into it. */
function absorbCloud(dots: ReplicaDots): void {
  const cloud = dots.cloud;
  if (cloud === undefined) return;
  while (cloud.delete(dots.prefix + 1)) dots.prefix++;
  if (cloud.size === 0) dots.cloud = undefined;
}

/**
 * A set of dots. Small sets (a delta's few dots) are a plain list of dot objects (shared, never
 * copied). Larger ones are compact: per replica, the prefix 1..n seen and a cloud of dots beyond.
 */
export class DotContext {
  /** The list form, used while `byReplica` is undefined. */
  private few: Dot[] | undefined;
  /** `few` is someone else's array (see `of`): copy it before adding to it. */
  private fewShared = false;
  /** The compact form. */
  private byReplica: Map<string, ReplicaDots> | undefined;

  /** A context of the given distinct dots. The array is shared, not copied: it must never change. */
  static of(dots: readonly Dot[]): DotContext {
    const context = new DotContext();
    if (dots.length <= FEW_DOTS) {
      context.few = dots as Dot[];
      context.fewShared = true;
    } else for (const dot of dots) context.add(dot.replica, dot.seq);
    return context;
  }

  has(replica: string, seq: number): boolean {
    const byReplica = this.byReplica;
    if (byReplica === undefined) {
      const few = this.few;
      if (few !== undefined) for (let i = 0; i < few.length; i++) if (few[i].seq === seq && few[i].replica === replica) return true;
      return false;
    }
    const dots = byReplica.get(replica);
    if (dots === undefined) return false;
    return seq <= dots.prefix || (dots.cloud !== undefined && dots.cloud.has(seq));
  }

  /** The largest seq of `replica` seen (0 when none). */
  max(replica: string): number {
    let top = 0;
    if (this.byReplica === undefined) {
      if (this.few !== undefined) for (const dot of this.few) if (dot.replica === replica && dot.seq > top) top = dot.seq;
      return top;
    }
    const dots = this.byReplica.get(replica);
    if (dots === undefined) return 0;
    top = dots.prefix;
    if (dots.cloud !== undefined) for (const seq of dots.cloud) if (seq > top) top = seq;
    return top;
  }

  /** The next unused dot number of `replica`. */
  nextSeq(replica: string): number {
    return this.max(replica) + 1;
  }

  /** Takes the next unused dot number of `replica`: records it as seen and returns it. */
  claimNext(replica: string): number {
    const dots = this.byReplica?.get(replica);
    if (dots !== undefined && dots.cloud === undefined) return ++dots.prefix;
    const seq = this.nextSeq(replica);
    this.add(replica, seq);
    return seq;
  }

  /** Adds a dot; in the list form the object itself is kept, so it must not change. */
  addDot(dot: Dot): void {
    if (this.byReplica === undefined) {
      if (this.has(dot.replica, dot.seq)) return;
      if (this.few === undefined) {
        this.few = [dot];
        return;
      }
      if (this.few.length < FEW_DOTS) {
        if (this.fewShared) {
          this.few = this.few.slice();
          this.fewShared = false;
        }
        this.few.push(dot);
        return;
      }
    }
    this.addToCompact(dot.replica, dot.seq);
  }

  add(replica: string, seq: number): void {
    if (this.byReplica === undefined) this.addDot({ replica, seq });
    else this.addToCompact(replica, seq);
  }

  /** Marks r:1..r:seq all seen. */
  advance(replica: string, seq: number): void {
    const dots = this.dotsOf(replica);
    if (seq <= dots.prefix) return;
    dots.prefix = seq;
    if (dots.cloud !== undefined) {
      for (const s of dots.cloud) if (s <= seq) dots.cloud.delete(s);
      absorbCloud(dots);
    }
  }

  /** The compact record of `replica` (switching to the compact form if needed). */
  private dotsOf(replica: string): ReplicaDots {
    let byReplica = this.byReplica;
    if (byReplica === undefined) {
      byReplica = this.byReplica = new Map();
      const few = this.few;
      this.few = undefined;
      if (few !== undefined) for (const dot of few) this.addToCompact(dot.replica, dot.seq);
    }
    let dots = byReplica.get(replica);
    if (dots === undefined) {
      dots = { prefix: 0, cloud: undefined };
      byReplica.set(replica, dots);
    }
    return dots;
  }

  private addToCompact(replica: string, seq: number): void {
    const dots = this.dotsOf(replica);
    if (seq <= dots.prefix) return;
    if (seq === dots.prefix + 1) {
      dots.prefix = seq;
      absorbCloud(dots);
    } else if (dots.cloud === undefined) dots.cloud = new Set([seq]);
    else dots.cloud.add(seq);
  }

  merge(other: DotContext): void {
    if (other === this) return;
    if (other.byReplica === undefined) {
      const few = other.few;
      if (few === undefined) return;
      // In the compact form a dot already seen is a no-op of addToCompact: no need to look it up first.
      if (this.byReplica !== undefined) for (let i = 0; i < few.length; i++) this.addToCompact(few[i].replica, few[i].seq);
      else for (let i = 0; i < few.length; i++) this.addDot(few[i]);
      return;
    }
    for (const [replica, theirs] of other.byReplica) {
      if (theirs.prefix > 0) this.advance(replica, theirs.prefix);
      if (theirs.cloud !== undefined) for (const seq of theirs.cloud) this.addToCompact(replica, seq);
    }
  }

  /** Every dot of this context is in `other`. */
  leq(other: DotContext): boolean {
    if (this.byReplica === undefined) {
      if (this.few !== undefined) for (const dot of this.few) if (!other.has(dot.replica, dot.seq)) return false;
      return true;
    }
    for (const [replica, dots] of this.byReplica) {
      if (!other.covers(replica, dots.prefix)) return false;
      if (dots.cloud !== undefined) for (const seq of dots.cloud) if (!other.has(replica, seq)) return false;
    }
    return true;
  }

  /** Whether r:1..r:n are all in this context. */
  covers(replica: string, n: number): boolean {
    if (n === 0) return true;
    // In the compact form prefix + 1 is never in the cloud, so a shorter prefix does not cover n.
    if (this.byReplica !== undefined) return (this.byReplica.get(replica)?.prefix ?? 0) >= n;
    if (this.few === undefined || n > this.few.length) return false;
    for (let seq = 1; seq <= n; seq++) if (!this.has(replica, seq)) return false;
    return true;
  }

  equals(other: DotContext): boolean {
    return this.leq(other) && other.leq(this);
  }

  clone(): DotContext {
    const copy = new DotContext();
    if (this.byReplica === undefined) {
      if (this.few !== undefined) {
        copy.few = this.few;
        copy.fewShared = true;
        this.fewShared = true;
      }
      return copy;
    }
    copy.byReplica = new Map();
    for (const [replica, dots] of this.byReplica) {
      copy.byReplica.set(replica, { prefix: dots.prefix, cloud: dots.cloud === undefined ? undefined : new Set(dots.cloud) });
    }
    return copy;
  }

  private canonical(): CanonicalContext {
    const vector: [string, number][] = [];
    const cloud: [string, number][] = [];
    if (this.byReplica !== undefined) {
      for (const [replica, dots] of this.byReplica) {
        if (dots.prefix > 0) vector.push([replica, dots.prefix]);
        if (dots.cloud !== undefined) for (const seq of dots.cloud) cloud.push([replica, seq]);
      }
      return { vector: vector.sort(byReplicaThenSeq), cloud: cloud.sort(byReplicaThenSeq) };
    }
    const dots: [string, number][] = (this.few ?? []).map((dot) => [dot.replica, dot.seq]);
    dots.sort(byReplicaThenSeq);
    let replicaNow: string | undefined;
    let prefix: [string, number] | undefined;
    for (const [replica, seq] of dots) {
      if (replica !== replicaNow) {
        replicaNow = replica;
        prefix = undefined;
      }
      if (prefix === undefined && seq === 1) {
        prefix = [replica, 1];
        vector.push(prefix);
      } else if (prefix !== undefined && seq === prefix[1] + 1) prefix[1] = seq;
      else cloud.push([replica, seq]);
    }
    return { vector, cloud };
  }

  /** Adds `context` (the version vector, sorted) and, with dots beyond it, `cloud` (["A:5", ...]) to an inspect() object. */
  inspectInto(target: { [key: string]: Json }): void {
    const { vector, cloud } = this.canonical();
    const context: { [replica: string]: Json } = {};
    for (const [replica, n] of vector) {
      Object.defineProperty(context, replica, { value: n, enumerable: true, writable: true, configurable: true });
    }
    target.context = context;
    if (cloud.length > 0) target.cloud = cloud.map(([replica, seq]) => dotText(replica, seq));
  }

  /** Bytes of what inspectInto adds: `"context":{...}` and, with a cloud, `,"cloud":[...]`. */
  inspectBytes(): number {
    const bytes: ContextBytes = { vector: 0, vectorBytes: 0, cloud: 0, cloudBytes: 0 };
    if (this.byReplica !== undefined) {
      // Sums do not depend on the order: the compact form is counted as it is, unsorted.
      for (const [replica, dots] of this.byReplica) {
        const name = jsonStringBytes(replica) + 1;
        if (dots.prefix > 0) countDot(bytes, name, dots.prefix, false);
        if (dots.cloud !== undefined) for (const seq of dots.cloud) countDot(bytes, name, seq, true);
      }
    } else if (this.few !== undefined) {
      // The list form's few distinct dots, without sorting: a dot n whose replica has all of
      // 1..n-1 is in the prefix (the top one of it is written), any other is in the cloud.
      const few = this.few;
      for (let i = 0; i < few.length; i++) {
        const { replica, seq } = few[i];
        let below = 0;
        let next = false;
        for (let j = 0; j < few.length; j++) {
          if (few[j].replica !== replica) continue;
          const other = few[j].seq;
          if (other < seq && other >= 1 && Number.isInteger(other)) below++;
          else if (other === seq + 1) next = true;
        }
        const inPrefix = seq >= 1 && Number.isInteger(seq) && below === seq - 1;
        if (!inPrefix) countDot(bytes, jsonStringBytes(replica) + 1, seq, true);
        else if (!next) countDot(bytes, jsonStringBytes(replica) + 1, seq, false);
      }
    }
    let total = '"context":'.length + listBytes(bytes.vector, bytes.vectorBytes);
    if (bytes.cloud > 0) total += ',"cloud":'.length + listBytes(bytes.cloud, bytes.cloudBytes);
    return total;
  }
}

/** Counts of the context's entries and of their bytes (without separators). */
interface ContextBytes {
  vector: number;
  vectorBytes: number;
  cloud: number;
  cloudBytes: number;
}

/** Counts a vector entry (`"A":3`) or a cloud dot (`"A:3"`, the same bytes), given the bytes of its replica part (`"A":` or `"A:`). */
function countDot(bytes: ContextBytes, replicaBytes: number, seq: number, inCloud: boolean): void {
  if (inCloud) {
    bytes.cloud++;
    bytes.cloudBytes += replicaBytes + numberBytes(seq);
  } else {
    bytes.vector++;
    bytes.vectorBytes += replicaBytes + numberBytes(seq);
  }
}
