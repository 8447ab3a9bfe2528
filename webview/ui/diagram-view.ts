// The diagram on screen: the canvas with d3-zoom (ctrl+wheel or pinch zooms, drag and wheel
// pan), the lane names pinned beside it, the hover tooltip and the minimap. Draws on demand (one
// frame per animation frame at most) and answers hit tests through the layout's lane search.

import { select, type Selection } from 'd3-selection';
import { zoom as d3zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import type { Layout } from '../model/layout';
import type { Orientation } from '../protocol';
import { drawDiagram } from '../render/diagram';
import { AXIS_SIZE, Geometry, MARGIN } from '../render/geometry';
import { Minimap } from '../render/minimap';
import { CanvasPainter } from '../render/painter';
import { eventPoint, GLYPH_MIN_K, type FrameStats, type Scene } from '../render/scene';
import { publishPalette, type Palette } from '../render/theme';
import { el } from './dom';
import { LaneNames } from './lane-names';
import { LogColumn } from './log-column';
import { Legend } from './legend';

export type SceneParts = Omit<Scene, 'geo' | 'palette'>;

export interface DiagramHost {
  /** Everything to draw, or null before a trace is loaded. */
  scene(): SceneParts | null;
  eventClicked(e: number, ev: MouseEvent): void;
  eventDoubleClicked(e: number): void;
  /** A click on the axis strip at a time-axis position. */
  axisClicked(pos: number): void;
  /** Tooltip lines for a point: an event, or a timeline row (replica, row, event). */
  tooltip(target: { event: number } | { replica: number; row: number; event: number }): string[];
  viewChanged(): void;
  /** The log column was shown or hidden (by the user, or by the editor's room for it). */
  logShownChanged(): void;
}

/** Largest zoom (pixels per column), and the largest a fit may choose (small traces get room for labels). */
export const MAX_K = 200;
/** The view rests this long after its last move. */
const REST_MS = 150;
const MAX_FIT_K = 140;
/** Across the time axis: a timeline row's size, and the least and most of a lane's event band. */
const LANE_SIZES: Record<Orientation, { rowSize: number; least: number; most: number }> = {
  horizontal: { rowSize: 18, least: 40, most: 120 },
  vertical: { rowSize: 84, least: 110, most: 320 },
};

export class DiagramView {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly wrap: HTMLElement;
  /** Says why the diagram is blank when the trace has no events (yet). */
  private readonly emptyNote: HTMLElement;
  private readonly names = new LaneNames();
  private readonly tip: HTMLElement;
  readonly log: LogColumn;
  readonly minimap: Minimap;
  private readonly zoom: ZoomBehavior<HTMLCanvasElement, unknown>;
  private readonly canvasSel: Selection<HTMLCanvasElement, unknown, null, undefined>;
  private last: ZoomTransform = zoomIdentity;

  orientation: Orientation = 'horizontal';
  k = 1;
  t0 = MARGIN;
  laneOffset = 0;
  private width = 0;
  private height = 0;
  private raf = 0;
  /** Where the pointer last hovered (canvas pixels), to re-read the tooltip there. */
  private lastHover = { offsetX: 0, offsetY: 0 };
  palette!: Palette;
  lastStats: FrameStats | null = null;
  /** Whether the view moved in the last REST_MS (see markMoving). */
  private moving = false;
  private restTimer = 0;
  /** Lanes shown (the lane axis is shared among them). */
  private laneCount = 1;
  /** Bumped when the minimap picture must be redrawn (layout, theme or data changed). */
  private generation = 0;

  constructor(private readonly host: DiagramHost) {
    this.canvas = el('canvas', {
      class: 'diagram-canvas',
      attrs: {
        tabindex: 0,
        role: 'application',
        'aria-roledescription': 'space-time diagram',
        'aria-label': 'Space-time diagram. Arrow keys move between events, M follows a message, N the next conflict, F the next finding; press ? for all keys.',
      },
    });
    this.tip = el('div', { class: 'tooltip', attrs: { role: 'tooltip', hidden: true } });
    this.emptyNote = el('div', { class: 'empty-note', text: 'No events yet. A live session or a followed file draws them here as they arrive.', attrs: { hidden: true } });
    this.wrap = el('div', { class: 'canvas-wrap' }, [this.canvas, this.tip, this.emptyNote, new Legend().element]);
    const minimapCanvas = el('canvas', { class: 'minimap', attrs: { role: 'img', 'aria-label': 'Minimap of the whole trace; click to move there' } });
    this.minimap = new Minimap(minimapCanvas);
    this.element = el('div', { class: 'diagram horizontal' }, [this.names.element, this.wrap, minimapCanvas]);
    this.log = new LogColumn(this.element, (e, ev) => host.eventClicked(e, ev));
    this.element.append(this.log.element);

    this.canvasSel = select(this.canvas);
    this.zoom = d3zoom<HTMLCanvasElement, unknown>()
      .scaleExtent([1e-7, MAX_K])
      .filter((ev: Event) => {
        const e = ev as MouseEvent;
        if (ev.type === 'wheel') return e.ctrlKey || e.metaKey;
        return !e.ctrlKey && !e.button && ev.type !== 'dblclick';
      })
      .clickDistance(4)
      .constrain((t) => this.constrain(t))
      .on('zoom', (ev: { transform: ZoomTransform }) => this.zoomed(ev.transform));
    this.canvasSel.call(this.zoom).on('dblclick.zoom', null);

    this.canvas.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    this.canvas.addEventListener('click', (e) => this.click(e));
    this.canvas.addEventListener('dblclick', (e) => {
      const hit = this.hit(e.offsetX, e.offsetY);
      if ('event' in hit && !('row' in hit)) this.host.eventDoubleClicked(hit.event);
    });
    this.canvas.addEventListener('pointermove', (e) => this.hover(e));
    this.canvas.addEventListener('pointerleave', () => this.hideTip());
    let dragging = false;
    const navigate = (e: PointerEvent) => {
      const parts = this.host.scene();
      if (!parts) return;
      const { pos, slot } = this.minimap.locate(e.offsetX, e.offsetY, parts.layout);
      this.centerOn(pos, slot);
    };
    minimapCanvas.addEventListener('pointerdown', (e) => {
      dragging = true;
      minimapCanvas.setPointerCapture(e.pointerId);
      navigate(e);
    });
    minimapCanvas.addEventListener('pointermove', (e) => dragging && navigate(e));
    minimapCanvas.addEventListener('pointerup', () => (dragging = false));
    new ResizeObserver(() => this.resize()).observe(this.wrap);
  }

  setOrientation(o: Orientation): void {
    if (o === this.orientation) return;
    this.orientation = o;
    this.element.classList.toggle('horizontal', o === 'horizontal');
    this.element.classList.toggle('vertical', o === 'vertical');
    this.names.invalidate();
    this.showLog();
    this.last = zoomIdentity.translate(0, 0).scale(this.k);
    this.canvas.__zoom = this.last;
  }

  /** Shows the log column as the user chose, or as the room allows (the canvas resizes when it changes). */
  showLog(): void {
    const { rowSize, least } = LANE_SIZES[this.orientation];
    const rows = this.host.scene()?.rows.length ?? 0;
    if (this.log.apply(AXIS_SIZE[this.orientation] + this.laneCount * (least + rows * rowSize))) this.host.logShownChanged();
  }

  private resize(): void {
    this.showLog();
    if (this.measure()) {
      this.updateExtent();
      this.renderNow();
    }
  }

  /** Reads the canvas size from the layout; true when it changed. */
  private measure(): boolean {
    const rect = this.wrap.getBoundingClientRect();
    const w = Math.max(1, Math.floor(rect.width));
    const h = Math.max(1, Math.floor(rect.height));
    if (w === this.width && h === this.height) return false;
    const center = this.width ? (this.timeLength / 2 - this.t0) / this.k : null;
    this.width = w;
    this.height = h;
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(w * dpr);
    this.canvas.height = Math.round(h * dpr);
    const mm = this.minimap.canvas.getBoundingClientRect();
    this.minimap.resize(Math.floor(mm.width), Math.floor(mm.height));
    this.names.invalidate();
    if (center !== null && this.host.scene()) this.setView(this.k, this.timeLength / 2 - center * this.k);
    return true;
  }

  /** Makes sure the canvas size is known (a trace can arrive before the first resize callback). */
  ensureSize(): void {
    this.measure();
    this.updateExtent();
  }

  get timeLength(): number {
    return this.orientation === 'horizontal' ? this.width : this.height;
  }
  get laneLength(): number {
    return this.orientation === 'horizontal' ? this.height : this.width;
  }

  geometry(rows: number): Geometry {
    const { rowSize, least, most } = LANE_SIZES[this.orientation];
    // Few lanes share the whole lane axis (room for more rows of labels); many scroll at the minimum.
    const share = Math.floor((this.laneLength - AXIS_SIZE[this.orientation] - 4) / Math.max(1, this.laneCount)) - rows * rowSize;
    const eventBand = Math.max(least, Math.min(most, share));
    return new Geometry(this.orientation, this.width, this.height, this.k, this.t0, this.laneOffset, eventBand, rowSize, rows);
  }

  /** Draws with `palette` from now on, and gives its causal colours to the HTML swatches. */
  usePalette(palette: Palette): void {
    this.palette = palette;
    publishPalette(document, palette);
  }

  /** Shows the note of an empty trace, or hides it. */
  showEmpty(empty: boolean): void {
    this.emptyNote.hidden = !empty;
  }

  /** Fits the whole trace along the time axis. */
  fitK(layout: Layout): number {
    return Math.min(MAX_FIT_K, Math.max(1e-7, (this.timeLength - 2 * MARGIN) / (layout.maxPos + 1)));
  }

  updateExtent(): void {
    const parts = this.host.scene();
    if (!parts || !this.width) return;
    this.zoom.scaleExtent([Math.min(this.fitK(parts.layout) / 2, 1), MAX_K]);
  }

  /** Shows the whole trace: every column, with half a column of room at both ends for labels. */
  fit(): void {
    const parts = this.host.scene();
    if (!parts) return;
    const k = this.fitK(parts.layout);
    this.setView(k, MARGIN + k / 2);
  }

  /** Keeps zoom k and scrolls the last column into view at the far end (or shows all when it fits): a growing trace. */
  showEnd(k: number): void {
    const parts = this.host.scene();
    if (!parts) return;
    this.setView(k, Math.min(MARGIN + k / 2, this.timeLength - MARGIN - k * (parts.layout.maxPos + 0.5)));
  }

  /** Zooms by factor f around the middle of the time axis. */
  zoomBy(f: number): void {
    this.canvasSel.call(this.zoom.scaleBy, f, this.horizontalPoint(this.timeLength / 2));
  }

  private horizontalPoint(t: number): [number, number] {
    return this.orientation === 'horizontal' ? [t, this.height / 2] : [this.width / 2, t];
  }

  /** Sets zoom and time offset (through d3-zoom, so its state follows). */
  setView(k: number, t0: number): void {
    const t = this.orientation === 'horizontal' ? zoomIdentity.translate(t0, this.last.y).scale(k) : zoomIdentity.translate(this.last.x, t0).scale(k);
    this.canvasSel.call(this.zoom.transform, t);
  }

  /** Centres the time axis on a position and, when given, the lane axis on a lane slot. */
  centerOn(pos: number, slot?: number): void {
    if (slot !== undefined) {
      const parts = this.host.scene();
      if (parts) {
        const geo = this.geometry(parts.rows.length);
        this.laneOffset = this.clampLane(geo.axis + slot * geo.laneSize - this.laneLength / 2, parts);
      }
    }
    this.setView(this.k, this.timeLength / 2 - pos * this.k);
  }

  /** Brings an event into view: zooms in to glyphs if zoomed out, scrolls only when it is off screen. */
  reveal(e: number): void {
    const parts = this.host.scene();
    if (!parts) return;
    const { layout, index } = parts;
    const shown = layout.shown(e);
    const slot = layout.slotOf[index.view.replica[shown]];
    const pos = layout.pos(shown);
    const k = this.k < GLYPH_MIN_K * 4 ? Math.min(MAX_K, 24) : this.k;
    const geo = this.geometry(parts.rows.length);
    const t = this.timeLength / 2 - pos * k;
    const screen = this.t0 + pos * this.k;
    if (slot >= 0) {
      const c = geo.eventCenter(slot);
      if (c < geo.axis + 10 || c > this.laneLength - 10) this.laneOffset = this.clampLane(geo.axis + slot * geo.laneSize - this.laneLength / 3, parts);
    }
    if (k !== this.k || screen < 40 || screen > this.timeLength - 40) this.setView(k, t);
    else this.invalidate();
  }

  private clampLane(offset: number, parts: SceneParts): number {
    const geo = this.geometry(parts.rows.length);
    const max = Math.max(0, geo.contentLaneLength(parts.layout.lanes.length) - this.laneLength + 8);
    return Math.max(0, Math.min(max, offset));
  }

  private constrain(t: ZoomTransform): ZoomTransform {
    const parts = this.host.scene();
    if (!parts) return t;
    const T = this.timeLength;
    const L = parts.layout.maxPos * t.k;
    const lo = Math.min(MARGIN, T - MARGIN - L);
    const hi = Math.max(MARGIN, T - MARGIN - L);
    const horizontal = this.orientation === 'horizontal';
    const tt = horizontal ? t.x : t.y;
    const c = Math.max(lo, Math.min(hi, tt));
    if (c === tt) return t;
    return horizontal ? zoomIdentity.translate(c, t.y).scale(t.k) : zoomIdentity.translate(t.x, c).scale(t.k);
  }

  /** Notes that the view moves; it rests (and draws what waits for rest) a moment after the last move. */
  private markMoving(): void {
    this.moving = true;
    clearTimeout(this.restTimer);
    this.restTimer = window.setTimeout(() => {
      this.moving = false;
      this.invalidate();
    }, REST_MS);
  }

  private zoomed(t: ZoomTransform): void {
    this.markMoving();
    const horizontal = this.orientation === 'horizontal';
    const parts = this.host.scene();
    if (t.k === this.last.k && parts) {
      const d = horizontal ? t.y - this.last.y : t.x - this.last.x;
      if (d) this.laneOffset = this.clampLane(this.laneOffset - d, parts);
    }
    this.last = t;
    this.k = t.k;
    this.t0 = horizontal ? t.x : t.y;
    this.invalidate();
    this.host.viewChanged();
  }

  private wheel(e: WheelEvent): void {
    if (e.ctrlKey || e.metaKey) return;
    e.preventDefault();
    const parts = this.host.scene();
    if (!parts) return;
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? this.laneLength : 1;
    const horizontal = this.orientation === 'horizontal';
    const geo = this.geometry(parts.rows.length);
    const overflow = geo.contentLaneLength(parts.layout.lanes.length) > this.laneLength;
    let dt = (horizontal ? e.deltaX : e.deltaY) * unit;
    let dl = (horizontal ? e.deltaY : e.deltaX) * unit;
    if (e.shiftKey) [dt, dl] = [dl || dt, 0];
    if (!overflow && horizontal && dt === 0) [dt, dl] = [dl, 0];
    if (dl) {
      this.laneOffset = this.clampLane(this.laneOffset + dl, parts);
      this.invalidate();
      this.host.viewChanged();
    }
    if (dt) this.panBy(dt);
  }

  /** Pans the time axis by `dt` pixels (positive: later events come into view). */
  panBy(dt: number): void {
    const horizontal = this.orientation === 'horizontal';
    this.canvasSel.call(this.zoom.translateBy, horizontal ? -dt / this.k : 0, horizontal ? 0 : -dt / this.k);
  }

  /** What is under a canvas point: an event, a timeline row, the axis, or nothing. */
  hit(x: number, y: number): { event: number } | { replica: number; row: number; event: number } | { axis: number } | { none: true } {
    const parts = this.host.scene();
    if (!parts) return { none: true };
    const geo = this.geometry(parts.rows.length);
    const [t, l] = geo.tl(x, y);
    if (l < geo.axis) return { axis: geo.posAt(t) };
    const slot = geo.slotAt(l);
    if (slot < 0 || slot >= parts.layout.lanes.length) return { none: true };
    const r = parts.layout.lanes[slot];
    const within = l - geo.laneStart(slot);
    const reach = Math.max(0.5, 9 / geo.k);
    if (within < geo.eventBand) {
      const e = parts.layout.nearest(r, geo.posAt(t), reach);
      return e >= 0 ? { event: e } : { none: true };
    }
    const row = Math.floor((within - geo.eventBand) / geo.rowSize);
    const e = parts.layout.nearest(r, geo.posAt(t), Infinity);
    return { replica: r, row, event: e };
  }

  /** The canvas point of an event (CSS pixels relative to the canvas), or null when its lane is hidden. */
  pointOf(e: number): [number, number] | null {
    const parts = this.host.scene();
    if (!parts) return null;
    return eventPoint({ geo: this.geometry(parts.rows.length), layout: parts.layout, index: parts.index }, e);
  }

  private click(e: MouseEvent): void {
    const hit = this.hit(e.offsetX, e.offsetY);
    if ('axis' in hit) this.host.axisClicked(hit.axis);
    else if ('event' in hit && hit.event >= 0) this.host.eventClicked(hit.event, e);
  }

  /** Re-reads the tooltip's text where it shows (the host learned more about the hovered event). */
  refreshTip(): void {
    if (!this.tip.hidden) this.showTip(this.lastHover);
  }

  private hover(e: PointerEvent): void {
    if (e.buttons) return this.hideTip();
    this.lastHover = { offsetX: e.offsetX, offsetY: e.offsetY };
    this.showTip(this.lastHover);
  }

  private showTip(e: { offsetX: number; offsetY: number }): void {
    const hit = this.hit(e.offsetX, e.offsetY);
    if ('none' in hit || 'axis' in hit || hit.event < 0) return this.hideTip();
    const lines = this.host.tooltip(hit);
    if (lines.length === 0) return this.hideTip();
    // One element a line: each line's text is escaped on its own (a joined text's line breaks would show as \u000a).
    this.tip.replaceChildren(...lines.map((line) => el('div', { text: line })));
    this.tip.hidden = false;
    const x = Math.min(e.offsetX + 14, this.width - this.tip.offsetWidth - 4);
    const y = e.offsetY + 18 + this.tip.offsetHeight > this.height ? e.offsetY - this.tip.offsetHeight - 8 : e.offsetY + 18;
    this.tip.style.transform = `translate(${Math.max(0, x)}px, ${Math.max(0, y)}px)`;
  }

  hideTip(): void {
    this.tip.hidden = true;
  }

  /** Whether a frame is asked for and not drawn yet. */
  get framePending(): boolean {
    return this.raf !== 0;
  }

  invalidate(): void {
    if (this.raf) return;
    this.raf = requestAnimationFrame(() => {
      this.raf = 0;
      this.renderNow();
    });
  }

  /** Draws a frame now (selection draws synchronously so the shading shows in the same task); `rest` ends a move first. */
  renderNow(rest = false): FrameStats | null {
    if (rest) this.moving = false;
    if (this.raf) {
      cancelAnimationFrame(this.raf);
      this.raf = 0;
    }
    const parts = this.host.scene();
    const ctx = this.canvas.getContext('2d')!;
    const dpr = window.devicePixelRatio || 1;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    if (!parts || !this.width) {
      ctx.clearRect(0, 0, this.width, this.height);
      return null;
    }
    const geo = this.geometry(parts.rows.length);
    const stats = drawDiagram(new CanvasPainter(ctx, this.width, this.height), { ...parts, geo, palette: this.palette, moving: this.moving });
    this.lastStats = stats;
    this.names.draw(parts.layout.lanes, parts.index.view.replicas, parts.rows, geo);
    this.log.update(geo, parts.layout, parts.selected);
    this.drawMinimap(parts, geo);
    return stats;
  }

  /** The scene as drawn now (for export). */
  currentScene(): Scene | null {
    const parts = this.host.scene();
    if (!parts) return null;
    return { ...parts, geo: this.geometry(parts.rows.length), palette: this.palette };
  }

  /** Forces the minimap picture and lane names to be rebuilt (layout, theme or data changed). */
  relayout(): void {
    this.laneCount = this.host.scene()?.layout.lanes.length ?? 1;
    this.showLog();
    this.generation++;
    this.names.invalidate();
    this.updateExtent();
    this.invalidate();
  }

  private drawMinimap(parts: SceneParts, geo: Geometry): void {
    const key = `${this.generation}|${parts.layout.lanes.length}|${parts.layout.maxPos}`;
    const e = parts.index.view.order[Math.min(parts.step, parts.index.N - 1)];
    this.minimap.draw(
      parts.layout,
      parts.annotations,
      this.palette,
      {
        pLo: geo.posAt(0),
        pHi: geo.posAt(geo.timeLength),
        sLo: (geo.axis + this.laneOffset - geo.axis) / geo.laneSize,
        sHi: (this.laneOffset + geo.laneLength - geo.axis) / geo.laneSize,
        cursor: e === undefined ? 0 : parts.layout.pos(e),
      },
      key,
    );
  }
}

declare global {
  interface HTMLCanvasElement {
    /** d3-zoom keeps its transform here. */
    __zoom: ZoomTransform;
  }
}
