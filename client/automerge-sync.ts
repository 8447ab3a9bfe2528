// causeway/client's capture of Automerge sync between peers: a peer wraps its document and the
// library's sync protocol (generateSyncMessage / receiveSyncMessage), and records its changes,
// each sync message it sends and each it receives as events of a tracer (vector clocks that order
// sends before their receives), each with the document's heads and its change clock (per actor,
// the highest seq of the changes the peer has), so a live session shows two peers converge.
// The application passes its own Automerge module: documents belong to the module that made them.

import type * as Automerge from '@automerge/automerge';
import type { Json } from '../engine/crdt/types';
import type { TraceSink } from './sink';
import { Tracer, type Envelope } from './tracer';

/** The functions of `@automerge/automerge` a peer uses. */
export type AutomergeSyncApi = Pick<
  typeof Automerge,
  'change' | 'generateSyncMessage' | 'receiveSyncMessage' | 'initSyncState' | 'getHeads' | 'getChangesMetaSince' | 'decodeSyncMessage'
>;
type SyncState = ReturnType<typeof Automerge.initSyncState>;

export interface AutomergeSyncPeerOptions {
  /** The peer's replica name (a lane of its own). */
  replica: string;
  sink: TraceSink;
  /** Stamp every event with the wall time (off by default). */
  wallTime?: boolean;
}

/** A sync message on its way: the library's bytes, and the envelope the receiving peer's capture needs. */
export interface CapturedSyncMessage {
  to: string;
  data: Uint8Array;
  envelope: Envelope;
}

export class AutomergeSyncPeer<T> {
  readonly replica: string;
  private readonly tracer: Tracer;
  private readonly syncStates = new Map<string, SyncState>();
  private changeClock: Record<string, number> = {};
  /** The heads of the document as this peer last saw it (a document changed since may no longer be read). */
  private heads: Automerge.Heads = [];

  constructor(
    private readonly automerge: AutomergeSyncApi,
    private current: Automerge.Doc<T>,
    options: AutomergeSyncPeerOptions,
  ) {
    this.replica = options.replica;
    this.tracer = new Tracer({ replica: options.replica, sink: options.sink, wallTime: options.wallTime });
    this.learn();
  }

  get doc(): Automerge.Doc<T> {
    return this.current;
  }

  /** Per actor, the highest seq of the changes this peer's document holds. */
  get clock(): Readonly<Record<string, number>> {
    return this.changeClock;
  }

  /** Changes the document (Automerge.change, with a message or change options) and records the change. */
  change(callback: Automerge.ChangeFn<T>, options: string | Automerge.ChangeOptions<T> = {}): Automerge.Doc<T> {
    return this.adopt(this.automerge.change(this.current, options, callback));
  }

  /** Takes a later version of the document, changed by the application itself, and records each change it gained. */
  adopt(doc: Automerge.Doc<T>): Automerge.Doc<T> {
    this.current = doc;
    for (const change of this.learn()) {
      this.tracer.local(`change ${change.hash.slice(0, 8)}${change.message ? `: ${change.message}` : ''}`, this.details({ actor: change.actor, seq: change.seq }));
    }
    return this.current;
  }

  /** The next sync message to `peer`, recorded as a send, or undefined when this peer has nothing to tell it. */
  generateMessage(peer: string): CapturedSyncMessage | undefined {
    const [state, data] = this.automerge.generateSyncMessage(this.current, this.syncState(peer));
    this.syncStates.set(peer, state);
    if (!data) return undefined;
    const changes = this.automerge.decodeSyncMessage(data).changes.length;
    const envelope = this.tracer.send({ to: peer, payload: 'delta', label: `sync message to ${peer}: ${plural(changes, 'change')}, ${plural(data.length, 'byte')}`, ...this.details({ changes, bytes: data.length }) });
    return { to: peer, data, envelope };
  }

  /** Applies a sync message from another peer (receiveSyncMessage) and records the receive. */
  receiveMessage(message: CapturedSyncMessage): Automerge.Doc<T> {
    const from = message.envelope.from;
    const [doc, state] = this.automerge.receiveSyncMessage(this.current, this.syncState(from), message.data);
    this.current = doc;
    this.syncStates.set(from, state);
    const applied = this.learn().length;
    this.tracer.receive(message.envelope, { label: `sync message from ${from}: applies ${plural(applied, 'change')}`, ...this.details({ applied }) });
    return this.current;
  }

  flush(): Promise<void> {
    return this.tracer.flush();
  }

  close(): Promise<void> {
    return this.tracer.close();
  }

  private syncState(peer: string): SyncState {
    return this.syncStates.get(peer) ?? this.automerge.initSyncState();
  }

  /** Takes the changes the document gained since this peer last saw it into the change clock; returns them. */
  private learn() {
    const gained = this.automerge.getChangesMetaSince(this.current, this.heads);
    const clock = { ...this.changeClock };
    for (const { actor, seq } of gained) clock[actor] = Math.max(clock[actor] ?? 0, seq);
    this.changeClock = clock;
    this.heads = this.automerge.getHeads(this.current);
    return gained;
  }

  /** An event's fields: `more`, the document's heads and its change clock. */
  private details(more: Record<string, Json>): { fields: Record<string, Json> } {
    return { fields: { ...more, heads: this.heads, changeClock: this.changeClock } };
  }
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Creates a peer for `doc`; use its `change` (or `adopt`), `generateMessage` and `receiveMessage` instead of the library's. */
export function automergeSyncPeer<T>(automerge: AutomergeSyncApi, doc: Automerge.Doc<T>, options: AutomergeSyncPeerOptions): AutomergeSyncPeer<T> {
  return new AutomergeSyncPeer(automerge, doc, options);
}

/**
 * The plain sync loop: in rounds, every peer offers a message to every other and each message is
 * received at once, until a round sends nothing (the peers have converged). Returns the number of
 * messages exchanged; throws if they still talk after `maxRounds`.
 */
export function syncPeers<T>(peers: ReadonlyArray<AutomergeSyncPeer<T>>, maxRounds = 100): number {
  let exchanged = 0;
  for (let round = 0; round < maxRounds; round++) {
    let sent = 0;
    for (const from of peers) {
      for (const to of peers) {
        if (to === from) continue;
        const message = from.generateMessage(to.replica);
        if (!message) continue;
        to.receiveMessage(message);
        sent++;
      }
    }
    if (sent === 0) return exchanged;
    exchanged += sent;
  }
  throw new Error(`${peers.map((p) => p.replica).join(', ')} still exchange sync messages after ${maxRounds} rounds.`);
}
