// groupedCount is the fast twin of toLocaleString('en-US') for counts: the two must agree on every number.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { groupedCount } from '../../engine/util/count-text';

test('counts are grouped by threes with commas, as toLocaleString("en-US") writes them', () => {
  assert.equal(groupedCount(0), '0');
  assert.equal(groupedCount(999), '999');
  assert.equal(groupedCount(1000), '1,000');
  assert.equal(groupedCount(1234567), '1,234,567');
  assert.equal(groupedCount(-1234567), '-1,234,567');
});

test('law: groupedCount(n) === n.toLocaleString("en-US") for integers of every size and for other numbers', () => {
  const edges = [0, -0, 1, -1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 99999, 100000, 999999, 1000000, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 2 ** 53, 1e21, 0.5, 1234.5678, -0.0001, NaN, Infinity, -Infinity];
  for (const n of edges) assert.equal(groupedCount(n), n.toLocaleString('en-US'), String(n));
  const numbers = fc.oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.maxSafeInteger(), fc.double());
  fc.assert(fc.property(numbers, (n) => groupedCount(n) === n.toLocaleString('en-US')), { numRuns: 5000 });
});
