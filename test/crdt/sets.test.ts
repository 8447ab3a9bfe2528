// Sets: G-Set (grow only), 2P-Set (removal is final), OR-Set (add wins over a concurrent remove)
// and RW-Set (remove wins); elements are any JSON, compared by canonical JSON text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GSet } from '../../engine/crdt/g-set';
import { OrSet } from '../../engine/crdt/or-set';
import { RwSet } from '../../engine/crdt/rw-set';
import { TwoPhaseSet } from '../../engine/crdt/two-phase-set';
import type { Json, OpContext } from '../../engine/crdt/types';

function at(replica: string, seq = 1): OpContext {
  return { dot: { replica, seq }, stamp: { time: seq, replica } };
}
const add = (value: Json) => ({ type: 'add', value });
const remove = (value: Json) => ({ type: 'remove', value });

describe('G-Set', () => {
  it('lists its elements sorted by JSON text', () => {
    const set = new GSet();
    for (const value of ['b', 2, 'a', null, [1], { k: 1 }, true]) set.mutate(add(value), at('A'));
    assert.deepEqual(set.value(), ['"a"', '"b"', '2', '[1]', 'null', 'true', '{"k":1}'].map((text) => JSON.parse(text)));
  });

  it('treats objects with the same keys in another order as one element, and "1" and 1 as two', () => {
    const set = new GSet();
    set.mutate(add({ a: 1, b: 2 }), at('A'));
    set.mutate(add({ b: 2, a: 1 }), at('A'));
    set.mutate(add('1'), at('A'));
    set.mutate(add(1), at('A'));
    set.mutate(add('[1]'), at('A'));
    set.mutate(add([1]), at('A'));
    set.mutate(add('"x'), at('A'));
    assert.equal((set.value() as Json[]).length, 6);
    assert.ok(set.has({ b: 2, a: 1 }));
    assert.equal(set.byteSize(), Buffer.byteLength(JSON.stringify(set.inspect())));
  });

  it('merges by union and returns one-element deltas', () => {
    const a = new GSet();
    const b = new GSet();
    const delta = a.mutate(add('x'), at('A'));
    b.mutate(add('y'), at('B'));
    b.merge(delta);
    assert.deepEqual(delta.value(), ['x']);
    assert.deepEqual(b.value(), ['x', 'y']);
    assert.ok(a.leq(b) && !b.leq(a));
  });

  it('rejects elements that are not JSON', () => {
    assert.throws(() => new GSet().mutate(add(Number.NaN), at('A')), /the element must be JSON/);
    assert.throws(() => new GSet().mutate({ type: 'add' }, at('A')), /add needs a value/);
    assert.throws(() => new GSet().mutate(remove(1), at('A')), /"g-set" does not support "remove"; it supports add/);
  });
});

describe('2P-Set', () => {
  it('never brings back a removed element', () => {
    const set = new TwoPhaseSet();
    set.mutate(add('x'), at('A'));
    set.mutate(remove('x'), at('A'));
    set.mutate(add('x'), at('A'));
    assert.deepEqual(set.value(), []);
    assert.deepEqual(set.inspect(), { added: ['x'], removed: ['x'] });
  });

  it('accepts removing an element never added, as a tombstone', () => {
    const a = new TwoPhaseSet();
    const b = new TwoPhaseSet();
    const tombstone = a.mutate(remove('y'), at('A'));
    b.mutate(add('y'), at('B'));
    b.merge(tombstone);
    assert.deepEqual(b.value(), []);
    assert.equal(b.byteSize(), JSON.stringify(b.inspect()).length);
  });
});

describe('OR-Set (add wins)', () => {
  it('keeps an element added concurrently with its removal', () => {
    const a = new OrSet();
    const b = new OrSet();
    b.merge(a.mutate(add('x'), at('A')));
    const removal = a.mutate(remove('x'), at('A'));
    const readd = b.mutate(add('x'), at('B'));
    a.merge(readd);
    b.merge(removal);
    assert.deepEqual(a.value(), ['x']);
    assert.ok(a.equals(b));
    assert.deepEqual(a.dotsOf('x'), ['B:1']);
  });

  it('removes an element everywhere once the removal has seen all its adds', () => {
    const a = new OrSet();
    const b = new OrSet();
    const fromA = a.mutate(add('x'), at('A'));
    const fromB = b.mutate(add('x'), at('B'));
    a.merge(fromB);
    b.merge(fromA);
    const removal = a.mutate(remove('x'), at('A'));
    b.merge(removal);
    assert.deepEqual(a.value(), []);
    assert.deepEqual(b.value(), []);
    assert.ok(a.equals(b));
  });

  it('can add an element again after removing it', () => {
    const set = new OrSet();
    set.mutate(add('x'), at('A'));
    set.mutate(remove('x'), at('A'));
    set.mutate(add('x'), at('A'));
    assert.deepEqual(set.value(), ['x']);
    // A removal takes no dot: the second add gets A:2.
    assert.deepEqual(set.inspect(), { elements: [{ value: 'x', dots: ['A:2'] }], context: { A: 2 } });
  });

  it('a re-add replaces the element dots the adder has seen', () => {
    const set = new OrSet();
    set.mutate(add('x'), at('A'));
    const delta = set.mutate(add('x'), at('A'));
    assert.deepEqual(set.dotsOf('x'), ['A:2']);
    assert.deepEqual(delta.inspect(), { elements: [{ value: 'x', dots: ['A:2'] }], context: { A: 2 } });
  });

  it('a removal delta carries the dots it removes and no element', () => {
    const set = new OrSet();
    set.mutate(add('x'), at('A'));
    set.mutate(add('y'), at('A'));
    const delta = set.mutate(remove('x'), at('A'));
    assert.deepEqual(delta.inspect(), { elements: [], context: { A: 1 } });
    assert.deepEqual(set.inspect(), { elements: [{ value: 'y', dots: ['A:2'] }], context: { A: 2 } });
    assert.equal(delta.byteSize(), JSON.stringify(delta.inspect()).length);
  });

  it('removing an element it does not have changes nothing', () => {
    const set = new OrSet();
    const delta = set.mutate(remove('ghost'), at('A'));
    assert.deepEqual(set.inspect(), { elements: [], context: {} });
    assert.deepEqual(delta.value(), []);
  });

  it('applies deltas that arrive out of order, holding later dots in the cloud', () => {
    const source = new OrSet();
    const deltas = ['a', 'b', 'c'].map((value) => source.mutate(add(value), at('A')));
    const replica = new OrSet();
    replica.merge(deltas[2]);
    replica.merge(deltas[1]);
    assert.deepEqual(replica.inspect(), {
      elements: [
        { value: 'b', dots: ['A:2'] },
        { value: 'c', dots: ['A:3'] },
      ],
      context: {},
      cloud: ['A:2', 'A:3'],
    });
    replica.merge(deltas[0]);
    assert.ok(replica.equals(source));
    assert.deepEqual(replica.inspect(), source.inspect());
  });
});

describe('RW-Set (remove wins)', () => {
  it('drops an element removed concurrently with an add', () => {
    const a = new RwSet();
    const b = new RwSet();
    b.merge(a.mutate(add('x'), at('A')));
    const removal = a.mutate(remove('x'), at('A'));
    const readd = b.mutate(add('x'), at('B'));
    a.merge(readd);
    b.merge(removal);
    assert.deepEqual(a.value(), []);
    assert.ok(a.equals(b));
    assert.ok(!a.has('x'));
  });

  it('lets an add that has seen the removal bring the element back', () => {
    const a = new RwSet();
    const b = new RwSet();
    b.merge(a.mutate(add('x'), at('A')));
    b.merge(a.mutate(remove('x'), at('A')));
    const readd = b.mutate(add('x'), at('B'));
    a.merge(readd);
    assert.deepEqual(a.value(), ['x']);
    assert.deepEqual(a.inspect(), { elements: [{ value: 'x', adds: ['B:1'], removes: [] }], context: { A: 2, B: 1 } });
  });

  it('behaves like the OR-Set when nothing is concurrent', () => {
    const rw = new RwSet();
    const or = new OrSet();
    const ops = [add('a'), add('b'), remove('a'), add('c'), remove('c'), add('c')];
    for (const op of ops) {
      rw.mutate(op, at('A'));
      or.mutate(op, at('A'));
    }
    assert.deepEqual(rw.value(), or.value());
    assert.deepEqual(rw.value(), ['b', 'c']);
  });
});
