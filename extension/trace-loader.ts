// Host side of the trace worker: starts one for a file, relays its progress, ends it on
// cancellation, applies the state checks it sends later, and turns its replies into promises.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ReadCancelled } from '../engine/format/types';
import type { EventDetails } from '../webview/protocol';
import type { DebugAnswer, DebugEnvelope } from './debug/debug-protocol';
import { TooLargeToOpen } from './opening-estimate';
import { decodedView, type DrawnView } from '../engine/view/view-parts';
import { PartsDecoder } from '../engine/view/wire';
import { type LoadRequest, type LoadSummary, readsFirstLines, type WorkerJob, type WorkerMessage, type WorkerRequest } from './worker-protocol';

export interface LoadCallbacks {
  /** Bytes read so far; `analysing` once the whole file is read. */
  onProgress(progress: { bytesRead: number; totalBytes: number } | 'analysing'): void;
  /** A long file's first lines, cut for the webview while the rest is read (when the request asked for a first view). */
  onFirstView?(parts: Uint8Array[]): void;
  /** The state replay of an execution finished: its findings and replicas are now complete. */
  onChecked(execution: number): void;
  signal: AbortSignal;
}

type Reply = Extract<WorkerMessage, { id: number }>;

/** Some parts of a view, of `count` in all. */
export interface PartBatch {
  parts: Uint8Array[];
  count: number;
}

/** The trace worker's bundle, beside this one in dist/. */
const WORKER_BUNDLE = join(__dirname, 'trace-worker.js');

/**
 * A trace worker started ahead of need, its bundle loaded, waiting for the request of the next
 * file to open: opening a file then skips the worker's start (a tenth of a second, more on a busy machine).
 */
let spare: Worker | undefined;

/** Starts a spare trace worker unless one waits already (it does not keep the extension host alive). */
export function prepareWorker(): void {
  if (spare) return;
  spare = new Worker(WORKER_BUNDLE);
  spare.unref();
  const dropped = spare;
  dropped.once('exit', () => {
    if (spare === dropped) spare = undefined;
  });
}

/** Stops the spare worker, if any (the extension deactivates). */
export function disposeSpareWorker(): void {
  void spare?.terminate();
  spare = undefined;
}

/** A worker loading `request` (once `gate` opens, when given): the spare if one waits (LoadedTrace starts the next when its own ends), else a new one. */
function startWorker(request: LoadRequest, gate?: Int32Array): Worker {
  const job: WorkerJob = { type: 'load', request, ...(gate ? { gate } : {}) };
  const taken = spare;
  spare = undefined;
  if (!taken) return new Worker(WORKER_BUNDLE, { workerData: job });
  taken.ref();
  taken.postMessage(job);
  return taken;
}

/** A worker reading the first lines of `request`'s file; when none can start, `goOn` lets the load read without them. */
function startFirstLines(request: LoadRequest, goOn: () => void): Worker | undefined {
  try {
    return new Worker(WORKER_BUNDLE, { workerData: { type: 'firstLines', request } satisfies WorkerJob });
  } catch {
    goOn();
    return undefined;
  }
}

/** Whether `request` reads its file's first lines in a worker of their own before the load (a long file, not a range, a first view or a limit asked for). */
function withFirstLines(request: LoadRequest): boolean {
  try {
    return readsFirstLines(request, statSync(request.path).size);
  } catch {
    // The load reports the unreadable file.
    return false;
  }
}

/** A request before it gets its id. */
type Unsent<T> = T extends unknown ? Omit<T, 'id'> : never;

export class LoadedTrace {
  private nextId = 0;
  /** Names each view sent in parts (the worker keeps the parts not yet asked for under it). */
  private nextStream = 0;
  private readonly pending = new Map<number, { resolve(reply: Reply): void; reject(err: Error): void }>();
  /** Settles when every execution has been checked (rejects if the checks fail). */
  readonly checked: Promise<void>;

  private constructor(
    private readonly worker: Worker,
    /** What the host keeps of the trace: the views stay in the worker. */
    readonly summary: LoadSummary,
    onChecked: LoadCallbacks['onChecked'],
  ) {
    let unchecked = summary.executions.length;
    let checksDone!: () => void;
    let checksFailed!: (err: Error) => void;
    this.checked = new Promise<void>((resolve, reject) => {
      checksDone = resolve;
      checksFailed = reject;
    });
    this.checked.catch(() => {});
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'checked') {
        const { type: _type, execution, ...checked } = message;
        Object.assign(summary.executions[execution], checked);
        onChecked(execution);
        if (--unchecked === 0) checksDone();
      } else if (message.type === 'failed') {
        checksFailed(new Error(message.message));
      } else if ('id' in message) {
        this.pending.get(message.id)?.resolve(message);
        this.pending.delete(message.id);
      }
    });
    const failAll = (err: Error) => {
      checksFailed(err);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('The trace worker has stopped.')));
  }

  /**
   * Loads and analyses a trace in a worker (a long file's first lines first, in another, for its
   * first view and the estimate of the whole); rejects with ReadCancelled when `signal` aborts, with
   * TooLargeToOpen when the file would not fit.
   */
  static load(request: LoadRequest, callbacks: LoadCallbacks): Promise<LoadedTrace> {
    // The load waits at the gate until the first lines are read and the whole fits.
    const gate = withFirstLines(request) ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
    const worker = startWorker(request, gate);
    const openGate = () => {
      Atomics.store(gate!, 0, 1);
      Atomics.notify(gate!, 0);
    };
    const firstLines = gate && startFirstLines(request, openGate);
    const loading = new Promise<LoadedTrace>((resolve, reject) => {
      let settled = false;
      const settle = () => {
        settled = true;
        void firstLines?.terminate();
        worker.off('message', onMessage);
        worker.off('error', fail);
        callbacks.signal.removeEventListener('abort', onAbort);
      };
      const fail = (err: Error) => {
        if (settled) return;
        settle();
        void worker.terminate();
        reject(err);
      };
      const onAbort = () => fail(new ReadCancelled());
      const onMessage = (message: WorkerMessage) => {
        if (message.type === 'reading') return callbacks.onProgress(message);
        if (message.type === 'analysing') return callbacks.onProgress('analysing');
        if (message.type === 'loaded') {
          settle();
          return resolve(new LoadedTrace(worker, message.summary, callbacks.onChecked));
        }
        fail(new Error(message.type === 'failed' ? message.message : `Unexpected message from the trace worker: ${message.type}`));
      };
      // The first lines only add a first view and an estimate: when they fail, the load goes on and says what is wrong.
      firstLines?.on('exit', () => settled || openGate());
      firstLines?.on('error', () => {});
      firstLines?.on('message', (message: WorkerMessage) => {
        if (settled) return;
        if (message.type === 'firstView') callbacks.onFirstView?.(message.parts);
        else if (message.type === 'firstLinesRead') openGate();
        else if (message.type === 'tooLarge') fail(new TooLargeToOpen(message.estimate));
      });
      if (callbacks.signal.aborted) return onAbort();
      callbacks.signal.addEventListener('abort', onAbort, { once: true });
      worker.on('message', onMessage);
      worker.on('error', fail);
    });
    // The next file to open gets a spare worker, started once this one's worker has ended (a trace kept
    // open holds its memory already).
    loading.catch(prepareWorker);
    return loading;
  }

  /** The full fields of events of one execution (read back from the file). */
  async details(execution: number, events: number[]): Promise<EventDetails[]> {
    const reply = await this.request({ type: 'details', execution, events });
    return reply.type === 'details' ? reply.details : [];
  }

  /** The index of the event with this id in one execution, or -1. */
  async find(execution: number, query: string): Promise<number> {
    const reply = await this.request({ type: 'find', execution, query });
    return reply.type === 'found' ? reply.event : -1;
  }

  /**
   * An execution's view and buffers cut in parts for the webview (by the worker, once its states are
   * checked: the host never encodes them), a batch of a few megabytes at a time as the caller asks:
   * the host never holds the whole (a million events' view is 67 MB). Stopping early drops the rest.
   */
  async *partBatches(execution: number): AsyncGenerator<PartBatch> {
    const stream = ++this.nextStream;
    let done = false;
    try {
      while (!done) {
        const reply = await this.request({ type: 'parts', execution, stream });
        if (reply.type !== 'parts') return;
        done = reply.done;
        yield { parts: reply.parts, count: reply.count };
      }
    } finally {
      if (!done) this.worker.postMessage({ type: 'stopParts', stream } satisfies WorkerRequest);
    }
  }

  /** An execution's whole view and buffers, put back together from its parts (for an export that embeds them; the host keeps none). */
  async view(execution: number): Promise<DrawnView> {
    const decoder = new PartsDecoder();
    for await (const { parts } of this.partBatches(execution)) for (const part of parts) decoder.add(part);
    return decodedView(decoder);
  }

  /** A debug session's request, answered beside the analysis (extension/debug/worker-runtime.ts). */
  async debug(envelope: DebugEnvelope): Promise<DebugAnswer> {
    const reply = await this.request({ type: 'debug', ...envelope });
    return reply.type === 'debugged' ? reply : { error: `Unexpected reply from the trace worker: ${reply.type}` };
  }

  dispose(): void {
    void this.worker.terminate();
    prepareWorker();
  }

  private request(request: Unsent<WorkerRequest>): Promise<Reply> {
    const id = ++this.nextId;
    return new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...request, id } as WorkerRequest);
    });
  }
}
