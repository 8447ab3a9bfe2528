// The simulator's settings as text: partition schedules, latencies, durations, probabilities,
// objects and rates parse to what they say, errors name the bad part, and a configuration is
// checked before anything runs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG, describeConfig, replicaNames, validateConfig } from '../../engine/simulate/config';
import { formatLatency, parseLatency, sampleLatency } from '../../engine/simulate/latency';
import { configFromOptions, parseObjects, parseRate } from '../../engine/simulate/options';
import { formatPartitions, PartitionSchedule, parsePartitions } from '../../engine/simulate/partitions';
import { findPreset } from '../../engine/simulate/presets';
import { parseDuration, parseProbability, SimulationConfigError } from '../../engine/simulate/units';
import { prng } from '../../engine/util/prng';

const NAMES = ['A', 'B', 'C', 'D', 'E'];

/** Asserts that `run` throws a SimulationConfigError whose message matches `message`. */
function rejects(run: () => unknown, message: RegExp): void {
  assert.throws(run, (e: unknown) => e instanceof SimulationConfigError && message.test(e.message));
}

test('a partition schedule parses into groups and times, several separated by ";"', () => {
  const partitions = parsePartitions('A,B | C,D from 2s to 5s;  A | E from 500ms to 1.5s ;', NAMES);
  assert.deepEqual(partitions, [
    { groups: [['A', 'B'], ['C', 'D']], fromMs: 2000, toMs: 5000 },
    { groups: [['A'], ['E']], fromMs: 500, toMs: 1500 },
  ]);
  assert.equal(formatPartitions(partitions), 'A,B | C,D from 2s to 5s; A | E from 500ms to 1.5s');
  assert.deepEqual(parsePartitions(formatPartitions(partitions), NAMES), partitions);
  assert.deepEqual(parsePartitions('', NAMES), []);
});

test('a partition cuts links between its groups while it lasts; replicas it does not name keep theirs', () => {
  const schedule = new PartitionSchedule(parsePartitions('A,B | C,D from 2s to 5s', NAMES));
  assert.equal(schedule.separated('A', 'C', 2000), true);
  assert.equal(schedule.separated('D', 'B', 4999), true);
  assert.equal(schedule.separated('A', 'B', 3000), false);
  assert.equal(schedule.separated('A', 'C', 1999), false);
  assert.equal(schedule.separated('A', 'C', 5000), false);
  assert.equal(schedule.separated('E', 'A', 3000), false);
  assert.equal(schedule.separated('E', 'C', 3000), false);
  assert.equal(schedule.lastHealMs, 5000);
});

test('partition errors name the partition and what is wrong with it', () => {
  rejects(() => parsePartitions('A,B | C from 1s to 2s; A | X from 1s to 2s', NAMES), /^partition 2 "A \| X from 1s to 2s": unknown replica "X" \(the replicas are A, B, C, D, E\)/);
  rejects(() => parsePartitions('A,B | C,D', NAMES), /^partition 1 "A,B \| C,D": expected "GROUP \| GROUP from TIME to TIME"/);
  rejects(() => parsePartitions('A,B from 1s to 2s', NAMES), /partition 1 .*at least two groups/);
  rejects(() => parsePartitions('A,B | B,C from 1s to 2s', NAMES), /replica "B" is in more than one group/);
  rejects(() => parsePartitions('A, | C from 1s to 2s', NAMES), /group 1 \("A,"\) has an empty replica name/);
  rejects(() => parsePartitions('A | C from 3s to 2s', NAMES), /ends \(2s\) before it starts \(3s\)/);
  rejects(() => parsePartitions('A | C from 1 to 2s', NAMES), /partition 1 .*: start: "1" needs a unit/);
  rejects(() => parsePartitions('A | C from 1s to soon', NAMES), /partition 1 .*: end: "soon" is not a duration/);
});

test('latencies parse in every form, keep their unit across a range, and sample within their bounds', () => {
  assert.deepEqual(parseLatency('fixed:5ms'), { kind: 'fixed', ms: 5 });
  assert.deepEqual(parseLatency('5ms'), { kind: 'fixed', ms: 5 });
  assert.deepEqual(parseLatency('uniform:1-10ms'), { kind: 'uniform', minMs: 1, maxMs: 10 });
  assert.deepEqual(parseLatency('uniform:0.5s-1s'), { kind: 'uniform', minMs: 500, maxMs: 1000 });
  assert.deepEqual(parseLatency('exp:20ms'), { kind: 'exp', meanMs: 20 });
  assert.deepEqual(parseLatency('normal:20ms,5ms'), { kind: 'normal', meanMs: 20, sdMs: 5 });
  for (const text of ['fixed:5ms', 'uniform:1ms-10ms', 'exp:20ms', 'normal:20ms,5ms']) assert.equal(formatLatency(parseLatency(text)), text);
  const random = prng(3);
  const uniform = Array.from({ length: 1000 }, () => sampleLatency(parseLatency('uniform:1-10ms'), random));
  assert.ok(uniform.every((ms) => ms >= 1 && ms <= 10));
  const normal = Array.from({ length: 1000 }, () => sampleLatency(parseLatency('normal:2ms,5ms'), random));
  assert.ok(normal.every((ms) => ms >= 0) && normal.some((ms) => ms === 0));
  const exp = Array.from({ length: 4000 }, () => sampleLatency(parseLatency('exp:20ms'), random));
  const mean = exp.reduce((a, b) => a + b, 0) / exp.length;
  assert.ok(mean > 18 && mean < 22, `mean ${mean}`);
});

test('latency errors say which forms exist', () => {
  rejects(() => parseLatency('gauss:3ms'), /unknown distribution "gauss".*fixed:5ms, uniform:1-10ms, exp:20ms/);
  rejects(() => parseLatency('uniform:10-1ms'), /minimum above its maximum/);
  rejects(() => parseLatency('uniform:10ms'), /2 durations separated by "-"/);
  rejects(() => parseLatency('fast'), /latency .*"fast" is not a duration/);
});

test('durations need a unit, probabilities take decimals or percentages below 1', () => {
  assert.equal(parseDuration('1.5s', 'duration'), 1500);
  assert.equal(parseDuration('250ms', 'duration'), 250);
  assert.equal(parseDuration('0', 'duration'), 0);
  rejects(() => parseDuration('5', 'duration'), /^duration: "5" needs a unit: 5ms or 5s\.$/);
  rejects(() => parseDuration('-1s', 'duration'), /not a duration/);
  assert.equal(parseProbability('0.05', 'loss'), 0.05);
  assert.equal(parseProbability('5%', 'loss'), 0.05);
  for (const bad of ['1', '-0.1', 'often', '']) rejects(() => parseProbability(bad, 'loss'), /^loss: .* is not a probability/);
});

test('objects and rates parse; errors name the bad part', () => {
  assert.deepEqual(parseObjects('cart:pn-counter, tags:or-set,scores:or-map(g-counter)'), {
    cart: { type: 'pn-counter' },
    tags: { type: 'or-set' },
    scores: { type: 'or-map', values: 'g-counter' },
  });
  rejects(() => parseObjects('cart:pn-counter,tags:or-sett'), /"tags:or-sett" names unknown CRDT type "or-sett"/);
  rejects(() => parseObjects('cart'), /"cart" is not KEY:TYPE/);
  rejects(() => parseObjects('n:g-counter(or-set)'), /only or-map takes a value type/);
  rejects(() => parseObjects('n:g-counter,n:or-set'), /"n" is named twice/);
  assert.deepEqual(parseRate('20'), { opsPerSecond: 20, perReplica: false });
  assert.deepEqual(parseRate('20/s'), { opsPerSecond: 20, perReplica: false });
  assert.deepEqual(parseRate('2.5/s/replica'), { opsPerSecond: 2.5, perReplica: true });
  rejects(() => parseRate('lots'), /rate: "lots" is not a rate/);
});

test('replicas are named A..Z up to 26 and r1..rN beyond; counts outside 2..64 are refused', () => {
  assert.deepEqual(replicaNames(3), ['A', 'B', 'C']);
  assert.equal(replicaNames(26)[25], 'Z');
  assert.deepEqual(replicaNames(64).slice(0, 2), ['r1', 'r2']);
  assert.equal(replicaNames(64)[63], 'r64');
  rejects(() => replicaNames(1), /replicas: 1 is not a whole number from 2 to 64/);
  rejects(() => replicaNames(65), /replicas: 65/);
  rejects(() => validateConfig({ ...DEFAULT_CONFIG, replicas: ['A', 'A'] }), /"A" is named twice/);
  rejects(() => validateConfig({ ...DEFAULT_CONFIG, replicas: ['A', 'B C'] }), /"B C" is not a usable name/);
});

test('a configuration is checked before it runs', () => {
  rejects(() => validateConfig({ ...DEFAULT_CONFIG, loss: 1 }), /^loss: 1 is not a probability/);
  rejects(() => validateConfig({ ...DEFAULT_CONFIG, objects: {} }), /objects: name at least one/);
  rejects(() => validateConfig({ ...DEFAULT_CONFIG, syncIntervalMs: 0 }), /interval/);
  rejects(() => validateConfig({ ...DEFAULT_CONFIG, seed: 1.5 }), /seed/);
  const script = (op: object, atMs = 10) => ({ ...DEFAULT_CONFIG, script: [{ atMs, replica: 'A', key: 'cart', op: op as { type: string } }] });
  rejects(() => validateConfig(script({ type: 'add', value: 'x' })), /script operation 1 \(cart\): "pn-counter" does not support "add"/);
  rejects(() => validateConfig(script({ type: 'inc', value: -1 })), /script operation 1 \(cart\): inc needs a finite non-negative amount/);
  rejects(() => validateConfig(script({ type: 'inc' }, 5000)), /script operation 1: at 5000 ms is not within the duration \(2s\)/);
  assert.deepEqual(validateConfig(script({ type: 'inc' })), ['A', 'B', 'C']);
});

test('options as text build on a preset or the defaults', () => {
  assert.deepEqual(configFromOptions({}), DEFAULT_CONFIG);
  const preset = findPreset('or-set-race')!;
  const reseeded = configFromOptions({ preset: 'or-set-race', seed: '7' });
  assert.equal(reseeded.seed, 7);
  assert.equal(reseeded.description, preset.config.description);
  const changed = configFromOptions({ preset: 'or-set-race', loss: '10%', partition: 'alice | bob from 1s to 2s' });
  assert.equal(changed.loss, 0.1);
  assert.deepEqual(changed.partitions, [{ groups: [['alice'], ['bob']], fromMs: 1000, toMs: 2000 }]);
  assert.equal(changed.description, undefined, 'a changed preset no longer says what its lesson shows');
  assert.match(describeConfig(changed), /^Simulated: 2 replicas \(alice, bob\), objects basket:or-set, .*loss 0.1, partition alice \| bob from 1s to 2s, delta sync every 100ms, seed 1\.$/);
  const named = configFromOptions({ replicas: 'x,y', partition: 'x | y from 0 to 1s', sync: 'state', interval: '50ms', rate: '5/s/replica' });
  assert.deepEqual(named.replicas, ['x', 'y']);
  assert.equal(named.sync, 'state');
  assert.equal(named.syncIntervalMs, 50);
  assert.equal(named.rate.perReplica, true);
  rejects(() => configFromOptions({ preset: 'nope' }), /unknown preset "nope"; the presets are shopping-cart, /);
  rejects(() => configFromOptions({ sync: 'gossip' }), /sync: "gossip" is not one of ops, state, delta/);
  rejects(() => configFromOptions({ seed: 'abc' }), /seed: "abc" is not a whole number/);
  rejects(() => configFromOptions({ replicas: '4', partition: 'A | Z from 0 to 1s' }), /unknown replica "Z"/);
});
