// Causality between events of an analysed trace: how two events are ordered, explained entry by
// entry of their clocks in words, and an event's causal past and future on every replica's lane.

import { type ClockOrder, denseToMap, explainComparison } from '../clock/vector';
import type { Analysis } from './analyze';
import { partitionPoint } from '../util/bisect';

/**
 * How event a relates to event b: before, after, equal (the same event) or concurrent. Every
 * event ticks its own entry, so a happened before b exactly when b's clock has reached a's own entry.
 */
export function relationOf(analysis: Analysis, a: number, b: number): ClockOrder {
  if (a === b) return 'equal';
  const { clocks, trace } = analysis;
  const ra = trace.replica[a];
  const rb = trace.replica[b];
  if (clocks.entry(b, ra) >= clocks.entry(a, ra)) return 'before';
  if (clocks.entry(a, rb) >= clocks.entry(b, rb)) return 'after';
  return 'concurrent';
}

/** Why a and b are ordered or concurrent: one line per clock entry, then the conclusion. */
export function explainRelation(analysis: Analysis, a: number, b: number): string[] {
  const { trace, clocks } = analysis;
  const names = trace.replicas.all();
  const clockOf = (i: number) => denseToMap(clocks.row(i), clocks.replicaCount, 0, names);
  return explainComparison(clockOf(a), clockOf(b), trace.eventId(a), trace.eventId(b));
}

/**
 * Event i's causal past and future per replica lane, as counts along the lane's events in
 * program order: the past is the lane's first `past[r]` events, the future its events from
 * `futureFrom[r]` on; everything in between is concurrent with i. O(replicas × log n).
 */
export function causalCone(analysis: Analysis, i: number, eventsOfReplica: readonly Uint32Array[]): { past: Uint32Array; futureFrom: Uint32Array } {
  const { trace, clocks } = analysis;
  const R = clocks.replicaCount;
  const own = trace.replica[i];
  const mark = clocks.entry(i, own);
  const past = new Uint32Array(R);
  const futureFrom = new Uint32Array(R);
  for (let r = 0; r < R; r++) {
    const lane = eventsOfReplica[r];
    past[r] = r === own ? mark - 1 : clocks.entry(i, r);
    // The first event of the lane that has seen i (clock entries only grow along a lane).
    futureFrom[r] = partitionPoint(r === own ? mark : 0, lane.length, (m) => clocks.entry(lane[m], own) < mark);
  }
  return { past, futureFrom };
}
