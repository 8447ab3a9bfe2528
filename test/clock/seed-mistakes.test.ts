// Regression tests for the clock and delivery mistakes in the seed's sample code
// (shared/seed/distributed-state-management.md): each shows the seed's version, written inline,
// giving the wrong answer and the engine giving the right one.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CausalBuffer, isDeliverable } from '../../engine/clock/causal-delivery';
import { lamportReceive } from '../../engine/clock/lamport';
import { areConcurrent, compareClocks, happensBefore, receive, type VectorClock } from '../../engine/clock/vector';

const A = 0;
const B = 1;
const C = 2;

/** The seed's happensBefore: walks only its own entries. */
function seedHappensBefore(self: VectorClock, other: VectorClock): boolean {
  let allLessOrEqual = true;
  let atLeastOneLess = false;
  for (const [id, time] of Object.entries(self)) {
    const otherTime = other[id] ?? 0;
    if (time > otherTime) {
      allLessOrEqual = false;
      break;
    }
    if (time < otherTime) atLeastOneLess = true;
  }
  return allLessOrEqual && atLeastOneLess;
}

/**
 * The seed's canApplyOperation, over Maps as in the seed: "missing dependency" only when
 * local.get(k) < op[k] - 1. An entry the local clock lacks reads as undefined, and
 * `undefined < n` is false.
 */
function seedCanApply(opClock: Map<string, number>, local: Map<string, number>): boolean {
  for (const [replicaId, timestamp] of opClock) {
    if ((local.get(replicaId) as number) < timestamp - 1) return false;
  }
  return true;
}

/** The seed's canApplyEvent: "before or concurrent" with the local clock. */
function seedCanApplyEvent(event: VectorClock, local: VectorClock): boolean {
  return happensBefore(event, local) || areConcurrent(event, local);
}

/** A receive that ticks first and merges after. */
function tickThenMerge(local: VectorClock, remote: VectorClock, replica: string): Record<string, number> {
  const ticked: Record<string, number> = { ...local, [replica]: (local[replica] ?? 0) + 1 };
  for (const [id, time] of Object.entries(remote)) ticked[id] = Math.max(ticked[id] ?? 0, time);
  return ticked;
}

describe('seed mistake: happensBefore that walks only its own entries', () => {
  it('misses {A:1} → {A:1,B:1}; the engine compares over the union of entries', () => {
    const earlier = { A: 1 };
    const later = { A: 1, B: 1 };
    assert.equal(seedHappensBefore(earlier, later), false, 'the seed says "not before"');
    assert.equal(happensBefore(earlier, later), true);
    assert.equal(compareClocks(earlier, later), 'before');
  });
});

describe('seed mistake: the delivery check `V[k] < op.V[k] - 1 -> not ready`', () => {
  it('accepts a gap from a sender the local clock has no entry for; isDeliverable rejects it', () => {
    // A's op 3 arrives first at a replica that has only heard of B.
    const op = new Map([['A', 3]]);
    const local = new Map([['B', 1]]);
    assert.equal(seedCanApply(op, local), true, 'the seed applies A3 without A1 and A2');
    assert.equal(isDeliverable([3, 0], A, [0, 1]), false);
  });

  it('ignores a missing dependency on a third replica (off by one); isDeliverable rejects it', () => {
    // A's op 1 was made after seeing C's op 2; the local replica has C's op 1 only.
    const op = new Map([
      ['A', 1],
      ['C', 2],
    ]);
    const local = new Map([
      ['A', 0],
      ['B', 0],
      ['C', 1],
    ]);
    assert.equal(seedCanApply(op, local), true, 'the seed applies it before C2');
    assert.equal(isDeliverable([1, 0, 2], A, [0, 0, 1]), false);
  });

  it('accepts an operation already applied', () => {
    const op = new Map([['A', 1]]);
    const local = new Map([['A', 1]]);
    assert.equal(seedCanApply(op, local), true, 'the seed applies A1 again');
    assert.equal(isDeliverable([1], A, [1]), false);
  });

  it('lets an operation overtake its dependency; the buffer holds it back', () => {
    const arrivals = [
      { name: 'A1 (after C2)', origin: A, clock: [1, 0, 2] },
      { name: 'C2', origin: C, clock: [0, 0, 2] },
    ];
    const seedLocal = new Map([
      ['A', 0],
      ['B', 0],
      ['C', 1],
    ]);
    const seedOrder = arrivals
      .filter((op) => seedCanApply(new Map(op.clock.map((t, k) => [['A', 'B', 'C'][k], t])), seedLocal))
      .map((op) => op.name);
    assert.deepEqual(seedOrder, ['A1 (after C2)', 'C2'], 'the seed applies the effect before its cause');

    const delivered: string[] = [];
    const buffer = new CausalBuffer<string>({ clock: [0, 0, 1], deliver: (item) => delivered.push(item) });
    for (const op of arrivals) buffer.offer(op.name, op.clock, op.origin);
    assert.deepEqual(delivered, ['C2', 'A1 (after C2)']);
  });
});

describe('seed mistake: canApply as "before or concurrent"', () => {
  it('applies an operation with a missing dependency because it is concurrent', () => {
    // Local has seen B1; A's op 2 arrives without A's op 1.
    const local = { B: 1 };
    const a2 = { A: 2 };
    assert.equal(seedCanApplyEvent(a2, local), true);
    assert.equal(isDeliverable([2, 0], A, [0, 1]), false);
  });

  it('applies an operation already seen again because it is before', () => {
    const local = { A: 1, B: 1 };
    const a1 = { A: 1 };
    assert.equal(seedCanApplyEvent(a1, local), true, 'the seed applies A1 a second time');
    assert.equal(isDeliverable([1, 0], A, [1, 1]), false);
    const buffer = new CausalBuffer<string>({ clock: [1, 1], deliver: () => assert.fail('applied twice') });
    assert.equal(buffer.offer('A1', [1, 0], A), 'duplicate');
  });

  it('rejects the next operation of the sender because it is after', () => {
    const local = { A: 1 };
    const b1 = { A: 1, B: 1 };
    assert.equal(seedCanApplyEvent(b1, local), false, 'the seed buffers a deliverable op forever');
    assert.equal(isDeliverable([1, 1], B, [1, 0]), true);
  });
});

describe('seed mistake: a receive that ticks before merging', () => {
  it('vector clocks: the receive can equal the send; merging first puts it after', () => {
    // A restarted from an old snapshot ({A:1}); B's message already carries A's entry 2 (from before the restart).
    const send = { A: 2, B: 3 };
    const wrong = tickThenMerge({ A: 1 }, send, 'A');
    assert.equal(compareClocks(send, wrong), 'equal', 'the receive is not after the send');
    assert.equal(compareClocks(send, receive({ A: 1 }, send, 'A')), 'before');
  });

  it('Lamport clocks: ticking first gives the receive the send time; max + 1 does not', () => {
    const local = 1;
    const sent = 5;
    const wrong = Math.max(local + 1, sent);
    assert.equal(wrong, sent, 'the receive gets the same time as the send');
    assert.equal(lamportReceive(local, sent), 6);
  });

  it('is not a dependency check: it merges whatever arrives', () => {
    // Neither version of receive refuses an op whose dependencies are missing; the delivery check must.
    assert.deepEqual(receive({}, { A: 2, C: 1 }, 'B'), { A: 2, C: 1, B: 1 });
    assert.equal(isDeliverable([2, 0, 1], A, [0, 0, 0]), false);
  });
});
