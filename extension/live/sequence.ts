// A live session's per-replica event numbers (`seq`): whether a numbered event is the next one,
// comes after a jump (events missing so far), fills a gap left by an earlier jump (recorded, late),
// or repeats one already recorded. Repeats in a row are gathered into runs, so a client that
// re-sends a thousand events makes one report.

export type SeqVerdict =
  | { kind: 'next' }
  /** `missing` events were numbered between `after` and this one and have not arrived (yet). */
  | { kind: 'jump'; after: number; missing: number }
  /** It fills a gap left by an earlier jump: recorded, and one event fewer is missing. */
  | { kind: 'late' }
  /** The same number was recorded before. */
  | { kind: 'repeat' }
  /** Below `below`, in gaps the session gave up tracking: it cannot tell whether it was recorded. */
  | { kind: 'untracked'; below: number };

/** Repeated numbers from..to of one replica. */
export interface RepeatRun {
  replica: string;
  from: number;
  to: number;
}

/** Gaps tracked per replica; past this many, the lowest is given up (bounded memory for any numbering). */
export const MAX_TRACKED_GAPS = 10_000;

/** The numbers recorded for one replica. */
interface RecordedNumbers {
  /** Every number from 1 to `prefix` is recorded. */
  prefix: number;
  /** Numbers recorded above both, as sorted, disjoint, non-touching ranges [from, to]. */
  ranges: Array<[number, number]>;
  /** Numbers from prefix + 1 to this were given up: whether they are recorded is not known (0: none). */
  givenUpTo: number;
}

export class SequenceTracker {
  private readonly numbers = new Map<string, RecordedNumbers>();
  private readonly runs = new Map<string, RepeatRun[]>();

  /** The highest number recorded for `replica` (0 when none). */
  highestOf(replica: string): number {
    const n = this.numbers.get(replica);
    if (!n) return 0;
    return n.ranges.length > 0 ? n.ranges[n.ranges.length - 1][1] : Math.max(n.prefix, n.givenUpTo);
  }

  /** Says what `seq` is for `replica`, and takes it as recorded unless it is a repeat or untracked. */
  check(replica: string, seq: number): SeqVerdict {
    let n = this.numbers.get(replica);
    if (!n) this.numbers.set(replica, (n = { prefix: 0, ranges: [], givenUpTo: 0 }));
    const highest = this.highestOf(replica);
    if (seq > highest) {
      this.insert(n, seq);
      return seq === highest + 1 ? { kind: 'next' } : { kind: 'jump', after: highest, missing: seq - highest - 1 };
    }
    if (seq > n.prefix && seq <= n.givenUpTo) return { kind: 'untracked', below: n.givenUpTo + 1 };
    if (seq <= n.prefix || this.inRange(n, seq)) {
      this.addRepeat(replica, seq);
      return { kind: 'repeat' };
    }
    this.insert(n, seq);
    return { kind: 'late' };
  }

  /** The runs of repeats since the last call. */
  takeRepeats(): RepeatRun[] {
    const runs = [...this.runs.values()].flat();
    this.runs.clear();
    return runs;
  }

  private inRange(n: RecordedNumbers, seq: number): boolean {
    const i = this.firstRangeEndingAtOrAfter(n.ranges, seq);
    return i < n.ranges.length && n.ranges[i][0] <= seq;
  }

  /** Index of the first range whose end is >= seq (ranges.length when none). */
  private firstRangeEndingAtOrAfter(ranges: Array<[number, number]>, seq: number): number {
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ranges[mid][1] < seq) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  /** Adds a number known not to be recorded yet, joining the ranges it touches. */
  private insert(n: RecordedNumbers, seq: number): void {
    const { ranges } = n;
    const i = this.firstRangeEndingAtOrAfter(ranges, seq - 1);
    const joinsBelow = i < ranges.length && ranges[i][1] === seq - 1;
    const aboveIndex = joinsBelow ? i + 1 : i;
    const joinsAbove = aboveIndex < ranges.length && ranges[aboveIndex][0] === seq + 1;
    if (joinsBelow && joinsAbove) {
      ranges[i][1] = ranges[aboveIndex][1];
      ranges.splice(aboveIndex, 1);
    } else if (joinsBelow) {
      ranges[i][1] = seq;
    } else if (joinsAbove) {
      ranges[aboveIndex][0] = seq;
    } else {
      ranges.splice(aboveIndex, 0, [seq, seq]);
    }
    if (ranges.length > 0 && ranges[0][0] === n.prefix + 1) n.prefix = ranges.shift()![1];
    else if (ranges.length > 0 && ranges[0][0] === n.givenUpTo + 1) n.givenUpTo = ranges.shift()![1];
    if (ranges.length > MAX_TRACKED_GAPS) n.givenUpTo = ranges.shift()![1];
  }

  private addRepeat(replica: string, seq: number): void {
    let runs = this.runs.get(replica);
    if (!runs) this.runs.set(replica, (runs = []));
    const last = runs[runs.length - 1];
    if (last && last.to + 1 === seq) last.to = seq;
    else runs.push({ replica, from: seq, to: seq });
  }
}
