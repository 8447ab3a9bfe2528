// Groups of small integers by an index, in two typed arrays (compressed sparse rows): how the
// debugger finds a million-event trace's messages and conflicts by event without a Map of arrays.

/** The items of index i are items[start[i]] up to items[start[i + 1]], in the order they were emitted. */
export interface GroupedByIndex {
  start: Uint32Array;
  items: Uint32Array;
}

/** Groups the (index, item) pairs that `pairs` emits, index in [0, size); `pairs` runs twice (a count, then a fill) and must emit the same both times. */
export function groupByIndex(size: number, pairs: (emit: (index: number, item: number) => void) => void): GroupedByIndex {
  const start = new Uint32Array(size + 1);
  pairs((index) => start[index + 1]++);
  for (let i = 0; i < size; i++) start[i + 1] += start[i];
  const fill = start.slice(0, size);
  const items = new Uint32Array(start[size]);
  pairs((index, item) => (items[fill[index]++] = item));
  return { start, items };
}

/** The items of one index. */
export function itemsOf({ start, items }: GroupedByIndex, index: number): Uint32Array {
  return items.subarray(start[index], start[index + 1]);
}
