// One execution of a clock-based log turned into a Trace: edges inferred from the recorded vector
// clocks, events handed to TraceBuilder in causal order. Shared by ShiViz, DistributedClocks, TLA+ and P.

import { TraceBuilder } from '../trace/builder';
import type { SourceText, Trace, TraceHeader } from '../trace/model';
import { emitCausally } from './causal-emit';
import { type ClockOrderOptions, inferClockEdges } from './clock-edges';
import { withMessageLinks } from './message-links';
import { FindingLog, type PendingEvents } from './pending';

export interface ClockTraceOptions extends ClockOrderOptions {
  name: string;
  header?: Partial<TraceHeader>;
  /** Re-reads labels and fields on demand (they were not buffered). */
  source?: SourceText;
}

export function traceFromClocks(p: PendingEvents, options: ClockTraceOptions): Trace {
  const replicas = [...(options.header?.replicas ?? [])];
  for (const r of replicaOrder(p)) if (!replicas.includes(r)) replicas.push(r);
  const header: TraceHeader = { ...options.header, format: 'causeway', version: 1, replicas };
  const builder = new TraceBuilder(header, options.name, options.source);
  const log = new FindingLog(builder.findings);
  const plan = withMessageLinks(p, inferClockEdges(p, options, log));
  emitCausally(p, plan, builder, log, { keepDetails: options.source === undefined });
  log.flush();
  return builder.finish();
}

/**
 * Hosts in the order of their first event, then hosts that only appear in clocks (importers intern
 * a name only for an event they keep or a clock entry, so every name in the table is used).
 */
export function replicaOrder(p: PendingEvents): string[] {
  const H = p.hosts.size;
  const firstEvent = new Float64Array(H).fill(Infinity);
  for (let i = p.size - 1; i >= 0; i--) firstEvent[p.host[i]] = i;
  const ids: number[] = [];
  for (let h = 0; h < H; h++) ids.push(h);
  ids.sort((a, b) => firstEvent[a] - firstEvent[b] || a - b);
  return ids.map((h) => p.hosts.name(h));
}
