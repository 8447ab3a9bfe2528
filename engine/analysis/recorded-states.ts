// Checks of the states a trace recorded: against the reference replay (state-mismatch, or
// merge-not-join when the event merged another replica's state), and between replicas that had
// delivered the same operations but recorded different values (divergence).

import type { AnyCrdt, CrdtTypeName, Json } from '../crdt/types';
import type { Finding } from '../trace/diagnostics';
import { EventKind, type Trace } from '../trace/model';

/** Canonical JSON for comparing values: object keys sorted; set-like arrays sorted. */
export function canonicalValue(type: CrdtTypeName | undefined, v: Json): string {
  const unordered = type === 'g-set' || type === '2p-set' || type === 'or-set' || type === 'rw-set' || type === 'mv-register';
  return canonical(v, unordered);
}

function canonical(v: Json, sortArrays: boolean): string {
  if (Array.isArray(v)) {
    const items = v.map((x) => canonical(x, false));
    if (sortArrays) items.sort();
    return `[${items.join(',')}]`;
  }
  if (v !== null && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k], false)}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export class RecordedStateChecker {
  readonly findings: Finding[] = [];
  /** (key, delivered-operations signature) -> the first recorded value and event. */
  private readonly bySignature = new Map<string, { value: string; event: number }>();

  constructor(private readonly trace: Trace) {}

  /** Call after event i was replayed, with the states and per-replica delivered counts. */
  check(i: number, states: AnyCrdt[][], seen: Uint32Array[]): void {
    const recorded = this.trace.recordedState.get(i);
    if (!recorded) return;
    const trace = this.trace;
    const r = trace.replica[i];
    const signature = seen[r].join(',');
    for (const keyName of Object.keys(recorded)) {
      const k = trace.keys.find(keyName);
      const where = `${trace.eventId(i)} (line ${trace.line[i]})`;
      if (k < 0) {
        this.findings.push({
          severity: 'warning',
          kind: 'state-mismatch',
          line: trace.line[i],
          message: `${where} records a state for "${keyName}", an object no operation in the trace touches.`,
          events: [trace.eventId(i)],
        });
        continue;
      }
      const type = trace.objects[k].type;
      const value = canonicalValue(type, recorded[keyName]);
      const expected = states[r][k].value();
      if (value !== canonicalValue(type, expected)) {
        const merged = trace.kind[i] === EventKind.receive || trace.kind[i] === EventKind.sync;
        this.findings.push({
          severity: 'error',
          kind: merged ? 'merge-not-join' : 'state-mismatch',
          line: trace.line[i],
          message: merged
            ? `${where} records ${keyName} = ${short(value)} after merging, but the join of its state with the incoming one is ${short(JSON.stringify(expected))}: the recorded merge is not a join (it lost or invented updates).`
            : `${where} records ${keyName} = ${short(value)}, but replaying the trace gives ${short(JSON.stringify(expected))}.`,
          events: [trace.eventId(i)],
        });
      }
      const slot = `${k}|${signature}`;
      const first = this.bySignature.get(slot);
      if (!first) {
        this.bySignature.set(slot, { value, event: i });
      } else if (first.value !== value && trace.replica[first.event] !== r) {
        const other = first.event;
        const ops = seen[r].reduce((a, b) => a + b, 0);
        this.findings.push({
          severity: 'error',
          kind: 'divergence',
          line: trace.line[i],
          message: `${trace.replicas.name(r)} and ${trace.replicas.name(trace.replica[other])} have delivered the same ${ops} operation(s) but record different values of ${keyName}: ${short(value)} at ${where} and ${short(first.value)} at ${trace.eventId(other)} (line ${trace.line[other]}).`,
          events: [trace.eventId(other), trace.eventId(i)],
        });
      }
    }
  }
}

function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
