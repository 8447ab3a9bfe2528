// A live session's per-replica event numbers (`seq`): whether a numbered event is the next one,
// comes after a jump (events lost on the way) or repeats one already recorded. Repeats in a row
// are gathered into runs, so a client that re-sends a thousand events makes one report.

export type SeqVerdict =
  | { kind: 'next' }
  /** `lost` events were numbered between `after` and this one and never arrived. */
  | { kind: 'jump'; after: number; lost: number }
  | { kind: 'repeat' };

/** Repeated numbers from..to of one replica, received while its highest was `highest`. */
export interface RepeatRun {
  replica: string;
  from: number;
  to: number;
  highest: number;
}

export class SequenceTracker {
  private readonly highest = new Map<string, number>();
  private readonly runs = new Map<string, RepeatRun[]>();

  /** The highest number recorded for `replica` (0 when none). */
  highestOf(replica: string): number {
    return this.highest.get(replica) ?? 0;
  }

  check(replica: string, seq: number): SeqVerdict {
    const highest = this.highestOf(replica);
    if (seq <= highest) {
      this.addRepeat(replica, seq, highest);
      return { kind: 'repeat' };
    }
    this.highest.set(replica, seq);
    return seq === highest + 1 ? { kind: 'next' } : { kind: 'jump', after: highest, lost: seq - highest - 1 };
  }

  /** The runs of repeats since the last call. */
  takeRepeats(): RepeatRun[] {
    const runs = [...this.runs.values()].flat();
    this.runs.clear();
    return runs;
  }

  private addRepeat(replica: string, seq: number, highest: number): void {
    let runs = this.runs.get(replica);
    if (!runs) this.runs.set(replica, (runs = []));
    const last = runs[runs.length - 1];
    if (last && last.to + 1 === seq) last.to = seq;
    else runs.push({ replica, from: seq, to: seq, highest });
  }
}
