// "Replay With Strategy" for the Causeway debugger: which other conflict strategies each conflicted
// key could use, and how every replica's final state would differ under one. Pure, over the engine.

import type { Analysis } from '../../engine/analysis/analyze';
import { describeValue, STRATEGIES, type Strategy, typeForStrategy } from '../../engine/analysis/strategies';
import { compareStrategies } from '../../engine/analysis/what-if';

/** A key that has conflicts, the strategy that resolved them, and those it could be replayed under. */
export interface StrategyChoice {
  key: string;
  current: Strategy;
  others: Strategy[];
}

export function strategyChoices(analysis: Analysis): StrategyChoice[] {
  const { trace } = analysis;
  const choices = new Map<string, StrategyChoice>();
  for (const c of analysis.conflicts) {
    if (choices.has(c.key)) continue;
    const type = trace.objects[trace.keys.find(c.key)].type;
    // Another strategy is a real choice when a different CRDT type implements it.
    const others = STRATEGIES.filter((s) => s !== c.strategy && typeForStrategy(type, s) !== type);
    choices.set(c.key, { key: c.key, current: c.strategy, others });
  }
  return [...choices.values()].filter((c) => c.others.length > 0);
}

/** Replays the trace with `key` under `strategy`; one line per replica and key whose final value changes. */
export function replayWithStrategy(analysis: Analysis, key: string, strategy: Strategy): string[] {
  const { differences } = compareStrategies(analysis, new Map([[key, strategy]]));
  if (differences.length === 0) return [`Under ${strategy}, every replica ends with the same ${key} as recorded.`];
  return differences.map((d) => `${d.replica}: ${d.key} would be ${describeValue(d.whatIf)} instead of ${describeValue(d.actual)}.`);
}
