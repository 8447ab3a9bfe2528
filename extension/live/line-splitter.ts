// Splits one connection's bytes into lines (LF, an optional CR before it is dropped), refusing
// lines longer than a limit without holding them: an over-long line is skipped up to its end and
// reported, so a client that never sends a line break cannot grow the session's memory.

export interface LineHandler {
  /** A complete line (UTF-8 decoded) and its 1-based number on this connection. */
  line(text: string, lineNo: number): void;
  /** A line longer than the limit was skipped; `bytes` is how long it was. */
  tooLong(lineNo: number, bytes: number): void;
}

const LF = 10;
const CR = 13;

export class BoundedLineSplitter {
  /** Pieces of the unfinished line (views of the chunks they came in). */
  private carry: Buffer[] = [];
  private carryBytes = 0;
  /** Bytes of an over-long line skipped so far; -1 while not skipping. */
  private skipped = -1;
  private lineNo = 0;

  constructor(
    private readonly maxLineBytes: number,
    private readonly handler: LineHandler,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (let nl = chunk.indexOf(LF); nl >= 0; nl = chunk.indexOf(LF, start)) {
      this.endLine(chunk, start, nl);
      start = nl + 1;
    }
    if (start < chunk.length) this.hold(chunk, start);
  }

  /** Ends the unfinished line, if any (a WebSocket frame's end ends its last line). */
  end(): void {
    if (this.carryBytes > 0 || this.skipped >= 0) this.endLine(Buffer.alloc(0), 0, 0);
  }

  private hold(chunk: Buffer, start: number): void {
    const length = chunk.length - start;
    if (this.skipped >= 0) {
      this.skipped += length;
    } else if (this.carryBytes + length > this.maxLineBytes) {
      this.skipped = this.carryBytes + length;
      this.carry = [];
      this.carryBytes = 0;
    } else {
      this.carry.push(chunk.subarray(start));
      this.carryBytes += length;
    }
  }

  private endLine(chunk: Buffer, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    if (this.skipped >= 0) {
      const bytes = this.skipped + end - start;
      this.skipped = -1;
      this.handler.tooLong(lineNo, bytes);
      return;
    }
    let bytes = chunk;
    if (this.carryBytes > 0) {
      bytes = Buffer.concat([...this.carry, chunk.subarray(start, end)]);
      start = 0;
      end = bytes.length;
      this.carry = [];
      this.carryBytes = 0;
    }
    if (end > start && bytes[end - 1] === CR) end--;
    if (end - start > this.maxLineBytes) this.handler.tooLong(lineNo, end - start);
    else this.handler.line(bytes.toString('utf8', start, end), lineNo);
  }
}
