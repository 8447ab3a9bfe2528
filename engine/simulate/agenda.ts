// The simulation's agenda: what happens next in virtual time. A binary heap ordered by time, then
// by the order things were scheduled, so equal times always unfold the same way (determinism).

interface Entry<T> {
  readonly atUs: number;
  readonly order: number;
  readonly item: T;
}

export class Agenda<T> {
  private readonly heap: Entry<T>[] = [];
  private scheduled = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Schedules `item` at `atUs` (virtual microseconds). */
  schedule(atUs: number, item: T): void {
    const heap = this.heap;
    const entry: Entry<T> = { atUs, order: this.scheduled++, item };
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(entry, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = entry;
  }

  /** The earliest entry, removed; undefined when nothing is scheduled. */
  next(): { atUs: number; item: T } | undefined {
    const heap = this.heap;
    const top = heap[0];
    if (top === undefined) return undefined;
    const last = heap.pop()!;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && earlier(heap[child + 1], heap[child])) child++;
        if (!earlier(heap[child], last)) break;
        heap[i] = heap[child];
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function earlier<T>(a: Entry<T>, b: Entry<T>): boolean {
  return a.atUs < b.atUs || (a.atUs === b.atUs && a.order < b.order);
}
