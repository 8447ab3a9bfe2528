// Readers of binary files that a library decodes whole (OTLP protobuf, Automerge, Yjs): the
// chunks are kept and joined at the end, then handed to the format's decoder at once.

import type { TraceFile } from '../trace/model';
import { TraceReadError, type TraceReader } from './types';

/** The chunks as one array of bytes (the chunk itself when there is only one). */
export function concatBytes(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Keeps every chunk, then decodes the whole file in `finish()`. With `decoder` (the library's
 * name), an exception the library throws on damaged bytes is a TraceReadError saying so, never
 * an internal error.
 */
export class WholeFileReader implements TraceReader {
  private readonly chunks: Uint8Array[] = [];

  constructor(
    private readonly decode: (bytes: Uint8Array) => TraceFile,
    private readonly decoder?: { library: string; expected: string },
  ) {}

  push(chunk: Uint8Array): void {
    // A copy (the caller may reuse the chunk): Uint8Array's slice, as a Node Buffer's slice is a view.
    this.chunks.push(Uint8Array.prototype.slice.call(chunk));
  }

  finish(): TraceFile {
    const bytes = concatBytes(this.chunks);
    this.chunks.length = 0;
    if (!this.decoder) return this.decode(bytes);
    try {
      return this.decode(bytes);
    } catch (e) {
      if (e instanceof TraceReadError) throw e;
      throw new TraceReadError(`${this.decoder.library} could not read this file (${e instanceof Error ? e.message : String(e)}): it is damaged or not what it looks like. Expected ${this.decoder.expected}.`, 0);
    }
  }
}
