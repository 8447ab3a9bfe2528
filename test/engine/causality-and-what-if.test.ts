// Causality queries with their explanations, and what-if replays under another strategy.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { causalCone, explainRelation, relationOf } from '../../engine/analysis/causality';
import { compareStrategies } from '../../engine/analysis/what-if';
import { eventsByReplica } from '../../engine/replay/order';
import { analyzeExample } from '../helpers/load';

test('two concurrent writes are explained entry by entry of their clocks', () => {
  const a = analyzeExample('or-set-race.causal.jsonl');
  const remove = a.trace.eventIndex('bob:2');
  const add = a.trace.eventIndex('alice:4');
  assert.equal(relationOf(a, remove, add), 'concurrent');
  const lines = explainRelation(a, remove, add);
  assert.equal(lines.at(-1), 'bob:2 and alice:4 are concurrent: bob:2 knows more of bob (2 > 0), alice:4 knows more of alice (4 > 3)');
  assert.equal(relationOf(a, a.trace.eventIndex('alice:1'), remove), 'before');
});

test("an event's causal cone splits every lane into past, concurrent and future", () => {
  const a = analyzeExample('or-set-race.causal.jsonl');
  const lanes = eventsByReplica(a.trace, a.causal);
  const remove = a.trace.eventIndex('bob:2');
  const { past, futureFrom } = causalCone(a, remove, lanes);
  const alice = a.trace.replicas.find('alice');
  // bob saw alice's first three events before removing; alice learns of the remove at her 5th (index 4).
  assert.equal(past[alice], 3);
  assert.equal(futureFrom[alice], 4);
});

test('what-if: the same race under remove-wins loses the milk on every replica', () => {
  const a = analyzeExample('or-set-race.causal.jsonl');
  const { differences, analysis } = compareStrategies(a, new Map([['basket', 'remove-wins' as const]]));
  assert.deepEqual(
    differences.map((d) => [d.replica, d.actual, d.whatIf]),
    [
      ['alice', ['eggs', 'milk'], ['eggs']],
      ['bob', ['eggs', 'milk'], ['eggs']],
    ],
  );
  assert.equal(analysis.conflicts[0].strategy, 'remove-wins');
  assert.match(analysis.conflicts[0].reason, /^Remove-wins/);
});

test('what-if: last-writer-wins instead of multi-value keeps one of the siblings', () => {
  const a = analyzeExample('mv-register-siblings.causal.jsonl');
  const { analysis } = compareStrategies(a, new Map([['color', 'last-writer-wins' as const]]));
  assert.equal(analysis.conflicts[0].winners.length, 1);
});
