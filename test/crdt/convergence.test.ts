// Convergence of replicas that exchange deltas: through causal-delivery buffers with random
// arrival orders, and over a seeded simulated network that reorders, delays, drops (then
// retransmits) and duplicates messages. In the end every replica holds the same state.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { CausalBuffer } from '../../engine/clock/causal-delivery';
import { type HlcTimestamp, HybridClock } from '../../engine/clock/hlc';
import { createCrdt } from '../../engine/crdt/registry';
import type { AnyCrdt, CrdtOp, Json } from '../../engine/crdt/types';
import { REPLICAS, type Spec, SPECS, specName } from './specs';
import { prng } from '../../engine/util/prng';

const ELEMENTS: Json[] = ['milk', 'eggs', 3, { sku: 7, size: 'L' }, 'bread'];
const FIELDS = ['apples', 'pears', 'title'];

/** An integer in [0, n). */
type Pick = (n: number) => number;

function randomOp(spec: Spec, pick: Pick): CrdtOp {
  switch (spec.type) {
    case 'g-counter':
      return { type: 'inc', value: 1 + pick(3) };
    case 'pn-counter':
      return { type: pick(2) === 0 ? 'inc' : 'dec', value: 1 + pick(3) };
    case 'lww-register':
    case 'mv-register':
      return { type: 'set', value: ELEMENTS[pick(ELEMENTS.length)] };
    case 'g-set':
      return { type: 'add', value: ELEMENTS[pick(ELEMENTS.length)] };
    case '2p-set':
    case 'or-set':
    case 'rw-set':
      return { type: pick(3) === 0 ? 'remove' : 'add', value: ELEMENTS[pick(ELEMENTS.length)] };
    case 'lww-map': {
      const field = FIELDS[pick(FIELDS.length)];
      return pick(4) === 0 ? { type: 'delete', field } : { type: 'set', field, value: ELEMENTS[pick(ELEMENTS.length)] };
    }
    case 'or-map': {
      const field = FIELDS[pick(FIELDS.length)];
      if (pick(4) === 0) return { type: 'delete', field };
      return { type: 'update', field, op: randomOp({ type: spec.values ?? 'pn-counter' }, pick) };
    }
  }
}

function pickerOf(random: () => number): Pick {
  return (n) => Math.floor(random() * n);
}

/** An operation's delta on its way to the other replicas, with the origin's clocks after the op. */
interface DeltaMessage {
  readonly origin: number;
  readonly opClock: number[];
  readonly sentAt: HlcTimestamp;
  readonly delta: AnyCrdt;
}

/** A replica: its state, a hybrid clock for stamps and a causal-delivery buffer for incoming deltas. */
class Replica {
  readonly state: AnyCrdt;
  readonly buffer: CausalBuffer<DeltaMessage>;
  readonly clock: HybridClock;
  duplicates = 0;
  private seq = 0;

  constructor(
    readonly index: number,
    spec: Spec,
  ) {
    this.state = createCrdt(spec);
    this.clock = new HybridClock(REPLICAS[index]);
    this.buffer = new CausalBuffer<DeltaMessage>({
      deliver: (message) => {
        const local = this.buffer.clock();
        for (let k = 0; k < message.opClock.length; k++) {
          assert.ok(message.opClock[k] <= local[k], 'delivered before one of its dependencies');
        }
        this.state.merge(message.delta);
      },
      onDuplicate: () => this.duplicates++,
    });
  }

  /** Applies a local op and returns the message carrying its delta. */
  operate(op: CrdtOp, physicalMs: number): DeltaMessage {
    const replica = REPLICAS[this.index];
    const sentAt = this.clock.now(physicalMs);
    const delta = this.state.mutate(op, { dot: { replica, seq: ++this.seq }, stamp: this.clock.stamp() });
    const opClock = this.buffer.clock();
    while (opClock.length < REPLICAS.length) opClock.push(0);
    opClock[this.index]++;
    const message = { origin: this.index, opClock, sentAt, delta };
    assert.equal(this.buffer.offer(message, opClock, this.index), 'delivered');
    return message;
  }

  receive(message: DeltaMessage, physicalMs: number): void {
    this.clock.receive(message.sentAt, physicalMs);
    this.buffer.offer(message, message.opClock, message.origin);
  }
}

function assertConverged(replicas: Replica[], what: string): void {
  const [first, ...rest] = replicas;
  for (const replica of rest) {
    assert.ok(replica.state.equals(first.state), `${what}: ${REPLICAS[replica.index]} differs from A`);
    assert.deepEqual(replica.state.value(), first.state.value(), `${what}: value`);
    assert.deepEqual(replica.state.inspect(), first.state.inspect(), `${what}: inspect`);
    assert.deepEqual(replica.buffer.clock(), first.buffer.clock(), `${what}: delivered clocks`);
  }
  for (const replica of replicas) assert.equal(replica.buffer.size, 0, `${what}: nothing left buffered`);
}

describe('convergence under causal delivery in random orders', () => {
  for (const spec of SPECS) {
    it(`${specName(spec)}: replicas that receive every delta, in any causal order, end equal`, () => {
      // Each step: a replica makes an op, or receives one in-flight delta chosen at random.
      const arbSteps = fc.array(fc.tuple(fc.nat({ max: 2 }), fc.boolean(), fc.nat({ max: 1_000_000 })), { minLength: 1, maxLength: 40 });
      fc.assert(
        fc.property(arbSteps, fc.nat(), (steps, seed) => {
          const random = prng(seed);
          const pick = pickerOf(random);
          const replicas = REPLICAS.map((_, i) => new Replica(i, spec));
          const inFlight: { to: number; message: DeltaMessage }[] = [];
          let now = 0;
          for (const [r, operate, choice] of steps) {
            now += 1 + pick(5);
            if (operate || inFlight.length === 0) {
              const message = replicas[r].operate(randomOp(spec, pick), now);
              for (let to = 0; to < replicas.length; to++) if (to !== r) inFlight.push({ to, message });
            } else {
              const [{ to, message }] = inFlight.splice(choice % inFlight.length, 1);
              replicas[to].receive(message, now);
            }
          }
          while (inFlight.length > 0) {
            const [{ to, message }] = inFlight.splice(pick(inFlight.length), 1);
            replicas[to].receive(message, ++now);
          }
          assertConverged(replicas, specName(spec));
        }),
        { numRuns: 200 },
      );
    });
  }
});

/** A message in the simulated network: a delta for the causal buffer, or a full state to merge. */
interface Packet {
  readonly at: number;
  readonly to: number;
  readonly delta?: DeltaMessage;
  readonly state?: AnyCrdt;
}

/**
 * Runs replicas over a network that delays every packet randomly (so packets overtake each other),
 * drops some (the sender retransmits them after a timeout), duplicates some, and now and then
 * sends a full state (anti-entropy). Returns the replicas once no packet is left.
 */
function simulate(spec: Spec, seed: number) {
  const random = prng(seed);
  const pick = pickerOf(random);
  const replicas = REPLICAS.map((_, i) => new Replica(i, spec));
  const network: Packet[] = [];
  const stats = { sent: 0, dropped: 0, duplicated: 0, states: 0 };
  const send = (packet: Packet) => {
    stats.sent++;
    network.push(packet);
    if (random() < 0.15) {
      stats.duplicated++;
      network.push({ ...packet, at: packet.at + pick(40) });
    }
  };
  for (let time = 0; time < 300; time += 1 + pick(4)) {
    const r = pick(replicas.length);
    const message = replicas[r].operate(randomOp(spec, pick), time);
    for (let to = 0; to < replicas.length; to++) if (to !== r) send({ at: time + 1 + pick(60), to, delta: message });
    if (random() < 0.05) {
      stats.states++;
      send({ at: time + 1 + pick(60), to: (r + 1 + pick(2)) % 3, state: replicas[r].state.clone() });
    }
    deliverUntil(time);
  }
  deliverUntil(Number.POSITIVE_INFINITY);
  return { replicas, stats };

  function deliverUntil(time: number): void {
    for (;;) {
      let next = -1;
      for (let i = 0; i < network.length; i++) if (network[i].at <= time && (next < 0 || network[i].at < network[next].at)) next = i;
      if (next < 0) return;
      const [packet] = network.splice(next, 1);
      if (random() < 0.2) {
        stats.dropped++;
        network.push({ ...packet, at: packet.at + 50 + pick(50) }); // the sender's retransmission
        continue;
      }
      const replica = replicas[packet.to];
      if (packet.delta !== undefined) replica.receive(packet.delta, packet.at);
      else replica.state.merge(packet.state!);
    }
  }
}

describe('convergence over a seeded simulated network (reorder, delay, drop with retransmit, duplicate)', () => {
  for (const spec of SPECS) {
    it(`${specName(spec)}: all replicas end equal, for 25 seeds`, () => {
      for (let seed = 1; seed <= 25; seed++) {
        const { replicas, stats } = simulate(spec, seed);
        assertConverged(replicas, `${specName(spec)}, seed ${seed}`);
        assert.ok(stats.dropped > 0 && stats.duplicated > 0, `seed ${seed} exercised drops and duplicates`);
        assert.ok(replicas.some((r) => r.duplicates > 0), `seed ${seed}: duplicates reached the buffers`);
      }
    });
  }

  it('is reproducible from its seed', () => {
    const first = simulate({ type: 'or-set' }, 7);
    const again = simulate({ type: 'or-set' }, 7);
    assert.deepEqual(first.stats, again.stats);
    assert.deepEqual(first.replicas[0].state.inspect(), again.replicas[0].state.inspect());
  });
});
