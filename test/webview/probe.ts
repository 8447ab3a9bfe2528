// Page-side helpers for the tests and the benchmark (bundled into the host stub, so Node code
// calls them through page.evaluate without shipping functions over): where an event is drawn,
// canvas pixels, and timings that include the canvas raster (a 1-pixel read forces it).

import type { LabelBox } from '../../webview/render/label-box';

/** A text box the painter drew. */
export type DrawnLabel = LabelBox;

/** A lane as drawn: where its event band starts and ends across the time axis, in canvas pixels. */
export interface DrawnLane {
  replica: number;
  start: number;
  end: number;
}

/** What the probe uses of the webview app (the root tsconfig checks this file without DOM types). */
interface App {
  t: { layout: { lanes: number[]; slotOf: Int32Array }; index: { view: { replica: Uint32Array | Uint16Array | Uint8Array } } } | null;
  scene(): { rows: unknown[] } | null;
  diagram: {
    canvas: unknown;
    t0: number;
    laneLength: number;
    orientation: string;
    lastStats: { mode: string; glyphs: number; edges: number; labelBoxes: DrawnLabel[] } | null;
    geometry(rows: number): { laneStart(slot: number): number; eventBand: number; laneSize: number; axis: number };
    pointOf(e: number): [number, number] | null;
    fit(): void;
    setView(k: number, t0: number): void;
    renderNow(): unknown;
    panBy(dt: number): void;
  };
  lastLoad: { arrived: number; firstFrameMs: number };
}

interface PageCanvas {
  getBoundingClientRect(): { left: number; top: number; width: number; height: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } };
}

function app(): App {
  return (globalThis as unknown as { causeway: App }).causeway;
}

function canvas(): PageCanvas {
  return app().diagram.canvas as unknown as PageCanvas;
}

/** Forces the canvas to raster what was drawn so far. */
function flush(): void {
  canvas().getContext('2d').getImageData(0, 0, 1, 1);
}

let clickResult: Promise<number> = Promise.resolve(NaN);

export const probe = {
  /** The text boxes of the last frame, with the lane band each event label belongs to. */
  labels(): (DrawnLabel & { band: [number, number] | null })[] {
    const a = app();
    const geo = a.diagram.geometry(a.scene()?.rows.length ?? 0);
    return (a.diagram.lastStats?.labelBoxes ?? []).map((b) => {
      if (b.event < 0 || !a.t) return { ...b, band: null };
      const start = geo.laneStart(a.t.layout.slotOf[a.t.index.view.replica[b.event]]);
      return { ...b, band: [start, start + geo.eventBand] as [number, number] };
    });
  },
  /** The lanes at least partly visible on the canvas, each with its whole extent across the time axis. */
  lanes(): DrawnLane[] {
    const a = app();
    if (!a.t) return [];
    const geo = a.diagram.geometry(a.scene()?.rows.length ?? 0);
    const out: DrawnLane[] = [];
    a.t.layout.lanes.forEach((replica, slot) => {
      const start = geo.laneStart(slot);
      const end = start + geo.laneSize;
      if (end > geo.axis && start < a.diagram.laneLength) out.push({ replica, start, end });
    });
    return out;
  },
  /** Page coordinates of an event's glyph centre, or null when it is not drawn. */
  eventPoint(e: number): [number, number] | null {
    const p = app().diagram.pointOf(e);
    if (!p) return null;
    const r = canvas().getBoundingClientRect();
    if (p[0] < 0 || p[1] < 0 || p[0] > r.width || p[1] > r.height) return null;
    return [r.left + p[0], r.top + p[1]];
  },
  /** RGBA of the canvas at a point given in canvas CSS pixels. */
  pixel(x: number, y: number): number[] {
    const dpr = (globalThis as unknown as { devicePixelRatio?: number }).devicePixelRatio ?? 1;
    return Array.from(canvas().getContext('2d').getImageData(Math.round(x * dpr), Math.round(y * dpr), 1, 1).data);
  },
  /** Stats of the last frame drawn. */
  stats() {
    return app().diagram.lastStats;
  },
  /**
   * Pans at zoom k, `frames` times by `dt` pixels through d3-zoom (the wheel's code path), each
   * frame drawn and rastered; returns the time of each frame in ms.
   */
  panFrames(k: number, frames: number, dt: number): { times: number[]; mode: string; glyphs: number; edges: number } {
    const d = app().diagram;
    const fitK = k <= 0;
    if (fitK) d.fit();
    else d.setView(k, d.t0);
    d.renderNow();
    flush();
    const times: number[] = [];
    let direction = 1;
    for (let i = 0; i < frames; i++) {
      const t0 = performance.now();
      const before = d.t0;
      d.panBy(direction * dt);
      if (d.t0 === before) {
        direction = -direction;
        d.panBy(direction * dt);
      }
      d.renderNow();
      flush();
      times.push(performance.now() - t0);
    }
    const s = d.lastStats!;
    return { times, mode: s.mode, glyphs: s.glyphs, edges: s.edges };
  },
  /**
   * Arms a measurement of the next click: `clickResult()` then resolves with the time from the
   * click event to the selection's frame being drawn and rastered (the app handles the click
   * synchronously; a window listener registered now runs after it). Arm before clicking.
   */
  armClick(): void {
    const win = globalThis as unknown as { addEventListener(t: string, cb: (e: { timeStamp: number }) => void, o: unknown): void };
    let start = 0;
    clickResult = new Promise((resolve) => {
      win.addEventListener('click', (e) => (start = e.timeStamp), { capture: true, once: true });
      win.addEventListener(
        'click',
        () => {
          flush();
          resolve(performance.now() - start);
        },
        { once: true },
      );
    });
  },
  clickResult(): Promise<number> {
    return clickResult;
  },
  /**
   * Loads a generated trace the way a host would (in parts, transferred) and resolves with the
   * time from the message arriving to the first full frame drawn and rastered, and the page's
   * longest task from the sending until then (the window freezes for as long).
   */
  loadMeasured(
    load: () => { size: number; generateMs: number; sentAt: number },
    onPost: (cb: (type: string) => void) => void,
  ): Promise<{ firstFrameMs: number; firstPaintMs: number; longestTaskMs: number; generateMs: number; size: number }> {
    return new Promise((resolve) => {
      let info = { size: 0, generateMs: 0, sentAt: 0 };
      const tasks: { startTime: number; duration: number }[] = [];
      const observer = new PerformanceObserver((list) => tasks.push(...list.getEntries()));
      // A page's entry type: the root tsconfig checks this file with Node's types, which lack it.
      observer.observe({ type: 'longtask' as 'mark' });
      onPost((type) => {
        if (type !== 'loaded') return;
        flush();
        const { arrived, firstFrameMs } = app().lastLoad;
        const firstPaintMs = performance.now() - arrived;
        // The tasks end before the one that posted 'loaded' ends: the last is reported a task later.
        setTimeout(() => {
          observer.disconnect();
          const { sentAt, ...rest } = info;
          const longestTaskMs = Math.max(0, ...tasks.filter((t) => t.startTime >= sentAt).map((t) => t.duration));
          resolve({ firstFrameMs, firstPaintMs, longestTaskMs, ...rest });
        }, 100);
      });
      info = load();
    });
  },
};
