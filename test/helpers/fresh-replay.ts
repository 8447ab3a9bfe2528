// A fresh full state replay from the first event, for tests that compare what a cursor or a
// checkpoint gives against it.

import type { Analysis } from '../../engine/analysis/analyze';
import type { AnyCrdt } from '../../engine/crdt/types';
import { emptyStates, replayStates } from '../../engine/replay/states';

/** Every replica's states after causal step `step` (-1: before the first event), replayed from scratch. */
export function freshStatesAfter(analysis: Analysis, step: number): AnyCrdt[][] {
  const { trace, causal, clocks, knowledge } = analysis;
  let taken = emptyStates(trace);
  const onStep = (i: number, states: AnyCrdt[][]) => {
    if (causal.step[i] === step) taken = states.map((row) => row.map((c) => c.clone()));
  };
  replayStates(trace, causal, clocks, knowledge, { onStep });
  return taken;
}

/** Every operation's delta, by operation number, kept as each was made (undefined: invalid, or never delivered). */
export function deltasOf(analysis: Analysis): (AnyCrdt | undefined)[] {
  const { trace, causal, clocks, knowledge } = analysis;
  const kept: (AnyCrdt | undefined)[] = new Array(knowledge.opEvent.length);
  const onStep = (i: number, _states: AnyCrdt[][], _seen: Uint32Array[], live: readonly (AnyCrdt | undefined)[]) => {
    const o = knowledge.opOfEvent[i];
    if (o >= 0) kept[o] = live[o];
  };
  replayStates(trace, causal, clocks, knowledge, { onStep });
  return kept;
}
