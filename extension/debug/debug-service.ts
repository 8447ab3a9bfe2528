// One debug session where its trace's analysis lives: the runtime (session-model.ts) and the
// inspector (inspect.ts) answering the adapter's requests (debug-protocol.ts) as plain data. The
// variable trees stay here; the adapter sees only their references.

import type { Analysis } from '../../engine/analysis/analyze';
import { displayText } from '../../engine/util/display-text';
import type { DebugReplies, DebugRequest, Movement, ShownVariable, StopReport } from './debug-protocol';
import { DebugInspector, type VariableNode } from './inspect';
import { DebugRuntime, type Stop } from './session-model';
import { replayWithStrategy, strategyChoices } from './strategy-replay';

const MOVEMENTS: Record<Movement, (runtime: DebugRuntime) => Stop> = {
  next: (runtime) => runtime.next(),
  stepBack: (runtime) => runtime.stepBack(),
  stepIn: (runtime) => runtime.stepIn(),
  stepOut: (runtime) => runtime.stepOut(),
  pause: (runtime) => runtime.pause(),
  continue: (runtime) => runtime.run(1),
  reverseContinue: (runtime) => runtime.run(-1),
};

export class DebugService {
  private readonly runtime: DebugRuntime;
  private readonly inspector: DebugInspector;
  private lastStop?: Stop;
  /** The children of each expandable variable of the current stop, by reference (1-based). */
  private expandable: (() => VariableNode[])[] = [];

  constructor(analysis: Analysis, request: Extract<DebugRequest, { op: 'launch' }>) {
    this.runtime = new DebugRuntime(analysis, request.order);
    this.inspector = new DebugInspector(this.runtime);
  }

  /** Answers one request; throws an Error in words when it cannot. */
  answer(request: DebugRequest): DebugReplies[DebugRequest['op']] {
    const { runtime, inspector } = this;
    switch (request.op) {
      case 'launch':
        return { replicas: inspector.replicas() };
      case 'setBreakpoints':
        return runtime.setBreakpoints(request.breakpoints);
      case 'setStopFilters':
        runtime.setStopFilters(request.filters);
        return null;
      case 'start':
        return this.report(runtime.start(request.stopOnEntry));
      case 'move':
        return this.report(MOVEMENTS[request.movement](runtime));
      case 'goToEvent':
        return this.goToEvent(request.event, request.line);
      case 'stackTrace':
        return inspector.chain(request.replica, request.start, request.levels);
      case 'scopes':
        return this.scopes(request.replica, request.event);
      case 'variables':
        return (this.expandable[request.reference - 1]?.() ?? []).map((node) => this.shown(node));
      case 'evaluate': {
        const replica = request.replica ?? (runtime.event < 0 ? 0 : runtime.analysis.trace.replica[runtime.event]);
        return this.shown(inspector.evaluate(request.expression, replica));
      }
      case 'strategyChoices':
        return strategyChoices(runtime.analysis);
      case 'replayWithStrategy':
        return replayWithStrategy(runtime.analysis, request.key, request.strategy);
      case 'end':
        return null;
      default: {
        const unknown: never = request;
        throw new Error(`Unknown debug request ${JSON.stringify(unknown)}`);
      }
    }
  }

  private goToEvent(id: string | undefined, line: number | undefined): StopReport {
    const { runtime } = this;
    const event = id !== undefined ? runtime.analysis.trace.eventIndex(id) : runtime.eventAtLine(line ?? 0);
    if (event < 0) throw new Error(`The trace has no event ${id !== undefined ? `"${id}"` : `on line ${line}`}.`);
    return this.report(runtime.goTo(event));
  }

  /** The scopes of a frame (a replica at one of its events): the replica, the event, and the conflicts it stopped at or takes part in. */
  private scopes(replica: number, event: number): ShownVariable[] {
    const { runtime, inspector } = this;
    const { trace } = runtime.analysis;
    const conflicts = this.lastStop?.conflict && event === runtime.event ? [this.lastStop.conflict] : inspector.conflictsOf(event);
    return [
      { name: `Replica ${displayText(trace.replicas.name(replica))}`, value: '', children: () => inspector.replicaScope(replica) },
      { name: `Event ${displayText(trace.eventId(event))}`, value: '', children: () => inspector.eventScope(event) },
      ...conflicts.map((c) => ({ name: `Conflict ${c.id}`, value: '', children: () => inspector.conflictScope(c) })),
    ].map((scope) => this.shown(scope));
  }

  /** A node as the adapter shows it; its children, if any, get a reference valid until the next stop. */
  private shown({ name, value, children }: VariableNode): ShownVariable {
    if (!children) return { name, value, variablesReference: 0 };
    this.expandable.push(children);
    return { name, value, variablesReference: this.expandable.length };
  }

  /** Where the stop left the runtime; references of the previous stop become stale and the replay cursor follows. */
  private report(stop: Stop): StopReport {
    const { runtime } = this;
    const { trace } = runtime.analysis;
    this.lastStop = stop;
    this.expandable = [];
    this.inspector.sync();
    const event = runtime.event;
    return {
      kind: stop.kind,
      text: stop.text,
      ...(stop.breakpoint !== undefined ? { breakpoint: stop.breakpoint } : {}),
      conflict: stop.conflict !== undefined,
      event,
      causalStep: runtime.causalStep,
      thread: event < 0 ? 1 : trace.replica[event] + 1,
      line: event < 0 ? 0 : trace.line[event],
      described: event < 0 ? '' : runtime.describe(event),
    };
  }
}
