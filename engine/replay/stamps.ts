// The last-writer-wins stamp of each operation: its wall time when the trace records one, else
// its recorded Lamport or hybrid clock, else the computed Lamport clock; ties go to the larger
// replica id. Replay and conflict analysis share it, so they always agree on a winner.

import type { Stamp } from '../crdt/types';
import type { Trace } from '../trace/model';
import { timeText } from '../util/time-text';
import type { ComputedClocks } from './clocks';

export type StampSource = 'wall time' | 'Lamport clock' | 'hybrid clock' | 'computed Lamport clock';

export function stampSource(trace: Trace, i: number): StampSource {
  if (!Number.isNaN(trace.time[i])) return 'wall time';
  if (!Number.isNaN(trace.recordedScalar?.[i] ?? NaN)) return trace.clockKind === 'hybrid' ? 'hybrid clock' : 'Lamport clock';
  return 'computed Lamport clock';
}

/** A stamp's time in words: a wall time in ISO form ("2023-11-14T22:13:22Z"), a clock as its number. */
export function stampTimeText(source: StampSource, time: number): string {
  return source === 'wall time' ? timeText(time) : String(time);
}

/** The time part of event i's stamp (ties are broken by replica id). */
export function stampTime(trace: Trace, clocks: ComputedClocks, i: number): number {
  if (!Number.isNaN(trace.time[i])) return trace.time[i];
  const scalar = trace.recordedScalar?.[i] ?? NaN;
  if (!Number.isNaN(scalar)) return scalar + (trace.recordedCounter?.[i] ?? 0) / 4294967296;
  return clocks.lamport[i];
}

export function stampOf(trace: Trace, clocks: ComputedClocks, i: number): Stamp {
  return { time: stampTime(trace, clocks, i), replica: trace.replicas.name(trace.replica[i]) };
}
