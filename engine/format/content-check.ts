// The rules every reader passes through the format registry: a file that is not blank never reads
// as an empty trace (when nothing in it was recognised, reading stops with a TraceReadError saying
// what the format expected: the CLI's exit 2), and no execution holds more replicas than the trace
// model can number.

import type { TraceFile } from '../trace/model';
import { MAX_REPLICAS } from './pending';
import { type ReadOptions, type TraceFormat, type TraceReader, TraceReadError } from './types';
import { groupedCount } from '../util/count-text';

/** How many leading bytes are kept for `emptyAllowed`: as many as format detection reads. */
const HEAD_BYTES = 64 * 1024;

export interface ContentRule {
  /**
   * A non-blank file of this format that legitimately holds no events (a native trace's header
   * written before the first event), judged from the start of its text.
   */
  emptyAllowed?: (head: string) => boolean;
}

function isBlankByte(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/** True when the bytes hold something other than white space and a UTF-8 byte order mark. */
function hasContent(chunk: Uint8Array): boolean {
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i];
    if (isBlankByte(b)) continue;
    if (b === 0xef && chunk[i + 1] === 0xbb && chunk[i + 2] === 0xbf) {
      i += 2;
      continue;
    }
    return true;
  }
  return false;
}

function eventCount(file: TraceFile): number {
  let events = 0;
  for (const t of file.executions) events += t.size;
  return events;
}

/** The error for a non-blank file of which nothing was read: what was expected, and the first problem found. */
export function nothingRecognised(format: TraceFormat, file: TraceFile): TraceReadError {
  const problems = [...file.findings, ...file.executions.flatMap((t) => t.findings)].filter((f) => f.severity !== 'info');
  const first = problems.find((f) => f.severity === 'error') ?? problems[0];
  const expected = format.expected ? `: expected ${format.expected}` : '';
  const cause = first ? ` First problem, line ${first.line}: ${first.message}` : '';
  return new TraceReadError(`Nothing in this file reads as a ${format.title}${expected}; no event was read.${cause}`, first?.line ?? 0);
}

class ContentCheckedReader implements TraceReader {
  private content = false;
  private readonly decoder = new TextDecoder('utf-8');
  private head = '';
  private headBytes = 0;

  constructor(
    private readonly format: TraceFormat,
    private readonly inner: TraceReader,
    private readonly rule: ContentRule,
  ) {}

  push(chunk: Uint8Array): void {
    if (this.headBytes < HEAD_BYTES && this.rule.emptyAllowed) {
      const part = chunk.subarray(0, HEAD_BYTES - this.headBytes);
      this.head += this.decoder.decode(part, { stream: true });
      this.headBytes += part.length;
    }
    if (!this.content) this.content = hasContent(chunk);
    this.inner.push(chunk);
  }

  finish(): TraceFile {
    const file = this.inner.finish();
    const wide = file.executions.find((t) => t.replicas.size > MAX_REPLICAS);
    if (wide) {
      // Replica ids are 16-bit columns: past that many, events would be read as another replica's.
      throw new TraceReadError(`${wide.name || 'The trace'} names ${groupedCount(wide.replicas.size)} replicas; Causeway reads at most ${groupedCount(MAX_REPLICAS)} in one execution.`);
    }
    if (!this.content || eventCount(file) > 0) return file;
    if (this.rule.emptyAllowed?.(this.head)) return file;
    throw nothingRecognised(this.format, file);
  }
}

/** The same format, whose readers refuse to turn a non-blank file into an empty trace. */
export function withContentCheck(format: TraceFormat, rule: ContentRule = {}): TraceFormat {
  return {
    ...format,
    createReader: (options: ReadOptions) => new ContentCheckedReader(format, format.createReader(options), rule),
  };
}
