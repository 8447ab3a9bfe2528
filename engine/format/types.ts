// What every trace format provides: content detection and a streaming reader that turns
// chunks of bytes into a TraceFile, with progress and cancellation.

import type { TraceFile } from '../trace/model';

/** Random access to the bytes of the file being read, so details can be re-read lazily. */
export interface ByteSource {
  read(offset: number, length: number): Uint8Array;
}

export interface ReadOptions {
  /** Lets readers keep byte offsets instead of per-event details in memory. */
  bytes?: ByteSource;
  /** The input's size in bytes, when known (a file): readers size their tables for it once instead of doubling them. */
  totalBytes?: number;
  /** Name for the trace (usually the file name); executions of a multi-execution log get their own. */
  name?: string;
  /** Text logs: the parser regex with named groups host, clock, event. */
  regex?: string;
  /** Text logs: the regex that separates executions; its `trace` group names the next one. */
  delimiter?: string;
  /** NDJSON traces: a mapping of their fields to events, as JSON text (see ndjson-mapping.ts). */
  mapping?: string;
  /** The text of a file beside the trace (same folder), such as Jepsen's `results.edn`; undefined when there is none. */
  sidecar?: (name: string) => string | undefined;
}

/** Thrown when reading stops because the caller cancelled it. */
export class ReadCancelled extends Error {
  constructor() {
    super('Reading the trace was cancelled.');
    this.name = 'ReadCancelled';
  }
}

/** Thrown when a file cannot be read as a trace at all (not for bad lines: those are findings). */
export class TraceReadError extends Error {
  constructor(
    message: string,
    /** 1-based line, 0 when not about one line. */
    readonly line = 0,
  ) {
    super(message);
    this.name = 'TraceReadError';
  }
}

/** Consumes a file as chunks of bytes, in order. */
export interface TraceReader {
  /** Reads the next chunk; the caller may reuse its bytes once this returns (a reader copies what it keeps). */
  push(chunk: Uint8Array): void;
  /** Ends the input and returns the traces read. */
  finish(): TraceFile;
}

export interface TraceFormat {
  /** Short id used by `--format` and in `TraceFile.format`. */
  id: string;
  /** Name shown to users. */
  title: string;
  /** What a file of this format holds, said when a file holds none of it (`a JSON array of spans ...`). */
  expected?: string;
  /** File name endings that suggest the format (without the dot), e.g. `causal.jsonl`. */
  extensions: string[];
  /** The extensions name the format by themselves (a binary format whose head, read as text, shows nothing). */
  extensionsDecide?: boolean;
  /** How sure (0 = not this format, 1 = certain) the format is, from the first 64 KiB of text. */
  detect(head: string): number;
  createReader(options: ReadOptions): TraceReader;
}
