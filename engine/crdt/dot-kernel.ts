// The dot kernel shared by the causal CRDTs (OR-Set, RW-Set, MV-Register, OR-Map): keyed entries
// of dot-tagged tokens plus a causal context; a join keeps a token unless the other side has seen
// its dot and dropped it (optimized observed-remove, Almeida et al., "Delta State Replicated Data Types").

import { DotContext } from './dot-context';
import { EntryTable } from './entry-table';
import { compareText, type ElementKey } from './json';
import type { Dot, Json } from './types';

/** A dot (replica, seq) with what it tags. Immutable; shared freely between states and deltas. */
export interface Token<P> {
  readonly replica: string;
  readonly seq: number;
  readonly payload: P;
}

/** The tokens of one key (a set element, a map field). Token arrays are replaced, never modified. */
export interface KernelEntry<P> {
  readonly key: ElementKey;
  readonly value: Json;
  tokens: readonly Token<P>[];
  /** Bytes counted for this entry in the kernel's running total (-1: not counted). */
  counted: number;
  /** Waiting to be recounted. */
  dirty: boolean;
}

/** Bytes of an entry's JSON in the owning CRDT's inspect() output. */
export type EntryBytes<P> = (entry: KernelEntry<P>) => number;

export function hasDot<P>(tokens: readonly Token<P>[], replica: string, seq: number): boolean {
  for (let i = 0; i < tokens.length; i++) if (tokens[i].seq === seq && tokens[i].replica === replica) return true;
  return false;
}

/** Whether a join with the other side (its `tokens` and `context`) drops token t: it has seen t's dot and no longer has it. */
function droppedBy<P>(t: Token<P>, tokens: readonly Token<P>[], context: DotContext): boolean {
  return context.has(t.replica, t.seq) && !hasDot(tokens, t.replica, t.seq);
}

/** The tokens sorted by replica id then seq (for deterministic output). */
export function sortedTokens<P>(tokens: readonly Token<P>[]): Token<P>[] {
  return tokens.slice().sort((a, b) => (a.replica !== b.replica ? (a.replica < b.replica ? -1 : 1) : a.seq - b.seq));
}

/** a followed by b, as a new array (Array.prototype.concat is several times slower on small arrays). */
function joined<T>(a: readonly T[], b: readonly T[]): T[] {
  const all = new Array<T>(a.length + b.length);
  for (let i = 0; i < a.length; i++) all[i] = a[i];
  for (let i = 0; i < b.length; i++) all[a.length + i] = b[i];
  return all;
}

/** Entries left without tokens are swept once there are more than this many and more than live ones. */
const EMPTY_ENTRIES_SLACK = 16;

/**
 * Keyed dot-tagged tokens with a causal context. Invariant: every token's dot is in the context.
 * Keys whose tokens were all removed keep an empty entry for a while (a delta keeps them always),
 * so often every dot of the context belongs to a key in `entries` (`attributable`); merging such a
 * kernel into another visits only its own keys.
 */
export class DotKernel<P> extends EntryTable<KernelEntry<P>> {
  /** Every dot of the context was made for a key present in `entries` (possibly with no tokens left). */
  private attributable = true;
  /** Entries without tokens. */
  private empties = 0;
  /** Incremented on every change of tokens, for the owners' value caches. */
  version = 0;
  private countedBytes = 0;
  private countedEntries = 0;
  /** Entries changed since the byte count was last brought up to date. */
  private changed: KernelEntry<P>[] | undefined;
  /** The byte count must be redone from scratch (deltas start so: they are small and rarely measured). */
  private recountAll: boolean;

  /**
   * @param entryBytes bytes of an entry in the owner's inspect() output
   * @param isDelta a delta never drops its empty entries (so it stays attributable)
   */
  constructor(
    readonly entryBytes: EntryBytes<P>,
    readonly isDelta: boolean,
    readonly context: DotContext = new DotContext(),
  ) {
    super();
    this.recountAll = isDelta;
  }

  /**
   * Marks replica:1..replica:seq as seen. Those dots belong to no key here, so merging this kernel
   * into another then looks at all of the other's entries.
   */
  advance(replica: string, seq: number): void {
    if (this.context.covers(replica, seq)) return;
    this.context.advance(replica, seq);
    this.attributable = false;
  }

  entry(key: ElementKey): KernelEntry<P> | undefined {
    return this.entryOf(key);
  }

  tokensOf(key: ElementKey): readonly Token<P>[] {
    return this.entryOf(key)?.tokens ?? [];
  }

  /** Number of entries with tokens. */
  liveCount(): number {
    return this.entryCount - this.empties;
  }

  /** Entries with at least one token, sorted by `textOf` (their JSON text, a field name, ...). */
  sortedLive(textOf: (entry: KernelEntry<P>) => string): KernelEntry<P>[] {
    const keyed: [string, KernelEntry<P>][] = [];
    for (const entry of this.entryList()) if (entry.tokens.length > 0) keyed.push([textOf(entry), entry]);
    keyed.sort((a, b) => compareText(a[0], b[0]));
    return keyed.map((pair) => pair[1]);
  }

  /**
   * A local mutation: the observed tokens of `key` (its current `entry`, if any) are replaced by
   * `tokens`, whose dots must be new and already claimed from this kernel's context (claimNext).
   * Returns the delta: those tokens, with the new dots and the replaced ones as its context.
   */
  replace(entry: KernelEntry<P> | undefined, key: ElementKey, value: Json, tokens: Token<P>[]): DotKernel<P> {
    const old = entry?.tokens;
    const seen: readonly Dot[] = old === undefined || old.length === 0 ? tokens : tokens.length === 0 ? old : joined(tokens, old);
    const delta = new DotKernel<P>(this.entryBytes, true, DotContext.of(seen));
    if (seen.length > 0) delta.insert(key, value, tokens);
    if (entry !== undefined) this.setTokens(entry, tokens);
    else if (tokens.length > 0) this.insert(key, value, tokens);
    this.sweepIfMostlyEmpty();
    return delta;
  }

  /** Join: keeps each token unless the other side saw its dot and no longer has it; unions contexts. */
  merge(other: DotKernel<P>): void {
    if (other === this) return;
    const mine = this.context;
    const theirs = other.context;
    const single = other.singleEntry();
    if (single !== undefined) this.mergeIn(single, mine, theirs);
    else for (const theirEntry of other.entryList()) this.mergeIn(theirEntry, mine, theirs);
    if (!other.attributable) {
      // Their context may hold dots of keys they no longer list: look at all of mine.
      for (const entry of this.entryList()) {
        if (entry.tokens.length > 0 && !other.hasEntry(entry.key)) this.mergeEntry(entry, [], mine, theirs);
      }
    }
    mine.merge(theirs);
    this.attributable &&= other.attributable;
    this.sweepIfMostlyEmpty();
  }

  /** Merges one entry of the other side (context `theirs`) into this kernel (context `mine`, not yet merged). */
  private mergeIn(theirEntry: KernelEntry<P>, mine: DotContext, theirs: DotContext): void {
    const entry = this.entryOf(theirEntry.key);
    if (entry !== undefined) {
      this.mergeEntry(entry, theirEntry.tokens, mine, theirs);
      return;
    }
    const tokens = theirEntry.tokens;
    let unseen = 0;
    for (let n = 0; n < tokens.length; n++) if (!mine.has(tokens[n].replica, tokens[n].seq)) unseen++;
    const added = unseen === tokens.length ? tokens : tokens.filter((t) => !mine.has(t.replica, t.seq));
    this.insert(theirEntry.key, theirEntry.value, added);
  }

  /**
   * Tokens kept: mine that are theirs too or unseen by them, plus theirs unseen by me. Indexed
   * loops and an array of the final size: a replay runs this for most deliveries of the
   * dot-based types, and iterators or a growing array would be garbage each time.
   */
  private mergeEntry(entry: KernelEntry<P>, theirTokens: readonly Token<P>[], mine: DotContext, theirs: DotContext): void {
    const tokens = entry.tokens;
    let removed = 0;
    for (let n = 0; n < tokens.length; n++) if (droppedBy(tokens[n], theirTokens, theirs)) removed++;
    let added = 0;
    for (let n = 0; n < theirTokens.length; n++) if (!mine.has(theirTokens[n].replica, theirTokens[n].seq)) added++;
    if (removed === 0 && added === 0) return;
    if (removed === tokens.length && added === theirTokens.length) {
      // The usual case of a mutation's delta: their tokens replace mine (share their array).
      this.setTokens(entry, theirTokens);
      return;
    }
    const next = new Array<Token<P>>(tokens.length - removed + added);
    let at = 0;
    for (let n = 0; n < tokens.length; n++) if (!droppedBy(tokens[n], theirTokens, theirs)) next[at++] = tokens[n];
    for (let n = 0; n < theirTokens.length; n++) if (!mine.has(theirTokens[n].replica, theirTokens[n].seq)) next[at++] = theirTokens[n];
    this.setTokens(entry, next);
  }

  private insert(key: ElementKey, value: Json, tokens: readonly Token<P>[]): void {
    const entry: KernelEntry<P> = { key, value, tokens, counted: -1, dirty: false };
    this.setEntry(entry);
    if (tokens.length === 0) this.empties++;
    this.touch(entry);
  }

  private setTokens(entry: KernelEntry<P>, tokens: readonly Token<P>[]): void {
    if (entry.tokens.length === 0) this.empties--;
    if (tokens.length === 0) this.empties++;
    entry.tokens = tokens;
    this.touch(entry);
  }

  /** Drops empty entries once they outnumber the others (the kernel then stops being attributable). */
  private sweepIfMostlyEmpty(): void {
    if (this.isDelta || this.empties <= EMPTY_ENTRIES_SLACK || this.empties <= this.entryCount - this.empties) return;
    for (const entry of this.entryList()) {
      if (entry.tokens.length === 0) this.deleteEntry(entry.key);
    }
    this.empties = 0;
    this.attributable = false;
  }

  private touch(entry: KernelEntry<P>): void {
    this.version++;
    if (this.recountAll || entry.dirty) return;
    entry.dirty = true;
    const changed = (this.changed ??= []);
    changed.push(entry);
    if (changed.length > 2 * this.entryCount + 64) {
      this.recountAll = true;
      this.changed = undefined;
    }
  }

  /** this ⊑ other: other's context covers mine, and other lacks no token of mine that I have not dropped. */
  leq(other: DotKernel<P>): boolean {
    if (!this.context.leq(other.context)) return false;
    for (const theirEntry of other.entryList()) {
      const mine = this.entryOf(theirEntry.key)?.tokens;
      for (const t of theirEntry.tokens) {
        if (this.context.has(t.replica, t.seq) && (mine === undefined || !hasDot(mine, t.replica, t.seq))) return false;
      }
    }
    return true;
  }

  /** Same context and the same tokens under each key (empty entries do not count). */
  equals(other: DotKernel<P>): boolean {
    if (this.liveCount() !== other.liveCount() || !this.context.equals(other.context)) return false;
    for (const entry of this.entryList()) {
      if (entry.tokens.length === 0) continue;
      const theirs = other.entryOf(entry.key)?.tokens;
      if (theirs === undefined || theirs.length !== entry.tokens.length) return false;
      for (const t of entry.tokens) if (!hasDot(theirs, t.replica, t.seq)) return false;
    }
    return true;
  }

  clone(): DotKernel<P> {
    const copy = new DotKernel<P>(this.entryBytes, this.isDelta, this.context.clone());
    const exact = !this.recountAll && (this.changed === undefined || this.changed.length === 0);
    for (const entry of this.entryList()) {
      const { key, value, tokens } = entry;
      copy.setEntry({ key, value, tokens, counted: exact ? entry.counted : -1, dirty: false });
    }
    copy.attributable = this.attributable;
    copy.empties = this.empties;
    if (exact) {
      copy.countedBytes = this.countedBytes;
      copy.countedEntries = this.countedEntries;
    } else copy.recountAll = true;
    return copy;
  }

  /** The number of entries with tokens and the bytes of their JSON (without separators). */
  liveBytes(): { count: number; bytes: number } {
    if (this.recountAll) this.recount();
    if (this.changed !== undefined) for (const entry of this.changed) this.recountEntry(entry);
    this.changed = undefined;
    return { count: this.countedEntries, bytes: this.countedBytes };
  }

  private recountEntry(entry: KernelEntry<P>): void {
    entry.dirty = false;
    if (entry.counted >= 0) {
      this.countedBytes -= entry.counted;
      this.countedEntries--;
      entry.counted = -1;
    }
    if (entry.tokens.length > 0 && this.entryOf(entry.key) === entry) {
      entry.counted = this.entryBytes(entry);
      this.countedBytes += entry.counted;
      this.countedEntries++;
    }
  }

  private recount(): void {
    this.recountAll = false;
    this.changed = undefined;
    this.countedBytes = 0;
    this.countedEntries = 0;
    for (const entry of this.entryList()) {
      entry.dirty = false;
      entry.counted = -1;
      if (entry.tokens.length > 0) {
        entry.counted = this.entryBytes(entry);
        this.countedBytes += entry.counted;
        this.countedEntries++;
      }
    }
  }
}

/** A dot-based CRDT whose next dots can be moved past numbers used elsewhere (see OrMap.update). */
export interface DotNumbered {
  /** Marks dots replica:1..replica:seq as seen, so the next dot of `replica` is above seq. */
  advanceDots(replica: string, seq: number): void;
}

export function isDotNumbered(crdt: object): crdt is DotNumbered {
  return typeof (crdt as Partial<DotNumbered>).advanceDots === 'function';
}
