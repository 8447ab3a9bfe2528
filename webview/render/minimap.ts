// The minimap: the whole trace at a glance (event density per lane), the part the diagram shows
// as a rectangle, the step cursor, and conflicts; clicking or dragging on it moves the view.
// The density picture is computed once per layout (binary searches per lane and pixel column,
// neighbouring columns of one shade drawn as one rectangle).

import type { Annotations } from '../model/conflicts';
import type { Layout } from '../model/layout';
import type { Palette } from './theme';

export interface MinimapView {
  /** Visible part of the time axis, in positions. */
  pLo: number;
  pHi: number;
  /** Visible lane slots (fractional). */
  sLo: number;
  sHi: number;
  /** Position of the step cursor. */
  cursor: number;
}

/** How dark a minimap column of a lane is for the `events` it holds (0: none, not drawn). */
function densityAlpha(events: number): number {
  return events > 0 ? Math.min(1, 0.25 + 0.15 * Math.log2(events + 1)) : 0;
}

/** Fills [x0, x1) × [y, y + h) in the current colour at `alpha` (nothing when 0 or empty). */
function fillRun(ctx: CanvasRenderingContext2D, x0: number, x1: number, alpha: number, y: number, h: number): void {
  if (alpha <= 0 || x1 <= x0) return;
  ctx.globalAlpha = alpha;
  ctx.fillRect(x0, y, x1 - x0, h);
}

export class Minimap {
  private picture: HTMLCanvasElement | null = null;
  private key = '';
  private cssWidth = 0;
  private cssHeight = 0;

  constructor(readonly canvas: HTMLCanvasElement) {}

  resize(width: number, height: number): void {
    const dpr = window.devicePixelRatio || 1;
    this.cssWidth = width;
    this.cssHeight = height;
    this.canvas.width = Math.max(1, Math.round(width * dpr));
    this.canvas.height = Math.max(1, Math.round(height * dpr));
    this.key = '';
  }

  /** Time-axis position and lane slot under a point of the minimap. */
  locate(x: number, y: number, layout: Layout): { pos: number; slot: number } {
    const W = this.cssWidth;
    const H = this.cssHeight;
    const lanes = Math.max(1, layout.lanes.length);
    return { pos: (x / Math.max(1, W)) * (layout.maxPos + 1), slot: (y / Math.max(1, H)) * lanes };
  }

  draw(layout: Layout, annotations: Annotations, palette: Palette, view: MinimapView, cacheKey: string): void {
    const W = this.cssWidth;
    const H = this.cssHeight;
    if (W <= 0 || H <= 0) return;
    const dpr = window.devicePixelRatio || 1;
    if (cacheKey !== this.key || !this.picture) {
      this.picture = this.paintDensity(layout, annotations, palette, W, H, dpr);
      this.key = cacheKey;
    }
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.picture, 0, 0);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const scaleT = W / (layout.maxPos + 1);
    const laneH = H / Math.max(1, layout.lanes.length);
    const x0 = Math.max(0, view.pLo * scaleT);
    const x1 = Math.min(W, (view.pHi + 1) * scaleT);
    const y0 = Math.max(0, view.sLo * laneH);
    const y1 = Math.min(H, view.sHi * laneH);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = palette.selection;
    ctx.lineWidth = 1.5;
    ctx.strokeRect(x0 + 0.75, y0 + 0.75, Math.max(2, x1 - x0 - 1.5), Math.max(2, y1 - y0 - 1.5));
    ctx.fillStyle = palette.cursor;
    ctx.fillRect(Math.min(W - 2, view.cursor * scaleT), 0, 2, H);
  }

  private paintDensity(layout: Layout, annotations: Annotations, palette: Palette, W: number, H: number, dpr: number): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.width = Math.max(1, Math.round(W * dpr));
    c.height = Math.max(1, Math.round(H * dpr));
    const ctx = c.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, W, H);
    const lanes = layout.lanes.length;
    if (lanes === 0) return c;
    const laneH = H / lanes;
    const total = layout.maxPos + 1;
    const B = 2;
    ctx.fillStyle = palette.foreground;
    layout.lanes.forEach((r, slot) => {
      const y = slot * laneH + laneH * 0.2;
      const h = Math.max(1, laneH * 0.6);
      // Neighbouring columns of the same shade are one rectangle: a dense lane is a few, not one per column.
      let runStart = 0;
      let runEnd = 0;
      let runAlpha = 0;
      let m = layout.lowerBound(r, 0);
      for (let x = 0; x < W; x += B) {
        const m2 = layout.lowerBound(r, ((x + B) / W) * total);
        const alpha = densityAlpha(m2 - m);
        m = m2;
        if (alpha !== runAlpha) {
          fillRun(ctx, runStart, runEnd, runAlpha, y, h);
          runStart = x;
          runAlpha = alpha;
        }
        runEnd = x + B;
      }
      fillRun(ctx, runStart, runEnd, runAlpha, y, h);
    });
    // Every conflict marked, at most one mark per device pixel column (a long trace has hundreds of thousands).
    const columns = new Uint8Array(Math.max(1, Math.round(W * dpr)));
    annotations.visitConflictsIn(0, total, (n) => {
      columns[Math.min(columns.length - 1, Math.floor((annotations.conflictStart(n) / total) * columns.length))] = 1;
      return true;
    });
    ctx.fillStyle = palette.conflict;
    let start = -1;
    for (let px = 0; px <= columns.length; px++) {
      if (px < columns.length && columns[px] === 1) {
        if (start < 0) start = px;
      } else if (start >= 0) {
        fillRun(ctx, start / dpr, px / dpr, 0.9, H - 3, 3);
        start = -1;
      }
    }
    ctx.globalAlpha = 1;
    return c;
  }
}
