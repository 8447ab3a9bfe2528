// Clocks computed from the trace's structure (program order and message edges), and the checks
// of recorded clocks against them: regressions, gaps and clocks that miss what they follow.

import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import type { CausalOrder } from './order';

export interface ComputedClocks {
  /** Number of replicas: the width of each clock row. */
  replicaCount: number;
  /** Dense vector clocks: event i's clock is `vector[i*R .. i*R+R)`; every event ticks its own entry. */
  vector: Uint32Array;
  /** Lamport clocks: longest causal chain ending at the event, counting it (1-based). */
  lamport: Uint32Array;
}

/** Vector and Lamport clocks of every event, computed along the causal order. */
export function computeClocks(trace: Trace, causal: CausalOrder): ComputedClocks {
  const n = trace.size;
  const R = trace.replicas.size;
  const vector = new Uint32Array(n * R);
  const lamport = new Uint32Array(n);
  const { order, previousOnReplica, ignoredEdge } = causal;
  const { edgeStart, edgeFrom, replica } = trace;
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const row = i * R;
    const p = previousOnReplica[i];
    let l = 0;
    if (p >= 0) {
      // A loop, not copyWithin: a native call per event costs more than copying a row of a few entries.
      for (let r = 0, from = p * R; r < R; r++) vector[row + r] = vector[from + r];
      l = lamport[p];
    }
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
      if (ignoredEdge[k]) continue;
      const from = edgeFrom[k];
      const fromRow = from * R;
      for (let r = 0; r < R; r++) {
        const v = vector[fromRow + r];
        if (v > vector[row + r]) vector[row + r] = v;
      }
      if (lamport[from] > l) l = lamport[from];
    }
    vector[row + replica[i]]++;
    lamport[i] = l + 1;
  }
  return { replicaCount: R, vector, lamport };
}

/**
 * Checks recorded vector clocks: on each replica the own entry must rise (a fall or repeat is a
 * regression, a jump of more than one a gap from un-logged events); a clock must include every
 * entry of the clocks of the events it follows (its predecessor and the sends it receives).
 */
export function checkRecordedClocks(trace: Trace, causal: CausalOrder): Finding[] {
  const findings: Finding[] = [];
  if (trace.clockKind !== 'vector') return checkScalarClocks(trace, causal);
  const R = trace.replicas.size;
  const { clockStart, clockReplica, clockValue, replica, edgeStart, edgeFrom } = trace;
  const scratch = new Float64Array(R);
  const lastRecorded = new Int32Array(R).fill(-1);
  const { order, ignoredEdge } = causal;
  const describe = (i: number) => `${trace.eventId(i)} (line ${trace.line[i]})`;
  /** Event whose recorded clock is spread into `scratch` (by replica), or -1. */
  let scattered = -1;
  /** An entry of `from`'s recorded clock that event i's recorded clock lacks. */
  const missing = (i: number, from: number): string | undefined => {
    const a = clockStart[i];
    const b = clockStart[from];
    const count = clockStart[from + 1] - b;
    // Fast path: both clocks list the same replicas in the same order (what tracers usually write).
    let aligned = clockStart[i + 1] - a === count;
    for (let k = 0; aligned && k < count; k++) aligned = clockReplica[a + k] === clockReplica[b + k];
    if (!aligned && scattered !== i) {
      for (let k = a; k < clockStart[i + 1]; k++) scratch[clockReplica[k]] = clockValue[k];
      scattered = i;
    }
    for (let k = b; k < b + count; k++) {
      const r = clockReplica[k];
      const have = aligned ? clockValue[a + k - b] : scratch[r];
      if (have < clockValue[k]) return `${trace.replicas.name(r)}: ${have} < ${clockValue[k]}`;
    }
    return undefined;
  };
  /** Own entry of each replica's last recorded clock. */
  const lastOwn = new Float64Array(R);
  for (let s = 0; s < trace.size; s++) {
    const i = order[s];
    if (clockStart[i + 1] === clockStart[i]) continue;
    const r = replica[i];
    const own = ownEntry(trace, i);
    const p = lastRecorded[r];
    if (p >= 0) {
      const before = lastOwn[r];
      if (own <= before) {
        findings.push({
          severity: 'error',
          kind: 'clock-regression',
          line: trace.line[i],
          message: `${describe(i)} has own clock entry ${trace.replicas.name(r)}=${own}, not above ${before} at the replica's previous event ${describe(p)}: a replica's clock must rise with every event.`,
          events: [trace.eventId(p), trace.eventId(i)],
        });
      } else if (own > before + 1) {
        findings.push({
          severity: 'warning',
          kind: 'clock-gap',
          line: trace.line[i],
          message: `${describe(i)} has own clock entry ${trace.replicas.name(r)}=${own} after ${before} at ${describe(p)}: ${own - before - 1} event(s) in between were not logged.`,
          events: [trace.eventId(p), trace.eventId(i)],
        });
      }
      const gap = missing(i, p);
      if (gap && own > before) clockAnomaly(findings, trace, i, p, gap, 'its previous event');
    } else if (own !== 1) {
      findings.push({
        severity: 'warning',
        kind: 'clock-gap',
        line: trace.line[i],
        message: `${describe(i)} is the first logged event of ${trace.replicas.name(r)} but its own clock entry is ${own}, not 1: earlier events were not logged.`,
        events: [trace.eventId(i)],
      });
    }
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
      if (ignoredEdge[k]) continue;
      const from = edgeFrom[k];
      const gap = missing(i, from);
      if (gap) clockAnomaly(findings, trace, i, from, gap, 'the event it receives from');
    }
    if (scattered === i) {
      for (let k = clockStart[i]; k < clockStart[i + 1]; k++) scratch[clockReplica[k]] = 0;
      scattered = -1;
    }
    lastRecorded[r] = i;
    lastOwn[r] = own;
  }
  return findings;
}

function clockAnomaly(findings: Finding[], trace: Trace, i: number, from: number, gap: string, relation: string): void {
  findings.push({
    severity: 'error',
    kind: 'clock-anomaly',
    line: trace.line[i],
    message: `The clock of ${trace.eventId(i)} (line ${trace.line[i]}) does not include the clock of ${trace.eventId(from)} (line ${trace.line[from]}), ${relation} (${gap}): the recorded clocks contradict the trace's causal structure.`,
    events: [trace.eventId(from), trace.eventId(i)],
  });
}

/** The recorded own entry of event i (0 when absent). Clocks usually list replicas in id order: look there first. */
function ownEntry(trace: Trace, i: number): number {
  const r = trace.replica[i];
  const start = trace.clockStart[i];
  const end = trace.clockStart[i + 1];
  if (start + r < end && trace.clockReplica[start + r] === r) return trace.clockValue[start + r];
  for (let k = start; k < end; k++) if (trace.clockReplica[k] === r) return trace.clockValue[k];
  return 0;
}

/** Lamport and hybrid clocks must rise along every causal edge. */
function checkScalarClocks(trace: Trace, causal: CausalOrder): Finding[] {
  const findings: Finding[] = [];
  if (trace.clockKind === 'none') return findings;
  const stamp = (i: number) => trace.recordedScalar[i] * 4294967296 + trace.recordedCounter[i];
  const check = (before: number, after: number, relation: string) => {
    if (Number.isNaN(trace.recordedScalar[before]) || Number.isNaN(trace.recordedScalar[after])) return;
    if (stamp(after) > stamp(before)) return;
    findings.push({
      severity: 'error',
      kind: trace.replica[before] === trace.replica[after] ? 'clock-regression' : 'clock-anomaly',
      line: trace.line[after],
      message: `The ${trace.clockKind} clock of ${trace.eventId(after)} (line ${trace.line[after]}) is not above that of ${trace.eventId(before)} (line ${trace.line[before]}), ${relation}.`,
      events: [trace.eventId(before), trace.eventId(after)],
    });
  };
  for (let i = 0; i < trace.size; i++) {
    const p = causal.previousOnReplica[i];
    if (p >= 0) check(p, i, 'its previous event on the same replica');
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
      if (!causal.ignoredEdge[k]) check(trace.edgeFrom[k], i, 'which it receives from');
    }
  }
  return findings;
}
