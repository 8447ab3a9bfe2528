// Links between events: message edges from the span-grouped edge index (dashed where they stand
// for paths through hidden replicas), and each conflict's concurrent writes joined, winner ringed.

import { conflictOutcome } from '../model/conflicts';
import { transitiveSources } from '../model/edges';
import type { LabelLayer } from './labels';
import type { Painter } from './painter';
import { Buf, DIM, eventPoint, FADED, glyphRadius, isFaded, SHAPES_MIN_K, type FrameStats, type Scene } from './scene';
import type { Palette } from './theme';

const EDGE_LIMIT = 20000;
/**
 * Zoomed out (event density): messages are drawn when about this many or fewer cross the view
 * (all looked at, an even sample drawn); past it they are hundreds per pixel and say nothing.
 */
const DENSE_EDGE_LIMIT = 8000;
/** Zoomed out: about this many pixels of the time axis per message drawn per lane, evenly sampled. */
const DENSE_EDGE_SPACING = 16;
/** Pixel pairs already drawn this frame, zoomed out (hashes; a collision only leaves out a duplicate-looking line). */
const drawnPairs = new Set<number>();
const CONFLICT_LIMIT = 2000;
const edgeBufs = Array.from({ length: 5 }, () => new Buf()); // normal, dim, faded, highlight, dashed

/** Where clipSegment writes the clipped segment. */
export const clipped = new Float64Array(4);

/**
 * Clips a segment to the canvas (Liang-Barsky) into `clipped`; false when it lies outside. Long
 * edges and dashed conflict lines would otherwise be rasterized (and dashed) far off screen.
 */
export function clipSegment(x1: number, y1: number, x2: number, y2: number, w: number, h: number, pad = 8): boolean {
  let t0 = 0;
  let t1 = 1;
  const dx = x2 - x1;
  const dy = y2 - y1;
  for (let side = 0; side < 4; side++) {
    const p = side === 0 ? -dx : side === 1 ? dx : side === 2 ? -dy : dy;
    const q = side === 0 ? x1 + pad : side === 1 ? w + pad - x1 : side === 2 ? y1 + pad : h + pad - y1;
    if (p === 0) {
      if (q < 0) return false;
      continue;
    }
    const r = q / p;
    if (p < 0) {
      if (r > t1) return false;
      if (r > t0) t0 = r;
    } else {
      if (r < t0) return false;
      if (r < t1) t1 = r;
    }
  }
  clipped[0] = x1 + t0 * dx;
  clipped[1] = y1 + t0 * dy;
  clipped[2] = x1 + t1 * dx;
  clipped[3] = y1 + t1 * dy;
  return true;
}

const EDGE_STYLES: [keyof Palette, number, number, number[]][] = [
  ['edge', 1, 0.8, []], // normal
  ['edge', 1, DIM, []], // received after the step cursor
  ['edge', 1, FADED, []], // filtered out
  ['selection', 2, 1, []], // touching the selection
  ['edge', 1, 0.9, [4, 3]], // through hidden replicas
];

/** An edge's ends and unit direction, as readEdge last read them (one object reused: no allocation per edge). */
const edge = { x1: 0, y1: 0, x2: 0, y2: 0, ux: 0, uy: 0 };

/** Reads the edge at `a[j, j + 4)` (x1 y1 x2 y2) into `edge`, with its unit direction. */
function readEdge(a: Float64Array, j: number): typeof edge {
  edge.x1 = a[j];
  edge.y1 = a[j + 1];
  edge.x2 = a[j + 2];
  edge.y2 = a[j + 3];
  const dx = edge.x2 - edge.x1;
  const dy = edge.y2 - edge.y1;
  const len = Math.hypot(dx, dy) || 1;
  edge.ux = dx / len;
  edge.uy = dy / len;
  return edge;
}

/**
 * Message edges crossing the visible range. `dense` (zoomed out to event density): thinned to one
 * line per pair of pixel ends and a few thousand lines, fainter, so messages stay visible at Fit.
 */
export function drawEdges(p: Painter, s: Scene, pLo: number, pHi: number, stats: FrameStats, dense = false): void {
  const { geo, palette, layout, index } = s;
  const { view } = index;
  const H = geo.horizontal;
  for (const b of edgeBufs) b.n = 0;
  const cLo = layout.columnAtPos(pLo);
  const cHi = layout.columnAtPos(Math.floor(pHi) + 1);
  const g = glyphRadius(geo.k);
  // Centre of an event's glyph along each axis (its lane is shown).
  const tOf = (e: number) => geo.screenT(layout.pos(e));
  const lOf = (e: number) => geo.eventCenter(layout.slotOf[view.replica[e]]);
  drawnPairs.clear();
  // Zoomed out, every stride-th message: about the visible share of all messages, over the budget.
  const visibleShare = Math.min(1, (pHi - pLo) / (layout.maxPos + 1));
  const budget = Math.max(1, (geo.timeLength / DENSE_EDGE_SPACING) * Math.max(1, layout.lanes.length / 2));
  const crossing = view.edgeFrom.length * visibleShare;
  if (dense && crossing > DENSE_EDGE_LIMIT) return;
  const stride = dense ? Math.max(1, Math.round(crossing / budget)) : 1;
  let visited = 0;
  const complete = s.edges().query(cLo, cHi, dense ? 2 * DENSE_EDGE_LIMIT : EDGE_LIMIT, (j) => {
    if (stride > 1 && visited++ % stride !== 0) return;
    const from = view.edgeFrom[j];
    const to = index.edgeTo[j];
    if (from < 0 || layout.slotOf[view.replica[to]] < 0) return;
    const t2 = tOf(to);
    const l2 = lOf(to);
    if (layout.slotOf[view.replica[from]] < 0) {
      for (const v of transitiveSources(layout, from, to)) {
        const shown = layout.shown(v);
        const t1 = tOf(shown);
        const l1 = lOf(shown);
        edgeBufs[4].push4(H ? t1 : l1, H ? l1 : t1, H ? t2 : l2, H ? l2 : t2);
      }
      return;
    }
    const t1 = tOf(from);
    const l1 = lOf(from);
    if (dense) {
      const pair = (Math.round(t1) * 73856093) ^ (Math.round(l1) * 19349663) ^ (Math.round(t2) * 83492791) ^ (Math.round(l2) * 2654435761);
      if (drawnPairs.has(pair)) return;
      drawnPairs.add(pair);
    }
    const cls = from === s.selected || to === s.selected ? 3 : isFaded(s, from) && isFaded(s, to) ? 2 : view.step[to] > s.step ? 1 : 0;
    edgeBufs[cls].push4(H ? t1 : l1, H ? l1 : t1, H ? t2 : l2, H ? l2 : t2);
  });
  stats.edgesCapped = !complete;
  const arrows = geo.k >= SHAPES_MIN_K;
  edgeBufs.forEach((b, cls) => {
    if (!b.n) return;
    const [colorKey, width, styleAlpha, dash] = EDGE_STYLES[cls];
    const alpha = dense && cls < 3 ? styleAlpha * 0.6 : styleAlpha;
    const color = palette[colorKey] as string;
    p.beginPath();
    for (let j = 0; j < b.n; j += 4) {
      const { x1, y1, x2, y2, ux, uy } = readEdge(b.a, j);
      if (!clipSegment(x1 + ux * g, y1 + uy * g, x2 - ux * (g + 1), y2 - uy * (g + 1), geo.width, geo.height)) continue;
      p.moveTo(clipped[0], clipped[1]);
      p.lineTo(clipped[2], clipped[3]);
    }
    p.stroke(color, width, alpha, dash);
    if (cls === 4) stats.dashed += b.n / 4;
    else stats.edges += b.n / 4;
    // Arrowheads when zoomed in enough to see them (and always on the selection's edges).
    if (!arrows && cls !== 3) return;
    p.beginPath();
    for (let j = 0; j < b.n; j += 4) {
      const { x2, y2, ux, uy } = readEdge(b.a, j);
      const tx = x2 - ux * (g + 1);
      const ty = y2 - uy * (g + 1);
      if (tx < -8 || ty < -8 || tx > geo.width + 8 || ty > geo.height + 8) continue;
      p.moveTo(tx, ty);
      p.lineTo(tx - ux * 6 - uy * 3, ty - uy * 6 + ux * 3);
      p.lineTo(tx - ux * 6 + uy * 3, ty - uy * 6 - ux * 3);
      p.closePath();
    }
    p.fill(color, alpha);
  });
}

export function drawConflicts(p: Painter, s: Scene, pLo: number, pHi: number, stats: FrameStats): void {
  const { geo, palette, annotations } = s;
  const g = glyphRadius(geo.k);
  const list = annotations.conflictsIn(pLo, pHi, CONFLICT_LIMIT);
  const winners: [number, number][] = [];
  // All conflicts in one batched path (dashed only when zoomed in: dashing is costly to raster),
  // the current one on top, thicker.
  const polyline = (pts: [number, number][]) => {
    for (let j = 1; j < pts.length; j++) {
      if (!clipSegment(pts[j - 1][0], pts[j - 1][1], pts[j][0], pts[j][1], geo.width, geo.height)) continue;
      p.moveTo(clipped[0], clipped[1]);
      p.lineTo(clipped[2], clipped[3]);
    }
  };
  const pointsOf = (n: number) =>
    Array.from(annotations.conflicts.events(n), (e) => eventPoint(s, e))
      .filter((q): q is [number, number] => q !== null)
      .sort((a, b) => (geo.horizontal ? a[0] - b[0] : a[1] - b[1]));
  p.beginPath();
  for (const n of list) {
    polyline(pointsOf(n));
    for (const w of annotations.conflicts.winners(n)) {
      const q = eventPoint(s, w);
      if (q) winners.push(q);
    }
    stats.conflicts++;
  }
  // Width 1: the software rasterizer draws hairlines far faster than wider strokes.
  p.stroke(palette.conflict, 1, 0.9, geo.k >= 10 ? [5, 3] : []);
  if (s.currentConflict >= 0 && list.includes(s.currentConflict)) {
    p.beginPath();
    polyline(pointsOf(s.currentConflict));
    p.stroke(palette.conflict, 3, 1, [6, 3]);
  }
  if (winners.length) {
    p.beginPath();
    for (const [x, y] of winners) p.circle(x, y, g + 3.5);
    p.stroke(palette.winner, winners.length <= 50 ? 2 : 1);
  }
}

/**
 * Conflict captions (key, rule, winner) where they meet no other text: the current conflict's,
 * and each visible one's when zoomed in on a few. Drawn after the event labels.
 */
export function drawConflictCaptions(p: Painter, s: Scene, pLo: number, pHi: number, labels: LabelLayer): void {
  const { geo, palette, index, annotations } = s;
  const g = glyphRadius(geo.k);
  const list = annotations.conflictsIn(pLo, pHi, CONFLICT_LIMIT);
  const shown = geo.k >= 30 && list.length <= 12 ? list : list.filter((n) => n === s.currentConflict);
  const style = { color: palette.conflict, size: 11, family: palette.fontFamily, bold: true };
  for (const n of shown) {
    const c = annotations.conflicts.at(n)!;
    const w = c.winners[0] ?? c.events[0];
    const q = eventPoint(s, w);
    if (!q) continue;
    const what = `${c.id} ${c.key}${c.target !== undefined ? ` (${c.target})` : ''}: ${conflictOutcome(c, (e) => index.defaultId(e))}`;
    const x = Math.max(0, q[0] + g + 4);
    const room = Math.min(360, geo.width - x - 2);
    labels.place(p, what, style, 15, [[x, q[1] - g - 17, room], [x, q[1] + g + 2, room], [x, q[1] - g - 32, room]], -1);
  }
}
