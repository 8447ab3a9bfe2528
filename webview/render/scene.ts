// What one frame of the diagram is drawn from (Scene) and what it drew (FrameStats), with the
// small pieces every part of the drawing shares: levels of detail, dimming, reusable buffers,
// where an event's glyph is, and rings around events.

import type { Shading } from '../model/causality';
import type { Annotations } from '../model/conflicts';
import type { EdgeIndex } from '../model/edges';
import type { Layout } from '../model/layout';
import type { TimelineRow, Timelines } from '../model/timelines';
import type { TraceIndex } from '../model/trace-index';
import type { Geometry } from './geometry';
import type { LabelBox } from './label-box';
import type { Painter } from './painter';
import type { Palette } from './theme';

export interface Scene {
  index: TraceIndex;
  layout: Layout;
  /** The edge index, built on first use. */
  edges: () => EdgeIndex;
  annotations: Annotations;
  timelines: Timelines;
  /** Timeline rows per lane (empty when timelines are off). */
  rows: TimelineRow[];
  geo: Geometry;
  palette: Palette;
  selected: number;
  compare: number;
  shading: Shading | null;
  /** Step cursor, and per replica the count of its lane's events at or before it. */
  step: number;
  stepCut: Uint32Array;
  keyFilter: number;
  replicaFilter: number;
  matches: Uint8Array | null;
  currentConflict: number;
  hover: number;
  /** The view is moving (panned or zoomed in the last moments): a dense view leaves its labels for when it rests. */
  moving?: boolean;
}

export interface FrameStats {
  mode: 'glyphs' | 'density';
  glyphs: number;
  edges: number;
  dashed: number;
  conflicts: number;
  labels: number;
  concurrent: number;
  edgesCapped: boolean;
  /** The text boxes drawn (event labels, conflict captions), for the test probe. */
  labelBoxes: readonly LabelBox[];
}

/** Below this many pixels per position, lanes show event density instead of glyphs. */
export const GLYPH_MIN_K = 4;
/** Below this zoom glyphs are plain squares in their kind's colour (a level of detail). */
export const SHAPES_MIN_K = 6;
/** Opacity of what comes after the step cursor, and of what a filter leaves out. */
export const DIM = 0.3;
export const FADED = 0.12;

/** Growable list of numbers, reused across frames (no allocation per push). */
export class Buf {
  a = new Float64Array(1024);
  n = 0;
  private room(k: number): void {
    if (this.n + k <= this.a.length) return;
    const next = new Float64Array(this.a.length * 2 + k);
    next.set(this.a);
    this.a = next;
  }
  push2(x: number, y: number): void {
    this.room(2);
    this.a[this.n++] = x;
    this.a[this.n++] = y;
  }
  push3(x: number, y: number, z: number): void {
    this.room(3);
    this.a[this.n++] = x;
    this.a[this.n++] = y;
    this.a[this.n++] = z;
  }
  push4(x: number, y: number, z: number, w: number): void {
    this.room(4);
    this.a[this.n++] = x;
    this.a[this.n++] = y;
    this.a[this.n++] = z;
    this.a[this.n++] = w;
  }
}

export function glyphRadius(k: number): number {
  return Math.max(2.5, Math.min(6, k * 0.3));
}

export function isFaded(s: Scene, e: number): boolean {
  const { view } = s.index;
  return (s.keyFilter >= 0 && view.key[e] !== s.keyFilter) || (s.replicaFilter >= 0 && view.replica[e] !== s.replicaFilter);
}

export function drawRing(p: Painter, s: Scene, e: number, color: string, width: number, dash: number[], radius?: number): void {
  if (e < 0) return;
  const { geo, layout, index } = s;
  const shown = layout.shown(e);
  const slot = layout.slotOf[index.view.replica[shown]];
  if (slot < 0) return;
  const t = geo.screenT(layout.pos(shown));
  const l = geo.eventCenter(slot);
  p.beginPath();
  p.circle(geo.x(t, l), geo.y(t, l), radius ?? glyphRadius(geo.k) + 5);
  p.stroke(color, width, 1, dash);
}

/** Screen centre of an event's glyph, or null when its lane is hidden. */
export function eventPoint(s: Pick<Scene, 'geo' | 'layout' | 'index'>, e: number): [number, number] | null {
  const { geo, layout, index } = s;
  const shown = layout.shown(e);
  const slot = layout.slotOf[index.view.replica[shown]];
  if (slot < 0) return null;
  const t = geo.screenT(layout.pos(shown));
  const l = geo.eventCenter(slot);
  return [geo.x(t, l), geo.y(t, l)];
}
