// Events on the diagram: a glyph per event (shape by kind, colour by theme) with its markers
// (concurrency rings, search matches, findings, folded runs, labels) when zoomed in, and event
// density per lane and pixel column when zoomed out.

import type { Layout } from '../model/layout';
import type { Geometry } from './geometry';
import type { LabelLayer } from './labels';
import type { Painter } from './painter';
import { Buf, DIM, drawRing, FADED, glyphRadius, isFaded, SHAPES_MIN_K, type FrameStats, type Scene } from './scene';
import { labelOf } from '../../engine/view/model';

/** From this zoom on (pixels per column) events are labelled where their text has room. */
const LABEL_MIN_K = 5;
/** While the view moves, events are labelled only when this many or fewer are in view (placing text costs). */
const MOVING_LABELS = 400;
/** Labels longer than this are cut (the whole text is in the tooltip and the details). */
const MAX_LABEL_WIDTH = 240;
const glyphBufs = Array.from({ length: 15 }, () => new Buf());
const ringBuf = new Buf();
const matchBuf = new Buf();
const labelBuf = new Buf();
const findingBufs = { error: new Buf(), warning: new Buf(), info: new Buf() };
const densityBufs = Array.from({ length: 8 }, () => new Buf()); // 4 levels bright, 4 levels dim

/** First lane position at or after `from` with position >= p: galloping, as bucket bounds only grow. */
function gallop(layout: Layout, r: number, from: number, p: number, size: number): number {
  const { index } = layout;
  const base = index.laneStart[r];
  const ev = index.laneEvents;
  if (from >= size || layout.pos(ev[base + from]) >= p) return from;
  let step = 1;
  let lo = from;
  let hi = from + 1;
  while (hi < size && layout.pos(ev[base + hi]) < p) {
    lo = hi;
    step *= 2;
    hi = Math.min(size, hi + step);
  }
  while (lo + 1 < hi) {
    const mid = (lo + hi) >>> 1;
    if (layout.pos(ev[base + mid]) < p) lo = mid;
    else hi = mid;
  }
  return hi;
}

export function drawDensity(p: Painter, s: Scene, slots: number[]): void {
  const { geo, palette, layout, index } = s;
  const B = 2;
  for (const b of densityBufs) b.n = 0;
  const level = (n: number) => (n >= 16 ? 3 : n >= 4 ? 2 : n >= 2 ? 1 : 0);
  const h = Math.min(14, geo.eventBand * 0.45);
  for (const slot of slots) {
    const r = layout.lanes[slot];
    const size = index.laneSize(r);
    const l = geo.eventCenter(slot);
    const cut = s.stepCut[r];
    let m = layout.lowerBound(r, geo.posAt(0));
    // Runs of buckets at the same level become one rectangle.
    let runGroup = -1;
    let runStart = 0;
    let runEnd = 0;
    for (let t = 0; t < geo.timeLength && m < size; t += B) {
      const m2 = gallop(layout, r, m, geo.posAt(t + B), size);
      const n = m2 - m;
      if (n > 0) {
        const bright = Math.max(0, Math.min(n, cut - m));
        const group = bright > 0 ? level(bright) : 4 + level(n);
        if (group === runGroup && runEnd === t) runEnd = t + B;
        else {
          if (runGroup >= 0) densityBufs[runGroup].push3(runStart, runEnd, l);
          runGroup = group;
          runStart = t;
          runEnd = t + B;
        }
      }
      m = m2;
    }
    if (runGroup >= 0) densityBufs[runGroup].push3(runStart, runEnd, l);
  }
  const alpha = [0.35, 0.55, 0.75, 1];
  densityBufs.forEach((b, group) => {
    if (b.n === 0) return;
    p.beginPath();
    for (let j = 0; j < b.n; j += 3) geo.rectOn(p, b.a[j], b.a[j + 1], b.a[j + 2] - h / 2, b.a[j + 2] + h / 2);
    p.fill(palette.foreground, alpha[group % 4] * (group >= 4 ? DIM : 1));
  });
  // The selected and compared events stay visible as rings.
  drawRing(p, s, s.compare, palette.compare, 2, [3, 2], 7);
  drawRing(p, s, s.selected, palette.selection, 2, [], 7);
}

function glyphPath(p: Painter, geo: Geometry, kind: number, t: number, l: number, g: number): void {
  const x = geo.horizontal ? t : l;
  const y = geo.horizontal ? l : t;
  if (geo.k < SHAPES_MIN_K) {
    const h = kind === 3 ? g * 0.6 : g * 0.85;
    p.rect(x - h, y - h, 2 * h, 2 * h);
    return;
  }
  switch (kind) {
    case 1: // send: a triangle pointing along time
      if (geo.horizontal) {
        p.moveTo(x + g * 1.15, y);
        p.lineTo(x - g, y - g);
        p.lineTo(x - g, y + g);
      } else {
        p.moveTo(x, y + g * 1.15);
        p.lineTo(x - g, y - g);
        p.lineTo(x + g, y - g);
      }
      p.closePath();
      break;
    case 2: // receive: a square
      p.rect(x - g * 0.85, y - g * 0.85, g * 1.7, g * 1.7);
      break;
    case 3: // local: a small dot
      p.circle(x, y, g * 0.6);
      break;
    case 4: // sync: a diamond
      p.moveTo(x, y - g * 1.2);
      p.lineTo(x + g * 1.2, y);
      p.lineTo(x, y + g * 1.2);
      p.lineTo(x - g * 1.2, y);
      p.closePath();
      break;
    default: // op: a circle
      p.circle(x, y, g);
  }
}

export function drawGlyphs(p: Painter, s: Scene, slots: number[], pLo: number, pHi: number, stats: FrameStats, labels: LabelLayer): void {
  const { geo, palette, layout, index, shading } = s;
  const { view } = index;
  const g = glyphRadius(geo.k);
  for (const b of glyphBufs) b.n = 0;
  ringBuf.n = matchBuf.n = labelBuf.n = 0;
  findingBufs.error.n = findingBufs.warning.n = findingBufs.info.n = 0;
  const withLabels = geo.k >= LABEL_MIN_K;
  const folded = layout.folded;
  const annotated = s.annotations.severityOf.size > 0;
  for (const slot of slots) {
    const r = layout.lanes[slot];
    const [lo, hi] = layout.laneRange(r, pLo, pHi);
    const l = geo.eventCenter(slot);
    const cut = s.stepCut[r];
    for (let m = lo; m < hi; m++) {
      const e = index.laneEvent(r, m);
      if (folded && folded[e]) continue;
      const t = geo.screenT(layout.pos(e));
      const cls = isFaded(s, e) ? 2 : m >= cut ? 1 : 0;
      glyphBufs[view.kind[e] * 3 + cls].push2(t, l);
      if (shading && e !== shading.event && m >= shading.pastEnd[r] && m < shading.futureStart[r]) ringBuf.push2(t, l);
      if (s.matches && s.matches[e]) matchBuf.push2(t, l);
      if (annotated) {
        const sev = s.annotations.severityOf.get(e);
        if (sev) findingBufs[sev].push2(t, l);
      }
      if (withLabels) labelBuf.push3(e, t, l);
    }
  }
  if (matchBuf.n) {
    p.beginPath();
    for (let j = 0; j < matchBuf.n; j += 2) {
      const x = geo.x(matchBuf.a[j], matchBuf.a[j + 1]);
      const y = geo.y(matchBuf.a[j], matchBuf.a[j + 1]);
      p.rect(x - g - 3, y - g - 3, 2 * g + 6, 2 * g + 6);
    }
    p.fill(palette.match, 0.9);
  }
  for (let k = 0; k < 5; k++) {
    for (let cls = 0; cls < 3; cls++) {
      const b = glyphBufs[k * 3 + cls];
      if (b.n === 0) continue;
      stats.glyphs += b.n / 2;
      p.beginPath();
      for (let j = 0; j < b.n; j += 2) glyphPath(p, geo, k, b.a[j], b.a[j + 1], g);
      const alpha = cls === 0 ? 1 : cls === 1 ? DIM : FADED;
      p.fill(palette.kinds[k], alpha);
      if (palette.contrastBorder && cls === 0) p.stroke(palette.contrastBorder, 1);
    }
  }
  if (ringBuf.n) {
    stats.concurrent = ringBuf.n / 2;
    p.beginPath();
    for (let j = 0; j < ringBuf.n; j += 2) p.circle(geo.x(ringBuf.a[j], ringBuf.a[j + 1]), geo.y(ringBuf.a[j], ringBuf.a[j + 1]), g + 2.5);
    // Hairlines: the software rasterizer strokes width-1 lines several times faster than wider ones.
    p.stroke(palette.concurrent, 1);
  }
  for (const sev of ['info', 'warning', 'error'] as const) {
    const b = findingBufs[sev];
    if (!b.n) continue;
    p.beginPath();
    for (let j = 0; j < b.n; j += 2) {
      const x = geo.x(b.a[j], b.a[j + 1] - g - 5);
      const y = geo.y(b.a[j], b.a[j + 1] - g - 5);
      labels.reserve(x - 4, y - 4, 8, 6);
      p.moveTo(x - 4, y - 4);
      p.lineTo(x + 4, y - 4);
      p.lineTo(x, y + 2);
      p.closePath();
    }
    p.fill(palette[sev]);
  }
  drawRing(p, s, s.hover, palette.muted, 1, []);
  drawRing(p, s, s.compare, palette.compare, 2, [3, 2]);
  drawRing(p, s, s.selected, palette.selection, 2.5, []);
  if (labelBuf.n && !(s.moving && labelBuf.n / 3 > MOVING_LABELS)) drawLabels(p, s, labels, stats);
}

/** Each labelled event's text beside its glyph, where it meets no other text (see LabelLayer). */
function drawLabels(p: Painter, s: Scene, labels: LabelLayer, stats: FrameStats): void {
  const { geo, palette, layout, index } = s;
  const { view } = index;
  const g = glyphRadius(geo.k);
  const size = Math.max(10, palette.fontSize - 2);
  const h = size + 2;
  const style = { color: palette.foreground, size, family: palette.fontFamily };
  const runs = layout.runLength;
  let lane = -1;
  let laneFrom = 0;
  for (let j = 0; j < labelBuf.n; j += 3) {
    const e = labelBuf.a[j];
    const t = labelBuf.a[j + 1];
    const l = labelBuf.a[j + 2];
    const r = view.replica[e];
    if (r !== lane) {
      lane = r;
      laneFrom = labels.boxes.length;
    }
    const own = labelOf(view, e);
    const text = runs && runs[e] > 1 ? `${runs[e]} local events: ${own}` : own;
    const alpha = isFaded(s, e) ? FADED : index.lanePos[e] >= s.stepCut[r] ? DIM : 1;
    const bandStart = geo.eventCenter(layout.slotOf[r]) - geo.eventBand / 2;
    const bandEnd = bandStart + geo.eventBand;
    const candidates: [number, number, number][] = [];
    if (geo.horizontal) {
      const x = Math.max(0, t - g);
      const maxWidth = Math.min(MAX_LABEL_WIDTH, geo.width - x - 2);
      // Rows below and above the glyph, nearest first, as many as the band holds.
      for (let row = 0; ; row++) {
        const below = l + g + row * h;
        const above = l - g - (row + 1) * h;
        const fitsBelow = below + h <= bandEnd;
        const fitsAbove = above >= bandStart;
        if (!fitsBelow && !fitsAbove) break;
        if (fitsBelow) candidates.push([x, below, maxWidth]);
        if (fitsAbove) candidates.push([x, above, maxWidth]);
      }
    } else {
      const x = l + g + 5;
      candidates.push([x, t - h / 2, Math.min(MAX_LABEL_WIDTH, bandEnd - 2 - x, geo.width - x - 2)]);
    }
    if (labels.place(p, text, style, h, candidates, e, alpha, laneFrom)) stats.labels++;
  }
}
