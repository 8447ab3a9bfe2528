// What-if replays: the same history under another conflict strategy (last-writer-wins vs
// multi-value, add-wins vs remove-wins, ...), and how each replica's final state would differ.

import type { Json } from '../crdt/types';
import { analyzeTrace, type Analysis } from './analyze';
import { canonicalValue } from './recorded-states';
import type { Strategy } from './strategies';

export interface StateDifference {
  replica: string;
  key: string;
  /** The final value as recorded history resolves it. */
  actual: Json;
  /** The final value under the other strategies. */
  whatIf: Json;
}

/** Replays `analysis`'s trace under `strategies` and lists the final values that change. */
export function compareStrategies(analysis: Analysis, strategies: ReadonlyMap<string, Strategy>): { analysis: Analysis; differences: StateDifference[] } {
  const { trace } = analysis;
  const other = analyzeTrace(trace, { strategies });
  const before = analysis.states().replay.finalStates;
  const after = other.states().replay.finalStates;
  const differences: StateDifference[] = [];
  for (let r = 0; r < trace.replicas.size; r++) {
    for (let k = 0; k < trace.keys.size; k++) {
      const actual = before[r][k].value();
      const whatIf = after[r][k].value();
      if (canonicalValue(undefined, actual) === canonicalValue(undefined, whatIf)) continue;
      differences.push({ replica: trace.replicas.name(r), key: trace.keys.name(k), actual, whatIf });
    }
  }
  return { analysis: other, differences };
}
