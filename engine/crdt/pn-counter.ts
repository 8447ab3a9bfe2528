// The positive-negative counter (PN-Counter): two G-Counters, one for increments and one for
// decrements; value = increments - decrements.

import { GCounter } from './g-counter';
import { amountOf, unsupportedOp } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

export class PnCounter implements Crdt<PnCounter> {
  get type(): 'pn-counter' {
    return 'pn-counter';
  }

  /**
   * @param incremented false when `increments` is known to be empty (a decrement's delta)
   * @param decremented false when `decrements` is known to be empty (an increment's delta)
   */
  constructor(
    private readonly increments = new GCounter(),
    private readonly decrements = new GCounter(),
    private incremented = true,
    private decremented = true,
  ) {}

  mutate(op: CrdtOp, ctx: OpContext): PnCounter {
    switch (op.type) {
      case 'inc':
        this.incremented = true;
        return new PnCounter(this.increments.increment(ctx.dot.replica, amountOf(op)), new GCounter(), true, false);
      case 'dec':
        this.decremented = true;
        return new PnCounter(new GCounter(), this.decrements.increment(ctx.dot.replica, amountOf(op)), false, true);
      default:
        throw unsupportedOp('pn-counter', op);
    }
  }

  /** Joins both sides; a side the other state is known not to have is not looked at (a delta has one). */
  merge(other: PnCounter): void {
    if (other.incremented) this.increments.merge(other.increments);
    if (other.decremented) this.decrements.merge(other.decrements);
    this.incremented ||= other.incremented;
    this.decremented ||= other.decremented;
  }

  clone(): PnCounter {
    return new PnCounter(this.increments.clone(), this.decrements.clone(), this.incremented, this.decremented);
  }

  equals(other: PnCounter): boolean {
    return this.increments.equals(other.increments) && this.decrements.equals(other.decrements);
  }

  leq(other: PnCounter): boolean {
    return this.increments.leq(other.increments) && this.decrements.leq(other.decrements);
  }

  value(): number {
    return this.increments.value() - this.decrements.value();
  }

  inspect(): Json {
    return { inc: this.increments.inspect(), dec: this.decrements.inspect() };
  }

  byteSize(): number {
    return '{"inc":'.length + this.increments.byteSize() + ',"dec":'.length + this.decrements.byteSize() + 1;
  }
}
