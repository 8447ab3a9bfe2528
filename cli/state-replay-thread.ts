// `causeway check`'s second thread: each execution's key-by-key state replay
// (engine/replay/states-by-key.ts) is handed to it as soon as the analysis knows its inputs, and
// runs there while this thread finds the conflicts and runs the structural checks. Once this
// thread is done with those, it claims keys of the replay too (a shared counter), so that the
// two finish together. The job's columns and the sorted actions are in shared memory: nothing
// large is copied. The thread is started before a large file is read, so its start-up overlaps
// the reading. A thread that cannot start or stops leaves its jobs to be replayed here; a
// replay that fails there is reported.

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Json } from '../engine/crdt/types';
import type { KeyActions } from '../engine/replay/key-actions';
import { type FinalState, type KeyReplayJob, type KeyReplayResult, KeyReplayer, replayKeyJob } from '../engine/replay/states-by-key';
import { sharedArray } from '../engine/util/shared-arrays';

/** What the thread is sent: a job (its columns shared), numbered, and the counter of keys claimed so far by either thread. */
export interface ReplayRequest {
  id: number;
  job: KeyReplayJob;
  claims: Int32Array;
}

/**
 * What it sends back: the job's one pass of sorted actions (the main thread may then claim keys);
 * then the values of the keys it replayed (`values[n][r]`: replica r's of key `keys[n]`) and the
 * operations it refused, or what went wrong.
 */
export type ReplayReply =
  | { id: number; pass: KeyActions }
  | { id: number; keys: number[]; values: Json[][]; refused: number[]; reasons: string[] }
  | { id: number; error: string };

type ReplayOutcome = KeyReplayResult<FinalState>;

/** A job handed over, until its outcome (or the thread's failure) is known. */
interface HandedJob {
  job: KeyReplayJob;
  claims: Int32Array;
  /** The keys this thread claimed and replayed. */
  here?: KeyReplayer;
  outcome?: ReplayOutcome;
  error?: string;
}

/** The worker: the bundle beside this one or, run from source (the tests, through tsx), its TypeScript file behind tsx's hook. */
function startWorker(): Worker {
  if (!__filename.endsWith('.ts')) return new Worker(join(__dirname, 'state-replay-worker.js'));
  const source = join(__dirname, 'state-replay-worker.ts');
  return new Worker(`require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(source)});`, { eval: true });
}

const errorText = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

export class StateReplayThread {
  private readonly worker = startWorker();
  private readonly jobs = new Map<number, HandedJob>();
  private nextId = 0;
  /** The thread failed or exited: jobs are then replayed here. */
  private stopped = false;
  private whenSettled: (() => void) | undefined;

  constructor() {
    this.worker.on('message', (reply: ReplayReply) => this.receive(reply));
    this.worker.on('error', () => this.stop());
    this.worker.on('exit', () => this.stop());
  }

  /**
   * analyzeTrace's `replayElsewhere`: hands the job to the thread. What it returns gives the
   * outcome once `settled()` has resolved (replayed here if the thread stopped before answering).
   */
  readonly replay = (job: KeyReplayJob): (() => ReplayOutcome) => {
    const id = this.nextId++;
    const handed: HandedJob = { job, claims: sharedArray(Int32Array, 1) };
    if (!this.stopped) {
      this.jobs.set(id, handed);
      this.worker.postMessage({ id, job, claims: handed.claims } satisfies ReplayRequest);
    }
    return () => {
      if (handed.error !== undefined) throw new Error(`the state replay failed: ${handed.error}`);
      if (!handed.outcome && this.jobs.has(id)) throw new Error('the state replay was asked for before it ended');
      handed.outcome ??= replayKeyJob(handed.job);
      return handed.outcome;
    };
  };

  /**
   * Resolves once every job handed over has its outcome, or the thread has stopped. Meanwhile
   * this thread replays the keys it claims of each job whose actions have been sorted.
   */
  settled(): Promise<void> {
    return new Promise((resolve) => {
      this.whenSettled = resolve;
      this.settleIfDone();
    });
  }

  /** Stops the thread (its jobs not answered yet are then replayed here when asked for). */
  close(): void {
    this.worker.removeAllListeners();
    void this.worker.terminate();
    this.stop();
  }

  private receive(reply: ReplayReply): void {
    const handed = this.jobs.get(reply.id);
    if (!handed) return;
    try {
      if ('pass' in reply) return this.claimKeys(handed, reply.pass);
      if ('error' in reply) handed.error = reply.error;
      else handed.outcome = outcomeOf(handed, reply.keys, reply.values, reply.refused, reply.reasons);
    } catch (e) {
      handed.error = errorText(e);
    }
    this.jobs.delete(reply.id);
    this.settleIfDone();
  }

  /** Replays here the keys of the pass this thread claims before the other thread does. */
  private claimKeys(handed: HandedJob, pass: KeyActions): void {
    const here = (handed.here = new KeyReplayer(handed.job));
    for (let k = Atomics.add(handed.claims, 0, 1); k < pass.to; k = Atomics.add(handed.claims, 0, 1)) here.replay(pass, k);
  }

  private stop(): void {
    this.stopped = true;
    this.jobs.clear();
    this.settleIfDone();
  }

  private settleIfDone(): void {
    if (this.jobs.size > 0 || !this.whenSettled) return;
    const resolve = this.whenSettled;
    this.whenSettled = undefined;
    resolve();
  }
}

/** The job's outcome from the keys replayed on both threads: the states replayed there cross as their values. */
function outcomeOf(handed: HandedJob, keys: number[], values: Json[][], refused: number[], reasons: string[]): ReplayOutcome {
  const { job, here } = handed;
  const finalStates: FinalState[][] = job.replicaNames.map((_, r) => here?.finalStates[r].slice() ?? new Array<FinalState>(job.keys));
  keys.forEach((k, n) => values[n].forEach((value, r) => (finalStates[r][k] = { value: () => value })));
  const missing = finalStates.findIndex((row) => row.length !== job.keys || row.includes(undefined as never));
  if (missing >= 0) throw new Error(`replica ${missing} lacks the final state of a key`);
  return { finalStates, refused: [...(here?.refused ?? []), ...refused], reasons: [...(here?.reasons ?? []), ...reasons] };
}
