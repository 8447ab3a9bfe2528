// The diagram's view as it crosses to the webview, in parts (engine/view/wire.ts cuts them): what
// the webview can compute stays behind (each event's step: the causal order inverted), the clocks
// cross as what changes along each lane (a million 16-entry clocks in 5 MB, not 32), and the
// conflicts as columns of numbers (257,000 conflicts in 8 MB, not 31 MB of JSON) that stay columns there.

import { type ConflictColumns, ConflictTable } from './conflict-table';
import type { TimelineView, TraceView } from './model';
import { encodeParts, type PartsDecoder } from './wire';

/** A view as a page holds it: its conflicts as a table of columns, not one object each. */
export type ShownView = Omit<TraceView, 'conflicts'> & { conflicts: ConflictTable };

/** A view and its replicas' causal buffers, as the webview draws them. */
export type DrawnView = ShownView & { buffers: TimelineView[] };

/**
 * The clocks as their entries that differ from the clock of the lane's event before (or from zero
 * for a lane's first): an event's own entry and what its messages brought, an entry or two each
 * instead of one per replica. Lossless whatever the clocks hold.
 */
interface ClockChanges {
  /** Event e's changed entries are `clockChangeReplica/Value[clockChangeStart[e] .. clockChangeStart[e+1])`. */
  clockChangeStart: Uint32Array;
  clockChangeReplica: Uint32Array;
  clockChangeValue: Uint32Array;
}

function clockChanges(clocks: Uint32Array, replica: Uint16Array, R: number): ClockChanges {
  const N = replica.length;
  const start = new Uint32Array(N + 1);
  const before = new Int32Array(R).fill(-1);
  const changed = (e: number, q: number, prev: number) => clocks[e * R + q] !== (prev < 0 ? 0 : clocks[prev * R + q]);
  for (let e = 0; e < N; e++) {
    const prev = before[replica[e]];
    let count = 0;
    for (let q = 0; q < R; q++) if (changed(e, q, prev)) count++;
    start[e + 1] = start[e] + count;
    before[replica[e]] = e;
  }
  const changeReplica = new Uint32Array(start[N]);
  const changeValue = new Uint32Array(start[N]);
  before.fill(-1);
  for (let e = 0, at = 0; e < N; e++) {
    const prev = before[replica[e]];
    for (let q = 0; q < R; q++) {
      if (!changed(e, q, prev)) continue;
      changeReplica[at] = q;
      changeValue[at++] = clocks[e * R + q];
    }
    before[replica[e]] = e;
  }
  return { clockChangeStart: start, clockChangeReplica: changeReplica, clockChangeValue: changeValue };
}

/** Clocks put back together between two pauses of `decodedView` (about ten milliseconds' worth at 16 replicas). */
const CLOCKS_AT_ONCE = 128 * 1024;

/** The dense clocks back from their changes along each lane, awaiting `pause` every CLOCKS_AT_ONCE events. */
async function clocksOf(changes: ClockChanges, replica: Uint16Array, R: number, pause: () => Promise<void>): Promise<Uint32Array> {
  const { clockChangeStart: start, clockChangeReplica: changeReplica, clockChangeValue: changeValue } = changes;
  const N = replica.length;
  const clocks = new Uint32Array(N * R);
  const before = new Int32Array(R).fill(-1);
  for (let e = 0; e < N; e++) {
    if (e > 0 && e % CLOCKS_AT_ONCE === 0) await pause();
    const prev = before[replica[e]];
    if (prev >= 0) for (let q = 0; q < R; q++) clocks[e * R + q] = clocks[prev * R + q];
    for (let at = start[e]; at < start[e + 1]; at++) clocks[e * R + changeReplica[at]] = changeValue[at];
    before[replica[e]] = e;
  }
  return clocks;
}

/** Cuts a view and its buffers into parts for the webview; `decodedView` puts them back together. */
export function encodeView(view: TraceView, buffers: TimelineView[]): Uint8Array[] {
  const { step: _step, conflicts, clocks, ...rest } = view;
  return encodeParts({ ...rest, ...clockChanges(clocks, view.replica, view.replicas.length), ...ConflictTable.of(conflicts).toColumns(), buffers });
}

/**
 * Puts the view and buffers back together from all of their parts (added to `decoder` as they
 * arrived), awaiting `pause` now and then: on a page's thread, a pause that lets other tasks run
 * keeps each task short (a million events' clocks take a tenth of a second).
 */
export async function decodedView(decoder: PartsDecoder, pause = () => Promise.resolve()): Promise<DrawnView> {
  // The labels stay the pieces they crossed in (labelOf reads them so).
  const value = decoder.value<Omit<DrawnView, 'step' | 'conflicts' | 'clocks'> & ConflictColumns & ClockChanges>(['labelText']);
  const { conflictNames, conflictKey, conflictRule, conflictEventStart, conflictEvents, conflictWinnerStart, conflictWinners, conflictTargets, conflictReasons, conflictIds, clockChangeStart, clockChangeReplica, clockChangeValue, ...view } = value;
  const conflicts = ConflictTable.fromColumns({ conflictNames, conflictKey, conflictRule, conflictEventStart, conflictEvents, conflictWinnerStart, conflictWinners, conflictTargets, conflictReasons, conflictIds });
  const { order } = view;
  const step = new Uint32Array(order.length);
  for (let at = 0; at < order.length; at++) step[order[at]] = at;
  const clocks = await clocksOf({ clockChangeStart, clockChangeReplica, clockChangeValue }, view.replica, view.replicas.length, pause);
  return { ...view, clocks, step, conflicts };
}
