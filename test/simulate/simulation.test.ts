// The simulator: deterministic for a seed, every sync mode converges after partitions heal
// despite loss and duplication, and what it writes replays in the engine without error findings
// (recorded states included, so the simulator's CRDT states agree with the engine's replay).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_CONFIG, type SimulationConfig, SYNC_MODES } from '../../engine/simulate/config';
import { paced } from '../../engine/simulate/pace';
import { PartitionSchedule, parsePartitions } from '../../engine/simulate/partitions';
import { Simulation } from '../../engine/simulate/simulation';
import { SIMULATION_EPOCH_US } from '../../engine/simulate/trace-lines';
import { errorsOf, kindsOf, runSimulation, simulateAndReplay } from './helpers';

const NAMES = ['A', 'B', 'C', 'D'];
const PARTITIONS = 'A,B | C,D from 500ms to 1.5s; A | D from 2s to 2.5s';
const EPOCH_MS = SIMULATION_EPOCH_US / 1000;

const BASE: SimulationConfig = {
  ...DEFAULT_CONFIG,
  replicas: 4,
  objects: { cart: { type: 'pn-counter' }, tags: { type: 'or-set' }, doc: { type: 'lww-map' }, colour: { type: 'mv-register' } },
  rate: { opsPerSecond: 20, perReplica: false },
  durationMs: 3000,
  latency: { kind: 'exp', meanMs: 20 },
  loss: 0.1,
  duplication: 0.05,
  partitions: parsePartitions(PARTITIONS, NAMES),
};

interface Line {
  replica: string;
  kind: string;
  msg?: string;
  clock: Record<string, number>;
  time: number;
  seq: number;
}

const events = (lines: string[]): Line[] => lines.slice(1).map((line) => JSON.parse(line));

for (const sync of SYNC_MODES) {
  test(`${sync} sync: the same configuration and seed give byte-identical traces; another seed another`, () => {
    const config = { ...BASE, sync };
    const first = runSimulation(config).lines.join('\n');
    assert.equal(runSimulation(config).lines.join('\n'), first);
    assert.notEqual(runSimulation({ ...config, seed: 2 }).lines.join('\n'), first);
  });

  test(`${sync} sync converges after the partitions heal, and replays without error findings`, () => {
    const run = simulateAndReplay({ ...BASE, sync });
    assert.deepEqual(errorsOf(run.findings), []);
    assert.ok(!kindsOf(run.findings).has('not-converged'));
    const { convergence } = run.analysis.metrics;
    assert.equal(convergence.converged, true);
    assert.equal(run.stats.converged, true);
    assert.equal(new Set(run.finalValues).size, 1, `replicas differ: ${run.finalValues.join(' / ')}`);
    assert.ok(run.stats.operations > 30 && run.stats.cut > 0, JSON.stringify(run.stats));
    // The engine measures from the trace what the simulator measured as it ran.
    assert.ok(Math.abs(convergence.wallMs! - (run.stats.convergedMs! - run.stats.lastWriteMs)) < 1e-3);
  });

  test(`${sync} sync: lost and duplicated messages happen and are repaired`, () => {
    const run = simulateAndReplay({ ...BASE, sync, partitions: [], loss: 0.3, duplication: 0.2 });
    assert.ok(run.stats.lost > 10 && run.stats.duplicated > 5, JSON.stringify(run.stats));
    const received = events(run.lines).filter((e) => e.kind === 'receive' || e.kind === 'sync').map((e) => `${e.replica} ${e.msg}`);
    assert.ok(received.length > new Set(received).size, 'no message was received twice');
    assert.deepEqual(errorsOf(run.findings), []);
    assert.equal(run.analysis.metrics.convergence.converged, true);
    assert.equal(new Set(run.finalValues).size, 1);
  });
}

test('no message crosses a partition while it lasts', () => {
  const { lines, stats } = runSimulation({ ...BASE, sync: 'delta' });
  const schedule = new PartitionSchedule(BASE.partitions);
  const sends = new Map(events(lines).filter((e) => e.kind === 'send').map((e) => [e.msg!, e]));
  let crossedBefore = 0;
  for (const e of events(lines).filter((x) => x.msg !== undefined && x.kind !== 'send')) {
    const send = sends.get(e.msg!)!;
    assert.ok(!schedule.separated(send.replica, e.replica, send.time - EPOCH_MS), `${e.msg} left ${send.replica} across a partition`);
    assert.ok(!schedule.separated(send.replica, e.replica, e.time - EPOCH_MS), `${e.msg} reached ${e.replica} across a partition`);
    if (send.time - EPOCH_MS < 500 && e.time - EPOCH_MS < 1500) crossedBefore++;
  }
  assert.ok(stats.cut > 0 && crossedBefore > 0);
});

test('writes stop at the end of the duration; every replica numbers its events and ticks its clock from 1', () => {
  const { lines, stats } = runSimulation({ ...BASE, sync: 'ops' });
  const all = events(lines);
  const ops = all.filter((e) => e.kind === 'op');
  assert.equal(ops.length, stats.operations);
  assert.ok(ops.every((e) => e.time < EPOCH_MS + BASE.durationMs));
  assert.ok(all.some((e) => e.time > EPOCH_MS + BASE.durationMs), 'nothing happened after the writes stopped');
  const last = new Map<string, number>();
  for (const e of all) {
    assert.equal(e.seq, (last.get(e.replica) ?? 0) + 1, `${e.replica}'s events are not numbered 1, 2, ...`);
    assert.equal(e.clock[e.replica], e.seq);
    last.set(e.replica, e.seq);
  }
});

test('a run that cannot converge stops at its bound and says so', () => {
  const run = simulateAndReplay({ ...BASE, sync: 'ops', partitions: [], loss: 0.95, settleLimitMs: 50 });
  assert.equal(run.stats.converged, false);
  assert.equal(run.stats.convergedMs, undefined);
  assert.ok(kindsOf(run.findings).has('not-converged'));
  assert.deepEqual(errorsOf(run.findings), []);
});

test('a simulation runs once', () => {
  const simulation = new Simulation(BASE);
  assert.ok([...simulation.lines()].length > 1);
  assert.throws(() => [...simulation.lines()], /runs once/);
});

test('paced lines leave no earlier than their virtual time divided by the speed', async () => {
  let now = 0;
  const released: number[] = [];
  const lines = [0, 10, 10, 250, 1000].map((atMs) => ({ atMs }));
  const pacing = { speed: 2, now: () => now, sleep: async (ms: number) => void (now += ms) };
  for await (const line of paced(lines, pacing)) released.push(now - line.atMs / 2);
  assert.deepEqual(released, [0, 0, 0, 0, 0]);
  await assert.rejects(async () => {
    for await (const _ of paced(lines, { ...pacing, speed: 0 })) void _;
  }, /speed/);
});

const arbitraryConfig: fc.Arbitrary<SimulationConfig> = fc
  .record({
    replicas: fc.integer({ min: 2, max: 5 }),
    objects: fc.subarray(['cart:pn-counter', 'views:g-counter', 'tags:or-set', 'flags:rw-set', 'seen:2p-set', 'doc:lww-map', 'colour:mv-register', 'title:lww-register', 'scores:or-map'], { minLength: 1, maxLength: 3 }),
    rate: fc.integer({ min: 0, max: 40 }),
    durationMs: fc.integer({ min: 100, max: 1500 }),
    latency: fc.constantFrom<SimulationConfig['latency']>({ kind: 'fixed', ms: 0 }, { kind: 'uniform', minMs: 1, maxMs: 30 }, { kind: 'exp', meanMs: 15 }, { kind: 'normal', meanMs: 10, sdMs: 8 }),
    loss: fc.constantFrom(0, 0.1, 0.4),
    duplication: fc.constantFrom(0, 0.2),
    partition: fc.option(fc.tuple(fc.integer({ min: 0, max: 800 }), fc.integer({ min: 1, max: 800 }))),
    sync: fc.constantFrom(...SYNC_MODES),
    syncIntervalMs: fc.constantFrom(10, 50, 200),
    seed: fc.integer(),
  })
  .map(({ objects, rate, partition, ...rest }) => ({
    ...rest,
    objects: Object.fromEntries(objects.map((o) => o.split(':')).map(([key, type]) => [key, { type: type as 'pn-counter' }])),
    rate: { opsPerSecond: rate, perReplica: false },
    partitions: partition ? [{ groups: [['A'], ['B']], fromMs: partition[0], toMs: partition[0] + partition[1] }] : [],
  }));

test('property: any small simulation converges and replays without error findings', () => {
  fc.assert(
    fc.property(arbitraryConfig, (config) => {
      const run = simulateAndReplay(config);
      assert.deepEqual(errorsOf(run.findings), []);
      assert.equal(run.stats.converged, true);
      assert.equal(run.analysis.metrics.convergence.converged, true);
      assert.equal(new Set(run.finalValues).size, 1, `replicas differ: ${run.finalValues.join(' / ')}`);
    }),
    { numRuns: 60, seed: 20240611 },
  );
});
