// The bundled teaching examples: each replays to the states its description promises and
// produces exactly the findings and conflicts it is there to teach.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Analysis } from '../../engine/analysis/analyze';
import { allFindings, executionReport } from '../../engine/analysis/report';
import { analyzeExample } from '../helpers/load';

function finalValues(a: Analysis, key: string): unknown[] {
  return executionReport(a).replicas.map((r) => r.state[key]);
}

function findingsOf(a: Analysis, ...severities: string[]): string[] {
  return allFindings(a)
    .filter((f) => severities.includes(f.severity))
    .map((f) => `${f.line}:${f.kind}`);
}

test('shopping cart: three devices converge on 8 items with no findings', () => {
  const a = analyzeExample('shopping-cart.causal.jsonl');
  assert.deepEqual(finalValues(a, 'cart'), [8, 8, 8]);
  assert.deepEqual(findingsOf(a, 'error', 'warning', 'info'), []);
  assert.equal(a.metrics.convergence.converged, true);
  assert.equal(a.metrics.convergence.wallMs, 960);
});

test('CDN edges: the G-Counter merge keeps counts of a replica never seen before', () => {
  const a = analyzeExample('cdn-edge-counters.causal.jsonl');
  assert.deepEqual(finalValues(a, 'views'), [3300, 3300, 3300]);
  assert.deepEqual(findingsOf(a, 'error', 'warning'), []);
});

test('LWW under clock skew: the causally later write is reported as a lost update', () => {
  const a = analyzeExample('lww-lost-update.causal.jsonl');
  assert.deepEqual(finalValues(a, 'title'), ['Draft title', 'Draft title']);
  assert.deepEqual(findingsOf(a, 'error', 'warning'), ['5:lost-update']);
  assert.match(a.findings[0].message, /this update is lost/);
  assert.equal(a.conflicts.length, 0);
});

test('OR-Set race: the concurrent add wins over the remove', () => {
  const a = analyzeExample('or-set-race.causal.jsonl');
  assert.deepEqual(finalValues(a, 'basket'), [
    ['eggs', 'milk'],
    ['eggs', 'milk'],
  ]);
  assert.equal(a.conflicts.length, 1);
  const [c] = a.conflicts;
  assert.equal(c.strategy, 'add-wins');
  assert.equal(c.target, '"milk"');
  assert.deepEqual(c.winners.map((e) => a.trace.line[e]), [7]);
  assert.deepEqual(c.losers.map((e) => a.trace.line[e]), [6]);
  assert.deepEqual(findingsOf(a, 'error', 'warning'), []);
});

test('causal delivery: an early answer waits in the buffer until the question arrives', () => {
  const a = analyzeExample('causal-delivery.causal.jsonl');
  // The early arrival is information: the causal buffer holds the answer, as the trace's states show.
  assert.deepEqual(findingsOf(a, 'error', 'warning'), []);
  assert.deepEqual(findingsOf(a, 'info'), ['7:causal-delivery-violation']);
  assert.equal(a.knowledge.buffered.length, 1);
  const [b] = a.knowledge.buffered;
  assert.equal(a.trace.line[b.op], 5);
  assert.equal(a.trace.line[a.causal.order[b.arrived]], 7);
  assert.equal(a.trace.line[a.causal.order[b.delivered]], 8);
  assert.match(b.waitingFor, /A's operation 1/);
  const cursor = a.states().cursor();
  cursor.seek(b.arrived);
  assert.equal(cursor.bufferOf(a.trace.replicas.find('C')).length, 1);
  cursor.seek(b.delivered);
  assert.equal(cursor.bufferOf(a.trace.replicas.find('C')).length, 0);
});

test('MV-Register: concurrent sets are kept as siblings until a later write replaces them', () => {
  const a = analyzeExample('mv-register-siblings.causal.jsonl');
  assert.equal(a.conflicts.length, 1);
  assert.equal(a.conflicts[0].strategy, 'multi-value');
  assert.equal(a.conflicts[0].winners.length, 2);
  assert.deepEqual(finalValues(a, 'color'), [['purple'], ['purple'], ['purple']]);
  assert.deepEqual(findingsOf(a, 'error', 'warning'), []);
});

test('partition heals: both sides keep writing and converge after the heal', () => {
  const a = analyzeExample('partition-heals.causal.jsonl');
  assert.deepEqual(finalValues(a, 'stock'), [5, 5, 5, 5]);
  assert.deepEqual(finalValues(a, 'tags'), Array(4).fill(['new', 'sale']));
  assert.deepEqual(findingsOf(a, 'error', 'warning'), []);
  assert.equal(a.metrics.convergence.converged, true);
});

test("buggy merge: the seed's G-Counter merge is caught as not a join, and as divergence", () => {
  const a = analyzeExample('buggy-merge.causal.jsonl');
  assert.deepEqual(findingsOf(a, 'error'), ['5:merge-not-join', '7:divergence']);
});

test('the replay cursor reaches any step, forwards and backwards, with the right states', () => {
  const a = analyzeExample('shopping-cart.causal.jsonl');
  const cursor = a.states().cursor();
  const phone = a.trace.replicas.find('phone');
  const cart = a.trace.keys.find('cart');
  cursor.seek(a.trace.size - 1);
  assert.equal(cursor.state(phone, cart).value(), 8);
  cursor.seek(0);
  assert.equal(cursor.state(phone, cart).value(), 3);
  assert.deepEqual(Array.from(cursor.clockOf(phone)), [1, 0, 0]);
  cursor.seek(-1);
  assert.equal(cursor.state(phone, cart).value(), 0);
});
