// Writes a native trace file while events arrive: the header at once, then declaration and event
// lines in order, handed to the file once per turn of the event loop, so what was accepted is in
// the file moments later and a crash loses nothing already written. Knows which lines the file
// holds (for counting and acknowledging only those) and its backlog (what it was given that the
// file does not hold yet) for back-pressure. The live session and the client's
// file sink both write through it; a new live recording's file name comes from here too.

import { createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { ObjectTypes } from './protocol';

/** 2026-11-24-061502: sorts by time and is safe in file names everywhere. */
function timestamp(d: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}${two(d.getSeconds())}`;
}

/** A recording file in `folder` named for `now` that does not exist yet (`-2`, `-3`, ... within one second). */
export function newRecordingPath(folder: string, now: Date): string {
  const stem = `live-${timestamp(now)}`;
  let path = join(folder, `${stem}.causal.jsonl`);
  for (let n = 2; existsSync(path); n++) path = join(folder, `${stem}-${n}.causal.jsonl`);
  return path;
}

export interface RecordingOptions {
  /** The header line's fields besides format and version (name, description, ...). */
  header?: Record<string, unknown>;
  /** Refuse to write over an existing file (default: replace it). */
  exclusive?: boolean;
  /** Called each time a batch has reached the file. */
  onWritten?: () => void;
  /** Called once when the file cannot be written; later lines are dropped. */
  onError?: (error: Error) => void;
}

export class RecordingWriter {
  private pending: string[] = [];
  /** Characters handed over, and those the file holds, since the start. */
  private handedChars = 0;
  private writtenChars = 0;
  private lineCount = 0;
  /** Lines the file holds (written to it: a crash of this process no longer loses them). */
  private writtenLineCount = 0;
  private flushScheduled = false;
  private failed: Error | undefined;
  /** Callers of written(), each waiting for the file to hold `upTo` characters. */
  private waiting: Array<{ upTo: number; resolve: () => void }> = [];
  /** Declared object keys and their types (as JSON, a bare type name meaning {"type": name}). */
  private readonly declared = new Map<string, string>();

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
    private readonly options: RecordingOptions,
  ) {
    stream.on('error', (error) => this.fail(error));
  }

  /** Creates (or replaces) the file and writes the header line. */
  static async open(path: string, options: RecordingOptions = {}): Promise<RecordingWriter> {
    const stream = createWriteStream(path, { flags: options.exclusive ? 'wx' : 'w' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    const writer = new RecordingWriter(path, stream, options);
    writer.append(JSON.stringify({ format: 'causeway', version: 1, ...options.header }));
    return writer;
  }

  /** Lines handed over so far (the header included): the number of the last one. */
  get lines(): number {
    return this.lineCount;
  }

  /** Lines the file holds: written to it, so a crash of this process (even kill -9) does not lose them. */
  get writtenLines(): number {
    return this.writtenLineCount;
  }

  /** Characters handed over that the file does not hold yet. */
  get backlog(): number {
    return this.handedChars - this.writtenChars;
  }

  /**
   * Writes a declaration of the keys not declared before. Returns the keys that were declared
   * before with another type (the first declaration stands, as the reader reads it).
   */
  declare(objects: ObjectTypes): string[] {
    const fresh: ObjectTypes = {};
    const conflicting: string[] = [];
    for (const [key, spec] of Object.entries(objects)) {
      const type = JSON.stringify(typeof spec === 'string' ? { type: spec } : spec);
      const before = this.declared.get(key);
      if (before === undefined) {
        this.declared.set(key, type);
        fresh[key] = spec;
      } else if (before !== type) {
        conflicting.push(key);
      }
    }
    if (Object.keys(fresh).length > 0) this.append(JSON.stringify({ declare: { objects: fresh } }));
    return conflicting;
  }

  /** Appends one line (no line break in it) and returns its 1-based line number. */
  append(line: string): number {
    if (!this.failed) {
      this.pending.push(line);
      this.handedChars += line.length + 1;
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    }
    return ++this.lineCount;
  }

  /** Resolves once every line handed over so far is in the file. */
  async written(): Promise<void> {
    this.flush();
    const upTo = this.handedChars;
    if (this.writtenChars < upTo && !this.failed) await new Promise<void>((resolve) => this.waiting.push({ upTo, resolve }));
    if (this.failed) throw this.failed;
  }

  /** Writes what is left and closes the file. */
  async close(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve) => this.stream.end(() => resolve()));
    if (this.failed) throw this.failed;
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending.length === 0 || this.failed) return;
    const text = `${this.pending.join('\n')}\n`;
    const lines = this.pending.length;
    this.pending = [];
    this.stream.write(text, (error) => {
      if (error) return this.fail(error);
      this.writtenChars += text.length;
      this.writtenLineCount += lines;
      this.options.onWritten?.();
      this.wake();
    });
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    this.pending = [];
    this.writtenChars = this.handedChars;
    this.options.onError?.(error);
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = waiting.filter((w) => w.upTo > this.writtenChars);
    for (const w of waiting) if (w.upTo <= this.writtenChars) w.resolve();
  }
}
