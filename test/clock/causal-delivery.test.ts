// Causal delivery: the deliverability rule, and the buffer that holds operations until their
// dependencies are delivered, drains in causal order, reports duplicates and explains what waits.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CausalBuffer, isDeliverable } from '../../engine/clock/causal-delivery';
import { shuffled } from '../../engine/util/prng';

const A = 0;
const B = 1;
const C = 2;
const NAMES = ['A', 'B', 'C'];

interface Op {
  readonly id: string;
  readonly origin: number;
  readonly clock: number[];
}

function recordingBuffer(start?: number[]) {
  const delivered: string[] = [];
  const duplicates: string[] = [];
  const buffer = new CausalBuffer<string>({
    clock: start,
    deliver: (item) => delivered.push(item),
    onDuplicate: (item) => duplicates.push(item),
    replicaName: (r) => NAMES[r],
  });
  return { buffer, delivered, duplicates };
}

describe('isDeliverable', () => {
  it('accepts the next operation of its origin whose other dependencies are delivered', () => {
    assert.ok(isDeliverable([1, 0, 0], A, [0, 0, 0]));
    assert.ok(isDeliverable([3, 2, 0], A, [2, 2, 5]));
  });

  it('rejects a gap from the origin', () => {
    assert.ok(!isDeliverable([3, 0, 0], A, [1, 0, 0]));
  });

  it('rejects an operation whose dependency on a third replica is not delivered', () => {
    assert.ok(!isDeliverable([1, 0, 2], A, [0, 0, 1]));
  });

  it('rejects an operation already delivered', () => {
    assert.ok(!isDeliverable([1, 0, 0], A, [1, 0, 0]));
  });

  it('treats entries beyond either clock as 0', () => {
    assert.ok(isDeliverable([0, 1], B, [0, 0, 0]));
    assert.ok(isDeliverable([0, 0, 1], C, [0]));
    assert.ok(!isDeliverable([0, 1, 1], B, [0]));
  });
});

describe('CausalBuffer', () => {
  it('delivers a deliverable operation at once', () => {
    const { buffer, delivered } = recordingBuffer();
    assert.equal(buffer.offer('A1', [1, 0, 0], A), 'delivered');
    assert.deepEqual(delivered, ['A1']);
    assert.deepEqual(buffer.clock(), [1, 0, 0]);
  });

  it('buffers an operation until its gap fills, then drains in causal order', () => {
    const { buffer, delivered } = recordingBuffer();
    assert.equal(buffer.offer('A3', [3, 0, 0], A), 'buffered');
    assert.equal(buffer.offer('A2', [2, 0, 0], A), 'buffered');
    assert.equal(buffer.size, 2);
    assert.equal(buffer.offer('A1', [1, 0, 0], A), 'delivered');
    assert.deepEqual(delivered, ['A1', 'A2', 'A3']);
    assert.equal(buffer.size, 0);
  });

  it('waits for dependencies on other replicas, draining chains across replicas', () => {
    const { buffer, delivered } = recordingBuffer();
    // B2 saw A1 and C1; C1 saw A1.
    buffer.offer('B2', [1, 2, 1], B);
    buffer.offer('C1', [1, 0, 1], C);
    buffer.offer('B1', [0, 1, 0], B);
    assert.deepEqual(delivered, ['B1']);
    buffer.offer('A1', [1, 0, 0], A);
    assert.deepEqual(delivered, ['B1', 'A1', 'C1', 'B2']);
    assert.deepEqual(buffer.clock(), [1, 2, 1]);
  });

  it('reports an operation already delivered as a duplicate and does not apply it again', () => {
    const { buffer, delivered, duplicates } = recordingBuffer();
    buffer.offer('A1', [1, 0, 0], A);
    assert.equal(buffer.offer('A1 again', [1, 0, 0], A), 'duplicate');
    assert.deepEqual(delivered, ['A1']);
    assert.deepEqual(duplicates, ['A1 again']);
  });

  it('reports a second copy of a buffered operation as a duplicate', () => {
    const { buffer, delivered, duplicates } = recordingBuffer();
    buffer.offer('A2', [2, 0, 0], A);
    assert.equal(buffer.offer('A2 copy', [2, 0, 0], A), 'duplicate');
    buffer.offer('A1', [1, 0, 0], A);
    assert.deepEqual(delivered, ['A1', 'A2']);
    assert.deepEqual(duplicates, ['A2 copy']);
  });

  it('lists what waits and which dependency is missing', () => {
    const { buffer } = recordingBuffer([1, 0, 0]);
    buffer.offer('A4', [4, 0, 0], A);
    buffer.offer('B1', [3, 1, 2], B);
    const waiting = buffer.buffered();
    assert.deepEqual(
      waiting.map((w) => [w.item, w.reason]),
      [
        ['A4', "needs A's op 3, has 1"],
        ['B1', "needs A's op 3, has 1; needs C's op 2, has 0"],
      ],
    );
    assert.deepEqual(waiting[1].missing, [
      { replica: A, needs: 3, has: 1 },
      { replica: C, needs: 2, has: 0 },
    ]);
    assert.equal(waiting[0].seq, 4);
  });

  it('starts from a given clock and grows when operations name more replicas', () => {
    const { buffer, delivered } = recordingBuffer([2]);
    assert.equal(buffer.offer('A2', [2], A), 'duplicate');
    assert.equal(buffer.offer('D1', [2, 0, 0, 1], 3), 'delivered');
    assert.deepEqual(buffer.clock(), [2, 0, 0, 1]);
    assert.deepEqual(delivered, ['D1']);
  });

  it('rejects an origin outside the clock', () => {
    const { buffer } = recordingBuffer();
    assert.throws(() => buffer.offer('x', [1, 0], 2), RangeError);
  });

  it('keeps its state consistent when the deliver callback throws', () => {
    let fail = true;
    const delivered: string[] = [];
    const buffer = new CausalBuffer<string>({
      deliver: (item) => {
        if (item === 'A2' && fail) {
          fail = false;
          throw new Error('apply failed');
        }
        delivered.push(item);
      },
    });
    buffer.offer('A2', [2], A);
    buffer.offer('A3', [3], A);
    assert.throws(() => buffer.offer('A1', [1], A), /apply failed/);
    // A2 counts as delivered (it was handed over); A3 drains at the next offer, before B1.
    assert.equal(buffer.offer('B1', [0, 1], B), 'delivered');
    assert.deepEqual(delivered, ['A1', 'A3', 'B1']);
    assert.equal(buffer.size, 0);
  });

  it('drains 50,000 operations buffered in reverse order without rescanning the buffer', () => {
    const n = 50_000;
    const deliveredOf = [0, 0];
    let violations = 0;
    const buffer = new CausalBuffer<{ replica: number; seq: number }>({
      deliver: ({ replica, seq }) => {
        if (seq !== deliveredOf[replica] + 1) violations++;
        if (replica === B && deliveredOf[A] < seq) violations++;
        deliveredOf[replica] = seq;
      },
    });
    const started = performance.now();
    // B's op k depends on A's op k; everything but A's first op arrives first, in reverse order.
    for (let seq = n; seq >= 2; seq--) buffer.offer({ replica: A, seq }, [seq], A);
    for (let seq = n; seq >= 1; seq--) buffer.offer({ replica: B, seq }, [seq, seq], B);
    assert.equal(buffer.size, 2 * n - 1);
    buffer.offer({ replica: A, seq: 1 }, [1], A);
    const elapsed = performance.now() - started;
    assert.deepEqual(deliveredOf, [n, n]);
    assert.equal(violations, 0);
    assert.equal(buffer.size, 0);
    // A rescan of the buffer after each delivery would take minutes here.
    assert.ok(elapsed < 3000, `took ${elapsed.toFixed(0)} ms`);
  });

  it('delivers every operation exactly once, each only after its dependencies, in any arrival order (property)', () => {
    // A random causal history: each op at a random replica, having seen a random prefix of what was broadcast.
    const arbHistory = fc.array(fc.tuple(fc.nat({ max: 2 }), fc.nat()), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(arbHistory, fc.nat(), fc.nat({ max: 3 }), (steps, shuffleSeed, copies) => {
        const ops: Op[] = [];
        const known = [
          [0, 0, 0],
          [0, 0, 0],
          [0, 0, 0],
        ];
        for (const [origin, seen] of steps) {
          // The origin first learns of some ops (delivering them causally), then makes one.
          if (ops.length > 0) {
            const target = ops[seen % ops.length].clock;
            for (let k = 0; k < 3; k++) known[origin][k] = Math.max(known[origin][k], target[k]);
          }
          known[origin][origin]++;
          ops.push({ id: `${NAMES[origin]}${known[origin][origin]}`, origin, clock: known[origin].slice() });
        }
        const arrivals = shuffled([...ops, ...ops.slice(0, copies)], shuffleSeed);
        const order: Op[] = [];
        const buffer = new CausalBuffer<Op>({
          deliver: (op) => {
            const local = buffer.clock();
            assert.equal(local[op.origin], op.clock[op.origin]);
            for (let k = 0; k < 3; k++) assert.ok(op.clock[k] <= local[k], `${op.id} delivered before its dependency on ${NAMES[k]}`);
            order.push(op);
          },
        });
        let duplicates = 0;
        for (const op of arrivals) if (buffer.offer(op, op.clock, op.origin) === 'duplicate') duplicates++;
        assert.equal(order.length, ops.length);
        assert.equal(new Set(order.map((op) => op.id)).size, ops.length);
        assert.equal(duplicates, copies <= ops.length ? copies : ops.length);
        assert.equal(buffer.size, 0);
      }),
      { numRuns: 300 },
    );
  });
});

