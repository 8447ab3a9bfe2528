// The teaching presets: each produces a valid trace that converges, and each shows its lesson as
// the engine sees it (a multi-value conflict, a lost update, an add-wins race, a causal buffer, ...).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareClocks } from '../../engine/clock/vector';
import { findPreset, PRESETS } from '../../engine/simulate/presets';
import { SIMULATION_EPOCH_US } from '../../engine/simulate/trace-lines';
import { errorsOf, kindsOf, type Replayed, simulateAndReplay } from './helpers';

const EPOCH_MS = SIMULATION_EPOCH_US / 1000;

function replayPreset(name: string): Replayed {
  return simulateAndReplay(findPreset(name)!.config);
}

interface Line {
  replica: string;
  kind: string;
  op?: { type: string; value?: number };
  clock: Record<string, number>;
  time: number;
}

const linesOf = (run: Replayed): Line[] => run.lines.slice(1).map((line) => JSON.parse(line));

for (const preset of PRESETS) {
  test(`preset ${preset.name}: a valid trace that converges, the same for the same seed`, () => {
    const run = replayPreset(preset.name);
    assert.deepEqual(errorsOf(run.findings), []);
    assert.equal(run.analysis.metrics.convergence.converged, true);
    assert.equal(new Set(run.finalValues).size, 1);
    assert.equal(JSON.parse(run.lines[0]).description, preset.config.description);
    assert.deepEqual(replayPreset(preset.name).lines, run.lines);
  });
}

test('shopping-cart: every device writes, some writes are concurrent, and the cart adds up', () => {
  const run = replayPreset('shopping-cart');
  const ops = linesOf(run).filter((e) => e.kind === 'op');
  assert.deepEqual(new Set(ops.map((e) => e.replica)), new Set(['phone', 'laptop', 'tablet']));
  assert.ok(ops.some((a, i) => ops.slice(i + 1).some((b) => compareClocks(a.clock, b.clock) === 'concurrent')));
  const total = ops.reduce((sum, e) => sum + (e.op!.type === 'inc' ? 1 : -1) * (e.op!.value ?? 1), 0);
  assert.equal(run.finalValues[0], JSON.stringify([total]));
});

test('mv-register-siblings: the concurrent writes are kept as siblings, then replaced by purple', () => {
  const run = replayPreset('mv-register-siblings');
  assert.deepEqual(run.analysis.conflicts.map((c) => c.strategy), ['multi-value']);
  assert.equal(run.finalValues[0], JSON.stringify([['purple']]));
});

test("cdn-edge-counters: edge-1 counts edge-3's views before it can reach edge-3", () => {
  const run = replayPreset('cdn-edge-counters');
  assert.ok(run.stats.cut > 0);
  const early = linesOf(run).filter((e) => e.replica === 'edge-1' && e.kind === 'sync' && e.time < EPOCH_MS + 2000);
  assert.ok(early.some((e) => (e.clock['edge-3'] ?? 0) > 0), 'edge-1 heard nothing of edge-3 during the partition');
});

test('lww-lost-update: the skewed clock makes last-writer-wins keep the older draft', () => {
  const run = replayPreset('lww-lost-update');
  assert.ok(kindsOf(run.findings).has('lost-update'));
  assert.equal(run.finalValues[0], JSON.stringify(['draft']));
});

test('or-set-race: the concurrent add wins over the remove', () => {
  const run = replayPreset('or-set-race');
  assert.deepEqual(run.analysis.conflicts.map((c) => [c.key, c.strategy]), [['basket', 'add-wins']]);
  assert.equal(run.finalValues[0], JSON.stringify([['eggs', 'milk']]));
});

test("causal-delivery: C buffers B's answer until A's question arrives", () => {
  const run = replayPreset('causal-delivery');
  const { trace, knowledge } = run.analysis;
  const waits = knowledge.buffered.map((w) => ({ at: trace.replicas.name(w.replica), op: trace.eventId(w.op), delivered: w.delivered >= 0, why: w.waitingFor }));
  assert.deepEqual(waits, [{ at: 'C', op: 'B:3', delivered: true, why: "A's operation 1 (C has 0)" }]);
});

test('partition-heals: both sides write while cut apart, then agree', () => {
  const run = replayPreset('partition-heals');
  const during = linesOf(run).filter((e) => e.kind === 'op' && e.time >= EPOCH_MS + 1000 && e.time < EPOCH_MS + 3000);
  assert.ok(during.some((e) => e.replica <= 'B') && during.some((e) => e.replica >= 'C'));
  assert.ok(run.stats.cut > 0 && run.stats.lost > 0);
});
