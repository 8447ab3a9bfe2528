// A growable list of 32-bit integers in one typed array (no per-item objects): `data[0, length)`.

export class IntList {
  data = new Int32Array(1024);
  length = 0;

  /** Makes room for `extra` more values (`data` may be replaced). */
  reserve(extra: number): void {
    if (this.length + extra <= this.data.length) return;
    const next = new Int32Array(Math.max(this.data.length * 2, this.length + extra));
    next.set(this.data);
    this.data = next;
  }

  push(v: number): void {
    this.reserve(1);
    this.data[this.length++] = v;
  }
}
