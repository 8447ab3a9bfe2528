// G-Counter and PN-Counter: per-replica counts, merge by entry-wise maximum over the union of
// replicas, deltas holding just the changed entry, amounts checked.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GCounter } from '../../engine/crdt/g-counter';
import { PnCounter } from '../../engine/crdt/pn-counter';
import { CrdtOpError, type OpContext } from '../../engine/crdt/types';

function at(replica: string, seq = 1): OpContext {
  return { dot: { replica, seq }, stamp: { time: seq, replica } };
}

describe('G-Counter', () => {
  it('sums the counts of all replicas', () => {
    const counter = new GCounter();
    counter.mutate({ type: 'inc' }, at('A'));
    counter.mutate({ type: 'inc', value: 4 }, at('B'));
    counter.mutate({ type: 'inc', value: 2 }, at('A'));
    assert.equal(counter.value(), 7);
    assert.deepEqual(counter.inspect(), { A: 3, B: 4 });
  });

  it('returns a delta holding only the incremented entry, with its new total', () => {
    const counter = new GCounter();
    counter.mutate({ type: 'inc', value: 5 }, at('B'));
    const delta = counter.mutate({ type: 'inc', value: 2 }, at('A'));
    counter.mutate({ type: 'inc' }, at('A'));
    assert.deepEqual(delta.inspect(), { A: 2 });
    assert.equal(delta.byteSize(), JSON.stringify({ A: 2 }).length);
  });

  it('merges by taking the larger count of each replica, keeping replicas it had never seen', () => {
    const a = new GCounter();
    const b = new GCounter();
    a.mutate({ type: 'inc', value: 3 }, at('A'));
    b.mutate({ type: 'inc', value: 1 }, at('A'));
    b.mutate({ type: 'inc', value: 5 }, at('B'));
    a.merge(b);
    assert.deepEqual(a.inspect(), { A: 3, B: 5 });
    assert.equal(a.value(), 8);
  });

  it('only accepts inc, with a finite non-negative amount', () => {
    const counter = new GCounter();
    assert.throws(() => counter.mutate({ type: 'dec' }, at('A')), { name: 'CrdtOpError', message: '"g-counter" does not support "dec"; it supports inc' });
    for (const value of [-1, Number.NaN, Number.POSITIVE_INFINITY, '3', null]) {
      assert.throws(() => counter.mutate({ type: 'inc', value }, at('A')), CrdtOpError, String(value));
    }
    assert.equal(counter.value(), 0);
  });

  it('gives the same value for equal states even with fractional amounts added in different orders', () => {
    const a = new GCounter();
    const b = new GCounter();
    const amounts: [string, number][] = [
      ['A', 0.1],
      ['B', 0.2],
      ['C', 0.3],
    ];
    for (const [replica, amount] of amounts) a.mutate({ type: 'inc', value: amount }, at(replica));
    for (const [replica, amount] of amounts.reverse()) b.mutate({ type: 'inc', value: amount }, at(replica));
    assert.ok(a.equals(b));
    assert.equal(a.value(), b.value());
  });

  it('orders states by entry-wise ≤', () => {
    const a = new GCounter();
    const b = new GCounter();
    a.mutate({ type: 'inc' }, at('A'));
    assert.ok(b.leq(a));
    assert.ok(!a.leq(b));
    b.mutate({ type: 'inc' }, at('B'));
    assert.ok(!a.leq(b) && !b.leq(a));
  });
});

describe('PN-Counter', () => {
  it('counts increments minus decrements', () => {
    const counter = new PnCounter();
    counter.mutate({ type: 'inc', value: 5 }, at('A'));
    counter.mutate({ type: 'dec', value: 2 }, at('B'));
    counter.mutate({ type: 'dec' }, at('A'));
    assert.equal(counter.value(), 2);
    assert.deepEqual(counter.inspect(), { inc: { A: 5 }, dec: { A: 1, B: 2 } });
    assert.equal(counter.byteSize(), JSON.stringify(counter.inspect()).length);
  });

  it('returns a delta with only the side that changed', () => {
    const counter = new PnCounter();
    counter.mutate({ type: 'inc', value: 5 }, at('A'));
    const delta = counter.mutate({ type: 'dec', value: 2 }, at('A'));
    assert.deepEqual(delta.inspect(), { inc: {}, dec: { A: 2 } });
    assert.equal(delta.value(), -2);
  });

  it('converges when replicas exchange deltas (the seed shopping cart: 3 + 5 + 1 - 1 = 8)', () => {
    const mobile = new PnCounter();
    const web = new PnCounter();
    const tablet = new PnCounter();
    const deltas = [
      mobile.mutate({ type: 'inc', value: 3 }, at('mobile')),
      web.mutate({ type: 'inc', value: 5 }, at('web')),
      tablet.mutate({ type: 'inc', value: 1 }, at('tablet')),
      tablet.mutate({ type: 'dec', value: 1 }, at('tablet')),
    ];
    for (const replica of [mobile, web, tablet]) for (const delta of deltas) replica.merge(delta);
    assert.equal(mobile.value(), 8);
    assert.ok(mobile.equals(web) && web.equals(tablet));
  });

  it('rejects negative amounts and unsupported operations', () => {
    const counter = new PnCounter();
    assert.throws(() => counter.mutate({ type: 'dec', value: -3 }, at('A')), /dec needs a finite non-negative amount, got -3/);
    assert.throws(() => counter.mutate({ type: 'add', value: 1 }, at('A')), {
      message: '"pn-counter" does not support "add"; it supports inc, dec',
    });
  });
});
