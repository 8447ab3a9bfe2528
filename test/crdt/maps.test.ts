// Maps: LWW-Map (per-field last-writer-wins, deletes are stamped tombstones) and OR-Map (fields
// hold a CRDT; a delete removes what it has seen, so a concurrent update keeps the field).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LwwMap } from '../../engine/crdt/lww-map';
import type { OrMap } from '../../engine/crdt/or-map';
import { createCrdt } from '../../engine/crdt/registry';
import type { CrdtOp, CrdtTypeName, Json, OpContext } from '../../engine/crdt/types';

function at(replica: string, time = 1): OpContext {
  return { dot: { replica, seq: time }, stamp: { time, replica } };
}
const setField = (field: string, value: Json): CrdtOp => ({ type: 'set', field, value });
const deleteField = (field: string): CrdtOp => ({ type: 'delete', field });
const update = (field: string, op: CrdtOp): CrdtOp => ({ type: 'update', field, op });
const inc = (value = 1): CrdtOp => ({ type: 'inc', value });

function orMap(values?: CrdtTypeName): OrMap {
  return createCrdt({ type: 'or-map', values }) as OrMap;
}

describe('LWW-Map', () => {
  it('keeps the latest write of each field and lists live fields sorted', () => {
    const map = new LwwMap();
    map.mutate(setField('title', 'Draft'), at('A', 1));
    map.mutate(setField('author', 'Ann'), at('A', 2));
    map.mutate(setField('title', 'Final'), at('B', 3));
    assert.deepEqual(map.value(), { author: 'Ann', title: 'Final' });
    assert.deepEqual(Object.keys(map.value() as object), ['author', 'title']);
  });

  it('orders a delete and a set of the same field by their stamps', () => {
    const a = new LwwMap();
    const b = new LwwMap();
    const del = a.mutate(deleteField('x'), at('A', 5));
    const earlier = b.mutate(setField('x', 1), at('B', 4));
    const later = b.mutate(setField('y', 2), at('B', 6));
    a.merge(earlier);
    a.merge(later);
    b.merge(del);
    assert.deepEqual(a.value(), { y: 2 });
    assert.ok(a.equals(b));
    assert.deepEqual(a.inspect(), {
      x: { deleted: true, stamp: { time: 5, replica: 'A' } },
      y: { value: 2, stamp: { time: 6, replica: 'B' } },
    });
    assert.equal(a.byteSize(), JSON.stringify(a.inspect()).length);
  });

  it('returns a delta with just the written field', () => {
    const map = new LwwMap();
    map.mutate(setField('a', 1), at('A', 1));
    const delta = map.mutate(setField('b', [1, 2]), at('A', 2));
    assert.deepEqual(delta.value(), { b: [1, 2] });
  });

  it('needs a field name', () => {
    assert.throws(() => new LwwMap().mutate({ type: 'set', value: 1 }, at('A')), /set needs a field name/);
    assert.throws(() => new LwwMap().mutate({ type: 'update', field: 'x' }, at('A')), /"lww-map" does not support "update"; it supports set, delete/);
  });
});

describe('OR-Map', () => {
  it('applies updates to a PN-Counter per field by default', () => {
    const map = orMap();
    map.mutate(update('apples', inc(3)), at('A'));
    map.mutate(update('pears', inc()), at('A'));
    map.mutate(update('apples', { type: 'dec' }), at('A'));
    assert.deepEqual(map.value(), { apples: 2, pears: 1 });
    assert.equal(map.byteSize(), JSON.stringify(map.inspect()).length);
  });

  it('keeps a field updated concurrently with its delete (add wins)', () => {
    const a = orMap();
    const b = orMap();
    b.merge(a.mutate(update('apples', inc(5)), at('A')));
    const del = a.mutate(deleteField('apples'), at('A'));
    const upd = b.mutate(update('apples', inc(1)), at('B'));
    a.merge(upd);
    b.merge(del);
    assert.ok(a.equals(b));
    assert.deepEqual(a.fields(), ['apples']);
    // The surviving update was made on B's view, which included the 5.
    assert.deepEqual(a.value(), { apples: 6 });
  });

  it('starts a field afresh when it is updated after a delete it has seen', () => {
    const map = orMap();
    map.mutate(update('apples', inc(5)), at('A'));
    map.mutate(deleteField('apples'), at('A'));
    assert.deepEqual(map.value(), {});
    map.mutate(update('apples', inc(1)), at('A'));
    assert.deepEqual(map.value(), { apples: 1 });
  });

  it('joins the states of concurrent updates of one field', () => {
    const a = orMap('or-set');
    const b = orMap('or-set');
    const fromA = a.mutate(update('tags', { type: 'add', value: 'red' }), at('A'));
    const fromB = b.mutate(update('tags', { type: 'add', value: 'blue' }), at('B'));
    a.merge(fromB);
    b.merge(fromA);
    assert.deepEqual(a.value(), { tags: ['blue', 'red'] });
    assert.ok(a.equals(b));
    a.mutate(update('tags', { type: 'remove', value: 'red' }), at('A'));
    assert.deepEqual(a.value(), { tags: ['blue'] });
  });

  it('does not let a deleted nested element come back through a field created again', () => {
    // B adds 'x' to the field and A sees it; B deletes the field while A concurrently adds 'z' (so A's
    // state of the field survives, with 'x' in it); then B creates the field again with 'y'. B saw
    // 'x' and deleted it, so 'x' stays gone, and 'y' is not mistaken for an old element.
    const a = orMap('or-set');
    const b = orMap('or-set');
    a.merge(b.mutate(update('tags', { type: 'add', value: 'x' }), at('B')));
    const del = b.mutate(deleteField('tags'), at('B'));
    const fromA = a.mutate(update('tags', { type: 'add', value: 'z' }), at('A'));
    const again = b.mutate(update('tags', { type: 'add', value: 'y' }), at('B'));
    const c = orMap('or-set');
    for (const delta of [again, del, fromA]) c.merge(delta);
    a.merge(del);
    a.merge(again);
    b.merge(fromA);
    assert.ok(a.equals(b) && b.equals(c));
    for (const replica of [a, b, c]) assert.deepEqual(replica.value(), { tags: ['y', 'z'] });
  });

  it('holds other CRDT types as field values', () => {
    const map = orMap('lww-register');
    map.mutate(update('title', { type: 'set', value: 'Draft' }), at('A', 1));
    map.mutate(update('title', { type: 'set', value: 'Final' }), at('A', 2));
    assert.deepEqual(map.value(), { title: 'Final' });
    const nested = orMap('or-map');
    nested.mutate(update('cart', update('apples', inc(2))), at('A'));
    assert.deepEqual(nested.value(), { cart: { apples: 2 } });
  });

  it('leaves the state unchanged when the inner operation is rejected', () => {
    const map = orMap();
    map.mutate(update('apples', inc(1)), at('A'));
    const before = map.clone();
    assert.throws(() => map.mutate(update('apples', { type: 'add', value: 1 }), at('A')), /"pn-counter" does not support "add"/);
    assert.throws(() => map.mutate({ type: 'update', field: 'apples' }, at('A')), /needs an inner op/);
    assert.throws(() => map.mutate(update('apples', inc(-1)), at('A')), /non-negative/);
    assert.ok(map.equals(before));
    // The next update still gets the next dot (the failed ones used none up).
    const delta = map.mutate(update('apples', inc(1)), at('A'));
    const fields = (delta.inspect() as { fields: { apples: { dot: string }[] } }).fields;
    assert.deepEqual(
      fields.apples.map((state) => state.dot),
      ['A:2'],
    );
  });
});
