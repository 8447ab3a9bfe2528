// Clocks computed from the trace's structure (program order and message edges), and the checks
// of recorded clocks against them: regressions, gaps and clocks that miss what they follow.

import { counted, MemoryBudget } from '../analysis/limits';
import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import { IntList } from '../util/int-list';
import type { CausalOrder } from './order';

/** Traces up to this many events × replicas keep dense clock rows (64 MB, when the budget has room); wider ones keep only each clock's non-zero entries. */
const DENSE_ENTRIES = 1 << 24;
/** Rows this narrow stay dense at any length: a sparse entry takes twice the bytes of a dense one. */
const DENSE_REPLICAS = 64;

/** Sparse clocks: event i's non-zero entries at `[start[i], end[i])` of `replicaOf` and `valueOf`, by ascending replica. */
interface SparseClocks {
  start: Uint32Array;
  end: Uint32Array;
  replicaOf: Int32Array;
  valueOf: Int32Array;
}

/**
 * Vector and Lamport clocks of every event. Vector clocks are stored densely (R entries per
 * event) when that is small, else sparsely (each event's non-zero entries, by replica): a trace
 * with tens of thousands of replicas whose events each know a few of them stays small.
 */
export class ComputedClocks {
  /** The dense matrix built from sparse clocks, once asked for. */
  private densified: Uint32Array | undefined;

  constructor(
    /** Number of replicas: the width of each clock. */
    readonly replicaCount: number,
    /** Lamport clocks: longest causal chain ending at the event, counting it (1-based). */
    readonly lamport: Uint32Array,
    /** Dense clocks (event i's at `[i*R, i*R+R)`), or undefined when sparse. */
    private readonly dense: Uint32Array | undefined,
    private readonly sparse?: SparseClocks,
  ) {}

  /** The clocks are stored densely (entry lookups cost no search). */
  get isDense(): boolean {
    return this.dense !== undefined;
  }

  /** Entry r of event i's clock. */
  entry(i: number, r: number): number {
    if (this.dense !== undefined) return this.dense[i * this.replicaCount + r];
    const { start, end, replicaOf, valueOf } = this.sparse!;
    let lo = start[i];
    let hi = end[i];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (replicaOf[mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return lo < end[i] && replicaOf[lo] === r ? valueOf[lo] : 0;
  }

  /** The first replica r, by ascending replica, whose non-zero entry of event i's clock passes `accept(r, value)`; -1 if none. */
  findEntry(i: number, accept: (r: number, value: number) => boolean): number {
    if (this.dense !== undefined) {
      for (let r = 0, at = i * this.replicaCount; r < this.replicaCount; r++) if (this.dense[at + r] > 0 && accept(r, this.dense[at + r])) return r;
      return -1;
    }
    const { start, end, replicaOf, valueOf } = this.sparse!;
    for (let k = start[i]; k < end[i]; k++) if (accept(replicaOf[k], valueOf[k])) return replicaOf[k];
    return -1;
  }

  /** Calls `visit(replica, value)` for each non-zero entry of event i's clock, by ascending replica. */
  forEachEntry(i: number, visit: (r: number, value: number) => void): void {
    this.findEntry(i, (r, value) => {
      visit(r, value);
      return false;
    });
  }

  /** Event i's clock as a new dense row of R entries. */
  row(i: number): Uint32Array {
    const R = this.replicaCount;
    if (this.dense !== undefined) return this.dense.slice(i * R, i * R + R);
    const row = new Uint32Array(R);
    this.forEachEntry(i, (r, value) => (row[r] = value));
    return row;
  }

  /** Every event's clock, dense (event i's at `[i*R, i*R+R)`): built once, within the budget, when stored sparsely. */
  denseMatrix(budget: MemoryBudget): Uint32Array {
    if (this.dense !== undefined) return this.dense;
    if (this.densified !== undefined) return this.densified;
    const n = this.lamport.length;
    const R = this.replicaCount;
    budget.reserve(n * R * 4, `vector clocks of ${counted(n)} events × ${counted(R)} replicas, for the diagram`);
    const matrix = new Uint32Array(n * R);
    for (let i = 0; i < n; i++) this.forEachEntry(i, (r, value) => (matrix[i * R + r] = value));
    return (this.densified = matrix);
  }
}

/**
 * Vector and Lamport clocks of every event, computed along the causal order. When every event
 * records its full clock and each equals the computed one (what a correct tracer writes), the
 * recorded column is the answer: no second copy of events × replicas entries is made.
 */
export function computeClocks(trace: Trace, causal: CausalOrder, budget = new MemoryBudget()): ComputedClocks {
  const n = trace.size;
  const R = trace.replicas.size;
  const lamport = new Uint32Array(n);
  const recorded = recordedClocksIfComputed(trace, causal, lamport);
  if (recorded) return new ComputedClocks(R, lamport, recorded);
  if ((R <= DENSE_REPLICAS || n * R <= DENSE_ENTRIES) && n * R * 4 <= budget.available) {
    budget.reserve(n * R * 4, `vector clocks of ${counted(n)} events × ${counted(R)} replicas`);
    return new ComputedClocks(R, lamport, denseClocks(trace, causal, lamport));
  }
  return new ComputedClocks(R, lamport, undefined, sparseClocks(trace, causal, lamport, budget));
}

/** Lamport clock of event i from those of the events it follows (its predecessor and the sends it receives). */
function lamportOf(trace: Trace, causal: CausalOrder, lamport: Uint32Array, i: number): number {
  const p = causal.previousOnReplica[i];
  let l = p >= 0 ? lamport[p] : 0;
  for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
    if (!causal.ignoredEdge[k] && lamport[trace.edgeFrom[k]] > l) l = lamport[trace.edgeFrom[k]];
  }
  return l + 1;
}

/**
 * The recorded clocks as the dense matrix of computed clocks, when every event records a vector
 * clock listing all R replicas in id order (event i's at `[i*R, i*R+R)` of the column) and each
 * is the clock the causal structure gives; else undefined. Checked row by row along the causal
 * order, each row computed from recorded rows already checked. Fills `lamport` on the way (it is
 * computed again when the recorded clocks do not serve).
 */
function recordedClocksIfComputed(trace: Trace, causal: CausalOrder, lamport: Uint32Array): Uint32Array | undefined {
  const n = trace.size;
  const R = trace.replicas.size;
  const { clockStart, clockReplica, clockValue: recorded } = trace;
  if (trace.clockKind !== 'vector' || R === 0 || clockStart[n] !== n * R) return undefined;
  const row = new Uint32Array(R);
  const { order, previousOnReplica, ignoredEdge } = causal;
  const { edgeStart, edgeFrom, replica } = trace;
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const at = i * R;
    if (clockStart[i] !== at || clockStart[i + 1] !== at + R) return undefined;
    const p = previousOnReplica[i];
    const own = replica[i];
    if (edgeStart[i] === edgeStart[i + 1]) {
      // No message: the predecessor's clock (zeros at a replica's first event) with the own entry ticked, compared in place.
      for (let r = 0, from = p * R; r < R; r++) {
        const before = p >= 0 ? recorded[from + r] : 0;
        if (recorded[at + r] !== (r === own ? (before + 1) >>> 0 : before)) return undefined;
      }
    } else {
      if (p >= 0) for (let r = 0, from = p * R; r < R; r++) row[r] = recorded[from + r];
      else row.fill(0);
      for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
        if (ignoredEdge[k]) continue;
        for (let r = 0, from = edgeFrom[k] * R; r < R; r++) if (recorded[from + r] > row[r]) row[r] = recorded[from + r];
      }
      row[own]++;
      for (let r = 0; r < R; r++) if (recorded[at + r] !== row[r]) return undefined;
    }
    if (clockReplica !== undefined) for (let r = 0; r < R; r++) if (clockReplica[at + r] !== r) return undefined;
    lamport[i] = lamportOf(trace, causal, lamport, i);
  }
  return recorded.length === n * R ? recorded : recorded.subarray(0, n * R);
}

/** Dense clocks: each event's row copies its predecessor's, takes the maximum with the rows of the sends it receives, then ticks. */
function denseClocks(trace: Trace, causal: CausalOrder, lamport: Uint32Array): Uint32Array {
  const n = trace.size;
  const R = trace.replicas.size;
  const vector = new Uint32Array(n * R);
  const { order, previousOnReplica, ignoredEdge } = causal;
  const { edgeStart, edgeFrom, replica } = trace;
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const row = i * R;
    const p = previousOnReplica[i];
    // A loop, not copyWithin: a native call per event costs more than copying a row of a few entries.
    if (p >= 0) for (let r = 0, from = p * R; r < R; r++) vector[row + r] = vector[from + r];
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
      if (ignoredEdge[k]) continue;
      const fromRow = edgeFrom[k] * R;
      for (let r = 0; r < R; r++) {
        const v = vector[fromRow + r];
        if (v > vector[row + r]) vector[row + r] = v;
      }
    }
    vector[row + replica[i]]++;
    lamport[i] = lamportOf(trace, causal, lamport, i);
  }
  return vector;
}

/** A clock being built: its non-zero entries by ascending replica. */
class SparseRow {
  replicas: Int32Array;
  values: Int32Array;
  length = 0;

  constructor(capacity: number) {
    this.replicas = new Int32Array(capacity);
    this.values = new Int32Array(capacity);
  }

  /** Sets this row to the entry-wise maximum of `a[aFrom, aTo)` and `b[bFrom, bTo)` (entries given by replica, ascending). */
  merge(aR: Int32Array, aV: Int32Array, aFrom: number, aTo: number, bR: Int32Array, bV: Int32Array, bFrom: number, bTo: number): void {
    let m = 0;
    while (aFrom < aTo || bFrom < bTo) {
      const ra = aFrom < aTo ? aR[aFrom] : Infinity;
      const rb = bFrom < bTo ? bR[bFrom] : Infinity;
      if (ra < rb) {
        this.replicas[m] = ra;
        this.values[m++] = aV[aFrom++];
      } else if (rb < ra) {
        this.replicas[m] = rb;
        this.values[m++] = bV[bFrom++];
      } else {
        this.replicas[m] = ra;
        this.values[m++] = Math.max(aV[aFrom++], bV[bFrom++]);
      }
    }
    this.length = m;
  }
}

/** Sparse clocks: the same computation on each clock's non-zero entries, merged as sorted lists. */
function sparseClocks(trace: Trace, causal: CausalOrder, lamport: Uint32Array, budget: MemoryBudget): SparseClocks {
  const n = trace.size;
  const R = trace.replicas.size;
  const { order, previousOnReplica, ignoredEdge } = causal;
  const { edgeStart, edgeFrom, replica } = trace;
  /** Event i's entries are at `[start[i], end[i])` of the lists (appended in causal order). */
  const start = new Uint32Array(n);
  const end = new Uint32Array(n);
  const replicaOf = new IntList();
  const valueOf = new IntList();
  const what = `vector clocks of ${counted(n)} events × ${counted(R)} replicas (their non-zero entries)`;
  let row = new SparseRow(R + 1);
  let merged = new SparseRow(R + 1);
  for (let s = 0; s < n; s++) {
    const i = order[s];
    const p = previousOnReplica[i];
    row.length = 0;
    if (p >= 0) row.merge(replicaOf.data, valueOf.data, start[p], end[p], row.replicas, row.values, 0, 0);
    for (let k = edgeStart[i]; k < edgeStart[i + 1]; k++) {
      if (ignoredEdge[k]) continue;
      const from = edgeFrom[k];
      merged.merge(row.replicas, row.values, 0, row.length, replicaOf.data, valueOf.data, start[from], end[from]);
      [row, merged] = [merged, row];
    }
    // Tick the own entry (inserted, at its place by replica, when the event is its replica's first).
    const own = replica[i];
    let x = 0;
    while (x < row.length && row.replicas[x] < own) x++;
    if (x < row.length && row.replicas[x] === own) row.values[x]++;
    else {
      row.replicas.copyWithin(x + 1, x, row.length);
      row.values.copyWithin(x + 1, x, row.length);
      row.replicas[x] = own;
      row.values[x] = 1;
      row.length++;
    }
    budget.reserve(row.length * 8, what);
    start[i] = replicaOf.length;
    end[i] = replicaOf.length + row.length;
    replicaOf.reserve(row.length);
    valueOf.reserve(row.length);
    replicaOf.data.set(row.replicas.subarray(0, row.length), replicaOf.length);
    valueOf.data.set(row.values.subarray(0, row.length), valueOf.length);
    replicaOf.length += row.length;
    valueOf.length += row.length;
    lamport[i] = lamportOf(trace, causal, lamport, i);
  }
  return { start, end, replicaOf: replicaOf.data, valueOf: valueOf.data };
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
  /** The replica of entry k of the clock whose entries start at `start`. */
  const entryReplica = (k: number, start: number) => (clockReplica === undefined ? k - start : clockReplica[k]);
  /** Event whose recorded clock is spread into `scratch` (by replica), or -1. */
  let scattered = -1;
  /** An entry of `from`'s recorded clock that event i's recorded clock lacks. */
  const missing = (i: number, from: number): string | undefined => {
    const a = clockStart[i];
    const b = clockStart[from];
    const count = clockStart[from + 1] - b;
    // Fast path: both clocks list the same replicas in the same order (what tracers usually write).
    let aligned = clockStart[i + 1] - a === count;
    if (clockReplica !== undefined) for (let k = 0; aligned && k < count; k++) aligned = clockReplica[a + k] === clockReplica[b + k];
    if (!aligned && scattered !== i) {
      for (let k = a; k < clockStart[i + 1]; k++) scratch[entryReplica(k, a)] = clockValue[k];
      scattered = i;
    }
    for (let k = b; k < b + count; k++) {
      const r = entryReplica(k, b);
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
      for (let k = clockStart[i]; k < clockStart[i + 1]; k++) scratch[entryReplica(k, clockStart[i])] = 0;
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
  const { clockReplica } = trace;
  if (start + r < end && (clockReplica === undefined || clockReplica[start + r] === r)) return trace.clockValue[start + r];
  if (clockReplica !== undefined) for (let k = start; k < end; k++) if (clockReplica[k] === r) return trace.clockValue[k];
  return 0;
}

/** Lamport and hybrid clocks must rise along every causal edge. */
function checkScalarClocks(trace: Trace, causal: CausalOrder): Finding[] {
  const findings: Finding[] = [];
  const { recordedScalar: scalar, recordedCounter: counter } = trace;
  if (trace.clockKind === 'none' || scalar === undefined || counter === undefined) return findings;
  // Compared part by part: a wall time in ms times 2^32 would round the counter away.
  const rises = (before: number, after: number) => {
    const a = scalar[after];
    const b = scalar[before];
    return a > b || (a === b && counter[after] > counter[before]);
  };
  const check = (before: number, after: number, relation: string) => {
    if (Number.isNaN(scalar[before]) || Number.isNaN(scalar[after])) return;
    if (rises(before, after)) return;
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
