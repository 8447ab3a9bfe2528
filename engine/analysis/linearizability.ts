// Linearizability of a concurrent history against a sequential model, as Knossos and Porcupine
// check it: Wing and Gong's search with Lowe's memoisation of (operations linearized, state),
// each partition (key) checked on its own, with a step budget so a hard history ends "unknown".

/** One operation of a history: an interval from its call to its return. */
export interface HistoryOperation<I, O> {
  /** Position of the operation in the caller's list (reported back in results). */
  id: number;
  /** When it was called and when it returned, on one clock (times or event positions). */
  call: number;
  /** `Infinity` when it never returned (Jepsen's `:info`): it may take effect at any later point, or never. */
  ret: number;
  input: I;
  output: O;
}

/** The object's sequential specification. */
export interface SequentialModel<S, I, O> {
  init(): S;
  /** The state after the operation, or `undefined` when the operation cannot return `output` in `state`. */
  step(state: S, input: I, output: O): S | undefined;
  /** A string equal for equal states (memoisation). */
  stateKey(state: S): string;
  /** What an operation that had not returned yet could have returned: anything (its effect may or may not have happened). */
  pendingOutput(input: I): O;
  /** Independent parts of the history (one per key), each checked alone; default one part. */
  partition?(ops: readonly HistoryOperation<I, O>[]): HistoryOperation<I, O>[][];
}

export type LinearizabilityResult = 'linearizable' | 'not-linearizable' | 'unknown';

/** The verdict on one partition. */
export interface PartitionVerdict {
  result: LinearizabilityResult;
  /** Ids of the operations in this partition. */
  operations: number[];
  /**
   * Ids in linearization order: the whole order when linearizable, the partial order the search
   * held when the budget ran out; empty when not linearizable (see `violation`).
   */
  linearization: number[];
  /** Search steps taken. */
  steps: number;
  /**
   * When not linearizable: the operation whose return no order can explain, found as the end of
   * the shortest prefix of the partition (in time order) that is already not linearizable.
   */
  violation?: {
    operation: number;
    /** The longest linearizable order of that prefix without the violating return (ids). */
    linearizedBefore: number[];
  };
}

export interface LinearizabilityOptions {
  /** Search steps allowed over the whole history before the answer is "unknown" (default 5,000,000). */
  maxSteps?: number;
}

export interface LinearizabilityVerdict {
  result: LinearizabilityResult;
  partitions: PartitionVerdict[];
  steps: number;
}

/** Calls and returns in time order, a call before a return at the same time (such operations overlap). */
function entryOrder<I, O>(ops: readonly HistoryOperation<I, O>[]): Int32Array {
  // Entry 2k is operation k's call, 2k + 1 its return.
  const entries = Int32Array.from({ length: ops.length * 2 }, (_, i) => i);
  const time = (e: number) => (e & 1 ? ops[e >> 1].ret : ops[e >> 1].call);
  entries.sort((a, b) => time(a) - time(b) || (a & 1) - (b & 1) || a - b);
  return entries;
}

/** A 64-bit-ish fingerprint per operation, so a set of operations hashes as the XOR of its members. */
function fingerprints(n: number): Uint32Array {
  const out = new Uint32Array(2 * n);
  let s = 0x9e3779b9;
  for (let i = 0; i < out.length; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    out[i] = s >>> 0;
  }
  return out;
}

/** FNV-1a of a string, 32 bits. */
function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Whether `band` equals `bits` from word `low` on, `bits` being zero past the band. */
function sameBand(band: Uint32Array, bits: Uint32Array, low: number): boolean {
  for (let i = 0; i < band.length; i++) if (band[i] !== bits[low + i]) return false;
  return true;
}

class SearchBudget {
  used = 0;
  constructor(readonly max: number) {}
}

/**
 * One partition, by Wing and Gong's search: walk the calls in time order, linearize the first
 * operation the model accepts, and backtrack at the first return whose operation is not yet
 * linearized. Lowe's cache skips a (set linearized, state) pair met before.
 */
function checkPartition<S, I, O>(ops: readonly HistoryOperation<I, O>[], model: SequentialModel<S, I, O>, budget: SearchBudget): PartitionVerdict {
  const n = ops.length;
  const ids = ops.map((op) => op.id);
  const order = entryOrder(ops);
  // A doubly linked list of the entries not yet lifted out; index 2n is its head.
  const HEAD = 2 * n;
  const next = new Int32Array(2 * n + 1).fill(-1);
  const prev = new Int32Array(2 * n + 1).fill(-1);
  let last = HEAD;
  for (const e of order) {
    next[last] = e;
    prev[e] = last;
    last = e;
  }
  const unlink = (e: number) => {
    next[prev[e]] = next[e];
    if (next[e] >= 0) prev[next[e]] = prev[e];
  };
  const relink = (e: number) => {
    next[prev[e]] = e;
    if (next[e] >= 0) prev[next[e]] = e;
  };

  const bits = new Uint32Array((n + 31) >>> 5);
  // The set linearized is every operation in the words below `full` (all ones), and the band of
  // words from `full` to `top` (the last non-zero one): operations are linearized roughly in call
  // order, so the band stays short and remembering a set costs its band, not the whole history.
  let full = 0;
  let top = -1;
  const marks = fingerprints(n);
  let hashA = 0;
  let hashB = 0;
  const flip = (k: number) => {
    const word = k >>> 5;
    bits[word] ^= 1 << (k & 31);
    hashA ^= marks[2 * k];
    hashB ^= marks[2 * k + 1];
    if (bits[word] & (1 << (k & 31))) {
      top = Math.max(top, word);
      while (full < bits.length && bits[full] === 0xffffffff) full++;
    } else {
      full = Math.min(full, word);
      while (top >= 0 && bits[top] === 0) top--;
    }
  };
  // Lowe's cache: (set linearized, state) pairs met before, under a numeric hash of both.
  const seen = new Map<number, { full: number; band: Uint32Array; state: string }[]>();
  const remember = (state: S): boolean => {
    const key = model.stateKey(state);
    const hash = (hashA ^ stringHash(key)) * 0x200000 + (hashB & 0x1fffff);
    const met = seen.get(hash);
    const length = Math.max(0, top + 1 - full);
    if (met) {
      for (const m of met) if (m.state === key && m.full === full && m.band.length === length && sameBand(m.band, bits, full)) return false;
    }
    const entry = { full, band: bits.slice(full, full + length), state: key };
    if (met) met.push(entry);
    else seen.set(hash, [entry]);
    return true;
  };

  const stackOp: number[] = [];
  const stackState: S[] = [];
  let state = model.init();
  let entry = next[HEAD];
  while (next[HEAD] >= 0) {
    if (budget.used >= budget.max) {
      return { result: 'unknown', operations: ids, linearization: stackOp.map((i) => ids[i]), steps: budget.used };
    }
    budget.used++;
    const k = entry >> 1;
    if ((entry & 1) === 0) {
      const after = model.step(state, ops[k].input, ops[k].output);
      if (after !== undefined) {
        flip(k);
        if (remember(after)) {
          stackOp.push(k);
          stackState.push(state);
          state = after;
          unlink(2 * k);
          unlink(2 * k + 1);
          entry = next[HEAD];
          continue;
        }
        flip(k);
      }
      entry = next[entry];
    } else {
      // A return whose operation is not linearized yet: nothing later can go first. Backtrack.
      if (stackOp.length === 0) return { result: 'not-linearizable', operations: ids, linearization: [], steps: budget.used };
      const undone = stackOp.pop()!;
      state = stackState.pop()!;
      flip(undone);
      relink(2 * undone + 1);
      relink(2 * undone);
      entry = next[2 * undone];
    }
  }
  return { result: 'linearizable', operations: ids, linearization: stackOp.map((i) => ids[i]), steps: budget.used };
}

/**
 * The shortest prefix of a non-linearizable partition that is already not linearizable. A prefix
 * keeps the calls and returns up to a point in time; an operation called before it and returned
 * after it is pending (it may or may not have happened). Linearizability is prefix-closed, so a
 * binary search over the prefixes finds it; the prefix always ends at a return.
 */
function shortestViolation<S, I, O>(ops: readonly HistoryOperation<I, O>[], model: SequentialModel<S, I, O>, budget: SearchBudget): PartitionVerdict['violation'] {
  const order = entryOrder(ops);
  const position = new Int32Array(order.length);
  order.forEach((e, i) => (position[e] = i));
  const prefix = (length: number) =>
    ops.flatMap((op, k) => {
      if (position[2 * k] >= length) return [];
      if (position[2 * k + 1] < length) return [op];
      return [{ ...op, ret: Infinity, output: model.pendingOutput(op.input) }];
    });
  let lo = 1;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const verdict = checkPartition(prefix(mid), model, budget);
    if (verdict.result === 'unknown') return undefined;
    if (verdict.result === 'not-linearizable') hi = mid;
    else lo = mid + 1;
  }
  const last = order[lo - 1];
  const before = checkPartition(prefix(lo - 1), model, budget);
  if ((last & 1) === 0 || before.result !== 'linearizable') return undefined;
  const operation = ops[last >> 1].id;
  return { operation, linearizedBefore: before.linearization.filter((id) => id !== operation) };
}

/**
 * Whether `ops` is linearizable with respect to `model`: every partition must be. Partitions are
 * searched smallest first with a share of the step budget each, and those that ran out are
 * searched again with what is left, so one hard key cannot hide another key's violation.
 */
export function checkLinearizability<S, I, O>(
  ops: readonly HistoryOperation<I, O>[],
  model: SequentialModel<S, I, O>,
  options: LinearizabilityOptions = {},
): LinearizabilityVerdict {
  const maxSteps = options.maxSteps ?? 5_000_000;
  const parts = (model.partition ? model.partition(ops) : [ops.slice()]).sort((a, b) => a.length - b.length);
  const verdicts: PartitionVerdict[] = new Array(parts.length);
  let used = 0;
  let pending = parts.map((_, i) => i);
  for (let round = 0; round < 2 && pending.length > 0; round++) {
    const share = round === 0 && parts.length > 1 ? Math.max(10_000, Math.floor(maxSteps / (2 * parts.length))) : Infinity;
    const unknown: number[] = [];
    for (const [n, i] of pending.entries()) {
      const left = maxSteps - used;
      if (left <= 0) {
        unknown.push(...pending.slice(n));
        break;
      }
      const budget = new SearchBudget(Math.min(left, share, round === 0 ? left : Math.floor(left / (pending.length - n))));
      const verdict = checkPartition(parts[i], model, budget);
      used += budget.used;
      verdict.steps = budget.used;
      verdicts[i] = verdict;
      if (verdict.result === 'not-linearizable') {
        const explaining = new SearchBudget(maxSteps - used);
        verdict.violation = shortestViolation(parts[i], model, explaining);
        return { result: verdict.result, partitions: verdicts.filter(Boolean), steps: used + explaining.used };
      }
      if (verdict.result === 'unknown') unknown.push(i);
    }
    pending = unknown;
  }
  return { result: pending.length > 0 ? 'unknown' : 'linearizable', partitions: verdicts, steps: used };
}
