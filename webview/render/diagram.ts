// Draws one frame of the space-time diagram on a Painter: lanes, causal shading, then links and
// glyphs (or density when zoomed out), timelines, the step cursor and the axis. Only what is
// visible is visited: per lane a binary search gives the visible range, and edges come from the
// span-grouped edge index.

import { drawDensity, drawGlyphs } from './glyphs';
import { LabelLayer } from './labels';
import { drawConflictCaptions, drawConflicts, drawEdges } from './links';
import type { Painter } from './painter';
import { GLYPH_MIN_K, type FrameStats, type Scene } from './scene';
import { drawTimelineRows } from './timeline-rows';

/** The labels of the last frame drawn (reused: no allocation per frame). */
const labels = new LabelLayer();

export function drawDiagram(p: Painter, s: Scene): FrameStats {
  const { geo, palette, layout, index } = s;
  const { view } = index;
  const stats: FrameStats = {
    mode: geo.k >= GLYPH_MIN_K ? 'glyphs' : 'density',
    glyphs: 0,
    edges: 0,
    dashed: 0,
    conflicts: 0,
    labels: 0,
    concurrent: 0,
    edgesCapped: false,
    labelBoxes: labels.boxes,
  };
  p.clear(palette.background);
  const pLo = geo.posAt(-24);
  const pHi = geo.posAt(geo.timeLength + 24);
  const firstSlot = Math.max(0, geo.slotAt(geo.axis));
  const lastSlot = Math.min(layout.lanes.length - 1, geo.slotAt(geo.laneLength));
  const slots: number[] = [];
  for (let slot = firstSlot; slot <= lastSlot; slot++) slots.push(slot);

  drawLanes(p, s, slots);
  if (s.shading) drawShading(p, s, slots, pLo, pHi);
  labels.reset();
  if (stats.mode === 'glyphs') {
    drawEdges(p, s, pLo, pHi, stats);
    drawConflicts(p, s, pLo, pHi, stats);
    drawGlyphs(p, s, slots, pLo, pHi, stats, labels);
    drawConflictCaptions(p, s, pLo, pHi, labels);
  } else {
    drawEdges(p, s, pLo, pHi, stats, true);
    drawDensity(p, s, slots);
  }
  if (s.rows.length > 0) drawTimelineRows(p, s, slots, pLo, pHi);
  drawCursor(p, s, slots.length > 0);
  drawAxis(p, s, stats.mode === 'density', pLo, pHi);
  void view;
  return stats;
}

function drawLanes(p: Painter, s: Scene, slots: number[]): void {
  const { geo, palette, layout, index } = s;
  p.beginPath();
  for (const slot of slots) {
    if (slot % 2 === 1) {
      const l = geo.laneStart(slot);
      geo.rectOn(p, 0, geo.timeLength, l, l + geo.laneSize);
    }
  }
  p.fill(palette.stripe, 0.5);
  p.beginPath();
  for (const slot of slots) {
    const r = layout.lanes[slot];
    const size = index.laneSize(r);
    if (size === 0) continue;
    const a = Math.max(-2, geo.screenT(layout.pos(index.laneEvent(r, 0))));
    const b = Math.min(geo.timeLength + 2, geo.screenT(layout.pos(index.laneEvent(r, size - 1))));
    const l = geo.eventCenter(slot);
    p.moveTo(geo.x(a, l), geo.y(a, l));
    p.lineTo(geo.x(b, l), geo.y(b, l));
  }
  p.stroke(palette.laneLine, 1, 0.6);
}

function drawShading(p: Painter, s: Scene, slots: number[], pLo: number, pHi: number): void {
  const { geo, palette, layout, index } = s;
  const sh = s.shading!;
  const half = Math.max(geo.k / 2, 3);
  const band = (slot: number, ta: number, tb: number) => {
    const a = Math.max(-4, ta);
    const b = Math.min(geo.timeLength + 4, tb);
    if (b <= a) return;
    const l = geo.laneStart(slot);
    geo.rectOn(p, a, b, l + 2, l + geo.eventBand - 2);
  };
  // Tinted bands with an edge in the full colour (the past's solid, the future's dashed); high
  // contrast themes draw the edges only.
  const hc = !!palette.contrastBorder;
  const paint = (color: string, dash: number[]) => {
    if (!hc) p.fill(color, 0.16);
    p.stroke(color, 1, 1, dash);
  };
  p.beginPath();
  for (const slot of slots) {
    const r = layout.lanes[slot];
    if (sh.pastEnd[r] === 0) continue;
    const first = layout.pos(index.laneEvent(r, 0));
    const last = layout.pos(index.laneEvent(r, sh.pastEnd[r] - 1));
    if (last < pLo || first > pHi) continue;
    band(slot, geo.screenT(first) - half, geo.screenT(last) + half);
  }
  paint(palette.past, []);
  p.beginPath();
  for (const slot of slots) {
    const r = layout.lanes[slot];
    const size = index.laneSize(r);
    if (sh.futureStart[r] >= size) continue;
    const first = layout.pos(index.laneEvent(r, sh.futureStart[r]));
    const last = layout.pos(index.laneEvent(r, size - 1));
    if (last < pLo || first > pHi) continue;
    band(slot, geo.screenT(first) - half, geo.screenT(last) + half);
  }
  paint(palette.future, [4, 3]);
}

function drawCursor(p: Painter, s: Scene, any: boolean): void {
  const { geo, palette, layout, index } = s;
  const N = index.N;
  if (N === 0 || !any) return;
  const e = index.view.order[Math.min(s.step, N - 1)];
  const t = geo.screenT(layout.pos(layout.shown(e)));
  if (t < -2 || t > geo.timeLength + 2) return;
  const end = Math.min(geo.laneLength, geo.contentLaneLength(layout.lanes.length) - geo.laneOffset);
  p.beginPath();
  p.moveTo(geo.x(t, geo.axis), geo.y(t, geo.axis));
  p.lineTo(geo.x(t, end), geo.y(t, end));
  p.stroke(palette.cursor, 1.5, 0.9, s.step >= N - 1 ? [2, 3] : []);
}

function niceStep(raw: number): number {
  const pow = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  const f = raw / pow;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * pow;
}

/** Pixel columns of the axis that hold a tick (reused across frames). */
let tickColumns = new Uint8Array(0);

function drawAxis(p: Painter, s: Scene, markers: boolean, pLo: number, pHi: number): void {
  const { geo, palette, layout, index, annotations } = s;
  const A = geo.axis;
  p.beginPath();
  geo.rectOn(p, 0, geo.timeLength, 0, A);
  p.fill(palette.background);
  p.beginPath();
  p.moveTo(geo.x(0, A), geo.y(0, A));
  p.lineTo(geo.x(geo.timeLength, A), geo.y(geo.timeLength, A));
  p.stroke(palette.laneLine, 1, 0.6);
  const stepPos = Math.max(1, niceStep(90 / geo.k));
  const style = { color: palette.muted, size: 10, family: palette.fontFamily, align: 'left' as const, baseline: 'middle' as const };
  p.beginPath();
  const labels: [number, string][] = [];
  for (let q = Math.ceil(Math.max(0, pLo) / stepPos) * stepPos; q <= Math.min(pHi, layout.maxPos); q += stepPos) {
    const t = geo.screenT(q);
    p.moveTo(geo.x(t, A - 5), geo.y(t, A - 5));
    p.lineTo(geo.x(t, A), geo.y(t, A));
    labels.push([t, String(layout.columnAtPos(q))]);
  }
  p.stroke(palette.laneLine, 1, 0.8);
  for (const [t, text] of labels) {
    if (geo.horizontal) p.text(text, t + 3, A / 2 - 1, style);
    else p.text(text, 4, t, style);
  }
  if (markers) {
    // Zoomed out: conflicts and findings as ticks on the axis, one per pixel column at most.
    const columns = Math.ceil(geo.timeLength) + 1;
    if (tickColumns.length < columns) tickColumns = new Uint8Array(columns);
    const ticks = (each: (mark: (pos: number) => void) => void, color: string) => {
      tickColumns.fill(0, 0, columns);
      each((pos) => {
        const t = Math.round(geo.screenT(pos));
        if (t >= 0 && t < columns) tickColumns[t] = 1;
      });
      p.beginPath();
      for (let t = 0; t < columns; t++) {
        if (!tickColumns[t]) continue;
        let end = t + 1;
        while (end < columns && tickColumns[end]) end++;
        geo.rectOn(p, t - 1, end + 1, A - 6, A);
        t = end;
      }
      p.fill(color, 0.9);
    };
    // A conflict's tick at its first position (as on the minimap), read from a typed array: a long trace has hundreds of thousands.
    ticks((mark) => annotations.visitConflictsIn(pLo, pHi, (n) => (mark(annotations.conflictStart(n)), true)), palette.conflict);
    ticks((mark) => {
      for (const e of annotations.severityOf.keys()) mark(layout.pos(e));
    }, palette.warning);
  }
  const e = index.view.order[Math.min(s.step, index.N - 1)];
  if (e !== undefined) {
    const t = geo.screenT(layout.pos(layout.shown(e)));
    if (t >= 0 && t <= geo.timeLength) {
      p.beginPath();
      p.moveTo(geo.x(t - 5, 2), geo.y(t - 5, 2));
      p.lineTo(geo.x(t + 5, 2), geo.y(t + 5, 2));
      p.lineTo(geo.x(t, A - 2), geo.y(t, A - 2));
      p.closePath();
      p.fill(palette.cursor);
    }
  }
}
