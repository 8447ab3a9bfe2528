// Loads a trace file from disk for the CLI and the extension host: detects its format, streams
// it through the format's reader in chunks with progress and cancellation, and lets details be
// re-read from the file later instead of being held in memory.

import { closeSync, constants, existsSync, fstatSync, openSync, readFileSync, readSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { detectFormat, formatById, TRACE_FORMATS } from '../engine/format/detect';
import { ndjsonMappedFormat } from '../engine/format/ndjson-mapped';
import { parseMappingText } from '../engine/format/ndjson-mapping';
import { ReadCancelled, TraceReadError, type ByteSource, type ReadOptions } from '../engine/format/types';
import type { TraceFile } from '../engine/trace/model';

export interface LoadOptions extends ReadOptions {
  /** Format id to use instead of detecting it. */
  format?: string;
  /** Called after each chunk with bytes read and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Checked between chunks; when it says cancelled, loading stops with ReadCancelled. */
  isCancelled?: () => boolean;
  /** Chunk size in bytes (default 4 MiB). */
  chunkSize?: number;
  /** The file is still being written: a last line without its line break yet is left for a later read. */
  completeLinesOnly?: boolean;
  /** Read only the whole lines within the file's first this many bytes (a first view of a long file while the whole is read). */
  firstBytes?: number;
  /** A file holding an NDJSON mapping (`--mapping`); without it, a sidecar beside the trace is used. */
  mappingFile?: string;
}

/** The sidecar mapping files a trace may have: `NAME.causeway.json` for `NAME.ndjson`, or its whole name plus `.causeway.json`. */
export function sidecarPaths(path: string): string[] {
  const ext = extname(path);
  return [...(ext ? [`${path.slice(0, -ext.length)}.causeway.json`] : []), `${path}.causeway.json`];
}

/** The NDJSON mapping for `path` as JSON text (checked), from the options, `mappingFile` or a sidecar; undefined when none. */
function mappingFor(path: string, options: LoadOptions): string | undefined {
  if (options.mapping !== undefined) return options.mapping;
  const file = options.mappingFile ?? sidecarPaths(path).find((p) => existsSync(p));
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new TraceReadError(`Cannot read the mapping ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  parseMappingText(text, file);
  return text;
}

/** Where the last complete line of the file ends (after its line break), 0 when there is none; read backwards from `size`. */
function endOfLastLine(fd: number, size: number): number {
  const block = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; ) {
    const start = Math.max(0, end - block.length);
    const n = readSync(fd, block, 0, end - start, start);
    const at = block.subarray(0, n).lastIndexOf(10);
    if (at >= 0) return start + at + 1;
    end = start;
  }
  return 0;
}

/** Where the whole lines within the first `bytes` bytes of the file at `path` end (the size of the range `firstBytes` reads), and how many there are. */
export function wholeLinesWithin(path: string, bytes: number): { bytes: number; lines: number } {
  const fd = openRegularFile(path);
  try {
    const end = endOfLastLine(fd, Math.min(fstatSync(fd).size, bytes));
    const text = Buffer.alloc(end);
    readSync(fd, text, 0, end, 0);
    let lines = 0;
    for (let at = text.indexOf(10); at >= 0; at = text.indexOf(10, at + 1)) lines++;
    return { bytes: end, lines };
  } finally {
    closeSync(fd);
  }
}

/**
 * The mean length of the lines of the file at `path`, in bytes (line break included), from the
 * whole lines within `points` reads of `span` bytes, one in the middle of each equal part of it (lines that grow along
 * the file, such as longer clocks, are weighed fairly); NaN when no read holds a whole line.
 */
export function sampledLineLength(path: string, points = 16, span = 64 * 1024): number {
  const fd = openRegularFile(path);
  try {
    const size = fstatSync(fd).size;
    const block = Buffer.alloc(Math.min(span, size));
    let bytes = 0;
    let lines = 0;
    for (let i = 0; i < points; i++) {
      // The middle of each of `points` equal parts of the file: each read speaks for its part.
      const offset = Math.min(size - block.length, Math.max(0, Math.floor(((i + 0.5) * size) / points - block.length / 2)));
      const read = block.subarray(0, readSync(fd, block, 0, block.length, offset));
      // A read from the middle of a line starts after its end; the file's start is a line's start.
      const start = offset === 0 ? -1 : read.indexOf(10);
      const end = read.lastIndexOf(10);
      if (offset > 0 && start < 0) continue;
      for (let at = read.indexOf(10, start + 1); at >= 0 && at <= end; at = read.indexOf(10, at + 1)) lines++;
      bytes += end - start;
    }
    return lines > 0 ? bytes / lines : NaN;
  } finally {
    closeSync(fd);
  }
}

/** Opening for reading never waits (a FIFO with no writer would block forever without this flag). */
const READ_NOW = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function refuseUnlessRegular(path: string, stat: Stats): void {
  if (!stat.isFile()) throw new TraceReadError(`${path} is ${stat.isDirectory() ? 'a folder' : 'not a regular file (a pipe, socket or device)'}, not a trace file.`);
}

/** Opens `path` for reading, refusing anything but a regular file before and after opening it. */
function openRegularFile(path: string): number {
  let fd: number;
  try {
    refuseUnlessRegular(path, statSync(path));
    fd = openSync(path, READ_NOW);
  } catch (e) {
    if (e instanceof TraceReadError) throw e;
    throw new TraceReadError(`Cannot open ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  try {
    refuseUnlessRegular(path, fstatSync(fd));
  } catch (e) {
    closeSync(fd);
    throw e;
  }
  return fd;
}

/** The text of the regular file `name` beside `path`, or undefined when there is none or it cannot be read. */
function readBeside(path: string, name: string): string | undefined {
  const beside = join(dirname(path), name);
  let fd: number;
  try {
    fd = openRegularFile(beside);
  } catch {
    return undefined;
  }
  try {
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Reads `path` as a trace. Throws TraceReadError when the file cannot be opened or recognised. */
export function loadTraceFile(path: string, options: LoadOptions = {}): TraceFile {
  const fd = openRegularFile(path);
  // Details are re-read rarely (when a user looks at an event): open the file for each read.
  const bytes: ByteSource = {
    read(offset, length) {
      const buffer = Buffer.alloc(length);
      const detailFd = openRegularFile(path);
      try {
        readSync(detailFd, buffer, 0, length, offset);
      } finally {
        closeSync(detailFd);
      }
      return buffer;
    },
  };
  try {
    const stat = fstatSync(fd);
    const total =
      options.firstBytes !== undefined ? endOfLastLine(fd, Math.min(stat.size, options.firstBytes)) : options.completeLinesOnly ? endOfLastLine(fd, stat.size) : stat.size;
    const chunkSize = options.chunkSize ?? 4 * 1024 * 1024;
    const head = Buffer.alloc(Math.min(total, 64 * 1024));
    readSync(fd, head, 0, head.length, 0);
    const mapping = mappingFor(path, options);
    const format = options.format ? formatById(options.format) : mapping !== undefined ? ndjsonMappedFormat : detectFormat(head.toString('utf8'), basename(path));
    if (!format) {
      throw new TraceReadError(
        options.format
          ? `Unknown format "${options.format}".`
          : `${path} is not a trace format Causeway recognises (${TRACE_FORMATS.map((f) => f.title).join('; ')}). Name the format with --format.`,
      );
    }
    const reader = format.createReader({ sidecar: (name) => readBeside(path, name), ...options, mapping, name: options.name ?? basename(path), bytes, totalBytes: total });
    let position = 0;
    // One buffer for every chunk (readers copy what they keep): a fresh 4 MiB per chunk costs page
    // faults and, as external memory, full garbage collections while a large file is read.
    const chunk = Buffer.allocUnsafe(Math.min(chunkSize, total));
    while (position < total) {
      if (options.isCancelled?.()) throw new ReadCancelled();
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, total - position), position);
      if (n <= 0) break;
      position += n;
      reader.push(chunk.subarray(0, n));
      options.onProgress?.(position, total);
    }
    return reader.finish();
  } catch (e) {
    if (e instanceof TraceReadError || e instanceof ReadCancelled || !(e as NodeJS.ErrnoException).code) throw e;
    throw new TraceReadError(`Cannot read ${path}: ${(e as Error).message}.`);
  } finally {
    closeSync(fd);
  }
}
