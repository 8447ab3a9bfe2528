// Property tests of the CRDT laws for every type: merge is commutative, associative and
// idempotent, the state only grows, deltas are joins that give the full-state merge in any order,
// and byteSize is the UTF-8 length of JSON.stringify(inspect()).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createCrdt } from '../../engine/crdt/registry';
import type { AnyCrdt, CrdtOp, Json, OpContext } from '../../engine/crdt/types';
import { REPLICAS, type Spec, SPECS, specName } from './specs';
import { shuffled } from '../../engine/util/prng';

const RUNS = 200;
const ELEMENTS: Json[] = ['x', 'y', 1, '1', { a: 1, b: [2] }, { b: [2], a: 1 }, '"q', '[1]', [1, 'x'], null, true, 'é€'];
const VALUES: Json[] = [0, 'v', { k: 'v' }, [1, 2], null, 'ü→€', 0.5, -3];
const FIELDS = ['f', 'g', '__proto__'];
const AMOUNTS = [1, 2, 0, 0.1, 7];

/** Picks an integer in [0, n). */
type Pick = (n: number) => number;

/**
 * A random op for the spec. With `removals` (tenths), elements and fields are drawn from 40
 * numbers and removes/deletes come with that probability, instead of from the small fixed pools.
 */
function randomOp(spec: Spec, pick: Pick, removals?: number): CrdtOp {
  const manyElements = removals !== undefined;
  const removing = () => (manyElements ? pick(10) < removals : pick(3) === 0);
  const element = () => (manyElements ? pick(40) : ELEMENTS[pick(ELEMENTS.length)]);
  switch (spec.type) {
    case 'g-counter':
      return { type: 'inc', value: AMOUNTS[pick(AMOUNTS.length)] };
    case 'pn-counter':
      return { type: pick(2) === 0 ? 'inc' : 'dec', value: AMOUNTS[pick(AMOUNTS.length)] };
    case 'lww-register':
    case 'mv-register':
      return { type: 'set', value: VALUES[pick(VALUES.length)] };
    case 'g-set':
      return { type: 'add', value: element() };
    case '2p-set':
    case 'or-set':
    case 'rw-set':
      return { type: removing() ? 'remove' : 'add', value: element() };
    case 'lww-map': {
      const field = FIELDS[pick(FIELDS.length)];
      return pick(4) === 0 ? { type: 'delete', field } : { type: 'set', field, value: VALUES[pick(VALUES.length)] };
    }
    case 'or-map': {
      const field = FIELDS[pick(FIELDS.length)];
      const name = manyElements ? `f${pick(40)}` : field;
      if (manyElements ? removing() : pick(4) === 0) return { type: 'delete', field: name };
      return { type: 'update', field: name, op: randomOp({ type: spec.values ?? 'pn-counter' }, pick) };
    }
  }
}

/** One step of a history: an op at a replica, a full-state merge between replicas, or a delta delivered. */
interface Step {
  readonly replica: number;
  readonly kind: number;
  readonly other: number;
  readonly picks: number[];
}

const arbSteps = fc.array(
  fc.record({
    replica: fc.nat({ max: 2 }),
    kind: fc.nat({ max: 5 }),
    other: fc.nat({ max: 1000 }),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 }),
  }),
  { maxLength: 24 },
);

interface History {
  readonly states: AnyCrdt[];
  readonly deltas: AnyCrdt[];
}

function picker(numbers: number[]): Pick {
  let next = 0;
  return (n) => numbers[next++ % numbers.length] % n;
}

/**
 * Runs a history from empty states: kinds 0-2 are ops (checking each delta on the way), 3 merges
 * another replica's full state, 4-5 deliver a delta made earlier. Every state reached is a join of
 * deltas. With `addThenRemove`, ops draw from 40 elements, mostly adding in the first half of the
 * history and mostly removing in the second (so removed elements pile up and get swept).
 */
function run(spec: Spec, steps: Step[], addThenRemove = false): History {
  const states = REPLICAS.map(() => createCrdt(spec));
  const deltas: AnyCrdt[] = [];
  const seqs = [0, 0, 0];
  for (const [index, step] of steps.entries()) {
    const state = states[step.replica];
    if (step.kind <= 2) {
      const replica = REPLICAS[step.replica];
      const pick = picker(step.picks);
      const ctx: OpContext = { dot: { replica, seq: ++seqs[step.replica] }, stamp: { time: pick(4), replica } };
      const before = state.clone();
      const removals = addThenRemove ? (index < steps.length / 2 ? 1 : 8) : undefined;
      const delta = state.mutate(randomOp(spec, pick, removals), ctx);
      checkDelta(before, delta, state);
      deltas.push(delta);
    } else if (step.kind === 3) {
      state.merge(states[step.other % 3]);
    } else if (deltas.length > 0) {
      state.merge(deltas[step.other % deltas.length]);
    }
  }
  return { states, deltas };
}

/** The delta-mutator law: before ⊔ delta = after, and the delta is part of the state after. */
function checkDelta(before: AnyCrdt, delta: AnyCrdt, after: AnyCrdt): void {
  assert.ok(delta.leq(after), 'the delta is below the state after the op');
  before.merge(delta);
  assert.ok(before.equals(after), 'state before the op ⊔ delta = state after');
  assert.deepEqual(before.value(), after.value());
}

function join(...states: AnyCrdt[]): AnyCrdt {
  const result = states[0].clone();
  for (const state of states.slice(1)) result.merge(state);
  return result;
}

/** Equal states read the same: value, inspect and byteSize. */
function assertSame(a: AnyCrdt, b: AnyCrdt, what: string): void {
  assert.ok(a.equals(b), what);
  assert.ok(b.equals(a), `${what} (equals is symmetric)`);
  assert.deepEqual(a.value(), b.value(), `${what}: value`);
  assert.deepEqual(a.inspect(), b.inspect(), `${what}: inspect`);
  assert.equal(a.byteSize(), b.byteSize(), `${what}: byteSize`);
}


for (const spec of SPECS) {
  describe(`${specName(spec)} laws`, () => {
    it('merge is commutative, associative and idempotent, and a state is below every merge it is part of', () => {
      fc.assert(
        fc.property(arbSteps, (steps) => {
          const [a, b, c] = run(spec, steps).states;
          assertSame(join(a, b), join(b, a), 'a ⊔ b = b ⊔ a');
          assertSame(join(join(a, b), c), join(a, join(b, c)), '(a ⊔ b) ⊔ c = a ⊔ (b ⊔ c)');
          assertSame(join(a, a), a, 'a ⊔ a = a');
          assertSame(join(a, b, b), join(a, b), '(a ⊔ b) ⊔ b = a ⊔ b');
          const ab = join(a, b);
          assert.ok(a.leq(ab) && b.leq(ab), 'a ⊑ a ⊔ b and b ⊑ a ⊔ b');
          assert.ok(a.leq(a), 'a ⊑ a');
          assert.equal(a.leq(b), join(a, b).equals(b), 'a ⊑ b exactly when a ⊔ b = b');
          if (a.leq(b) && b.leq(a)) assertSame(a, b, 'a ⊑ b ⊑ a means a = b');
        }),
        { numRuns: RUNS },
      );
    });

    it('deltas merged in any order, one by one or grouped, give the merge of the full states', () => {
      fc.assert(
        fc.property(arbSteps, fc.nat(), (steps, seed) => {
          const { states, deltas } = run(spec, steps);
          const full = join(...states);
          const oneByOne = createCrdt(spec);
          for (const delta of shuffled(deltas, seed)) oneByOne.merge(delta);
          assertSame(oneByOne, full, 'deltas one by one = full-state merge');
          if (deltas.length > 0) {
            const [first, ...rest] = shuffled(deltas, seed + 1);
            const group = join(first, ...rest);
            const grouped = createCrdt(spec);
            grouped.merge(group);
            assertSame(grouped, full, 'a delta group = full-state merge');
          }
        }),
        { numRuns: RUNS },
      );
    });

    it('byteSize is the UTF-8 length of JSON.stringify(inspect()), for states, deltas and merges', () => {
      fc.assert(
        fc.property(arbSteps, (steps) => {
          const { states, deltas } = run(spec, steps);
          for (const state of [...states, ...deltas, join(...states), states[0].clone()]) {
            assert.equal(state.byteSize(), Buffer.byteLength(JSON.stringify(state.inspect())));
          }
        }),
        { numRuns: RUNS },
      );
    });

    it('a clone is equal and independent', () => {
      fc.assert(
        fc.property(arbSteps, arbSteps, (steps, more) => {
          const { states } = run(spec, steps);
          const original = states[0];
          const snapshot = JSON.stringify(original.inspect());
          const copy = original.clone();
          assertSame(copy, original, 'clone = original');
          for (const other of run(spec, more).states) copy.merge(other);
          copy.mutate(randomOp(spec, picker([3, 1, 4, 1, 5])), { dot: { replica: 'A', seq: 99 }, stamp: { time: 99, replica: 'A' } });
          assert.equal(JSON.stringify(original.inspect()), snapshot, 'changing the clone leaves the original alone');
        }),
        { numRuns: RUNS },
      );
    });
  });
}

// Long histories over many elements: removed elements pile up until the states sweep them, deltas
// arrive far out of order (dot clouds), and merges of swept states must look at every entry.
const arbLongSteps = fc.array(
  fc.record({
    replica: fc.nat({ max: 2 }),
    kind: fc.constantFrom(0, 0, 0, 0, 1, 2, 3, 4, 5),
    other: fc.nat({ max: 1000 }),
    picks: fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 }),
  }),
  { minLength: 100, maxLength: 400 },
);

for (const spec of SPECS.filter((s) => ['or-set', 'rw-set', 'or-map'].includes(s.type))) {
  describe(`${specName(spec)} over long histories`, () => {
    it('deltas in any order and full-state merges agree, and merge is commutative', () => {
      fc.assert(
        fc.property(arbLongSteps, fc.nat(), (steps, seed) => {
          const { states, deltas } = run(spec, steps, true);
          const [a, b, c] = states;
          const full = join(a, b, c);
          assertSame(join(c, b, a), full, 'c ⊔ b ⊔ a = a ⊔ b ⊔ c');
          const fromDeltas = createCrdt(spec);
          for (const delta of shuffled(deltas, seed)) fromDeltas.merge(delta);
          assertSame(fromDeltas, full, 'deltas in any order = full-state merge');
          assert.equal(full.byteSize(), Buffer.byteLength(JSON.stringify(full.inspect())));
        }),
        // Shrinking histories this long takes minutes: report the first failure as found.
        { numRuns: RUNS, endOnFailure: true },
      );
    });
  });
}
