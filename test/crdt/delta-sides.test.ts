// A PN-Counter's and a 2P-Set's delta holds one side of the pair (increments or decrements, adds
// or removes), and merges skip the side it lacks: a delta changed later (mutated, merged into)
// must then join everything it holds.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PnCounter } from '../../engine/crdt/pn-counter';
import { TwoPhaseSet } from '../../engine/crdt/two-phase-set';
import type { OpContext } from '../../engine/crdt/types';

const at = (replica: string, seq: number): OpContext => ({ dot: { replica, seq }, stamp: { time: seq, replica } });

describe('one-sided deltas', () => {
  it("a PN-Counter increment's delta that is then decremented, or joined with a decrement, passes both on", () => {
    const mutated = new PnCounter().mutate({ type: 'inc', value: 2 }, at('A', 1));
    mutated.mutate({ type: 'dec', value: 3 }, at('B', 1));
    const joined = new PnCounter().mutate({ type: 'inc', value: 2 }, at('A', 1));
    joined.merge(new PnCounter().mutate({ type: 'dec', value: 3 }, at('B', 1)));
    for (const delta of [mutated, joined]) {
      const receiver = new PnCounter();
      receiver.merge(delta);
      assert.equal(receiver.value(), -1);
      assert.deepEqual(receiver.inspect(), delta.inspect());
    }
  });

  it("a 2P-Set add's delta that then removes, or is joined with a remove, passes both on", () => {
    const mutated = new TwoPhaseSet().mutate({ type: 'add', value: 'x' }, at('A', 1));
    mutated.mutate({ type: 'remove', value: 'x' }, at('A', 2));
    const joined = new TwoPhaseSet().mutate({ type: 'add', value: 'x' }, at('A', 1));
    joined.merge(new TwoPhaseSet().mutate({ type: 'remove', value: 'x' }, at('B', 1)));
    for (const delta of [mutated, joined]) {
      const receiver = new TwoPhaseSet();
      receiver.merge(delta);
      assert.deepEqual(receiver.value(), []);
      assert.deepEqual(receiver.inspect(), delta.inspect());
    }
  });
});
