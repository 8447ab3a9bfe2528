// Lamport and hybrid logical clocks: receive = max + 1, the (time, replica) total order of stamps,
// and hybrid stamps that keep causal order when wall clocks disagree or run backwards.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  compareHlc,
  HLC_COUNTER_LIMIT,
  HLC_ZERO,
  type HlcTimestamp,
  hlcNow,
  hlcReceive,
  hlcStamp,
  hlcStampTime,
  HybridClock,
} from '../../engine/clock/hlc';
import { compareStamps, LamportClock, lamportReceive, lamportTick } from '../../engine/clock/lamport';
import { stampWins } from '../../engine/clock/stamp';

describe('Lamport clocks', () => {
  it('ticks by one and receives at max(local, remote) + 1', () => {
    assert.equal(lamportTick(4), 5);
    assert.equal(lamportReceive(2, 7), 8);
    assert.equal(lamportReceive(9, 7), 10);
  });

  it('gives a receive a larger time than its send, at either side of the max', () => {
    const a = new LamportClock('A');
    const b = new LamportClock('B', 10);
    const sent = a.send();
    const got = b.receive(sent.time);
    assert.deepEqual(sent, { time: 1, replica: 'A' });
    assert.deepEqual(got, { time: 11, replica: 'B' });
    assert.deepEqual(a.receive(got.time), { time: 12, replica: 'A' });
    assert.ok(compareStamps(sent, got) < 0);
  });

  it('orders stamps by time, then replica id', () => {
    assert.ok(compareStamps({ time: 1, replica: 'B' }, { time: 2, replica: 'A' }) < 0);
    assert.ok(compareStamps({ time: 2, replica: 'B' }, { time: 2, replica: 'A' }) > 0);
    assert.equal(compareStamps({ time: 2, replica: 'A' }, { time: 2, replica: 'A' }), 0);
    assert.ok(stampWins({ time: 3, replica: 'A' }, { time: 3, replica: 'A ' }) === false);
  });

  it('stamp order is a total order (property)', () => {
    const arbStamp = fc.record({ time: fc.integer({ min: 0, max: 5 }), replica: fc.constantFrom('A', 'B', 'C') });
    fc.assert(
      fc.property(arbStamp, arbStamp, arbStamp, (a, b, c) => {
        assert.equal(Math.sign(compareStamps(a, b)) + Math.sign(compareStamps(b, a)), 0);
        if (compareStamps(a, b) <= 0 && compareStamps(b, c) <= 0) assert.ok(compareStamps(a, c) <= 0);
        if (compareStamps(a, b) === 0) assert.deepEqual([a.time, a.replica], [b.time, b.replica]);
      }),
      { numRuns: 300 },
    );
  });
});

describe('hybrid logical clocks', () => {
  it('follows the physical clock when it moves forward', () => {
    assert.deepEqual(hlcNow(HLC_ZERO, 1000), { wall: 1000, counter: 0 });
    assert.deepEqual(hlcNow({ wall: 1000, counter: 3 }, 1005), { wall: 1005, counter: 0 });
  });

  it('still increases when the wall clock goes backwards', () => {
    const first = hlcNow(HLC_ZERO, 1000);
    const second = hlcNow(first, 900);
    assert.deepEqual(second, { wall: 1000, counter: 1 });
    assert.ok(compareHlc(first, second) < 0);
  });

  it('puts a receive after the send even when the receiver wall clock is behind', () => {
    const sent: HlcTimestamp = { wall: 15_000, counter: 2 };
    const got = hlcReceive({ wall: 10_000, counter: 0 }, sent, 10_050);
    assert.deepEqual(got, { wall: 15_000, counter: 3 });
    assert.deepEqual(hlcReceive({ wall: 15_000, counter: 7 }, sent, 10_050), { wall: 15_000, counter: 8 });
    assert.deepEqual(hlcReceive({ wall: 15_000, counter: 7 }, sent, 20_000), { wall: 20_000, counter: 0 });
    assert.deepEqual(hlcReceive({ wall: 16_000, counter: 7 }, sent, 10_000), { wall: 16_000, counter: 8 });
  });

  it('carries a full counter into the wall part, keeping the order', () => {
    const full: HlcTimestamp = { wall: 50, counter: HLC_COUNTER_LIMIT - 1 };
    const next = hlcNow(full, 0);
    assert.deepEqual(next, { wall: 51, counter: 0 });
    assert.ok(hlcStampTime(full) < hlcStampTime(next));
  });

  it('ignores a non-finite physical time', () => {
    assert.deepEqual(hlcNow({ wall: 5, counter: 0 }, Number.NaN), { wall: 5, counter: 1 });
  });

  it('gives every event a larger stamp than everything it causally follows, whatever the wall clocks (property)', () => {
    // Events at 3 replicas with skewed, jumping physical clocks; some receive the latest event of another replica.
    const arbSteps = fc.array(
      fc.record({ replica: fc.nat({ max: 2 }), physical: fc.integer({ min: 0, max: 100_000 }), from: fc.option(fc.nat({ max: 2 }), { nil: undefined }) }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(arbSteps, (steps) => {
        const clocks = [new HybridClock('A'), new HybridClock('B'), new HybridClock('C')];
        const latest: (HlcTimestamp | undefined)[] = [undefined, undefined, undefined];
        for (const { replica, physical, from } of steps) {
          const clock = clocks[replica];
          const before = latest[replica];
          const message = from !== undefined && from !== replica ? latest[from] : undefined;
          const now = message !== undefined ? clock.receive(message, physical) : clock.now(physical);
          assert.ok(now.wall >= physical, 'the wall part never lags the physical clock');
          if (before !== undefined) assert.ok(compareHlc(before, now) < 0, 'later than the previous local event');
          if (message !== undefined) {
            assert.ok(compareHlc(message, now) < 0, 'later than the message it receives');
            assert.ok(hlcStampTime(message) < hlcStampTime(now));
          }
          latest[replica] = now;
        }
      }),
      { numRuns: 300 },
    );
  });

  it('hlcStamp orders like compareHlc, then by replica', () => {
    const a = hlcStamp({ wall: 10, counter: 1 }, 'B');
    const b = hlcStamp({ wall: 10, counter: 2 }, 'A');
    assert.ok(compareStamps(a, b) < 0);
    assert.ok(compareStamps(hlcStamp({ wall: 10, counter: 2 }, 'B'), b) > 0);
  });
});
