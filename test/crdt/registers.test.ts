// LWW-Register and MV-Register: the write with the largest stamp wins (ties by replica id), and
// concurrent writes kept as siblings that a later write replaces exactly when it has seen them.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LwwRegister } from '../../engine/crdt/lww-register';
import { MvRegister } from '../../engine/crdt/mv-register';
import { CrdtOpError, type Json, type OpContext } from '../../engine/crdt/types';

function at(replica: string, time = 1): OpContext {
  return { dot: { replica, seq: time }, stamp: { time, replica } };
}

function set(value: Json) {
  return { type: 'set', value };
}

describe('LWW-Register', () => {
  it('is null before any write', () => {
    const register = new LwwRegister();
    assert.equal(register.value(), null);
    assert.deepEqual(register.inspect(), { value: null, stamp: null });
    assert.equal(register.byteSize(), JSON.stringify(register.inspect()).length);
  });

  it('keeps the write with the larger time', () => {
    const a = new LwwRegister();
    const b = new LwwRegister();
    a.mutate(set('old'), at('B', 1));
    b.mutate(set('new'), at('A', 2));
    a.merge(b);
    assert.equal(a.value(), 'new');
    assert.deepEqual(a.inspect(), { value: 'new', stamp: { time: 2, replica: 'A' } });
  });

  it('breaks a time tie by the larger replica id', () => {
    const a = new LwwRegister();
    const b = new LwwRegister();
    a.mutate(set('from A'), at('A', 5));
    b.mutate(set('from B'), at('B', 5));
    const ab = a.clone();
    ab.merge(b);
    const ba = b.clone();
    ba.merge(a);
    assert.equal(ab.value(), 'from B');
    assert.ok(ab.equals(ba));
  });

  it('loses a local write whose stamp is older than the current one', () => {
    const register = new LwwRegister();
    register.mutate(set('later'), at('A', 10));
    const delta = register.mutate(set('stale'), at('A', 3));
    assert.equal(register.value(), 'later');
    assert.equal(delta.value(), 'stale');
  });

  it('keeps its own copy of an object value', () => {
    const value = { b: [1, 2], a: 'x' };
    const register = new LwwRegister();
    register.mutate(set(value), at('A'));
    value.a = 'changed';
    assert.deepEqual(register.value(), { a: 'x', b: [1, 2] });
    assert.equal(register.byteSize(), Buffer.byteLength(JSON.stringify(register.inspect())));
  });

  it('needs a value and a finite stamp', () => {
    const register = new LwwRegister();
    assert.throws(() => register.mutate({ type: 'set' }, at('A')), /set needs a value/);
    assert.throws(() => register.mutate(set(1), { dot: { replica: 'A', seq: 1 }, stamp: { time: Number.NaN, replica: 'A' } }), CrdtOpError);
    assert.throws(() => register.mutate({ type: 'add', value: 1 }, at('A')), /"lww-register" does not support "add"; it supports set/);
  });
});

describe('MV-Register', () => {
  it('is an empty list before any write', () => {
    assert.deepEqual(new MvRegister().value(), []);
  });

  it('keeps concurrent writes as siblings, sorted by replica id', () => {
    const a = new MvRegister();
    const b = new MvRegister();
    const fromB = b.mutate(set('blue'), at('B'));
    const fromA = a.mutate(set('red'), at('A'));
    a.merge(fromB);
    b.merge(fromA);
    assert.deepEqual(a.value(), ['red', 'blue']);
    assert.ok(a.equals(b));
    assert.deepEqual(a.inspect(), {
      siblings: [
        { value: 'red', dot: 'A:1' },
        { value: 'blue', dot: 'B:1' },
      ],
      context: { A: 1, B: 1 },
    });
  });

  it('replaces exactly the siblings the writer has seen', () => {
    const a = new MvRegister();
    const b = new MvRegister();
    const c = new MvRegister();
    const red = a.mutate(set('red'), at('A'));
    b.merge(red);
    const green = b.mutate(set('green'), at('B')); // saw red
    const blue = c.mutate(set('blue'), at('C')); // concurrent with both
    for (const delta of [green, blue, red]) a.merge(delta);
    assert.deepEqual(a.value(), ['green', 'blue']);
    const resolved = a.mutate(set('purple'), at('A'));
    c.merge(resolved);
    c.merge(green);
    assert.deepEqual(c.value(), ['purple']);
  });

  it('gives the same result whatever order the deltas arrive in', () => {
    const a = new MvRegister();
    const b = new MvRegister();
    const d1 = a.mutate(set(1), at('A'));
    const d2 = a.mutate(set(2), at('A'));
    const d3 = b.mutate(set(3), at('B'));
    const forward = new MvRegister();
    const backward = new MvRegister();
    for (const d of [d1, d2, d3]) forward.merge(d);
    for (const d of [d3, d2, d1]) backward.merge(d);
    assert.ok(forward.equals(backward));
    assert.deepEqual(backward.value(), [2, 3]);
    assert.equal(backward.byteSize(), JSON.stringify(backward.inspect()).length);
  });
});
