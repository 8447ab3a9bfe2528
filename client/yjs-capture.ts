// causeway/client's capture of a Y.Doc into a live session or a native trace file: each update the
// document makes is a send, each update it applies from other clients a receive per client whose
// edits it brings. Message ids come from Yjs's own state vectors (`yjs:CLIENT:CLOCK`, the client's
// clock after the edit), so captures in separate processes link up with no clock of their own;
// every event keeps the update's bytes (base64: `fields.update` for the document's own edits,
// `fields.appliedUpdate` for others'), so a recording converts back to an update log.

import type { Json } from '../engine/crdt/types';
import type { TracedEvent, TraceSink } from './sink';
import { onUpdates, originText, type CapturedYDoc } from './yjs-update-log';

export interface YjsCaptureOptions {
  sink: TraceSink;
  /** The document's replica name (default: its client id). */
  replica?: string;
  /** The replica name of another client, as its own capture names it (default: the client id). */
  replicaOf?: (clientId: number) => string;
  /** Stamp every event with the wall time (default on). */
  wallTime?: boolean;
}

/** The id of the message that carries a client's edits up to `clock` (its state vector entry after them). */
export function yjsMessageId(clientId: number, clock: number): string {
  return `yjs:${clientId}:${clock}`;
}

export class YjsCapture {
  readonly replica: string;
  private stop: (() => void) | undefined;

  constructor(
    private readonly doc: CapturedYDoc,
    private readonly options: YjsCaptureOptions,
  ) {
    this.replica = options.replica ?? String(doc.clientID);
    options.sink.attach(this.replica);
    this.stop = onUpdates(doc, (update, origin, _doc, transaction) => {
      const fields: Record<string, Json> = { [transaction.local ? 'update' : 'appliedUpdate']: Buffer.from(update).toString('base64') };
      const text = originText(origin);
      if (text !== undefined) fields['origin'] = text;
      fields['stateVector'] = Object.fromEntries([...transaction.afterState].map(([client, clock]) => [String(client), clock]));
      if (transaction.local) this.local(update.length, transaction.beforeState, transaction.afterState, fields);
      else this.applied(transaction.beforeState, transaction.afterState, fields);
    });
  }

  flush(): Promise<void> {
    return this.options.sink.flush();
  }

  /** Stops listening, flushes, and lets the sink close once no capture or tracer uses it. */
  async close(): Promise<void> {
    if (!this.stop) return;
    this.stop();
    this.stop = undefined;
    await this.options.sink.release(this.replica);
  }

  /** The document's own edit: a send of its new items (or, deleting only, a local event). */
  private local(bytes: number, before: Map<number, number>, after: Map<number, number>, fields: Record<string, Json>): void {
    const own = this.doc.clientID;
    const clock = after.get(own) ?? 0;
    if (clock > (before.get(own) ?? 0)) this.write({ kind: 'send', msg: yjsMessageId(own, clock), label: `update of ${bytes} bytes` }, fields);
    else this.write({ kind: 'local', label: `deletions (${bytes} bytes)` }, fields);
  }

  /** Another client's edits applied: one receive per client whose items it brings, the first one keeping the update. */
  private applied(before: Map<number, number>, after: Map<number, number>, fields: Record<string, Json>): void {
    const name = this.options.replicaOf ?? String;
    let first = true;
    for (const [client, clock] of after) {
      if (client === this.doc.clientID || clock <= (before.get(client) ?? 0)) continue;
      this.write({ kind: 'receive', msg: yjsMessageId(client, clock), label: `applies ${name(client)}'s edits up to clock ${clock}` }, first ? fields : { stateVector: fields['stateVector'] });
      first = false;
    }
    if (first) this.write({ kind: 'local', label: 'applies deletions from another replica' }, fields);
  }

  private write(event: Pick<TracedEvent, 'kind' | 'msg' | 'label'>, fields: Record<string, Json>): void {
    const traced: TracedEvent = { replica: this.replica, ...event, fields };
    if (this.options.wallTime !== false) traced.time = Date.now();
    this.options.sink.write(traced);
  }
}

/** Streams a Y.Doc's updates into a sink (a live session's `liveSink`, or a `fileSink`) until `close()`. */
export function captureYjs(doc: CapturedYDoc, options: YjsCaptureOptions): YjsCapture {
  return new YjsCapture(doc, options);
}
