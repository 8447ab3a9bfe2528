// A growable list of 32-bit integers in one typed array (no per-item objects): `data[0, length)`.

export class IntList {
  data: Int32Array;
  length = 0;

  /** `allocate`: how an array of n values is made (sharedArray, for a list another thread reads). */
  constructor(private readonly allocate: (n: number) => Int32Array = (n) => new Int32Array(n)) {
    this.data = allocate(1024);
  }

  /** Makes room for `extra` more values (`data` may be replaced). */
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const next = this.allocate(Math.max(this.data.length * 2, this.length + extra));
    next.set(this.data);
    this.data = next;
  }

  push(v: number): void {
    this.reserve(1);
    this.data[this.length++] = v;
  }
}
