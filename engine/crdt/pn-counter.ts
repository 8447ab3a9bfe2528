// The positive-negative counter (PN-Counter): two G-Counters, one for increments and one for
// decrements; value = increments - decrements.

import { GCounter } from './g-counter';
import { amountOf, unsupportedOp } from './op-args';
import type { Crdt, CrdtOp, Json, OpContext } from './types';

export class PnCounter implements Crdt<PnCounter> {
  get type(): 'pn-counter' {
    return 'pn-counter';
  }

  constructor(
    private readonly increments = new GCounter(),
    private readonly decrements = new GCounter(),
  ) {}

  mutate(op: CrdtOp, ctx: OpContext): PnCounter {
    switch (op.type) {
      case 'inc':
        return new PnCounter(this.increments.increment(ctx.dot.replica, amountOf(op)), new GCounter());
      case 'dec':
        return new PnCounter(new GCounter(), this.decrements.increment(ctx.dot.replica, amountOf(op)));
      default:
        throw unsupportedOp('pn-counter', op);
    }
  }

  merge(other: PnCounter): void {
    this.increments.merge(other.increments);
    this.decrements.merge(other.decrements);
  }

  clone(): PnCounter {
    return new PnCounter(this.increments.clone(), this.decrements.clone());
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
