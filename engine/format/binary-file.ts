// Readers of binary files that a library decodes whole (OTLP protobuf, Automerge, Yjs): the
// chunks are kept and joined at the end, then handed to the format's decoder at once.

import type { TraceFile } from '../trace/model';
import type { TraceReader } from './types';

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

/** Keeps every chunk, then decodes the whole file in `finish()`. */
export class WholeFileReader implements TraceReader {
  private readonly chunks: Uint8Array[] = [];

  constructor(private readonly decode: (bytes: Uint8Array) => TraceFile) {}

  push(chunk: Uint8Array): void {
    this.chunks.push(chunk.slice());
  }

  finish(): TraceFile {
    const bytes = concatBytes(this.chunks);
    this.chunks.length = 0;
    return this.decode(bytes);
  }
}
