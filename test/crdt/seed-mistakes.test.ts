// Regression tests for the CRDT mistakes in the seed's sample code
// (shared/seed/distributed-state-management.md): the seed's version, written inline, gives the
// wrong result; the engine's gives the right one.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HybridClock } from '../../engine/clock/hlc';
import { LamportClock } from '../../engine/clock/lamport';
import { GCounter } from '../../engine/crdt/g-counter';
import { LwwRegister } from '../../engine/crdt/lww-register';
import type { OpContext, Stamp } from '../../engine/crdt/types';

function at(replica: string, stamp: Stamp): OpContext {
  return { dot: { replica, seq: 1 }, stamp };
}

/** The seed's GCounter.merge: walks only its own entries. */
function seedGCounterMerge(mine: Map<string, number>, other: Map<string, number>): Map<string, number> {
  const merged = new Map<string, number>();
  for (const [replicaId, count] of mine.entries()) merged.set(replicaId, Math.max(count, other.get(replicaId) || 0));
  return merged;
}

interface SeedLwwValue {
  value: string;
  timestamp: number;
  replicaId: string;
}

/** The seed's LWWRegister.merge: later timestamp, ties by `this.replicaId > other.replicaId ? this : other`. */
function seedLwwMerge(mine: SeedLwwValue, other: SeedLwwValue): SeedLwwValue {
  if (mine.timestamp > other.timestamp) return { ...mine };
  if (mine.timestamp < other.timestamp) return { ...other };
  return mine.replicaId > other.replicaId ? { ...mine } : { ...other };
}

describe('seed mistake: G-Counter merge that walks only its own entries', () => {
  it('loses the count of a replica it has never seen; the engine keeps it', () => {
    // edge-1 counted 1000 views, edge-2 counted 1500; edge-1 merges edge-2's state.
    const seedMerged = seedGCounterMerge(new Map([['edge-1', 1000]]), new Map([['edge-2', 1500]]));
    assert.equal([...seedMerged.values()].reduce((a, b) => a + b, 0), 1000, 'the seed loses edge-2');

    const edge1 = new GCounter();
    const edge2 = new GCounter();
    edge1.mutate({ type: 'inc', value: 1000 }, at('edge-1', { time: 1, replica: 'edge-1' }));
    edge2.mutate({ type: 'inc', value: 1500 }, at('edge-2', { time: 1, replica: 'edge-2' }));
    edge1.merge(edge2);
    assert.equal(edge1.value(), 2500);
    assert.deepEqual(edge1.inspect(), { 'edge-1': 1000, 'edge-2': 1500 });
  });
});

describe('seed mistake: LWW-Register stamped with Date.now()', () => {
  // Replica A's wall clock runs 5 s fast. A writes "draft"; B receives it 100 ms later and writes
  // "final" on top of it (B's write is causally later).
  const realTimeOfA = 10_000;
  const skewOfA = 5_000;
  const realTimeOfB = 10_100;

  it('with wall-clock stamps, the causally later write loses (in the seed and in any LWW)', () => {
    const draft: SeedLwwValue = { value: 'draft', timestamp: realTimeOfA + skewOfA, replicaId: 'A' };
    const final: SeedLwwValue = { value: 'final', timestamp: realTimeOfB, replicaId: 'B' };
    assert.equal(seedLwwMerge(draft, final).value, 'draft', 'the seed keeps the older write');

    const register = new LwwRegister();
    register.mutate({ type: 'set', value: 'draft' }, at('A', { time: draft.timestamp, replica: 'A' }));
    register.mutate({ type: 'set', value: 'final' }, at('B', { time: final.timestamp, replica: 'B' }));
    assert.equal(register.value(), 'draft', 'the stamp, not the merge, is wrong');
  });

  it('with hybrid logical clock stamps, the causally later write wins', () => {
    const clockA = new HybridClock('A');
    const clockB = new HybridClock('B');
    const a = new LwwRegister();
    const b = new LwwRegister();
    const sent = clockA.now(realTimeOfA + skewOfA);
    const draft = a.mutate({ type: 'set', value: 'draft' }, at('A', clockA.stamp()));
    clockB.receive(sent, realTimeOfB);
    b.merge(draft);
    clockB.now(realTimeOfB);
    const final = b.mutate({ type: 'set', value: 'final' }, at('B', clockB.stamp()));
    a.merge(final);
    assert.equal(a.value(), 'final');
    assert.equal(b.value(), 'final');
  });

  it('with Lamport stamps and replica-id tie-break, the causally later write wins', () => {
    const clockA = new LamportClock('A');
    const clockB = new LamportClock('B');
    const a = new LwwRegister();
    const b = new LwwRegister();
    const draft = a.mutate({ type: 'set', value: 'draft' }, at('A', clockA.tick()));
    clockB.receive(clockA.time);
    b.merge(draft);
    const final = b.mutate({ type: 'set', value: 'final' }, at('B', clockB.tick()));
    a.merge(final);
    assert.equal(a.value(), 'final');
  });

  it('two writes in the same millisecond at one replica: the seed merge depends on argument order; the engine does not', () => {
    const first: SeedLwwValue = { value: 'first', timestamp: 7, replicaId: 'A' };
    const second: SeedLwwValue = { value: 'second', timestamp: 7, replicaId: 'A' };
    assert.notEqual(seedLwwMerge(first, second).value, seedLwwMerge(second, first).value, 'replicas would diverge');

    const x = new LwwRegister();
    const y = new LwwRegister();
    x.mutate({ type: 'set', value: 'first' }, at('A', { time: 7, replica: 'A' }));
    y.mutate({ type: 'set', value: 'second' }, at('A', { time: 7, replica: 'A' }));
    const xy = x.clone();
    xy.merge(y);
    const yx = y.clone();
    yx.merge(x);
    assert.ok(xy.equals(yx));
    assert.equal(xy.value(), yx.value());
  });
});
