// The byte counts the sync measurement adds up, checked against the text they count: a dot
// context's bytes (both of its forms, counted without sorting) and a number's digits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { DotContext } from '../../engine/crdt/dot-context';
import { numberBytes } from '../../engine/crdt/json';
import type { Json } from '../../engine/crdt/types';

/** Bytes of what inspectInto writes, from the JSON text itself. */
function writtenBytes(context: DotContext): number {
  const target: { [key: string]: Json } = {};
  context.inspectInto(target);
  return Buffer.byteLength(JSON.stringify(target)) - '{}'.length;
}

const dots = fc.array(fc.record({ replica: fc.constantFrom('A', 'B', 'é', 'a"b'), seq: fc.integer({ min: 1, max: 12 }) }), { maxLength: 14 });

describe('DotContext.inspectBytes', () => {
  it('is the length of what inspectInto writes, in the list form (a delta’s few dots) and the compact form', () => {
    fc.assert(
      fc.property(dots, fc.boolean(), (list, compact) => {
        const distinct = list.filter((dot, n) => list.findIndex((d) => d.replica === dot.replica && d.seq === dot.seq) === n);
        const context = compact ? new DotContext() : DotContext.of(distinct.slice(0, 8));
        if (compact) for (const dot of distinct) context.add(dot.replica, dot.seq);
        assert.equal(context.inspectBytes(), writtenBytes(context));
      }),
      { numRuns: 500 },
    );
  });

  it('counts dots that are not whole numbers from 1 in the cloud, as inspectInto writes them', () => {
    const lists = [
      [
        { replica: 'A', seq: 1.5 },
        { replica: 'A', seq: 2 },
      ],
      [
        { replica: 'B', seq: 0 },
        { replica: 'B', seq: 1 },
      ],
    ];
    for (const list of lists) {
      const context = DotContext.of(list);
      assert.equal(context.inspectBytes(), writtenBytes(context), JSON.stringify(list));
    }
  });
});

describe('numberBytes', () => {
  it('is the length of the number written as JSON', () => {
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 0, max: 2 ** 53 - 1 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0, -0, 9, 10, 99, 100, 1e15, 2 ** 53, 1e21)), (value) => {
        assert.equal(numberBytes(value), JSON.stringify(value).length);
      }),
      { numRuns: 1000 },
    );
  });
});
