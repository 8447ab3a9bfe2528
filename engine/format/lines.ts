// Splits a byte stream into lines without holding the file as one string: each complete line
// comes out with its 1-based number, byte offset and byte length (for lazy re-reading later).

export type LineSink = (text: string, line: number, offset: number, length: number) => void;

export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private carry: Uint8Array | undefined;
  private carryOffset = 0;
  private lineNo = 0;
  private consumed = 0;

  constructor(private readonly sink: LineSink) {}

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Bytes consumed so far. */
  get bytes(): number {
    return this.consumed;
  }

  push(chunk: Uint8Array): void {
    this.consumed += chunk.length;
    let bytes = chunk;
    let base = this.consumed - chunk.length;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry);
      joined.set(chunk, this.carry.length);
      bytes = joined;
      base = this.carryOffset;
      this.carry = undefined;
    }
    const last = bytes.lastIndexOf(10);
    if (last < 0) {
      this.carry = bytes;
      this.carryOffset = base;
      return;
    }
    const text = this.decoder.decode(bytes.subarray(0, last + 1));
    let start = 0;
    let textStart = 0;
    while (start <= last) {
      const nl = bytes.indexOf(10, start);
      const textEnd = text.indexOf('\n', textStart);
      this.emit(text, textStart, textEnd, base + start, nl - start);
      start = nl + 1;
      textStart = textEnd + 1;
    }
    if (last + 1 < bytes.length) {
      this.carry = bytes.slice(last + 1);
      this.carryOffset = base + last + 1;
    }
  }

  /** Emits the last line when the input does not end with a newline. */
  end(): void {
    if (this.carry && this.carry.length > 0) {
      const text = this.decoder.decode(this.carry);
      this.emit(text, 0, text.length, this.carryOffset, this.carry.length);
    }
    this.carry = undefined;
  }

  private emit(text: string, from: number, to: number, offset: number, length: number): void {
    let end = to;
    let byteLength = length;
    if (end > from && text.charCodeAt(end - 1) === 13) {
      end--;
      byteLength--;
    }
    this.sink(text.slice(from, end), ++this.lineNo, offset, byteLength);
  }
}
