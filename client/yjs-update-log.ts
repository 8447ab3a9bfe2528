// causeway/client's Yjs update log (`*.yjs.jsonl`): every update of one or more Y.Docs, one JSON
// line each, `{"update": base64, "replica", "time", "origin"}`, the shape Causeway opens. Lines
// reach the file in the order the documents made them; the file is written as they arrive.

import { createWriteStream, type WriteStream } from 'node:fs';
import type * as Y from 'yjs';

/** One line of an update log. */
export interface YjsUpdateLine {
  /** The update's bytes, base64. */
  update: string;
  replica?: string;
  /** Milliseconds since 1970. */
  time?: number;
  /** The transaction's origin, when it is a string or a number. */
  origin?: string;
}

/** What a capture needs of a Y.Doc: its client id and its `update` events (no import of yjs at run time). */
export type CapturedYDoc = Pick<Y.Doc, 'clientID' | 'on' | 'off'>;
/** The arguments of a Y.Doc's `update` event. */
export type YjsUpdateHandler = (update: Uint8Array, origin: unknown, doc: Y.Doc, transaction: Y.Transaction) => void;

export interface YjsLogOptions {
  /** The replica named in each line (default: the document's client id). */
  replica?: string;
  /** Which updates: the document's own edits (default), or also those it applies from other replicas (as a y-indexeddb store keeps them). */
  updates?: 'local' | 'all';
  /** The wall clock of each line's `time` (default Date.now). */
  now?: () => number;
}

/** A transaction origin as text, when it has one worth writing (providers pass themselves: left out). */
export function originText(origin: unknown): string | undefined {
  return typeof origin === 'string' || typeof origin === 'number' ? String(origin) : undefined;
}

/** Listens to a document's updates until the returned function is called. */
export function onUpdates(doc: CapturedYDoc, handler: YjsUpdateHandler): () => void {
  doc.on('update', handler);
  return () => doc.off('update', handler);
}

export class YjsUpdateLog {
  private failed: Error | undefined;
  private readonly stops = new Set<() => void>();

  private constructor(
    readonly path: string,
    private readonly stream: WriteStream,
  ) {
    stream.on('error', (error) => (this.failed ??= error));
  }

  /** Creates (or replaces) the update log at `path`. */
  static open(path: string): Promise<YjsUpdateLog> {
    return new Promise((resolve, reject) => {
      const stream = createWriteStream(path, { flags: 'w' });
      stream.once('error', reject);
      stream.once('open', () => {
        stream.off('error', reject);
        resolve(new YjsUpdateLog(path, stream));
      });
    });
  }

  /** Writes every update of `doc` (see YjsLogOptions) from now on; the returned function stops. */
  capture(doc: CapturedYDoc, options: YjsLogOptions = {}): () => void {
    const replica = options.replica ?? String(doc.clientID);
    const now = options.now ?? Date.now;
    const stop = onUpdates(doc, (update, origin, _doc, transaction) => {
      if (!transaction.local && options.updates !== 'all') return;
      const line: YjsUpdateLine = { update: Buffer.from(update).toString('base64'), replica, time: now() };
      const text = originText(origin);
      if (text !== undefined) line.origin = text;
      this.write(line);
    });
    this.stops.add(stop);
    return () => {
      stop();
      this.stops.delete(stop);
    };
  }

  /** Appends one line (for updates that come from elsewhere than a captured document). */
  write(line: YjsUpdateLine): void {
    if (this.failed) throw new Error(`The update log ${this.path} cannot be written: ${this.failed.message}`);
    this.stream.write(`${JSON.stringify(line)}\n`);
  }

  /** Resolves once every line written so far is in the file. */
  flush(): Promise<void> {
    return new Promise((resolve, reject) => this.stream.write('', (error) => (error ? reject(error) : resolve())));
  }

  /** Stops every capture and closes the file. */
  close(): Promise<void> {
    for (const stop of this.stops) stop();
    this.stops.clear();
    return new Promise((resolve, reject) => this.stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
}

/** Creates (or replaces) an update log at `path`; capture documents into it with `log.capture(doc)`. */
export function yjsUpdateLog(path: string): Promise<YjsUpdateLog> {
  return YjsUpdateLog.open(path);
}
