// Vector clocks: tick, merge, receive, comparison over the union of entries, explanations in
// words, and the dense (Uint32Array) form used by replay.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  areConcurrent,
  compareClocks,
  compareDense,
  denseToMap,
  entryOf,
  explainComparison,
  happensBefore,
  happensBeforeDense,
  mergeClocks,
  receive,
  tick,
  type VectorClock,
} from '../../engine/clock/vector';

const REPLICAS = ['A', 'B', 'C'];
const arbClock = fc.dictionary(fc.constantFrom(...REPLICAS), fc.nat({ max: 4 }), { maxKeys: 3 });

describe('vector clock operations', () => {
  it('tick increments only the replica entry and leaves the input untouched', () => {
    const clock = { A: 1 };
    assert.deepEqual(tick(clock, 'B'), { A: 1, B: 1 });
    assert.deepEqual(tick(clock, 'A'), { A: 2 });
    assert.deepEqual(clock, { A: 1 });
  });

  it('mergeClocks takes the entry-wise maximum over the union of replicas', () => {
    assert.deepEqual(mergeClocks({ A: 3, B: 1 }, { B: 4, C: 2 }), { A: 3, B: 4, C: 2 });
  });

  it('receive merges before ticking, so the receive comes after the send', () => {
    const send = { A: 3, B: 2 };
    const received = receive({ B: 2 }, send, 'B');
    assert.deepEqual(received, { A: 3, B: 3 });
    assert.equal(compareClocks(send, received), 'before');
  });

  it('receive comes after the send even when the sender knows more of the receiver than it does', () => {
    // The receiver restarted from an old snapshot ({A:1}) while B's message already carries A:3.
    const send = { A: 3, B: 2 };
    const received = receive({ A: 1 }, send, 'A');
    assert.deepEqual(received, { A: 4, B: 2 });
    assert.ok(happensBefore(send, received));
  });

  it('a replica named __proto__ is an ordinary entry', () => {
    const clock = tick(JSON.parse('{"__proto__": 2}') as VectorClock, '__proto__');
    assert.equal(entryOf(clock, '__proto__'), 3);
    assert.equal(entryOf(mergeClocks({}, clock), '__proto__'), 3);
    assert.equal(entryOf({}, 'toString'), 0);
  });
});

describe('vector clock comparison', () => {
  it('considers entries present in only one clock ({A:1} happened before {A:1,B:1})', () => {
    assert.equal(compareClocks({ A: 1 }, { A: 1, B: 1 }), 'before');
    assert.equal(compareClocks({ A: 1, B: 1 }, { A: 1 }), 'after');
    assert.ok(happensBefore({ A: 1 }, { A: 1, B: 1 }));
    assert.ok(!happensBefore({ A: 1, B: 1 }, { A: 1 }));
  });

  it('treats a missing entry as 0', () => {
    assert.equal(compareClocks({ A: 1, B: 0 }, { A: 1 }), 'equal');
    assert.equal(compareClocks({}, {}), 'equal');
    assert.equal(compareClocks({}, { C: 1 }), 'before');
  });

  it('finds clocks that each know more of some replica concurrent', () => {
    assert.equal(compareClocks({ A: 2, B: 0 }, { A: 1, B: 3 }), 'concurrent');
    assert.ok(areConcurrent({ A: 1 }, { B: 1 }));
    assert.ok(!areConcurrent({ A: 1 }, { A: 1 }));
  });

  it('is a partial order: before is the mirror of after, equal only for equal entries (property)', () => {
    fc.assert(
      fc.property(arbClock, arbClock, (a, b) => {
        const ab = compareClocks(a, b);
        const ba = compareClocks(b, a);
        const mirror = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' } as const;
        assert.equal(ba, mirror[ab]);
        const sameEntries = REPLICAS.every((r) => entryOf(a, r) === entryOf(b, r));
        assert.equal(ab === 'equal', sameEntries);
        const merged = mergeClocks(a, b);
        assert.ok(['before', 'equal'].includes(compareClocks(a, merged)));
      }),
      { numRuns: 300 },
    );
  });

  it('matches the definition: a before b iff every entry ≤ and one < over the union (property)', () => {
    fc.assert(
      fc.property(arbClock, arbClock, (a, b) => {
        const le = REPLICAS.every((r) => entryOf(a, r) <= entryOf(b, r));
        const lt = REPLICAS.some((r) => entryOf(a, r) < entryOf(b, r));
        assert.equal(happensBefore(a, b), le && lt);
      }),
      { numRuns: 300 },
    );
  });
});

describe('explainComparison', () => {
  it('explains a happened-before entry by entry', () => {
    assert.deepEqual(explainComparison({ A: 2, B: 1 }, { A: 3, B: 1 }, 'x', 'y'), [
      'A: 2 < 3 — so y is not before x',
      'B: 1 = 1',
      "x happened before y: no entry of x exceeds y's, and y knows more of A (3 > 2)",
    ]);
  });

  it('explains concurrency by what each side knows more of, counting missing entries as 0', () => {
    assert.deepEqual(explainComparison({ A: 2, B: 0 }, { A: 1, B: 3 }, 'x', 'y'), [
      'A: 2 > 1 — so x is not before y',
      'B: 0 < 3 — so y is not before x',
      'x and y are concurrent: x knows more of A (2 > 1), y knows more of B (3 > 0)',
    ]);
    assert.equal(
      explainComparison({ A: 1 }, { B: 1 }, 'e1', 'e2').at(-1),
      'e1 and e2 are concurrent: e1 knows more of A (1 > 0), e2 knows more of B (1 > 0)',
    );
  });

  it('explains after and equal', () => {
    assert.equal(
      explainComparison({ A: 1, B: 4 }, { A: 1, B: 1 }, 'x', 'y').at(-1),
      "x happened after y: no entry of y exceeds x's, and x knows more of B (4 > 1)",
    );
    assert.deepEqual(explainComparison({ A: 1 }, { A: 1 }, 'x', 'y'), ['A: 1 = 1', 'x and y have equal clocks: every entry is the same']);
  });

  it('always ends with the sentence compareClocks implies (property)', () => {
    const opening = { before: 'x happened before y', after: 'x happened after y', equal: 'x and y have equal', concurrent: 'x and y are concurrent' };
    fc.assert(
      fc.property(arbClock, arbClock, (a, b) => {
        const lines = explainComparison(a, b, 'x', 'y');
        assert.ok(lines.at(-1)!.startsWith(opening[compareClocks(a, b)]));
        assert.equal(lines.length, new Set([...Object.keys(a), ...Object.keys(b)]).size + 1);
      }),
      { numRuns: 200 },
    );
  });
});

describe('dense clocks', () => {
  // Events: 0 = A:1 {A1}, 1 = B:1 {B1}, 2 = B:2 receives A:1 {A1,B2}, 3 = A:2 {A2}.
  const R = 2;
  const clocks = new Uint32Array([1, 0, 0, 1, 1, 2, 2, 0]);
  const replicaOf = [0, 1, 1, 0];

  it('compareDense compares rows entry by entry', () => {
    assert.equal(compareDense(clocks, R, 0, 2), 'before');
    assert.equal(compareDense(clocks, R, 2, 0), 'after');
    assert.equal(compareDense(clocks, R, 2, 3), 'concurrent');
    assert.equal(compareDense(clocks, R, 1, 1), 'equal');
  });

  it('happensBeforeDense agrees with the full comparison on every pair', () => {
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        assert.equal(happensBeforeDense(clocks, R, i, replicaOf[i], j), compareDense(clocks, R, i, j) === 'before', `${i} -> ${j}`);
      }
    }
  });

  it('happensBeforeDense agrees with compareDense on random executions (property)', () => {
    // Random executions of local events and message receives at 3 replicas, each event ticking its own entry.
    const arbExecution = fc.array(fc.tuple(fc.nat({ max: 2 }), fc.option(fc.nat({ max: 50 }), { nil: undefined })), { minLength: 1, maxLength: 25 });
    fc.assert(
      fc.property(arbExecution, (steps) => {
        const n = steps.length;
        const dense = new Uint32Array(n * 3);
        const last: number[] = [-1, -1, -1];
        const replicaOfEvent: number[] = [];
        steps.forEach(([replica, from], i) => {
          if (last[replica] >= 0) for (let k = 0; k < 3; k++) dense[i * 3 + k] = dense[last[replica] * 3 + k];
          if (from !== undefined && i > 0) {
            const sender = from % i;
            for (let k = 0; k < 3; k++) dense[i * 3 + k] = Math.max(dense[i * 3 + k], dense[sender * 3 + k]);
          }
          dense[i * 3 + replica]++;
          last[replica] = i;
          replicaOfEvent.push(replica);
        });
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) {
            assert.equal(happensBeforeDense(dense, 3, i, replicaOfEvent[i], j), compareDense(dense, 3, i, j) === 'before');
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('denseToMap names the non-zero entries', () => {
    assert.deepEqual(denseToMap(clocks, R, 2, ['A', 'B']), { A: 1, B: 2 });
    assert.deepEqual(denseToMap(clocks, R, 1, ['A', 'B']), { B: 1 });
  });
});
