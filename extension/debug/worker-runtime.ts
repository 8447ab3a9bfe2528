// The debug sessions of one loaded trace, where its analyses are (the trace worker; in-process in
// the adapter's tests): each `launch` starts a DebugService on an execution, later requests go to
// it by session number, `end` frees it.

import type { Analysis } from '../../engine/analysis/analyze';
import type { DebugAnswer, DebugEnvelope } from './debug-protocol';
import { DebugService } from './debug-service';

export class DebugSessions {
  private readonly sessions = new Map<number, DebugService>();

  constructor(private readonly analyses: readonly Analysis[]) {}

  /** Answers one session's request; an error says why in words (it never throws). */
  answer({ session, execution, request }: DebugEnvelope): DebugAnswer {
    try {
      if (request.op === 'launch') {
        const analysis = this.analyses[execution];
        if (!analysis) throw new Error(`The trace has no execution ${execution} (it has ${this.analyses.length}).`);
        this.sessions.set(session, new DebugService(analysis, request));
      }
      const service = this.sessions.get(session);
      if (!service) throw new Error('This debug session has ended, or its trace was read again: start debugging again.');
      if (request.op === 'end') this.sessions.delete(session);
      return { reply: service.answer(request) };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }
}
