// The `causeway` debug adapter: translates Debug Adapter Protocol requests into the debug runtime
// (session-model.ts) and the inspector (inspect.ts), and their answers back. Runs inline in the extension host.

import { basename } from 'node:path';
import { Breakpoint, Handles, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { isStrategy, STRATEGIES } from '../../engine/analysis/strategies';
import { displayText } from '../../engine/util/display-text';
import { loadTraceFile } from '../../cli/trace-file';
import { DebugInspector, type VariableNode } from './inspect';
import { replayWithStrategy, strategyChoices } from './strategy-replay';
import { DebugRuntime, STOP_FILTERS, type Stop, type StopFilter, type StepOrder } from './session-model';

/** The launch configuration of a `causeway` debug session. */
export interface CausewayLaunchArguments extends DebugProtocol.LaunchRequestArguments {
  /** Path of the trace file. */
  trace: string;
  /** Stop before the first event (default true). */
  stopOnEntry?: boolean;
  /** Step order: causal (default), as recorded, or one replica's view (`replica` names it). */
  order?: 'causal' | 'recorded' | 'replica';
  replica?: string;
  /** Which execution of a file with several (0-based, default 0). */
  execution?: number;
  /** How a text log (ShiViz, GoVector) is read: the parser regex and the execution delimiter, as its editor read it. */
  regex?: string;
  delimiter?: string;
}

/** Arguments of the `causeway/goToEvent` custom request (Run to Here): the event by id or by its line. */
export interface GoToEventArguments {
  event?: string;
  line?: number;
}

/** Arguments of the `causeway/replayWithStrategy` custom request. */
export interface ReplayWithStrategyArguments {
  key: string;
  strategy: string;
}

/** Where a stop left the runtime: the diagram's step cursor and selection follow it (-1 before the first event). */
export interface StopPlace {
  causalStep: number;
  event: number;
}

/** Called at each stop (the diagram follows it). */
export type StopListener = (place: StopPlace) => void;

const FILTER_LABELS: Record<StopFilter, string> = {
  conflict: 'Concurrent write (conflict)',
  divergence: 'Divergence',
  'causal-delivery-violation': 'Causal-delivery violation',
  'state-mismatch': 'Recorded state mismatch',
  'clock-anomaly': 'Clock anomaly',
};

/** Frames are numbered per stop: each number says whose chain and which event. */
interface FrameRef {
  replica: number;
  event: number;
}

export class CausewayDebugSession extends LoggingDebugSession {
  private runtime?: DebugRuntime;
  private inspector?: DebugInspector;
  private tracePath = '';
  private lastStop?: Stop;
  private variables = new Handles<() => VariableNode[]>();
  private frames = new Map<number, FrameRef>();
  private nextFrameId = 1;
  /** Breakpoints by source path, and filters, as the client set them (possibly before launch). */
  private readonly breakpointsBySource = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  private filters: StopFilter[] = [];
  /** The run starts once launched and configured (breakpoints set), in whichever order they come. */
  private configured = false;
  private stopOnEntry = true;

  constructor(
    private readonly onStop?: StopListener,
    /** How much memory the analysis's replica tables may take, in bytes (causeway.maxMemoryMB). */
    private readonly maxMatrixBytes?: number,
  ) {
    super();
    this.setDebuggerLinesStartAt1(true);
    this.setDebuggerColumnsStartAt1(true);
  }

  protected override initializeRequest(response: DebugProtocol.InitializeResponse): void {
    response.body = {
      supportsConfigurationDoneRequest: true,
      supportsStepBack: true,
      supportsConditionalBreakpoints: true,
      supportsHitConditionalBreakpoints: true,
      supportsEvaluateForHovers: true,
      supportsExceptionInfoRequest: true,
      supportsDelayedStackTraceLoading: true,
      exceptionBreakpointFilters: STOP_FILTERS.map((filter) => ({ filter, label: FILTER_LABELS[filter], default: filter === 'conflict' })),
    };
    this.sendResponse(response);
    this.sendEvent(new InitializedEvent());
  }

  protected override launchRequest(response: DebugProtocol.LaunchResponse, args: CausewayLaunchArguments): void {
    try {
      const file = loadTraceFile(args.trace, { regex: args.regex, delimiter: args.delimiter });
      const trace = file.executions[args.execution ?? 0];
      if (!trace) throw new Error(`${basename(args.trace)} has no execution ${args.execution ?? 0}.`);
      const order: StepOrder = args.order === 'replica' ? { replica: args.replica ?? '' } : (args.order ?? 'causal');
      this.tracePath = args.trace;
      this.runtime = new DebugRuntime(analyzeTrace(trace, { maxMatrixBytes: this.maxMatrixBytes }), order);
      this.inspector = new DebugInspector(this.runtime);
    } catch (e) {
      this.sendErrorResponse(response, 1, (e as Error).message);
      return;
    }
    const breakpoints = this.breakpointsBySource.get(args.trace);
    if (breakpoints) this.runtime.setBreakpoints(this.breakpointRequests(breakpoints));
    this.runtime.setStopFilters(this.filters);
    this.stopOnEntry = args.stopOnEntry ?? true;
    this.sendResponse(response);
    this.startWhenReady();
  }

  protected override configurationDoneRequest(response: DebugProtocol.ConfigurationDoneResponse): void {
    this.configured = true;
    this.sendResponse(response);
    this.startWhenReady();
  }

  protected override setBreakPointsRequest(response: DebugProtocol.SetBreakpointsResponse, args: DebugProtocol.SetBreakpointsArguments): void {
    const path = args.source.path === undefined ? '' : this.convertClientPathToDebugger(args.source.path);
    // Breakpoints may come before launch: kept by file, the trace's are armed at launch.
    this.breakpointsBySource.set(path, args);
    const requests = this.breakpointRequests(args);
    const armed = this.runtime && path === this.tracePath ? this.runtime.setBreakpoints(requests) : undefined;
    response.body = {
      breakpoints:
        armed?.map((bp) => {
          const breakpoint: DebugProtocol.Breakpoint = new Breakpoint(bp.verified, this.convertDebuggerLineToClient(bp.line));
          breakpoint.id = bp.id;
          if (bp.message) breakpoint.message = bp.message;
          return breakpoint;
        }) ?? requests.map((r) => new Breakpoint(this.runtime === undefined, this.convertDebuggerLineToClient(r.line))),
    };
    this.sendResponse(response);
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.filters = args.filters.filter((f): f is StopFilter => (STOP_FILTERS as readonly string[]).includes(f));
    this.runtime?.setStopFilters(this.filters);
    this.sendResponse(response);
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: (this.inspector?.replicas() ?? []).map((name, r) => new Thread(r + 1, name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const inspector = this.need(this.inspector);
    const replica = args.threadId - 1;
    const { frames, total } = inspector.chain(replica, args.startFrame ?? 0, args.levels || 1000);
    const source = new Source(basename(this.tracePath), this.convertDebuggerPathToClient(this.tracePath));
    response.body = {
      stackFrames: frames.map((f) => {
        const id = this.nextFrameId++;
        this.frames.set(id, { replica, event: f.event });
        return new StackFrame(id, f.name, source, this.convertDebuggerLineToClient(f.line));
      }),
      totalFrames: total,
    };
    this.sendResponse(response);
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    const inspector = this.need(this.inspector);
    const frame = this.need(this.frames.get(args.frameId));
    const { trace } = this.need(this.runtime).analysis;
    const scopes = [
      new Scope(`Replica ${displayText(trace.replicas.name(frame.replica))}`, this.variables.create(() => inspector.replicaScope(frame.replica)), false),
      new Scope(`Event ${displayText(trace.eventId(frame.event))}`, this.variables.create(() => inspector.eventScope(frame.event)), false),
    ];
    const conflicts = this.lastStop?.conflict && frame.event === this.runtime?.event ? [this.lastStop.conflict] : inspector.conflictsOf(frame.event);
    for (const c of conflicts) scopes.push(new Scope(`Conflict ${c.id}`, this.variables.create(() => inspector.conflictScope(c)), false));
    response.body = { scopes };
    this.sendResponse(response);
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    const children = this.variables.get(args.variablesReference);
    response.body = { variables: (children?.() ?? []).map((node) => this.toVariable(node)) };
    this.sendResponse(response);
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const runtime = this.need(this.runtime);
    const frame = args.frameId === undefined ? undefined : this.frames.get(args.frameId);
    const replica = frame?.replica ?? (runtime.event < 0 ? 0 : runtime.analysis.trace.replica[runtime.event]);
    try {
      const { value, variablesReference } = this.toVariable(this.need(this.inspector).evaluate(args.expression, replica));
      response.body = { result: value, variablesReference };
    } catch (e) {
      this.sendErrorResponse(response, 2, (e as Error).message);
      return;
    }
    this.sendResponse(response);
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const stop = this.lastStop;
    response.body = { exceptionId: stop?.conflict ? 'conflict' : 'finding', description: stop?.text ?? '', breakMode: 'always' };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.move(response, (runtime) => runtime.run(1), 'continue');
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.move(response, (runtime) => runtime.run(-1), 'reverse continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.move(response, (runtime) => runtime.next(), 'step');
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.move(response, (runtime) => runtime.stepBack(), 'step back');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.move(response, (runtime) => runtime.stepIn(), 'step in (to the receive of its message)');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.move(response, (runtime) => runtime.stepOut(), 'step out');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.move(response, (runtime) => runtime.pause(), 'pause');
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    const runtime = this.runtime;
    if (!runtime) {
      this.sendErrorResponse(response, 3, 'Start a Causeway debug session on a trace first.');
      return;
    }
    switch (command) {
      case 'causeway/goToEvent': {
        const { event: id, line } = args as GoToEventArguments;
        const event = id !== undefined ? runtime.analysis.trace.eventIndex(id) : runtime.eventAtLine(line ?? 0);
        if (event < 0) this.sendErrorResponse(response, 3, `The trace has no event ${id !== undefined ? `"${id}"` : `on line ${line}`}.`);
        else this.move(response, (r) => r.goTo(event), 'run to here');
        return;
      }
      case 'causeway/strategyChoices':
        response.body = { choices: strategyChoices(runtime.analysis) };
        this.sendResponse(response);
        return;
      case 'causeway/replayWithStrategy': {
        const { key, strategy } = args as ReplayWithStrategyArguments;
        if (!isStrategy(strategy)) {
          this.sendErrorResponse(response, 3, `"${strategy}" is not a conflict strategy (${STRATEGIES.join(', ')}).`);
          return;
        }
        const lines = replayWithStrategy(runtime.analysis, key, strategy);
        this.sendEvent(new OutputEvent(`Replayed with ${key} under ${strategy}:\n${lines.map((l) => `  ${l}\n`).join('')}`, 'console'));
        response.body = { lines };
        this.sendResponse(response);
        return;
      }
      default:
        super.customRequest(command, response, args);
    }
  }

  private startWhenReady(): void {
    if (this.runtime && this.configured && this.lastStop === undefined) this.report(this.runtime.start(this.stopOnEntry), this.stopOnEntry ? 'entry' : 'continue');
  }

  /** Runs one movement of the runtime, answers the request, then reports where it stopped; `request` names the movement in words. */
  private move(response: DebugProtocol.Response, movement: (runtime: DebugRuntime) => Stop, request: string): void {
    const stop = movement(this.need(this.runtime));
    this.sendResponse(response);
    this.report(stop, request);
  }

  /** Sends the stop (or the end) to the client, in words to the Debug Console; handles of the previous stop become stale. */
  private report(stop: Stop, request: string): void {
    const runtime = this.need(this.runtime);
    this.lastStop = stop;
    this.variables.reset();
    this.frames.clear();
    this.need(this.inspector).sync();
    this.onStop?.({ causalStep: runtime.causalStep, event: runtime.event });
    this.sendEvent(new OutputEvent(`${this.stopSentence(stop, request)}\n`, 'console'));
    if (stop.kind === 'end') {
      this.sendEvent(new TerminatedEvent());
      return;
    }
    const thread = runtime.event < 0 ? 1 : runtime.analysis.trace.replica[runtime.event] + 1;
    const event = new StoppedEvent(stop.kind, thread, stop.kind === 'exception' ? stop.text : undefined) as DebugProtocol.StoppedEvent;
    event.body.description = stop.text;
    event.body.allThreadsStopped = true;
    if (stop.breakpoint !== undefined) event.body.hitBreakpointIds = [stop.breakpoint];
    this.sendEvent(event);
  }

  /**
   * The stop in one line for the Debug Console: where ("Stopped at bob:3 (line 7, receive): receive m2
   * from alice"), then why (the request, the breakpoint's line and condition, the conflict or finding).
   */
  private stopSentence(stop: Stop, request: string): string {
    const runtime = this.need(this.runtime);
    if (stop.kind === 'end') return `${stop.text} The session ends; the diagram shows the whole trace again.`;
    if (runtime.event < 0) return stop.text;
    const where = `Stopped at ${runtime.describe(runtime.event)}`;
    if (stop.kind === 'exception') return `${where} — ${stop.text}`;
    if (stop.kind !== 'breakpoint') return `${where} — ${request}.`;
    const line = runtime.analysis.trace.line[runtime.event];
    const condition = this.breakpointsBySource.get(this.tracePath)?.breakpoints?.find((b) => b.line !== undefined && this.convertClientLineToDebugger(b.line) === line)?.condition?.trim();
    return `${where} — breakpoint on line ${line}${condition ? ` where ${condition}` : ''}.`;
  }

  private toVariable(node: VariableNode): DebugProtocol.Variable {
    return { name: node.name, value: node.value, variablesReference: node.children ? this.variables.create(node.children) : 0 };
  }

  private breakpointRequests(args: DebugProtocol.SetBreakpointsArguments): { line: number; condition?: string; hitCondition?: string }[] {
    return (args.breakpoints ?? []).map((b) => ({ line: this.convertClientLineToDebugger(b.line), condition: b.condition, hitCondition: b.hitCondition }));
  }

  private need<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('Start a Causeway debug session on a trace first.');
    return value;
  }
}
