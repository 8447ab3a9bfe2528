// Splits a byte stream into lines without holding the file as one string: each complete line
// comes out with its 1-based number, byte offset and byte length (for lazy re-reading later),
// either as bytes (ByteLineSplitter, for readers that scan bytes) or as text (LineSplitter).

/** Receives one line: `bytes[start, end)` without its line break. */
export type ByteLineSink = (bytes: Uint8Array, start: number, end: number, line: number, offset: number) => void;

export type LineSink = (text: string, line: number, offset: number, length: number) => void;

const LF = 10;
const CR = 13;

export class ByteLineSplitter {
  /** Pieces of the unfinished last line, joined only once its line break arrives. */
  private carry: Uint8Array[] = [];
  private carryLength = 0;
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
    const base = this.consumed;
    this.consumed += chunk.length;
    let start = 0;
    let nl = chunk.indexOf(LF);
    if (this.carryLength > 0) {
      if (nl < 0) {
        this.keep(chunk, 0, base);
        return;
      }
      const line = this.joinCarry(chunk.subarray(0, nl));
      this.emit(line, 0, line.length, this.carryOffset);
      start = nl + 1;
      nl = chunk.indexOf(LF, start);
    }
    start = this.emitLines(chunk, start, nl, base);
    if (start < chunk.length) this.keep(chunk, start, base + start);
  }

  /**
   * Emits the complete lines of chunk from `start` (the first line break at `nl`); returns where
   * the unfinished rest starts. A method of its own, so that the optimised loop never meets the
   * carry handling around it (which runs once a chunk and would make it deoptimise every time).
   */
  private emitLines(chunk: Uint8Array, start: number, nl: number, base: number): number {
    for (; nl >= 0; nl = chunk.indexOf(LF, start)) {
      this.emit(chunk, start, nl, base + start);
      start = nl + 1;
    }
    return start;
  }

  /** Emits the last line when the input does not end with a line break. */
  end(): void {
    if (this.carryLength > 0) {
      const line = this.joinCarry(new Uint8Array(0));
      this.emit(line, 0, line.length, this.carryOffset);
    }
  }

  /** Keeps chunk[from..] (a copy: callers may reuse their buffers) as part of the unfinished line. */
  private keep(chunk: Uint8Array, from: number, offset: number): void {
    if (this.carryLength === 0) this.carryOffset = offset;
    // Uint8Array's slice copies; a Node Buffer's slice would be a view of the reused chunk.
    this.carry.push(Uint8Array.prototype.slice.call(chunk, from));
    this.carryLength += chunk.length - from;
  }

  private joinCarry(tail: Uint8Array): Uint8Array {
    const line = new Uint8Array(this.carryLength + tail.length);
    let at = 0;
    for (const piece of this.carry) {
      line.set(piece, at);
      at += piece.length;
    }
    line.set(tail, at);
    this.carry = [];
    this.carryLength = 0;
    return line;
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
