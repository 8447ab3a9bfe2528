// The conflicts as columns (engine/view/conflict-table.ts): each conflict read back from the
// table is the one put in, fields few have included; reasons worded later are kept and cross.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConflictTable } from '../../engine/view/conflict-table';
import type { ConflictView } from '../../engine/view/model';

const conflictArb: fc.Arbitrary<Omit<ConflictView, 'id'> & { renamed: boolean }> = fc.record(
  {
    key: fc.constantFrom('cart', 'title', 'likes', ''),
    target: fc.string({ maxLength: 6 }),
    events: fc.array(fc.nat({ max: 5000 }), { minLength: 2, maxLength: 5 }),
    winners: fc.array(fc.nat({ max: 5000 }), { maxLength: 3 }),
    rule: fc.constantFrom('last-writer-wins', 'multi-value', 'add-wins'),
    reason: fc.string({ maxLength: 20 }),
    renamed: fc.boolean(),
  },
  { requiredKeys: ['key', 'events', 'winners', 'rule', 'renamed'] },
);

/** Conflicts as the engine makes them: ids `c1`, `c2`, ... unless renamed. */
const conflictsArb = fc.array(conflictArb, { maxLength: 60 }).map((list) =>
  list.map(({ renamed, ...c }, n) => ({ id: renamed ? `other${n}` : `c${n + 1}`, ...c }) as ConflictView),
);

describe('the conflict table', () => {
  it('gives back every conflict as it was, field by field, and its events and winners as columns', () => {
    fc.assert(
      fc.property(conflictsArb, (conflicts) => {
        const table = ConflictTable.of(conflicts);
        assert.equal(table.length, conflicts.length);
        assert.deepEqual(table.list(), conflicts);
        conflicts.forEach((c, n) => {
          assert.deepEqual(table.at(n), c);
          assert.deepEqual([table.id(n), table.key(n), table.rule(n)], [c.id, c.key, c.rule]);
          assert.deepEqual(Array.from(table.events(n)), c.events);
          assert.deepEqual(Array.from(table.winners(n)), c.winners);
          assert.deepEqual(Array.from(table.eventList.subarray(table.eventStart[n], table.eventStart[n + 1])), c.events);
        });
        assert.deepEqual(ConflictTable.fromColumns(table.toColumns()).list(), conflicts);
      }),
      { numRuns: 200 },
    );
  });

  it('has no conflict before the first, past the last or between two', () => {
    const table = ConflictTable.of([{ id: 'c1', key: 'k', events: [1, 2], winners: [2], rule: 'last-writer-wins' }]);
    assert.deepEqual([table.at(-1), table.at(1), table.at(0.5)], [undefined, undefined, undefined]);
  });

  it('keeps a reason worded later, and hands it on with the columns', () => {
    const table = ConflictTable.of([
      { id: 'c1', key: 'k', events: [1, 2], winners: [2], rule: 'last-writer-wins', reason: 'later clock' },
      { id: 'c2', key: 'k', events: [3, 4], winners: [4], rule: 'last-writer-wins' },
    ]);
    table.setReason(1, 'B:2 wrote later');
    table.setReason(5, 'no such conflict');
    assert.equal(table.at(1)!.reason, 'B:2 wrote later');
    const again = ConflictTable.fromColumns(table.toColumns());
    assert.deepEqual(
      again.list().map((c) => c.reason),
      ['later clock', 'B:2 wrote later'],
    );
  });
});
