// The Causeway debugger's runtime: a step cursor over one analysed trace in a chosen order, with
// stepping, breakpoints and stop reasons in words. Knows nothing of VS Code or the Debug Adapter Protocol.

import type { Analysis } from '../../engine/analysis/analyze';
import type { ConflictReport } from '../../engine/analysis/conflicts';
import type { FindingKind } from '../../engine/trace/diagnostics';
import { EVENT_KIND_NAMES, EventKind } from '../../engine/trace/model';
import { eventsByReplica } from '../../engine/replay/order';
import { partitionPoint } from '../../engine/util/bisect';
import { eventLabel } from '../../engine/view/build';
import { type Condition, type FieldValue, parseCondition, parseHitCondition } from './conditions';
import { type GroupedByIndex, groupByIndex, itemsOf } from './group-by-index';

/** The order the debugger steps in: causal, as recorded (source order), or one replica's view. */
export type StepOrder = 'causal' | 'recorded' | { replica: string };

/** Exception breakpoint filters: what kind of trouble stops a run. */
export const STOP_FILTERS = ['conflict', 'divergence', 'causal-delivery-violation', 'state-mismatch', 'clock-anomaly'] as const;
export type StopFilter = (typeof STOP_FILTERS)[number];

const FILTER_FINDINGS: Record<Exclude<StopFilter, 'conflict'>, readonly FindingKind[]> = {
  divergence: ['divergence', 'not-converged'],
  'causal-delivery-violation': ['causal-delivery-violation'],
  'state-mismatch': ['state-mismatch', 'merge-not-join'],
  'clock-anomaly': ['clock-anomaly', 'clock-regression', 'clock-gap'],
};

export type StopKind = 'entry' | 'step' | 'breakpoint' | 'exception' | 'pause' | 'end';

/** Why the runtime stopped where it did. */
export interface Stop {
  kind: StopKind;
  /** What happened, in words. */
  text: string;
  /** The line breakpoint that stopped it. */
  breakpoint?: number;
  /** The conflict stopped at (filter `conflict`). */
  conflict?: ConflictReport;
}

export interface LineBreakpoint {
  id: number;
  line: number;
  verified: boolean;
  /** Why it could not be set (bad condition or hit count, no event on the line). */
  message?: string;
}

interface ArmedBreakpoint extends LineBreakpoint {
  condition?: Condition;
  hit?: (hits: number) => boolean;
  hits: number;
}

export class DebugRuntime {
  /** The events in stepping order. */
  readonly sequence: Uint32Array;
  /** Position of each event in `sequence`, -1 when it is not in it (another replica's view). */
  private readonly positionOf: Int32Array;
  /** Index in `sequence` of the current event: -1 before the first. */
  private position = -1;
  private breakpoints: ArmedBreakpoint[] = [];
  private nextBreakpointId = 1;
  /** The findings' filter stops by event, in words. */
  private readonly findingStops = new Map<number, string[]>();
  /** With the `conflict` filter, where a run stops for each conflict (a million events have 250,000 of them: typed arrays, words built at the stop). */
  private conflictStops?: GroupedByIndex;
  private filters: ReadonlySet<StopFilter> = new Set();
  /** Each event's receives of its messages (ignored edges left out); the trace stores incoming edges. */
  private outgoing?: GroupedByIndex;

  constructor(readonly analysis: Analysis, readonly order: StepOrder = 'causal') {
    const { trace, causal } = analysis;
    if (order === 'causal') this.sequence = causal.order;
    else if (order === 'recorded') this.sequence = Uint32Array.from({ length: trace.size }, (_, i) => i);
    else {
      const r = trace.replicas.find(order.replica);
      if (r < 0) throw new Error(`The trace has no replica "${order.replica}" (it has ${trace.replicas.all().join(', ')}).`);
      this.sequence = eventsByReplica(trace, causal)[r];
    }
    this.positionOf = new Int32Array(trace.size).fill(-1);
    this.sequence.forEach((e, p) => (this.positionOf[e] = p));
  }

  /** The current event, or -1 before the first. */
  get event(): number {
    return this.position < 0 ? -1 : this.sequence[this.position];
  }

  /** The current event's step in causal order (-1 before the first): what the replay cursor seeks to. */
  get causalStep(): number {
    return this.position < 0 ? -1 : this.analysis.causal.step[this.event];
  }

  /** The event on a 1-based trace line, or -1 (events are in source order, so lines ascend: a binary search). */
  eventAtLine(line: number): number {
    const lines = this.analysis.trace.line;
    const e = partitionPoint(0, lines.length, (i) => lines[i] < line);
    return e < lines.length && lines[e] === line ? e : -1;
  }

  /** Starts the run: stopped at the first event (`stopOnEntry`), or run to the first breakpoint or filter stop. */
  start(stopOnEntry: boolean): Stop {
    this.position = -1;
    return stopOnEntry ? this.moveTo(0, 'entry', `Paused at the start of ${this.orderName()}.`) : this.run(1);
  }

  /** Step over: the next event in the chosen order. */
  next(): Stop {
    return this.stepBy(1);
  }

  /** Step back: the previous event in the chosen order. */
  stepBack(): Stop {
    return this.stepBy(-1);
  }

  /** Step into: from a send to its first receive; elsewhere, the next event. */
  stepIn(): Stop {
    const e = this.event;
    const receive = e < 0 ? -1 : this.firstReceiveOf(e);
    if (receive < 0) return this.next();
    const { trace } = this.analysis;
    return this.jumpTo(receive, `Followed ${trace.eventId(e)}'s message to ${trace.replicas.name(trace.replica[receive])}: ${this.describe(receive)}.`);
  }

  /** Step out: back to the event that caused this one (the send it received, else the replica's previous event). */
  stepOut(): Stop {
    const e = this.event;
    if (e < 0) return this.stepBack();
    const cause = this.causeOf(e);
    if (cause < 0) return this.stepBack();
    const { trace } = this.analysis;
    return this.jumpTo(cause, `Back to what caused ${trace.eventId(e)}: ${this.describe(cause)}.`);
  }

  /** Continue (direction 1) or reverse continue (-1) to the next breakpoint or filter stop, else to the end or the start. */
  run(direction: 1 | -1): Stop {
    for (let p = this.position + direction; p >= 0 && p < this.sequence.length; p += direction) {
      const stop = this.stopAt(p);
      if (stop) return stop;
    }
    if (direction < 0) return this.moveTo(0, 'entry', `Back at the start of ${this.orderName()}.`);
    this.position = this.sequence.length - 1;
    return { kind: 'end', text: `Reached the end of ${this.orderName()}.` };
  }

  /** Pause: a run answers at once (it is synchronous), so pausing stops where the runtime is. */
  pause(): Stop {
    return { kind: 'pause', text: `Paused at ${this.event < 0 ? 'the start' : this.describe(this.event)}.` };
  }

  /** Moves to an event directly (Run to Here, Go To Step). */
  goTo(event: number): Stop {
    return this.jumpTo(event, `Moved to ${this.describe(event)}.`);
  }

  /** Replaces the line breakpoints (the trace file's lines, with optional conditions and hit counts). */
  setBreakpoints(requests: readonly { line: number; condition?: string; hitCondition?: string }[]): LineBreakpoint[] {
    this.breakpoints = requests.map((request) => {
      const bp: ArmedBreakpoint = { id: this.nextBreakpointId++, line: request.line, verified: true, hits: 0 };
      try {
        if (this.eventAtLine(request.line) < 0) throw new Error(`Line ${request.line} has no event.`);
        if (request.condition?.trim()) bp.condition = parseCondition(request.condition);
        if (request.hitCondition?.trim()) bp.hit = parseHitCondition(request.hitCondition);
      } catch (e) {
        bp.verified = false;
        bp.message = (e as Error).message;
      }
      return bp;
    });
    return this.breakpoints.map(({ id, line, verified, message }) => ({ id, line, verified, message }));
  }

  /** Chooses the exception filters that stop a run. */
  setStopFilters(filters: readonly StopFilter[]): void {
    // VS Code sends the same filters at launch and again later: the stops of a million events are not found twice.
    if (filters.length === this.filters.size && filters.every((f) => this.filters.has(f))) return;
    this.filters = new Set(filters);
    this.findingStops.clear();
    this.conflictStops = this.filters.has('conflict') ? conflictStops(this.analysis.conflicts, this.positionOf) : undefined;
    const { trace } = this.analysis;
    for (const filter of this.filters) {
      if (filter === 'conflict') continue;
      const kinds = FILTER_FINDINGS[filter];
      const findings = [...this.analysis.findings, ...(filter === 'state-mismatch' ? this.analysis.states().findings : [])];
      for (const f of findings) {
        if (!kinds.includes(f.kind)) continue;
        // Stop where the finding is written; a whole-trace finding (line 0) at its last event, else at the end.
        const onLine = this.eventAtLine(f.line);
        const last = f.events.length > 0 ? trace.eventIndex(f.events[f.events.length - 1]) : this.sequence[this.sequence.length - 1];
        const at = onLine >= 0 ? onLine : last;
        // Several findings on one event: the first one's words, the others add up.
        if (at !== undefined && at >= 0) this.findingStops.set(at, [...(this.findingStops.get(at) ?? []), f.message]);
      }
    }
  }

  /** The event's fields as conditions and watch expressions read them. */
  fieldsOf(e: number): (name: string) => FieldValue {
    const { trace } = this.analysis;
    return (name) => {
      switch (name) {
        case 'replica':
          return trace.replicas.name(trace.replica[e]);
        case 'kind':
          return EVENT_KIND_NAMES[trace.kind[e]];
        case 'key':
          return trace.key[e] >= 0 ? trace.keys.name(trace.key[e]) : undefined;
        case 'msg':
          return trace.msg[e] >= 0 ? trace.messages.name(trace.msg[e]) : undefined;
        case 'op':
          return trace.opOf(e)?.type;
        case 'line':
          return trace.line[e];
        case 'id':
          return trace.eventId(e);
        case 'step':
          return this.analysis.causal.step[e] + 1;
        default:
          return undefined;
      }
    };
  }

  /** The event that caused e: the first sender of a message it received, else its replica's previous event; -1 at a root. */
  causeOf(e: number): number {
    const { trace, causal } = this.analysis;
    for (let k = trace.edgeStart[e]; k < trace.edgeStart[e + 1]; k++) if (!causal.ignoredEdge[k]) return trace.edgeFrom[k];
    return causal.previousOnReplica[e];
  }

  /** "phone:3 (line 7, op): inc cart 3". */
  describe(e: number): string {
    const { trace } = this.analysis;
    return `${trace.eventId(e)} (line ${trace.line[e]}, ${EVENT_KIND_NAMES[trace.kind[e]]}): ${eventLabel(trace, e)}`;
  }

  private orderName(): string {
    if (this.order === 'causal') return 'the causal order';
    if (this.order === 'recorded') return 'the recorded order';
    return `${this.order.replica}'s view`;
  }

  private stepBy(delta: 1 | -1): Stop {
    const p = this.position + delta;
    if (p >= this.sequence.length) return { kind: 'end', text: `Reached the end of ${this.orderName()}.` };
    if (p < 0) return this.moveTo(0, 'entry', `Already at the start of ${this.orderName()}.`);
    return this.moveTo(p, 'step', `${delta > 0 ? 'Stepped to' : 'Stepped back to'} ${this.describe(this.sequence[p])}.`);
  }

  private jumpTo(e: number, text: string): Stop {
    const p = this.positionOf[e];
    if (p < 0) return { kind: 'step', text: `${this.analysis.trace.eventId(e)} is not in ${this.orderName()}; stayed at ${this.describe(this.event)}.` };
    return this.moveTo(p, 'step', text);
  }

  private moveTo(p: number, kind: StopKind, text: string, extra: Partial<Stop> = {}): Stop {
    this.position = Math.min(p, this.sequence.length - 1);
    return { kind, text, ...extra };
  }

  /** The stop at position p when a run passes it, if any (a breakpoint counts a hit each time a run passes it, either way). */
  private stopAt(p: number): Stop | undefined {
    const e = this.sequence[p];
    const line = this.analysis.trace.line[e];
    for (const bp of this.breakpoints) {
      if (!bp.verified || bp.line !== line) continue;
      if (bp.condition && !bp.condition(this.fieldsOf(e))) continue;
      bp.hits++;
      if (bp.hit && !bp.hit(bp.hits)) continue;
      return this.moveTo(p, 'breakpoint', `Breakpoint on line ${line}: ${this.describe(e)}.`, { breakpoint: bp.id });
    }
    const conflicts = this.conflictsStoppingAt(e);
    const findings = this.findingStops.get(e) ?? [];
    if (conflicts.length + findings.length > 0) {
      const texts = [...conflicts.map((c) => this.conflictText(c)), ...findings];
      return this.moveTo(p, 'exception', texts.join(' '), conflicts.length > 0 ? { conflict: conflicts[0] } : {});
    }
    return undefined;
  }

  /** The conflicts a run stops for at event e (the last of their writes in this order). */
  private conflictsStoppingAt(e: number): ConflictReport[] {
    return this.conflictStops ? Array.from(itemsOf(this.conflictStops, e), (c) => this.analysis.conflicts[c]) : [];
  }

  private conflictText(c: ConflictReport): string {
    const between = c.events.map((e) => this.analysis.trace.eventId(e)).join(' and ');
    return `Conflict ${c.id} on ${c.key}${c.target ? `[${c.target}]` : ''} between ${between}. ${c.reason}`;
  }

  /** The receive of e's message that comes first in this order, or -1 when e sent nothing. */
  private firstReceiveOf(e: number): number {
    const { trace } = this.analysis;
    if (trace.kind[e] !== EventKind.send && trace.kind[e] !== EventKind.sync) return -1;
    let best = -1;
    for (const receive of itemsOf((this.outgoing ??= outgoingEdges(this.analysis)), e)) {
      const p = this.positionOf[receive];
      if (p >= 0 && (best < 0 || p < this.positionOf[best])) best = receive;
    }
    return best;
  }
}

/** Conflict indices by the event where a run stops for them: a conflict shows once all its writes happened, so at the last of them in the order (`positionOf`). */
function conflictStops(reports: readonly ConflictReport[], positionOf: Int32Array): GroupedByIndex {
  return groupByIndex(positionOf.length, (emit) =>
    reports.forEach((c, i) => emit(c.events.reduce((last, e) => (positionOf[e] > positionOf[last] ? e : last)), i)),
  );
}

/** Outgoing message edges: the receives of each event's messages, ignored edges left out. */
function outgoingEdges(analysis: Analysis): GroupedByIndex {
  const { trace, causal } = analysis;
  return groupByIndex(trace.size, (emit) => {
    for (let i = 0; i < trace.size; i++) for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) if (!causal.ignoredEdge[k]) emit(trace.edgeFrom[k], i);
  });
}
