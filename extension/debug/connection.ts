// The adapter's side of one debug session's channel to its runtime (debug-protocol.ts): typed
// requests to wherever the trace's analysis lives, replies as promises, errors as Errors in words.

import type { DebugAnswer, DebugEnvelope, DebugReply, DebugRequest } from './debug-protocol';

/** Where a session's requests go: the worker of the trace's editor, a worker the session opened, or in-process (tests). */
export interface DebugTarget {
  send(envelope: DebugEnvelope): Promise<DebugAnswer>;
  /** Ends what was opened for the session alone (its own worker); an editor's worker stays. */
  close(): void;
}

export class DebugConnection {
  /** Sessions are numbered across targets, so one worker can serve several. */
  private static sessions = 0;
  private readonly session = ++DebugConnection.sessions;

  constructor(
    private readonly target: DebugTarget,
    private readonly execution: number,
  ) {}

  async ask<R extends DebugRequest>(request: R): Promise<DebugReply<R>> {
    const answer = await this.target.send({ session: this.session, execution: this.execution, request });
    if ('error' in answer) throw new Error(answer.error);
    return answer.reply as DebugReply<R>;
  }

  /** Ends the session where it runs, then what was opened for it. */
  async close(): Promise<void> {
    await this.ask({ op: 'end' }).catch(() => {});
    this.target.close();
  }
}
