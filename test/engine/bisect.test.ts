// The shared bisection: on sorted arrays, at any split of the range, it finds what a linear scan
// finds, for the `<` (lower bound) and `<=` (upper bound) predicates the webview and debugger use,
// asking only about indices inside the range.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { partitionPoint } from '../../engine/util/bisect';

/** The first index in [lo, hi) where `before` fails, by scanning. */
function scan(lo: number, hi: number, before: (i: number) => boolean): number {
  let i = lo;
  while (i < hi && before(i)) i++;
  return i;
}

test('partitionPoint agrees with a linear scan on sorted arrays and sub-ranges', () => {
  const sortedWithRange = fc
    .array(fc.integer({ min: -5, max: 5 }), { maxLength: 40 })
    .map((xs) => xs.sort((a, b) => a - b))
    .chain((xs) => fc.tuple(fc.constant(xs), fc.nat(xs.length), fc.nat(xs.length), fc.integer({ min: -7, max: 7 })));
  fc.assert(
    fc.property(sortedWithRange, ([xs, a, b, v]) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      for (const before of [(i: number) => xs[i] < v, (i: number) => xs[i] <= v]) {
        const asked: number[] = [];
        const found = partitionPoint(lo, hi, (i) => (asked.push(i), before(i)));
        assert.equal(found, scan(lo, hi, before));
        assert.ok(asked.every((i) => i >= lo && i < hi), `asked outside [${lo}, ${hi}): ${asked}`);
      }
    }),
  );
});

test('partitionPoint on an empty range, all-before and none-before', () => {
  assert.equal(partitionPoint(3, 3, () => true), 3);
  assert.equal(partitionPoint(0, 10, () => true), 10);
  assert.equal(partitionPoint(2, 10, () => false), 2);
});
