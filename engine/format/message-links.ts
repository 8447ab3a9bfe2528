// The orderings that message ids and sync sources add to a clock-inferred plan: TraceBuilder links
// those events itself, so edges inferred into them from the same host are replaced, not repeated.

import type { CausalPlan } from './causal-emit';
import type { PendingEvents } from './pending';

/**
 * Receives and syncs whose message id (`msg`) names a send, and syncs that name the replica they
 * merge (`from`): TraceBuilder links them itself, so the sending event only has to come first;
 * edges inferred from the sender's host into them would duplicate the link. Such inferred edges
 * from a sync's `from` host stay as orderings (the sync must follow what its clock knows).
 */
export function withMessageLinks(p: PendingEvents, plan: CausalPlan): CausalPlan {
  const sendOf = new Map<string, number>();
  let syncsFrom = false;
  for (let i = 0; i < p.extra.length; i++) {
    const x = p.extra[i];
    if (x?.kind === 'send' && x.msg !== undefined && !sendOf.has(x.msg)) sendOf.set(x.msg, i);
    if (x?.kind === 'sync' && x.msg === undefined && x.from !== undefined) syncsFrom = true;
  }
  if (sendOf.size === 0 && !syncsFrom) return plan;
  const linkFrom: number[] = [];
  const linkTo: number[] = [];
  /** Per linked event, the host whose inferred edges into it the link replaces. */
  const linkedHost = new Map<number, number>();
  for (let i = 0; i < p.extra.length; i++) {
    const x = p.extra[i];
    if (x?.kind === 'sync' && x.msg === undefined && x.from !== undefined) {
      const h = p.hosts.find(x.from);
      if (h >= 0) linkedHost.set(i, h);
      continue;
    }
    if ((x?.kind !== 'receive' && x?.kind !== 'sync') || x.msg === undefined) continue;
    const s = sendOf.get(x.msg);
    if (s === undefined) continue;
    linkFrom.push(s);
    linkTo.push(i);
    linkedHost.set(i, p.host[s]);
  }
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  for (let k = 0; k < plan.edgeFrom.length; k++) {
    const to = plan.edgeTo[k];
    if (linkedHost.get(to) === p.host[plan.edgeFrom[k]]) {
      if (p.extra[to]?.msg === undefined) {
        linkFrom.push(plan.edgeFrom[k]);
        linkTo.push(to);
      }
      continue;
    }
    edgeFrom.push(plan.edgeFrom[k]);
    edgeTo.push(to);
  }
  return { ...plan, edgeFrom, edgeTo, linkFrom, linkTo };
}
