// The debugger's typed grouping (extension/debug/group-by-index.ts): every emitted pair lands in its
// index's group, in the order emitted, and indices nothing was emitted for have empty groups.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { groupByIndex, itemsOf } from '../extension/debug/group-by-index';

test('each index holds exactly the items emitted for it, in emission order', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }).chain((size) => fc.tuple(fc.constant(size), fc.array(fc.tuple(fc.nat(size - 1), fc.nat(1000)), { maxLength: 200 }))), ([size, pairs]) => {
      const grouped = groupByIndex(size, (emit) => pairs.forEach(([index, item]) => emit(index, item)));
      for (let index = 0; index < size; index++) {
        assert.deepEqual([...itemsOf(grouped, index)], pairs.filter(([i]) => i === index).map(([, item]) => item));
      }
    }),
    { numRuns: 300 },
  );
});
