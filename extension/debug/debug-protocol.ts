// What the debug adapter (extension host) asks the debug runtime where the trace's analysis lives
// (the trace worker, see worker-runtime.ts), and what it answers. Plain data: it crosses a thread.

import type { Strategy } from '../../engine/analysis/strategies';
import type { ChainFrame } from './inspect';
import type { LineBreakpoint, StepOrder, StopFilter, StopKind } from './session-model';
import type { StrategyChoice } from './strategy-replay';

/** A line breakpoint as the client set it (1-based trace line). */
export interface BreakpointRequest {
  line: number;
  condition?: string;
  hitCondition?: string;
}

/** The runtime's movements (DebugRuntime's methods of the same names). */
export type Movement = 'next' | 'stepBack' | 'stepIn' | 'stepOut' | 'pause' | 'continue' | 'reverseContinue';

export type DebugRequest =
  /** Starts a session on the execution: the replicas, as threads. */
  | { op: 'launch'; order: StepOrder }
  | { op: 'setBreakpoints'; breakpoints: BreakpointRequest[] }
  | { op: 'setStopFilters'; filters: StopFilter[] }
  /** Begins the run: paused on entry, or run to the first stop. */
  | { op: 'start'; stopOnEntry: boolean }
  | { op: 'move'; movement: Movement }
  /** Run to Here: to the event with this id, or the one written on this line. */
  | { op: 'goToEvent'; event?: string; line?: number }
  | { op: 'stackTrace'; replica: number; start: number; levels: number }
  | { op: 'scopes'; replica: number; event: number }
  | { op: 'variables'; reference: number }
  /** A watch or hover path, for a replica (default: the current event's). */
  | { op: 'evaluate'; expression: string; replica?: number }
  | { op: 'strategyChoices' }
  | { op: 'replayWithStrategy'; key: string; strategy: Strategy }
  /** Ends the session and frees what it held. */
  | { op: 'end' };

/** A stop, as the adapter reports it. */
export interface StopReport {
  kind: StopKind;
  /** What happened, in words. */
  text: string;
  /** The line breakpoint that stopped it. */
  breakpoint?: number;
  /** It stopped at a conflict (the `conflict` filter). */
  conflict: boolean;
  /** The current event (-1 before the first), its step in causal order, its replica's thread (1-based) and its line. */
  event: number;
  causalStep: number;
  thread: number;
  line: number;
  /** The current event in words ("bob:3 (line 7, receive): receive m2 from alice"), empty before the first. */
  described: string;
}

/** A variable as shown: a reference above 0 expands it (a `variables` request). */
export interface ShownVariable {
  name: string;
  value: string;
  variablesReference: number;
}

/** What each request answers. */
export interface DebugReplies {
  launch: { replicas: string[] };
  setBreakpoints: LineBreakpoint[];
  setStopFilters: null;
  start: StopReport;
  move: StopReport;
  goToEvent: StopReport;
  stackTrace: { frames: ChainFrame[]; total: number };
  scopes: ShownVariable[];
  variables: ShownVariable[];
  evaluate: ShownVariable;
  strategyChoices: StrategyChoice[];
  replayWithStrategy: string[];
  end: null;
}

export type DebugReply<R extends DebugRequest> = DebugReplies[R['op']];

/** A request of one session (the host numbers them) on one execution of the trace. */
export interface DebugEnvelope {
  session: number;
  execution: number;
  request: DebugRequest;
}

/** The reply, or why there is none in words. */
export type DebugAnswer = { reply: unknown } | { error: string };
