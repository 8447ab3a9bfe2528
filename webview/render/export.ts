// Export of the diagram: the whole trace (or the range on screen) with every lane, at the screen's
// zoom or more, cropped to what is drawn, drawn through the SVG painter (vector) or an offscreen
// canvas (PNG) by the same code as the screen, with the lane names that the screen shows in DOM.
// The step cursor's dimming, the selection and search marks stay out unless asked for.

import { drawDiagram } from './diagram';
import { Geometry, MARGIN } from './geometry';
import { cutForPainter } from './labels';
import type { Scene } from './scene';
import { CanvasPainter, SvgPainter, type Painter } from './painter';
import type { PageTheme } from '../protocol';

export interface ExportOptions {
  /** The whole trace, or the range of the time axis the screen shows. */
  range: 'whole' | 'visible';
  /** Keep the step cursor's dimming, the selection and search matches as on screen. */
  asShown: boolean;
}

export const DEFAULT_EXPORT: ExportOptions = { range: 'whole', asShown: false };

/** Exported pictures are drawn with at least this many pixels per column (labels need room). */
const READABLE_K = 24;
/** Longest time axis exported, in CSS pixels (browsers refuse canvases past 32,767 device pixels). */
const MAX_TIME_LENGTH = 16000;
/** Largest PNG, in device pixels (browsers refuse larger canvases). */
const MAX_PNG_PIXELS = 120e6;

/** Size of the band holding lane names: a column on the left, or a row on top when vertical. */
export function nameBand(scene: Scene): number {
  return scene.geo.horizontal ? 160 : 30;
}

/** The scene to export: the chosen range with every lane, cropped, clean unless `asShown`. */
export function exportScene(shown: Scene, options: ExportOptions): Scene {
  const { geo, layout, index } = shown;
  const first = options.range === 'whole' ? 0 : Math.max(0, Math.floor(geo.posAt(0)));
  const last = options.range === 'whole' ? layout.maxPos : Math.min(layout.maxPos, Math.ceil(geo.posAt(geo.timeLength)));
  const columns = Math.max(1, last - first + 1);
  const k = Math.min(Math.max(geo.k, READABLE_K), (MAX_TIME_LENGTH - 2 * MARGIN) / columns);
  const timeLength = Math.ceil(2 * MARGIN + columns * k);
  const laneLength = geo.axis + layout.lanes.length * geo.laneSize + 4;
  const [width, height] = geo.horizontal ? [timeLength, laneLength] : [laneLength, timeLength];
  const exported = new Geometry(geo.orientation, width, height, k, MARGIN + k / 2 - first * k, 0, geo.eventBand, geo.rowSize, geo.rows);
  if (options.asShown) return { ...shown, geo: exported };
  const stepCut = new Uint32Array(index.R);
  for (let r = 0; r < index.R; r++) stepCut[r] = index.laneSize(r);
  return { ...shown, geo: exported, selected: -1, compare: -1, shading: null, hover: -1, matches: null, currentConflict: -1, step: Math.max(0, index.N - 1), stepCut };
}

function drawNames(p: Painter, scene: Scene): void {
  const { geo, palette, layout, index, rows } = scene;
  const band = nameBand(scene);
  const names = index.view.replicas;
  const style = { color: palette.foreground, size: 12, family: palette.fontFamily, bold: true };
  const small = { color: palette.muted, size: 10, family: palette.fontFamily };
  layout.lanes.forEach((r, slot) => {
    const c = geo.eventCenter(slot);
    if (geo.horizontal) {
      p.text(cutForPainter(p, names[r], style, band - 16), 8, c, style);
      rows.forEach((row, ri) => p.text(cutForPainter(p, row.label, small, band - 24), 16, geo.rowStart(slot, ri) + geo.rowSize / 2, small));
    } else {
      p.text(cutForPainter(p, names[r], style, geo.laneSize - 8), c, band / 2, { ...style, align: 'center' });
    }
  });
}

/** Width and height of the exported picture, lane names included. */
function pictureSize(scene: Scene): [number, number] {
  const { geo } = scene;
  const band = nameBand(scene);
  return geo.horizontal ? [geo.width + band, geo.height] : [geo.width, geo.height + band];
}

/** Draws the names, then the diagram beside them (the painter's origin moved by `translate`). */
function drawPicture(p: Painter, scene: Scene, translate: (dx: number, dy: number) => Painter): void {
  p.clear(scene.palette.background);
  drawNames(p, scene);
  const band = nameBand(scene);
  const diagram = translate(scene.geo.horizontal ? band : 0, scene.geo.horizontal ? 0 : band);
  diagram.clip(0, 0, scene.geo.width, scene.geo.height);
  drawDiagram(diagram, scene);
  diagram.unclip();
}

export function exportSvg(shown: Scene, title: string, options: ExportOptions = DEFAULT_EXPORT): string {
  const scene = exportScene(shown, options);
  const [width, height] = pictureSize(scene);
  const names = new SvgPainter(width, height);
  let moved = '';
  const diagram = new SvgPainter(scene.geo.width, scene.geo.height);
  drawPicture(names, scene, (dx, dy) => ((moved = `translate(${dx} ${dy})`), diagram));
  return names.toString(title).replace('</svg>\n', `<g transform="${moved}">${diagram.body()}</g></svg>\n`);
}

export async function exportPng(shown: Scene, options: ExportOptions = DEFAULT_EXPORT): Promise<Uint8Array> {
  const scene = exportScene(shown, options);
  const [width, height] = pictureSize(scene);
  const scale = Math.min(2, Math.sqrt(MAX_PNG_PIXELS / (width * height)), 32000 / width, 32000 / height);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  drawPicture(new CanvasPainter(ctx, width, height), scene, (dx, dy) => {
    ctx.translate(dx, dy);
    return new CanvasPainter(ctx, scene.geo.width, scene.geo.height);
  });
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error(`The browser could not encode a PNG of ${canvas.width}×${canvas.height} pixels.`);
  return new Uint8Array(await blob.arrayBuffer());
}

/** The theme an exported HTML page shows the diagram in: the body's classes and VS Code's variables. */
export function pageTheme(doc: Document): PageTheme {
  const root = doc.documentElement.style;
  const variables: Record<string, string> = {};
  for (let i = 0; i < root.length; i++) if (root[i].startsWith('--vscode-')) variables[root[i]] = root.getPropertyValue(root[i]);
  return { bodyClass: doc.body.className, variables };
}
