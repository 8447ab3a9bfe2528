// Happens-before edges inferred from recorded vector clocks (ShiViz's rule), shared by every
// clock-based importer, with each host's event order and the clock findings on the way.

import type { FindingLog, PendingEvents } from './pending';
import { quoted } from './pending';

export interface ClockOrderOptions {
  /**
   * true: a host's events must already come in clock order in the source (ShiViz, P), so an own
   * entry that falls or repeats is a regression. false: lines may come in any order (TLA+ trace
   * validation, DistributedClocks); they are sorted and only a repeated own entry is a regression.
   */
  sourceOrder: boolean;
  /** Hosts declared by a header: naming them in a clock does not make them unknown. */
  declared?: ReadonlySet<string>;
}

export interface ClockEdges {
  /** Per host id: its events in clock order (empty for hosts that log nothing). */
  chains: number[][];
  /** Message edges: edgeFrom[k] happened before edgeTo[k]. */
  edgeFrom: number[];
  edgeTo: number[];
  /** Event ids as the trace will name them (`<host>:<n>` unless the source gave one). */
  idOf(i: number): string;
}

/**
 * For an event e on host h and another host g whose entry in e's clock rises above what h's
 * earlier events knew (the largest g entry in their clocks), g's event with that own entry, or the
 * latest logged one below it (un-logged events leave gaps), happened before e, unless h already
 * knew that event. As ShiViz does, a candidate that another candidate already knows (its own entry
 * is at most that candidate's entry for its host) is reached through it: transitive, not a message
 * edge. Only the remaining candidates become edges.
 */
export function inferClockEdges(p: PendingEvents, options: ClockOrderOptions, log: FindingLog): ClockEdges {
  const n = p.size;
  const H = p.hosts.size;
  const own = new Float64Array(n);
  const key = new Float64Array(n);
  const chains: number[][] = [];
  for (let h = 0; h < H; h++) chains.push([]);
  const missingOwn: number[] = [];
  const lastInSource = new Int32Array(H).fill(-1);
  const regressions: [number, number][] = [];

  for (let i = 0; i < n; i++) {
    const h = p.host[i];
    const chain = chains[h];
    own[i] = p.entry(i, h);
    if (Number.isNaN(own[i])) {
      key[i] = chain.length > 0 ? key[chain[chain.length - 1]] : 0;
      if (p.hasClock[i]) missingOwn.push(i);
    } else {
      key[i] = own[i];
      const last = lastInSource[h];
      if (options.sourceOrder && last >= 0 && !(own[i] > own[last])) regressions.push([last, i]);
      lastInSource[h] = i;
    }
    chain.push(i);
  }

  const seq = new Uint32Array(n);
  let fileOrdered = true;
  for (const chain of chains) {
    if (!isSorted(chain, key)) {
      chain.sort((a, b) => key[a] - key[b] || a - b);
      fileOrdered = false;
    }
    for (let j = 0; j < chain.length; j++) seq[chain[j]] = j + 1;
  }
  const idOf = (i: number) => p.extra[i]?.id ?? `${p.hosts.name(p.host[i])}:${seq[i]}`;
  const desc = (i: number) => `${idOf(i)} (line ${p.line[i]})`;
  const hostName = (i: number) => p.hosts.name(p.host[i]);

  for (const i of missingOwn) {
    log.add(
      'warning',
      'clock-anomaly',
      p.line[i],
      `${desc(i)} has a clock without an entry for its own host "${hostName(i)}" (${quoted(p.clockOf(i))}); it is placed after the host's previous event.`,
      [idOf(i)],
    );
  }
  const naming: Naming = { idOf, desc, hostName, line: (i) => p.line[i] };
  if (options.sourceOrder) reportSourceOrder(chains, own, regressions, log, naming);
  for (const chain of chains) reportChain(chain, own, options.sourceOrder, log, naming);
  reportUnknownHosts(p, options.declared, log, desc);

  const { edgeFrom, edgeTo } = edgesFromClocks(p, chains, key, fileOrdered);
  return { chains, edgeFrom, edgeTo, idOf };
}

function isSorted(chain: number[], key: Float64Array): boolean {
  for (let j = 1; j < chain.length; j++) if (key[chain[j]] < key[chain[j - 1]]) return false;
  return true;
}

interface Naming {
  idOf(i: number): string;
  desc(i: number): string;
  hostName(i: number): string;
  line(i: number): number;
}

/**
 * One finding per event whose own entry does not rise in the file. An event that repeats an own
 * entry is an error, named with the earlier event of that entry (its predecessor in clock order,
 * as the replay's clock check names it, so that the two merge into one finding). An event that
 * only comes too early in the file (its entry is new, the lines are out of clock order) is read in
 * clock order, as ShiViz reads it: an info, not an error.
 */
function reportSourceOrder(chains: number[][], own: Float64Array, outOfOrder: [number, number][], log: FindingLog, name: Naming): void {
  const { idOf, desc, hostName, line } = name;
  const repeats = new Map<number, number>();
  for (const chain of chains) {
    for (let j = 1; j < chain.length; j++) {
      const [prev, i] = [chain[j - 1], chain[j]];
      if (!Number.isNaN(own[i]) && own[i] === own[prev]) repeats.set(i, prev);
    }
  }
  const found: [number, number, boolean][] = [...repeats].map(([i, prev]) => [i, prev, true]);
  for (const [before, i] of outOfOrder) if (!repeats.has(i)) found.push([i, before, false]);
  found.sort((a, b) => a[0] - b[0]);
  for (const [i, other, repeated] of found) {
    if (repeated) {
      log.add('error', 'clock-regression', line(i), `${desc(i)} has own clock entry ${hostName(i)}=${own[i]}, the same as ${desc(other)}: a host's own entry must rise with every event.`, [idOf(other), idOf(i)]);
    } else {
      log.add(
        'info',
        'clock-regression',
        line(i),
        `${desc(i)} (own clock entry ${hostName(i)}=${own[i]}) comes after ${desc(other)} (${own[other]}) in the file: the host's lines are out of clock order, and are read in clock order.`,
        [idOf(other), idOf(i)],
      );
    }
  }
}

/** Gaps (warnings) along a host's clock-ordered events, and repeats when the source order was not checked. */
function reportChain(chain: number[], own: Float64Array, sourceOrder: boolean, log: FindingLog, name: Naming): void {
  const { idOf, desc, hostName, line } = name;
  let prev = -1;
  for (const i of chain) {
    if (Number.isNaN(own[i])) continue;
    if (prev < 0) {
      if (own[i] !== 1) {
        log.add('warning', 'clock-gap', line(i), `${desc(i)} is the first logged event of ${hostName(i)} but its own clock entry is ${own[i]}, not 1: earlier events were not logged.`, [idOf(i)]);
      }
    } else if (own[i] === own[prev]) {
      if (!sourceOrder) {
        log.add('error', 'clock-regression', line(i), `${desc(i)} and ${desc(prev)} have the same own clock entry ${hostName(i)}=${own[i]}: a host's own entry must rise with every event.`, [idOf(prev), idOf(i)]);
      }
    } else if (own[i] > own[prev] + 1) {
      log.add(
        'warning',
        'clock-gap',
        line(i),
        `${desc(i)} has own clock entry ${hostName(i)}=${own[i]} after ${own[prev]} at ${desc(prev)}: ${own[i] - own[prev] - 1} event(s) in between were not logged.`,
        [idOf(prev), idOf(i)],
      );
    }
    prev = i;
  }
}

function reportUnknownHosts(p: PendingEvents, declared: ReadonlySet<string> | undefined, log: FindingLog, desc: (i: number) => string): void {
  const H = p.hosts.size;
  if (p.logs.subarray(0, H).every((logs) => logs === 1)) return;
  const reported = new Uint8Array(H);
  for (let i = 0; i < p.size; i++) {
    for (let k = p.clockStart[i]; k < p.clockStart[i + 1]; k++) {
      const g = p.clockHost[k];
      if (p.logs[g] || reported[g]) continue;
      reported[g] = 1;
      const name = p.hosts.name(g);
      if (declared?.has(name)) continue;
      log.add(
        'warning',
        'unknown-replica',
        p.line[i],
        `Host "${name}" appears in the clock of ${desc(i)} but logs no event of its own: it is shown as a replica without events.`,
        [],
      );
    }
  }
}

/** Up to this many hosts, edges are found in one pass over the events in file order (a row of state per host). */
const MAX_HOSTS_FOR_ROWS = 256;

/**
 * Message edges of every event, visiting each host's events in clock order. When every host's
 * events already come in file order, one pass in file order finds the same edges and reads the
 * clocks in the order they are stored (far fewer cache misses); each host then keeps its own row of
 * state. Either way an event's edges are listed together, in the order of its clock's entries.
 */
function edgesFromClocks(p: PendingEvents, chains: number[][], key: Float64Array, fileOrdered: boolean): { edgeFrom: number[]; edgeTo: number[] } {
  const H = p.hosts.size;
  const rowPerHost = fileOrdered && H <= MAX_HOSTS_FOR_ROWS;
  const finder = new EdgeFinder(p, chains, key, rowPerHost);
  if (rowPerHost) {
    for (let i = 0; i < p.size; i++) finder.visit(i, p.host[i] * H);
  } else {
    for (const chain of chains) {
      finder.reset();
      for (const i of chain) finder.visit(i, 0);
    }
  }
  return { edgeFrom: finder.edgeFrom, edgeTo: finder.edgeTo };
}

/** What one host has learnt along its events, kept per row (one row per host, or one row reused). */
class EdgeFinder {
  readonly edgeFrom: number[] = [];
  readonly edgeTo: number[] = [];
  /** Per other host g: the largest g entry in this host's clocks so far. */
  private readonly known: Uint32Array;
  /** Per other host g: the position in g's chain of the latest candidate found so far (it only moves forward). */
  private readonly at: Int32Array;
  private readonly keysOf: Float64Array[];
  private readonly knownByOthers: Float64Array;
  private readonly touched: number[] = [];
  private readonly candidates: number[] = [];

  constructor(
    private readonly p: PendingEvents,
    private readonly chains: number[][],
    private readonly key: Float64Array,
    private readonly rowPerHost: boolean,
  ) {
    const H = p.hosts.size;
    const rows = rowPerHost ? H : 1;
    this.known = new Uint32Array(rows * H);
    this.at = new Int32Array(rows * H).fill(-1);
    this.keysOf = chains.map((chain) => {
      const keys = new Float64Array(chain.length);
      for (let j = 0; j < chain.length; j++) keys[j] = key[chain[j]];
      return keys;
    });
    this.knownByOthers = new Float64Array(H);
  }

  /** Forgets the one shared row (the next host starts from nothing). */
  reset(): void {
    for (const g of this.touched) {
      this.known[g] = 0;
      this.at[g] = -1;
    }
    this.touched.length = 0;
  }

  /** Adds the edges into event i; `row` is the offset of its host's state. */
  visit(i: number, row: number): void {
    const { p, key, known, at, candidates } = this;
    const { clockStart, clockHost, clockValue } = p;
    const h = p.host[i];
    candidates.length = 0;
    for (let k = clockStart[i]; k < clockStart[i + 1]; k++) {
      const g = clockHost[k];
      const v = clockValue[k];
      if (g === h || !(v > known[row + g])) continue;
      const before = known[row + g];
      if (before === 0 && !this.rowPerHost) this.touched.push(g);
      known[row + g] = v;
      const c = latestAtOrBelow(this.keysOf[g], v, at[row + g]);
      at[row + g] = c;
      if (c < 0) continue;
      const from = this.chains[g][c];
      if (key[from] > before) candidates.push(from);
    }
    if (candidates.length > 1) dropTransitive(p, candidates, key, this.knownByOthers);
    for (const from of candidates) {
      if (from < 0) continue;
      this.edgeFrom.push(from);
      this.edgeTo.push(i);
    }
  }
}

/**
 * Marks (with -1) the candidates that another candidate already knows (that candidate's entry
 * for their host is at least their own entry): they reach the event through it, not by a message.
 * Linear in the candidates' clock sizes; `scratch` is all zeros on entry and on exit.
 */
function dropTransitive(p: PendingEvents, candidates: number[], key: Float64Array, scratch: Float64Array): void {
  const { clockStart, clockHost, clockValue } = p;
  for (const d of candidates) {
    const own = p.host[d];
    for (let k = clockStart[d]; k < clockStart[d + 1]; k++) {
      const g = clockHost[k];
      if (g !== own && clockValue[k] > scratch[g]) scratch[g] = clockValue[k];
    }
  }
  const transitive = candidates.map((c) => scratch[p.host[c]] >= key[c]);
  for (const d of candidates) {
    for (let k = clockStart[d]; k < clockStart[d + 1]; k++) scratch[clockHost[k]] = 0;
  }
  for (let a = 0; a < candidates.length; a++) if (transitive[a]) candidates[a] = -1;
}

/**
 * Index of the last key <= v in an ascending array, or -1. `from` is a known answer for a smaller
 * v: the next one is usually a few steps further, so search onwards from there in growing steps.
 */
function latestAtOrBelow(keys: Float64Array, v: number, from: number): number {
  let lo = from;
  let step = 1;
  while (lo + step < keys.length && keys[lo + step] <= v) {
    lo += step;
    step *= 2;
  }
  // keys[lo] <= v (or lo = from); the answer is below min(lo + step, keys.length).
  let hi = Math.min(lo + step, keys.length);
  lo++;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
