// Per-replica state timelines: which object keys each lane shows as rows, the value of a key on a
// replica at a step (binary search over its change points), the whole state for the hover, and
// how a value reads as short text (with what the trace recorded where that differs from the replay).

import type { Json } from '../../engine/crdt/types';
import type { EventsView, TimelineView } from '../../engine/view/model';
import { partitionPoint } from '../../engine/util/bisect';
import type { BufferTimeline } from '../protocol';

export interface TimelineRow {
  /** Key index in `view.keys`, or -1 for the causal buffer row. */
  key: number;
  label: string;
  counter: boolean;
}

export class Timelines {
  /** Timeline per replica and key (`byReplica[r][k]`). */
  private readonly byReplica: (TimelineView | undefined)[][];
  private readonly buffers: (BufferTimeline | undefined)[];
  private readonly ranges = new Map<TimelineView, [number, number]>();
  /** Keys with any timeline, in key order. */
  readonly keysWithTimelines: number[];
  readonly hasBuffers: boolean;

  constructor(
    readonly view: EventsView,
    buffers: BufferTimeline[] = [],
  ) {
    const keyIndex = new Map(view.keys.map((k, i) => [k, i]));
    this.byReplica = view.replicas.map(() => view.keys.map(() => undefined));
    const used = new Set<number>();
    for (const t of view.timelines) {
      const k = keyIndex.get(t.key);
      if (k === undefined || !this.byReplica[t.replica]) continue;
      this.byReplica[t.replica][k] = t;
      if (t.steps.length > 0) used.add(k);
    }
    this.keysWithTimelines = [...used].sort((a, b) => a - b);
    this.buffers = view.replicas.map(() => undefined);
    for (const b of buffers) if (this.buffers[b.replica] === undefined) this.buffers[b.replica] = b;
    this.hasBuffers = buffers.some((b) => b.values.some((v) => Array.isArray(v) && v.length > 0));
  }

  /** The rows a lane shows: one per key (or only `keyFilter`), then the buffer when any. */
  rows(keyFilter: number): TimelineRow[] {
    const { view } = this;
    const rows: TimelineRow[] = this.keysWithTimelines
      .filter((k) => keyFilter < 0 || k === keyFilter)
      .map((k) => ({ key: k, label: view.keys[k], counter: /counter/.test(view.keyTypes[k] ?? '') }));
    if (this.hasBuffers) rows.push({ key: -1, label: 'buffer', counter: false });
    return rows;
  }

  timeline(replica: number, key: number): TimelineView | undefined {
    return key < 0 ? this.buffers[replica] : this.byReplica[replica]?.[key];
  }

  /** Index of the change point in effect at `step` (-1 before the first). */
  static changeAt(t: TimelineView, step: number): number {
    return partitionPoint(0, t.steps.length, (j) => t.steps[j] <= step) - 1;
  }

  /** Smallest and largest numeric value of a (counter) timeline. */
  range(t: TimelineView): [number, number] {
    let r = this.ranges.get(t);
    if (!r) {
      let lo = Infinity;
      let hi = -Infinity;
      for (const v of t.values) {
        if (typeof v !== 'number') continue;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      r = lo <= hi ? [lo, hi] : [0, 1];
      this.ranges.set(t, r);
    }
    return r;
  }

  /** The state of a replica at a step: every key's value (and what the trace recorded where that differs), then the buffer. */
  stateAt(replica: number, step: number): { label: string; value: Json | undefined; recorded?: Json }[] {
    const out: { label: string; value: Json | undefined; recorded?: Json }[] = [];
    for (const k of this.keysWithTimelines) {
      const t = this.byReplica[replica][k];
      const j = t ? Timelines.changeAt(t, step) : -1;
      out.push({ label: this.view.keys[k], value: t && j >= 0 ? t.values[j] : undefined, ...(t && j >= 0 && t.recorded?.[j] !== undefined ? { recorded: t.recorded[j] } : {}) });
    }
    const b = this.buffers[replica];
    if (b) {
      const j = Timelines.changeAt(b, step);
      out.push({ label: 'buffer', value: j >= 0 ? b.values[j] : [] });
    }
    return out;
  }

  /** The value from change point j as text, with the trace's record where it differs (see stateText). */
  static changeText(t: TimelineView, j: number): string {
    return stateText(t.values[j], t.recorded?.[j]);
  }
}

/**
 * A replica's value as text; where the trace recorded another value, the record first (what the
 * replica really held: the bug) and then the replay: "recorded 1000 · replay 1800".
 */
export function stateText(value: Json | undefined, recorded: Json | undefined, max = 120): string {
  if (recorded === undefined) return valueText(value, max);
  return `recorded ${valueText(recorded, max)} · replay ${valueText(value, max)}`;
}

/** A value as short text: strings quoted, sets in braces, objects as JSON, cut at `max` characters. */
export function valueText(value: Json | undefined, max = 120): string {
  let s: string;
  if (value === undefined) s = '—';
  else if (value === null) s = '∅';
  else if (typeof value === 'string') s = JSON.stringify(value);
  else if (Array.isArray(value)) s = `{${value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}}`;
  else if (typeof value === 'object') s = JSON.stringify(value);
  else s = String(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
