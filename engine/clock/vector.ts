// Vector clocks: the map form (replica id -> counter, a missing entry is 0) used for traces and
// explanations, and the dense form (Uint32Array rows, one per event) used by replay and views.

/** A vector clock in map form. A missing entry means 0. Functions here never mutate their inputs. */
export type VectorClock = Readonly<Record<string, number>>;

/** How two clocks (or the events carrying them) are ordered by happens-before. */
export type ClockOrder = 'before' | 'after' | 'equal' | 'concurrent';

/** The entry of `replica`, 0 when absent (inherited properties such as `toString` count as absent). */
export function entryOf(clock: VectorClock, replica: string): number {
  const value = clock[replica];
  return typeof value === 'number' ? value : 0;
}

function setEntry(clock: Record<string, number>, replica: string, value: number): void {
  if (replica === '__proto__') {
    Object.defineProperty(clock, replica, { value, enumerable: true, writable: true, configurable: true });
  } else {
    clock[replica] = value;
  }
}

/** A copy of `clock` with the entry of `replica` incremented: a local event at `replica`. */
export function tick(clock: VectorClock, replica: string): Record<string, number> {
  const next = { ...clock };
  setEntry(next, replica, entryOf(clock, replica) + 1);
  return next;
}

/** Entry-wise maximum over the union of both clocks' replicas. */
export function mergeClocks(a: VectorClock, b: VectorClock): Record<string, number> {
  const merged: Record<string, number> = { ...a };
  for (const replica of Object.keys(b)) {
    const mine = entryOf(merged, replica);
    const theirs = entryOf(b, replica);
    if (theirs > mine || !Object.hasOwn(merged, replica)) setEntry(merged, replica, Math.max(mine, theirs));
  }
  return merged;
}

/**
 * The clock of a receive event at `replica`: merge the sender's clock first, then tick. Ticking
 * before merging can leave the receive equal to the send (when the remote already knows as much of
 * `replica` as the local clock does), so the receive would not come after the send.
 */
export function receive(local: VectorClock, remote: VectorClock, replica: string): Record<string, number> {
  return tick(mergeClocks(local, remote), replica);
}

/** Replica ids present in either clock, sorted. */
function unionOfReplicas(a: VectorClock, b: VectorClock): string[] {
  const ids = new Set(Object.keys(a));
  for (const id of Object.keys(b)) ids.add(id);
  return [...ids].sort();
}

/** Compares two clocks over the union of their entries (missing = 0). */
export function compareClocks(a: VectorClock, b: VectorClock): ClockOrder {
  let aSmaller = false;
  let aLarger = false;
  for (const id of Object.keys(a)) {
    const x = entryOf(a, id);
    const y = entryOf(b, id);
    if (x < y) aSmaller = true;
    else if (x > y) aLarger = true;
  }
  for (const id of Object.keys(b)) {
    if (Object.hasOwn(a, id)) continue;
    if (entryOf(b, id) > 0) aSmaller = true;
  }
  return orderOf(aSmaller, aLarger);
}

function orderOf(aSmaller: boolean, aLarger: boolean): ClockOrder {
  if (aSmaller && aLarger) return 'concurrent';
  if (aSmaller) return 'before';
  if (aLarger) return 'after';
  return 'equal';
}

/** a → b: every entry of a is ≤ b's and at least one is smaller, over the union of both clocks' entries. */
export function happensBefore(a: VectorClock, b: VectorClock): boolean {
  return compareClocks(a, b) === 'before';
}

/** Neither clock happened before the other and they differ. */
export function areConcurrent(a: VectorClock, b: VectorClock): boolean {
  return compareClocks(a, b) === 'concurrent';
}

/**
 * Explains in words how `a` (called `nameA`) and `b` (called `nameB`) are ordered: one line per
 * replica entry (sorted by replica id), then one sentence with the conclusion.
 */
export function explainComparison(a: VectorClock, b: VectorClock, nameA = 'a', nameB = 'b'): string[] {
  const lines: string[] = [];
  const aAhead: string[] = [];
  const bAhead: string[] = [];
  for (const id of unionOfReplicas(a, b)) {
    const x = entryOf(a, id);
    const y = entryOf(b, id);
    if (x < y) {
      lines.push(`${id}: ${x} < ${y} — so ${nameB} is not before ${nameA}`);
      bAhead.push(`${id} (${y} > ${x})`);
    } else if (x > y) {
      lines.push(`${id}: ${x} > ${y} — so ${nameA} is not before ${nameB}`);
      aAhead.push(`${id} (${x} > ${y})`);
    } else {
      lines.push(`${id}: ${x} = ${y}`);
    }
  }
  lines.push(conclusion(orderOf(bAhead.length > 0, aAhead.length > 0), nameA, nameB, aAhead, bAhead));
  return lines;
}

function conclusion(order: ClockOrder, nameA: string, nameB: string, aAhead: string[], bAhead: string[]): string {
  switch (order) {
    case 'before':
      return `${nameA} happened before ${nameB}: no entry of ${nameA} exceeds ${nameB}'s, and ${nameB} knows more of ${bAhead.join(', ')}`;
    case 'after':
      return `${nameA} happened after ${nameB}: no entry of ${nameB} exceeds ${nameA}'s, and ${nameA} knows more of ${aAhead.join(', ')}`;
    case 'equal':
      return `${nameA} and ${nameB} have equal clocks: every entry is the same`;
    case 'concurrent':
      return `${nameA} and ${nameB} are concurrent: ${nameA} knows more of ${aAhead.join(', ')}, ${nameB} knows more of ${bAhead.join(', ')}`;
  }
}

// ---- Dense form: the clock of event i is clocks[i*R .. i*R+R), R = number of replicas. ----

/** Compares the dense clocks of events i and j (entry by entry over all R replicas). */
export function compareDense(clocks: Uint32Array, replicaCount: number, i: number, j: number): ClockOrder {
  const rowI = i * replicaCount;
  const rowJ = j * replicaCount;
  let iSmaller = false;
  let iLarger = false;
  for (let k = 0; k < replicaCount; k++) {
    const x = clocks[rowI + k];
    const y = clocks[rowJ + k];
    if (x < y) iSmaller = true;
    else if (x > y) iLarger = true;
  }
  return orderOf(iSmaller, iLarger);
}

/**
 * i → j in O(1): j's clock has seen i's own entry. Valid when every event ticks its own replica's
 * entry (then i's own entry identifies i among its replica's events).
 */
export function happensBeforeDense(
  clocks: Uint32Array,
  replicaCount: number,
  i: number,
  replicaOfI: number,
  j: number,
): boolean {
  return i !== j && clocks[j * replicaCount + replicaOfI] >= clocks[i * replicaCount + replicaOfI];
}

/** The dense clock of event i as a map clock, naming replicas by `names`; zero entries are omitted. */
export function denseToMap(
  clocks: Uint32Array,
  replicaCount: number,
  i: number,
  names: readonly string[],
): Record<string, number> {
  const clock: Record<string, number> = {};
  for (let k = 0; k < replicaCount; k++) {
    const value = clocks[i * replicaCount + k];
    if (value > 0) setEntry(clock, names[k], value);
  }
  return clock;
}
