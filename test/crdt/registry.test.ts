// The registry: an empty state for every CRDT type a trace header can name, and which operations
// each type accepts, with the error a wrong one gets.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as crdt from '../../engine/crdt/index';
import { createCrdt, OP_TYPES_BY_CRDT } from '../../engine/crdt/registry';
import { CRDT_TYPES, CrdtOpError, type CrdtTypeName } from '../../engine/crdt/types';

const ALL_OP_TYPES = ['inc', 'dec', 'set', 'add', 'remove', 'delete', 'update'];
const EMPTY_VALUES: Record<CrdtTypeName, unknown> = {
  'g-counter': 0,
  'pn-counter': 0,
  'lww-register': null,
  'mv-register': [],
  'g-set': [],
  '2p-set': [],
  'or-set': [],
  'rw-set': [],
  'lww-map': {},
  'or-map': {},
};

describe('createCrdt', () => {
  it('makes an empty state of every type', () => {
    for (const type of CRDT_TYPES) {
      const state = createCrdt({ type });
      assert.equal(state.type, type);
      assert.deepEqual(state.value(), EMPTY_VALUES[type], type);
      assert.equal(state.byteSize(), Buffer.byteLength(JSON.stringify(state.inspect())), type);
      assert.ok(state.equals(createCrdt({ type })), type);
    }
  });

  it('gives or-map fields the type named by values (default pn-counter)', () => {
    const ctx = { dot: { replica: 'A', seq: 1 }, stamp: { time: 1, replica: 'A' } };
    const counters = createCrdt({ type: 'or-map' });
    counters.mutate({ type: 'update', field: 'n', op: { type: 'inc' } }, ctx);
    assert.deepEqual(counters.value(), { n: 1 });
    const registers = createCrdt({ type: 'or-map', values: 'mv-register' });
    registers.mutate({ type: 'update', field: 'n', op: { type: 'set', value: 'v' } }, ctx);
    assert.deepEqual(registers.value(), { n: ['v'] });
  });

  it('rejects a type it does not know', () => {
    assert.throws(() => createCrdt({ type: 'counter' as CrdtTypeName }), { name: 'CrdtOpError', message: 'unknown CRDT type "counter"' });
    assert.throws(() => createCrdt({ type: 'or-map', values: 'x' as CrdtTypeName }), CrdtOpError);
  });
});

describe('OP_TYPES_BY_CRDT', () => {
  it('lists the operations each type accepts, and every other one is rejected with that list', () => {
    const ctx = { dot: { replica: 'A', seq: 1 }, stamp: { time: 1, replica: 'A' } };
    for (const type of CRDT_TYPES) {
      const supported = OP_TYPES_BY_CRDT[type];
      assert.ok(supported.length > 0);
      for (const opType of ALL_OP_TYPES) {
        if (supported.includes(opType)) continue;
        assert.throws(
          () => createCrdt({ type }).mutate({ type: opType, value: 1, field: 'f', op: { type: 'inc' } }, ctx),
          { name: 'CrdtOpError', message: `"${type}" does not support "${opType}"; it supports ${supported.join(', ')}` },
        );
      }
    }
    assert.deepEqual(OP_TYPES_BY_CRDT['pn-counter'], ['inc', 'dec']);
  });

  it('is what the index re-exports', () => {
    assert.equal(crdt.OP_TYPES_BY_CRDT, OP_TYPES_BY_CRDT);
    assert.equal(crdt.createCrdt, createCrdt);
  });
});
