// Binary search over a range of indices, read through any accessor (a sorted array, a lane of
// events, a column map): the one bisection the webview, the debugger and the replay cursor share.

/** The end of the prefix of `[lo, hi)` where `before(i)` holds (hi when it holds throughout); `before` must be true, then false. */
export function partitionPoint(lo: number, hi: number, before: (i: number) => boolean): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
