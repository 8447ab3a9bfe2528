// The `causeway` debug adapter: translates Debug Adapter Protocol requests into requests to the
// debug runtime where the trace's analysis lives (debug-protocol.ts; the trace worker in VS Code),
// and their answers back. Runs inline in the extension host, and never reads the trace itself.

import { basename } from 'node:path';
import { Breakpoint, InitializedEvent, LoggingDebugSession, OutputEvent, Scope, Source, StackFrame, StoppedEvent, TerminatedEvent, Thread } from '@vscode/debugadapter';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { isStrategy, STRATEGIES } from '../../engine/analysis/strategies';
import { DebugConnection, type DebugTarget } from './connection';
import type { BreakpointRequest, DebugRequest, Movement, StopReport } from './debug-protocol';
import { STOP_FILTERS, type StopFilter, type StepOrder } from './session-model';

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

/** Opens where a launch's trace is analysed: the worker of its open editor, else a worker of its own. */
export type OpenDebugTarget = (args: CausewayLaunchArguments) => Promise<DebugTarget>;

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
  private connection?: DebugConnection;
  private replicas: string[] = [];
  private tracePath = '';
  private lastStop?: StopReport;
  private frames = new Map<number, FrameRef>();
  private nextFrameId = 1;
  /** Breakpoints by source path, and filters, as the client set them (possibly before launch). */
  private readonly breakpointsBySource = new Map<string, DebugProtocol.SetBreakpointsArguments>();
  private filters: StopFilter[] = [];
  /** The run starts once launched and configured (breakpoints set), in whichever order they come. */
  private configured = false;
  private launched = false;
  private stopOnEntry = true;

  constructor(
    /** Opens where each launch's trace is analysed. */
    private readonly openTarget: OpenDebugTarget,
    private readonly onStop?: StopListener,
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
    this.answer(response, 1, async () => {
      const order: StepOrder = args.order === 'replica' ? { replica: args.replica ?? '' } : (args.order ?? 'causal');
      const target = await this.openTarget(args);
      const connection = new DebugConnection(target, args.execution ?? 0);
      try {
        ({ replicas: this.replicas } = await connection.ask({ op: 'launch', order }));
      } catch (err) {
        target.close();
        throw err;
      }
      this.connection = connection;
      this.tracePath = args.trace;
      const breakpoints = this.breakpointsBySource.get(args.trace);
      if (breakpoints) await connection.ask({ op: 'setBreakpoints', breakpoints: this.breakpointRequests(breakpoints) });
      await connection.ask({ op: 'setStopFilters', filters: this.filters });
      this.stopOnEntry = args.stopOnEntry ?? true;
      this.launched = true;
    }).then(() => this.startWhenReady());
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
    this.answer(response, 1, async () => {
      const armed = this.connection && path === this.tracePath ? await this.connection.ask({ op: 'setBreakpoints', breakpoints: requests }) : undefined;
      response.body = {
        breakpoints:
          armed?.map((bp) => {
            const breakpoint: DebugProtocol.Breakpoint = new Breakpoint(bp.verified, this.convertDebuggerLineToClient(bp.line));
            breakpoint.id = bp.id;
            if (bp.message) breakpoint.message = bp.message;
            return breakpoint;
          }) ?? requests.map((r) => new Breakpoint(this.connection === undefined, this.convertDebuggerLineToClient(r.line))),
      };
    });
  }

  protected override setExceptionBreakPointsRequest(response: DebugProtocol.SetExceptionBreakpointsResponse, args: DebugProtocol.SetExceptionBreakpointsArguments): void {
    this.filters = args.filters.filter((f): f is StopFilter => (STOP_FILTERS as readonly string[]).includes(f));
    this.answer(response, 1, async () => void (await this.connection?.ask({ op: 'setStopFilters', filters: this.filters })));
  }

  protected override threadsRequest(response: DebugProtocol.ThreadsResponse): void {
    response.body = { threads: this.replicas.map((name, r) => new Thread(r + 1, name)) };
    this.sendResponse(response);
  }

  protected override stackTraceRequest(response: DebugProtocol.StackTraceResponse, args: DebugProtocol.StackTraceArguments): void {
    const replica = args.threadId - 1;
    this.answer(response, 1, async () => {
      const { frames, total } = await this.ask({ op: 'stackTrace', replica, start: args.startFrame ?? 0, levels: args.levels || 1000 });
      const source = new Source(basename(this.tracePath), this.convertDebuggerPathToClient(this.tracePath));
      response.body = {
        stackFrames: frames.map((f) => {
          const id = this.nextFrameId++;
          this.frames.set(id, { replica, event: f.event });
          return new StackFrame(id, f.name, source, this.convertDebuggerLineToClient(f.line));
        }),
        totalFrames: total,
      };
    });
  }

  protected override scopesRequest(response: DebugProtocol.ScopesResponse, args: DebugProtocol.ScopesArguments): void {
    this.answer(response, 1, async () => {
      const frame = this.need(this.frames.get(args.frameId));
      const scopes = await this.ask({ op: 'scopes', replica: frame.replica, event: frame.event });
      response.body = { scopes: scopes.map((s) => new Scope(s.name, s.variablesReference, false)) };
    });
  }

  protected override variablesRequest(response: DebugProtocol.VariablesResponse, args: DebugProtocol.VariablesArguments): void {
    this.answer(response, 1, async () => {
      response.body = { variables: await this.ask({ op: 'variables', reference: args.variablesReference }) };
    });
  }

  protected override evaluateRequest(response: DebugProtocol.EvaluateResponse, args: DebugProtocol.EvaluateArguments): void {
    const frame = args.frameId === undefined ? undefined : this.frames.get(args.frameId);
    this.answer(response, 2, async () => {
      const { value, variablesReference } = await this.ask({ op: 'evaluate', expression: args.expression, replica: frame?.replica });
      response.body = { result: value, variablesReference };
    });
  }

  protected override exceptionInfoRequest(response: DebugProtocol.ExceptionInfoResponse): void {
    const stop = this.lastStop;
    response.body = { exceptionId: stop?.conflict ? 'conflict' : 'finding', description: stop?.text ?? '', breakMode: 'always' };
    this.sendResponse(response);
  }

  protected override continueRequest(response: DebugProtocol.ContinueResponse): void {
    this.move(response, 'continue', 'continue');
  }

  protected override reverseContinueRequest(response: DebugProtocol.ReverseContinueResponse): void {
    this.move(response, 'reverseContinue', 'reverse continue');
  }

  protected override nextRequest(response: DebugProtocol.NextResponse): void {
    this.move(response, 'next', 'step');
  }

  protected override stepBackRequest(response: DebugProtocol.StepBackResponse): void {
    this.move(response, 'stepBack', 'step back');
  }

  protected override stepInRequest(response: DebugProtocol.StepInResponse): void {
    this.move(response, 'stepIn', 'step in (to the receive of its message)');
  }

  protected override stepOutRequest(response: DebugProtocol.StepOutResponse): void {
    this.move(response, 'stepOut', 'step out');
  }

  protected override pauseRequest(response: DebugProtocol.PauseResponse): void {
    this.move(response, 'pause', 'pause');
  }

  protected override disconnectRequest(response: DebugProtocol.DisconnectResponse, args: DebugProtocol.DisconnectArguments, request?: DebugProtocol.Request): void {
    this.endSession();
    super.disconnectRequest(response, args, request);
  }

  override dispose(): void {
    this.endSession();
    super.dispose();
  }

  protected override customRequest(command: string, response: DebugProtocol.Response, args: unknown): void {
    switch (command) {
      case 'causeway/goToEvent': {
        const { event, line } = args as GoToEventArguments;
        this.moveWith(response, { op: 'goToEvent', event, line }, 'run to here', 3);
        return;
      }
      case 'causeway/strategyChoices':
        this.answer(response, 3, async () => {
          response.body = { choices: await this.ask({ op: 'strategyChoices' }) };
        });
        return;
      case 'causeway/replayWithStrategy': {
        const { key, strategy } = args as ReplayWithStrategyArguments;
        this.answer(response, 3, async () => {
          if (!isStrategy(strategy)) throw new Error(`"${strategy}" is not a conflict strategy (${STRATEGIES.join(', ')}).`);
          const lines = await this.ask({ op: 'replayWithStrategy', key, strategy });
          this.sendEvent(new OutputEvent(`Replayed with ${key} under ${strategy}:\n${lines.map((l) => `  ${l}\n`).join('')}`, 'console'));
          response.body = { lines };
        });
        return;
      }
      default:
        super.customRequest(command, response, args);
    }
  }

  /** Ends the session where it runs, and the worker opened for it alone. */
  private endSession(): void {
    const connection = this.connection;
    this.connection = undefined;
    void connection?.close();
  }

  /** Runs `work`, then answers the request, or answers with its error in words (numbered `code`). */
  private answer(response: DebugProtocol.Response, code: number, work: () => Promise<void>): Promise<void> {
    return work().then(
      () => this.sendResponse(response),
      (err: Error) => this.sendErrorResponse(response, code, err.message),
    );
  }

  /** Asks the session's runtime; throws in words when no session runs. */
  private ask<R extends DebugRequest>(request: R) {
    return this.need(this.connection).ask(request);
  }

  private startWhenReady(): void {
    if (!this.launched || !this.configured || this.lastStop !== undefined) return;
    // Claimed now: a second call while the first waits must not start the run twice.
    this.launched = false;
    void this.ask({ op: 'start', stopOnEntry: this.stopOnEntry }).then(
      (stop) => this.report(stop, this.stopOnEntry ? 'entry' : 'continue'),
      (err: Error) => {
        this.sendEvent(new OutputEvent(`${err.message}\n`, 'stderr'));
        this.sendEvent(new TerminatedEvent());
      },
    );
  }

  /** Runs one movement of the runtime, answers the request, then reports where it stopped; `request` names the movement in words. */
  private move(response: DebugProtocol.Response, movement: Movement, request: string): void {
    this.moveWith(response, { op: 'move', movement }, request, 1);
  }

  private moveWith(response: DebugProtocol.Response, movement: Extract<DebugRequest, { op: 'move' | 'goToEvent' }>, request: string, code: number): void {
    let stop: StopReport | undefined;
    void this.answer(response, code, async () => {
      stop = await this.ask(movement);
    }).then(() => stop && this.report(stop, request));
  }

  /** Sends the stop (or the end) to the client, in words to the Debug Console; frames of the previous stop become stale. */
  private report(stop: StopReport, request: string): void {
    this.lastStop = stop;
    this.frames.clear();
    this.onStop?.({ causalStep: stop.causalStep, event: stop.event });
    this.sendEvent(new OutputEvent(`${this.stopSentence(stop, request)}\n`, 'console'));
    if (stop.kind === 'end') {
      this.sendEvent(new TerminatedEvent());
      return;
    }
    const event = new StoppedEvent(stop.kind, stop.thread, stop.kind === 'exception' ? stop.text : undefined) as DebugProtocol.StoppedEvent;
    event.body.description = stop.text;
    event.body.allThreadsStopped = true;
    if (stop.breakpoint !== undefined) event.body.hitBreakpointIds = [stop.breakpoint];
    this.sendEvent(event);
  }

  /**
   * The stop in one line for the Debug Console: where ("Stopped at bob:3 (line 7, receive): receive m2
   * from alice"), then why (the request, the breakpoint's line and condition, the conflict or finding).
   */
  private stopSentence(stop: StopReport, request: string): string {
    if (stop.kind === 'end') return `${stop.text} The session ends; the diagram shows the whole trace again.`;
    if (stop.event < 0) return stop.text;
    const where = `Stopped at ${stop.described}`;
    if (stop.kind === 'exception') return `${where} — ${stop.text}`;
    if (stop.kind !== 'breakpoint') return `${where} — ${request}.`;
    const condition = this.breakpointsBySource.get(this.tracePath)?.breakpoints?.find((b) => b.line !== undefined && this.convertClientLineToDebugger(b.line) === stop.line)?.condition?.trim();
    return `${where} — breakpoint on line ${stop.line}${condition ? ` where ${condition}` : ''}.`;
  }

  private breakpointRequests(args: DebugProtocol.SetBreakpointsArguments): BreakpointRequest[] {
    return (args.breakpoints ?? []).map((b) => ({ line: this.convertClientLineToDebugger(b.line), condition: b.condition, hitCondition: b.hitCondition }));
  }

  private need<T>(value: T | undefined): T {
    if (value === undefined) throw new Error('Start a Causeway debug session on a trace first.');
    return value;
  }
}
