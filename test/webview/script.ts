// Scripted traces: a list of events close to a native trace's lines (receives name the message
// they take), turned into a TraceView with every concurrent write reported as a conflict.

import type { Json } from '../../engine/crdt/types';
import type { FindingKind, Severity } from '../../engine/trace/diagnostics';
import { ViewAccumulator, type GeneratedTrace, type KindName, type OpSpec } from './generate';

/** One event of a scripted trace, close to a native trace line. */
export interface ScriptEvent {
  r: string;
  kind: KindName;
  key?: string;
  op?: OpSpec;
  /** Message id: a send names it, a receive names the send it takes. */
  msg?: string;
  /** Sync: the replica whose latest state is merged. */
  from?: string;
  label?: string;
  id?: string;
  fields?: Record<string, Json>;
  finding?: { severity: Severity; kind: FindingKind; message: string };
  /** What waits in this replica's causal buffer after the event (an empty list drains it). */
  buffer?: string[];
}

export interface Script {
  name: string;
  description?: string;
  replicas: string[];
  objects: Record<string, string>;
  events: ScriptEvent[];
}

/** Builds the TraceView of a scripted trace (every concurrent write is reported as a conflict). */
export function traceFromScript(script: Script): GeneratedTrace {
  const keys = Object.keys(script.objects);
  const acc = new ViewAccumulator(script.replicas, keys, Object.values(script.objects), script.events.length);
  const sends = new Map<string, number>();
  for (const e of script.events) {
    const r = script.replicas.indexOf(e.r);
    if (r < 0) throw new Error(`script ${script.name}: unknown replica ${e.r}`);
    const k = e.key === undefined ? -1 : keys.indexOf(e.key);
    const senders: number[] = [];
    if (e.kind === 'receive') {
      const s = sends.get(e.msg ?? '');
      if (s === undefined) throw new Error(`script ${script.name}: receive of unknown message ${e.msg}`);
      senders.push(s);
    } else if (e.kind === 'sync' && e.from) {
      const s = acc.lastOf(script.replicas.indexOf(e.from));
      if (s >= 0) senders.push(s);
    }
    const label = e.label ?? defaultLabel(e);
    const i = acc.add(r, e.kind, k, e.op, senders, label);
    if (e.kind === 'send' && e.msg) sends.set(e.msg, i);
    if (e.id) acc.ids.set(i, e.id);
    if (e.fields) acc.fields.set(i, e.fields);
    if (e.finding) acc.addFinding(e.finding.severity, e.finding.kind, e.finding.message, [i]);
    if (e.buffer) acc.setBuffer(r, i, e.buffer);
  }
  return acc.finish(script.name, 'causeway', script.description);
}

function defaultLabel(e: ScriptEvent): string {
  switch (e.kind) {
    case 'op':
      if (e.op?.type === 'set') return `set ${e.key} = ${JSON.stringify(e.op.value)}`;
      return `${e.op?.type ?? 'op'} ${e.op?.value === undefined ? '' : JSON.stringify(e.op.value) + ' '}${e.op?.type === 'remove' ? 'from' : 'to'} ${e.key}`;
    case 'send':
      return `send ${e.msg}`;
    case 'receive':
      return `receive ${e.msg}`;
    case 'sync':
      return `sync from ${e.from}`;
    case 'local':
      return 'local';
  }
}
