// The conflicts of a history a CRDT library decoded (Automerge, Yjs), as that library resolved
// them: its winners and reasons, in Causeway's conflict reports, in causal order.

import type { LibraryHistory } from '../trace/library-history';
import { DOCUMENT_KEY } from '../trace/library-trace';
import type { Trace } from '../trace/model';
import type { CausalOrder } from '../replay/order';
import type { ConflictAnalysis, ConflictReport } from './conflicts';

/** The library's conflicts as reports (`c1`, `c2`, ... by the causal step of their first write); nothing is re-resolved. */
export function libraryConflicts(trace: Trace, library: LibraryHistory, causal: CausalOrder): ConflictAnalysis {
  const indexOf = (ids: readonly string[]) => ids.map((id) => trace.eventIndex(id)).filter((i) => i >= 0);
  const byStep = (a: number, b: number) => causal.step[a] - causal.step[b];
  const reports = library.conflicts
    .map((c) => {
      const events = indexOf(c.events).sort(byStep);
      const winners = indexOf(c.winners).sort(byStep);
      return { c, events, winners, losers: events.filter((e) => !winners.includes(e)) };
    })
    .filter((r) => r.events.length > 1)
    .sort((a, b) => byStep(a.events[0], b.events[0]));
  const involved = new Set<number>();
  const conflicts = reports.map(({ c, events, winners, losers }, n): ConflictReport => {
    events.forEach((e) => involved.add(e));
    return { id: `c${n + 1}`, key: c.key ?? DOCUMENT_KEY, ...(c.target === undefined ? {} : { target: c.target }), events, winners, losers, strategy: c.strategy, reason: c.reason };
  });
  return { conflicts, operationsInConflict: involved.size, findings: [] };
}
