// What the Causeway debugger shows at a stop: replicas as threads, causal chains as call stacks,
// replica states, clocks, buffers, messages and conflicts as variable trees, and watch paths.
// Pure: the adapter turns these plain trees into Debug Adapter Protocol replies. Every name and
// value shown is display-safe (hidden and bidi characters escaped); lookups use the raw strings.

import type { ConflictReport } from '../../engine/analysis/conflicts';
import { describeValue } from '../../engine/analysis/strategies';
import type { Json } from '../../engine/crdt/types';
import type { ReplayCursor } from '../../engine/replay/cursor';
import { eventsByReplica } from '../../engine/replay/order';
import { EVENT_KIND_NAMES, EventKind } from '../../engine/trace/model';
import { partitionPoint } from '../../engine/util/bisect';
import { displayText } from '../../engine/util/display-text';
import { eventLabel } from '../../engine/view/build';
import { type GroupedByIndex, groupByIndex, itemsOf } from './group-by-index';
import type { DebugRuntime } from './session-model';

/** A variable: its name, its value in one line, and its children when it can be expanded. */
export interface VariableNode {
  name: string;
  value: string;
  children?: () => VariableNode[];
}

/** One frame of a replica's causal chain: an event and where it is written. */
export interface ChainFrame {
  event: number;
  name: string;
  line: number;
}

/** Messages listed at most, newest first (a long trace has many). */
const MAX_MESSAGES = 100;

export class DebugInspector {
  private readonly cursor: ReplayCursor;
  /** Each replica's events in causal order. */
  private readonly lanes: Uint32Array[];
  /** The conflicts each event takes part in (built on the first look). */
  private conflictsOfEvent?: GroupedByIndex;

  constructor(private readonly runtime: DebugRuntime) {
    // Ready at once: the stop, its call stack and clocks need no state replay; the first replica state shown waits for it.
    this.cursor = runtime.analysis.cursor();
    this.lanes = eventsByReplica(runtime.analysis.trace, runtime.analysis.causal);
  }

  /** Brings the replay cursor to the runtime's current step (call after every stop). */
  sync(): void {
    this.cursor.seek(this.runtime.causalStep);
  }

  /** The replicas' names as shown, as threads. */
  replicas(): string[] {
    return this.runtime.analysis.trace.replicas.all().map(displayText);
  }

  /** Replica r's current event at the current step, or -1 before its first. */
  currentEventOf(r: number): number {
    return this.cursor.lastEventOf(r);
  }

  /** Replica r's causal chain from `start`, at most `levels` frames; `total` is known once the chain ended. */
  chain(r: number, start: number, levels: number): { frames: ChainFrame[]; total: number } {
    const { trace } = this.runtime.analysis;
    const frames: ChainFrame[] = [];
    let e = this.currentEventOf(r);
    let depth = 0;
    for (; e >= 0 && depth < start + levels; depth++, e = this.runtime.causeOf(e)) {
      if (depth >= start) frames.push({ event: e, name: displayText(`${trace.eventId(e)} ${eventLabel(trace, e)}`), line: trace.line[e] });
    }
    return { frames, total: e < 0 ? depth : depth + 1 };
  }

  /** The replica's scope: its CRDT objects, vector clock, causal buffer and messages. */
  replicaScope(r: number): VariableNode[] {
    const { trace } = this.runtime.analysis;
    const objects = trace.keys.all().map((key, k) => {
      const state = this.cursor.state(r, k);
      const computed = this.documentAt(r);
      if (computed !== undefined) return jsonNode(key, computed);
      return jsonNode(key, state.value(), () => jsonChildren(state.inspect()), `${state.type} `);
    });
    const buffer = this.cursor.bufferOf(r);
    return shownNodes([
      ...objects,
      jsonNode('clock', this.clockOf(r)),
      {
        name: 'buffer',
        value: buffer.length === 0 ? 'empty' : `${buffer.length} waiting`,
        children: buffer.length === 0 ? undefined : () => buffer.map((b) => ({ name: trace.eventId(b.op), value: `waits for ${b.waitingFor}` })),
      },
      this.messages(r, 'delivered'),
      this.messages(r, 'in flight'),
    ]);
  }

  /** The event's own fields. */
  eventScope(e: number): VariableNode[] {
    const { trace, causal } = this.runtime.analysis;
    const fields = this.runtime.fieldsOf(e);
    const nodes: VariableNode[] = ['id', 'replica', 'kind', 'key', 'op', 'msg', 'line', 'step'].flatMap((name) => {
      const v = fields(name);
      return v === undefined ? [] : [{ name, value: typeof v === 'string' ? JSON.stringify(v) : String(v) }];
    });
    const { op, clock, state, label } = trace.event(e);
    if (label !== undefined) nodes.push({ name: 'label', value: JSON.stringify(label) });
    if (op !== undefined) nodes.push(jsonNode('operation', op as unknown as Json));
    if (clock !== undefined) nodes.push(jsonNode('recorded clock', clock));
    if (state !== undefined) nodes.push(jsonNode('recorded state', state));
    nodes.push({ name: 'causal step', value: String(causal.step[e] + 1) });
    return shownNodes(nodes);
  }

  /** The conflicts the event takes part in (empty when none). */
  conflictsOf(e: number): ConflictReport[] {
    const { trace, conflicts } = this.runtime.analysis;
    this.conflictsOfEvent ??= groupByIndex(trace.size, (emit) => conflicts.forEach((c, i) => c.events.forEach((w) => emit(w, i))));
    return Array.from(itemsOf(this.conflictsOfEvent, e), (c) => conflicts[c]);
  }

  /** A conflict's candidates, strategy, winners and why. */
  conflictScope(c: ConflictReport): VariableNode[] {
    const { trace } = this.runtime.analysis;
    const write = (e: number): VariableNode => {
      const op = trace.opOf(e);
      return { name: trace.eventId(e), value: `${trace.replicas.name(trace.replica[e])}: ${op ? `${op.type} ${describeValue(op.value ?? null)}` : eventLabel(trace, e)}` };
    };
    return shownNodes([
      { name: 'conflict', value: `${c.id} on ${c.key}${c.target ? `[${c.target}]` : ''}` },
      { name: 'candidates', value: `${c.events.length} concurrent writes`, children: () => c.events.map(write) },
      { name: 'strategy', value: c.strategy },
      { name: 'winner', value: c.winners.map((e) => write(e).value).join('; ') || 'none', children: () => c.winners.map(write) },
      { name: 'why', value: c.reason },
    ]);
  }

  /**
   * Evaluates a watch or hover path for replica r at the current step: an object key and a path
   * into its value (`cart.apples`), `clock` or `clock.B`, `buffer`, or a field of the current event.
   */
  evaluate(expression: string, r: number): VariableNode {
    const [head, ...path] = expression.trim().split('.');
    const { trace } = this.runtime.analysis;
    const k = trace.keys.find(head);
    let node: VariableNode | undefined;
    // Paths go into the value an application reads (`cart.apples`), not the inspected state.
    if (k >= 0) node = jsonNode(head, this.documentAt(r) ?? this.cursor.state(r, k).value());
    else if (head === 'clock' || head === 'buffer') node = this.replicaScope(r).find((n) => n.name === head);
    else {
      const e = this.currentEventOf(r);
      const value = e < 0 ? undefined : this.runtime.fieldsOf(e)(head);
      if (value !== undefined) node = { name: head, value: typeof value === 'string' ? JSON.stringify(value) : String(value) };
    }
    for (const part of path) node = node?.children?.().find((child) => child.name === part);
    if (!node) throw new Error(`"${displayText(expression)}" names nothing ${displayText(trace.replicas.name(r))} holds here (try an object key, clock or a field such as replica).`);
    return shownNodes([node])[0];
  }

  /** A long library-decoded history's document after replica r's current event, as the library computes it; undefined for other traces. */
  private documentAt(r: number): Json | undefined {
    const e = this.currentEventOf(r);
    return e >= 0 ? this.runtime.analysis.trace.documentStates?.after(e) : undefined;
  }

  /** How many of replica r's events are at or before the current step (a binary search of its lane). */
  private laneCountAt(r: number): number {
    const lane = this.lanes[r];
    const { step } = this.runtime.analysis.causal;
    const now = this.runtime.causalStep;
    return partitionPoint(0, lane.length, (m) => step[lane[m]] <= now);
  }

  private clockOf(r: number): Json {
    const clock = this.cursor.clockOf(r);
    return Object.fromEntries(this.runtime.analysis.trace.replicas.all().map((name, j) => [name, clock[j]]));
  }

  /** Messages replica r received up to now, or those sent to it that it receives later. */
  private messages(r: number, which: 'delivered' | 'in flight'): VariableNode {
    const { trace, causal } = this.runtime.analysis;
    const now = this.runtime.causalStep;
    const lane = this.lanes[r];
    const found: VariableNode[] = [];
    // r's receives up to now, newest first; or those after now whose sender is at or before now (in flight).
    const { from, to, by } = which === 'delivered' ? { from: this.laneCountAt(r) - 1, to: -1, by: -1 } : { from: this.laneCountAt(r), to: lane.length, by: 1 };
    for (let p = from; p !== to && found.length < MAX_MESSAGES; p += by) {
      const e = lane[p];
      if (trace.kind[e] !== EventKind.receive || trace.edgeStart[e] === trace.edgeStart[e + 1]) continue;
      const sender = trace.edgeFrom[trace.edgeStart[e]];
      if (which === 'delivered' || causal.step[sender] <= now) {
        const msg = trace.msg[e] >= 0 ? trace.messages.name(trace.msg[e]) : trace.eventId(e);
        found.push({ name: msg, value: `from ${trace.replicas.name(trace.replica[sender])} (${EVENT_KIND_NAMES[trace.kind[sender]]} ${trace.eventId(sender)})` });
      }
    }
    return { name: which, value: found.length === 0 ? 'none' : `${found.length}${found.length === MAX_MESSAGES ? '+' : ''} messages`, children: found.length === 0 ? undefined : () => found };
  }
}

/** Variables as shown: names and values display-safe, and so their children when expanded. */
function shownNodes(nodes: VariableNode[]): VariableNode[] {
  return nodes.map(({ name, value, children }) => ({
    name: displayText(name),
    value: displayText(value),
    ...(children ? { children: () => shownNodes(children()) } : {}),
  }));
}

/** A JSON value as a variable: objects and arrays expand. `prefix` goes before the one-line value. */
function jsonNode(name: string, value: Json, children?: () => VariableNode[], prefix = ''): VariableNode {
  const expandable = value !== null && typeof value === 'object';
  return { name, value: `${prefix}${JSON.stringify(value)}`, children: children ?? (expandable ? () => jsonChildren(value) : undefined) };
}

function jsonChildren(value: Json): VariableNode[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).map(([name, child]) => jsonNode(name, child));
}
