// Causal delivery for operation-based CRDTs: an operation is applied only once everything it
// depends on has been; until then it waits in a buffer that drains in causal order as gaps fill.

/** A dense vector clock: entry k is the number of replica k's operations delivered (or seen). */
export type DenseClock = ArrayLike<number>;

function entryAt(clock: ArrayLike<number>, replica: number): number {
  const value = clock[replica];
  return value === undefined ? 0 : value;
}

/**
 * Whether an operation from `origin` stamped `opClock` can be applied at a replica whose delivered
 * clock is `localClock`: it is the origin's next operation (`opClock[origin] == local[origin] + 1`)
 * and everything else it saw has been delivered (`opClock[k] <= local[k]` for every other k).
 */
export function isDeliverable(opClock: DenseClock, origin: number, localClock: DenseClock): boolean {
  if (entryAt(opClock, origin) !== entryAt(localClock, origin) + 1) return false;
  for (let k = 0; k < opClock.length; k++) {
    if (k !== origin && opClock[k] > entryAt(localClock, k)) return false;
  }
  return true;
}

/** One unmet dependency of a buffered operation: it needs replica's op `needs` delivered; `has` are. */
export interface MissingDependency {
  readonly replica: number;
  readonly needs: number;
  readonly has: number;
}

/** A buffered operation and why it waits. */
export interface BufferedOp<T> {
  readonly item: T;
  readonly origin: number;
  /** The operation's number among its origin's operations (`opClock[origin]`). */
  readonly seq: number;
  readonly opClock: readonly number[];
  readonly missing: MissingDependency[];
  /** The missing dependencies in words, e.g. "needs A's op 3, has 1". */
  readonly reason: string;
}

export type OfferResult = 'delivered' | 'buffered' | 'duplicate';

export interface CausalBufferOptions<T> {
  /** Applies an operation; called exactly once per operation, in causal order. */
  readonly deliver: (item: T, origin: number, opClock: DenseClock) => void;
  /** Told about an operation that was already delivered or is already buffered (it is dropped). */
  readonly onDuplicate?: (item: T, origin: number, opClock: DenseClock) => void;
  /** The local clock to start from (default: nothing delivered). Grows as operations name more replicas. */
  readonly clock?: DenseClock;
  /** Replica names for `reason` texts (default: the replica number). */
  readonly replicaName?: (replica: number) => string;
}

interface PendingOp<T> {
  readonly arrival: number;
  readonly item: T;
  readonly origin: number;
  readonly seq: number;
  readonly opClock: number[];
  /** Entries below this index (other than the origin) are known to be satisfied. */
  cursor: number;
}

/**
 * Buffers operations until they are causally deliverable. Each buffered operation waits on one
 * unmet dependency (replica, value) at a time and is looked at again only when that replica's
 * entry reaches the value, so draining costs O(replicas) per operation, not a scan of the buffer.
 */
export class CausalBuffer<T> {
  private readonly local: number[] = [];
  /** Buffered operations in arrival order. */
  private readonly pending = new Map<number, PendingOp<T>>();
  /** Per origin: seq -> buffered operation (to spot duplicates). */
  private readonly pendingByOrigin: Map<number, PendingOp<T>>[] = [];
  /** Per replica: the entry value awaited -> operations waiting for it. */
  private readonly waiting: Map<number, PendingOp<T>[]>[] = [];
  /** Operations whose awaited dependency was met, to look at again (FIFO). */
  private readonly ready: PendingOp<T>[] = [];
  private readyHead = 0;
  private arrivals = 0;

  constructor(private readonly options: CausalBufferOptions<T>) {
    const start = options.clock ?? [];
    this.grow(start.length);
    for (let k = 0; k < start.length; k++) this.local[k] = entryAt(start, k);
  }

  /** Delivers `item` now if it is deliverable (then drains what it unblocks), else buffers it. */
  offer(item: T, opClock: DenseClock, origin: number): OfferResult {
    if (!Number.isInteger(origin) || origin < 0 || origin >= opClock.length) {
      throw new RangeError(`origin ${origin} is not an entry of the operation's clock (length ${opClock.length})`);
    }
    this.drain();
    this.grow(opClock.length);
    const seq = entryAt(opClock, origin);
    if (seq <= this.local[origin] || this.pendingByOrigin[origin].has(seq)) {
      this.options.onDuplicate?.(item, origin, opClock);
      return 'duplicate';
    }
    if (isDeliverable(opClock, origin, this.local)) {
      this.apply(item, origin, seq, opClock);
      this.drain();
      return 'delivered';
    }
    const op: PendingOp<T> = { arrival: this.arrivals++, item, origin, seq, opClock: Array.from(opClock), cursor: 0 };
    this.pending.set(op.arrival, op);
    this.pendingByOrigin[origin].set(seq, op);
    this.park(op);
    return 'buffered';
  }

  /** Number of buffered operations. */
  get size(): number {
    return this.pending.size;
  }

  /** The delivered clock (a copy). */
  clock(): number[] {
    return this.local.slice();
  }

  /** The buffered operations in arrival order, each with its unmet dependencies. */
  buffered(): BufferedOp<T>[] {
    const result: BufferedOp<T>[] = [];
    for (const op of this.pending.values()) {
      const missing = this.missingOf(op);
      result.push({
        item: op.item,
        origin: op.origin,
        seq: op.seq,
        opClock: op.opClock,
        missing,
        reason: missing.length === 0 ? 'ready to deliver' : missing.map((m) => this.describe(m)).join('; '),
      });
    }
    return result;
  }

  /** A missing dependency in words: "needs A's op 3, has 1". */
  describe(dependency: MissingDependency): string {
    const name = this.options.replicaName?.(dependency.replica) ?? String(dependency.replica);
    return `needs ${name}'s op ${dependency.needs}, has ${dependency.has}`;
  }

  private missingOf(op: PendingOp<T>): MissingDependency[] {
    const missing: MissingDependency[] = [];
    for (let k = 0; k < op.opClock.length; k++) {
      const needs = k === op.origin ? op.seq - 1 : op.opClock[k];
      if (needs > this.local[k]) missing.push({ replica: k, needs, has: this.local[k] });
    }
    return missing;
  }

  private grow(replicaCount: number): void {
    while (this.local.length < replicaCount) {
      this.local.push(0);
      this.pendingByOrigin.push(new Map());
      this.waiting.push(new Map());
    }
  }

  private apply(item: T, origin: number, seq: number, opClock: DenseClock): void {
    this.local[origin] = seq;
    const woken = this.waiting[origin].get(seq);
    if (woken !== undefined) {
      this.waiting[origin].delete(seq);
      for (const op of woken) this.ready.push(op);
    }
    this.options.deliver(item, origin, opClock);
  }

  /** Looks again at operations whose awaited entry was reached, delivering those now deliverable. */
  private drain(): void {
    while (this.readyHead < this.ready.length) {
      const op = this.ready[this.readyHead++];
      if (this.readyHead === this.ready.length) {
        this.ready.length = 0;
        this.readyHead = 0;
      }
      if (op.seq <= this.local[op.origin]) {
        this.forget(op);
        this.options.onDuplicate?.(op.item, op.origin, op.opClock);
      } else if (this.park(op)) {
        this.forget(op);
        this.apply(op.item, op.origin, op.seq, op.opClock);
      }
    }
  }

  /** Registers `op` under its first unmet dependency; returns true when it has none. */
  private park(op: PendingOp<T>): boolean {
    const own = op.seq - 1;
    if (own > this.local[op.origin]) {
      this.wait(op, op.origin, own);
      return false;
    }
    const clock = op.opClock;
    for (let k = op.cursor; k < clock.length; k++) {
      if (k !== op.origin && clock[k] > this.local[k]) {
        op.cursor = k;
        this.wait(op, k, clock[k]);
        return false;
      }
    }
    op.cursor = clock.length;
    return true;
  }

  private wait(op: PendingOp<T>, replica: number, value: number): void {
    const byValue = this.waiting[replica];
    const list = byValue.get(value);
    if (list === undefined) byValue.set(value, [op]);
    else list.push(op);
  }

  private forget(op: PendingOp<T>): void {
    this.pending.delete(op.arrival);
    this.pendingByOrigin[op.origin].delete(op.seq);
  }
}
