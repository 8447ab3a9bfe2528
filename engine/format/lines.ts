// Splits a byte stream into lines without holding the file as one string: each complete line
// comes out with its 1-based number, byte offset and byte length (for lazy re-reading later),
// either as bytes (ByteLineSplitter, for readers that scan bytes) or as text (LineSplitter).

/** Receives one line: `bytes[start, end)` without its line break. */
export type ByteLineSink = (bytes: Uint8Array, start: number, end: number, line: number, offset: number) => void;

export type LineSink = (text: string, line: number, offset: number, length: number) => void;

const LF = 10;
const CR = 13;

export class ByteLineSplitter {
  private carry: Uint8Array | undefined;
  private carryOffset = 0;
  private lineNo = 0;
  private consumed = 0;

  constructor(private readonly sink: ByteLineSink) {}

  /** Lines read so far. */
  get lines(): number {
    return this.lineNo;
  }

  /** Bytes consumed so far. */
  get bytes(): number {
    return this.consumed;
  }

  push(chunk: Uint8Array): void {
    let bytes = chunk;
    let base = this.consumed;
    this.consumed += chunk.length;
    if (this.carry) {
      const joined = new Uint8Array(this.carry.length + chunk.length);
      joined.set(this.carry);
      joined.set(chunk, this.carry.length);
      bytes = joined;
      base = this.carryOffset;
      this.carry = undefined;
    }
    let start = 0;
    for (let nl = bytes.indexOf(LF); nl >= 0; nl = bytes.indexOf(LF, start)) {
      this.emit(bytes, start, nl, base + start);
      start = nl + 1;
    }
    if (start < bytes.length) {
      this.carry = bytes.slice(start);
      this.carryOffset = base + start;
    }
  }

  /** Emits the last line when the input does not end with a line break. */
  end(): void {
    if (this.carry && this.carry.length > 0) this.emit(this.carry, 0, this.carry.length, this.carryOffset);
    this.carry = undefined;
  }

  private emit(bytes: Uint8Array, start: number, end: number, offset: number): void {
    this.sink(bytes, start, end > start && bytes[end - 1] === CR ? end - 1 : end, ++this.lineNo, offset);
  }
}

/** Lines as text (UTF-8), with the byte offset and byte length of each. */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private readonly bytesSplitter: ByteLineSplitter;

  constructor(sink: LineSink) {
    this.bytesSplitter = new ByteLineSplitter((bytes, start, end, line, offset) =>
      sink(this.decoder.decode(bytes.subarray(start, end)), line, offset, end - start),
    );
  }

  get lines(): number {
    return this.bytesSplitter.lines;
  }

  get bytes(): number {
    return this.bytesSplitter.bytes;
  }

  push(chunk: Uint8Array): void {
    this.bytesSplitter.push(chunk);
  }

  end(): void {
    this.bytesSplitter.end();
  }
}
