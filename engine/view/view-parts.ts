// The diagram's view as it crosses to the webview, in parts (engine/view/wire.ts cuts them): what
// the webview can compute stays behind (each event's step: the causal order inverted), and the
// conflicts cross as columns of numbers (a million events' 257,000 conflicts in 8 MB, not 31 MB of
// JSON) and stay columns there.

import { type ConflictColumns, ConflictTable } from './conflict-table';
import type { TimelineView, TraceView } from './model';
import { encodeParts, type PartsDecoder } from './wire';

/** A view as a page holds it: its conflicts as a table of columns, not one object each. */
export type ShownView = Omit<TraceView, 'conflicts'> & { conflicts: ConflictTable };

/** A view and its replicas' causal buffers, as the webview draws them. */
export type DrawnView = ShownView & { buffers: TimelineView[] };

/** Cuts a view and its buffers into parts for the webview; `decodedView` puts them back together. */
export function encodeView(view: TraceView, buffers: TimelineView[]): Uint8Array[] {
  const { step: _step, conflicts, ...rest } = view;
  return encodeParts({ ...rest, ...ConflictTable.of(conflicts).toColumns(), buffers });
}

/** Puts the view and buffers back together from all of their parts (added to `decoder` as they arrived). */
export function decodedView(decoder: PartsDecoder): DrawnView {
  const value = decoder.value<Omit<DrawnView, 'step' | 'conflicts'> & ConflictColumns>();
  const { conflictNames, conflictKey, conflictRule, conflictEventStart, conflictEvents, conflictWinnerStart, conflictWinners, conflictTargets, conflictReasons, conflictIds, ...view } = value;
  const conflicts = ConflictTable.fromColumns({ conflictNames, conflictKey, conflictRule, conflictEventStart, conflictEvents, conflictWinnerStart, conflictWinners, conflictTargets, conflictReasons, conflictIds });
  const { order } = view;
  const step = new Uint32Array(order.length);
  for (let at = 0; at < order.length; at++) step[order[at]] = at;
  return { ...view, step, conflicts };
}
