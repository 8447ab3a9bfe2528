// Export of the visible diagram: the same frame the screen shows, drawn through the SVG painter
// (vector) or on an offscreen canvas (PNG), with the lane names that the screen shows in DOM.

import { drawDiagram } from './diagram';
import type { Scene } from './scene';
import { CanvasPainter, fitText, SvgPainter, type Painter } from './painter';

/** Size of the band holding lane names: a column on the left, or a row on top when vertical. */
export function nameBand(scene: Scene): number {
  return scene.geo.horizontal ? 160 : 30;
}

function drawNames(p: Painter, scene: Scene): void {
  const { geo, palette, layout, index, rows } = scene;
  const band = nameBand(scene);
  const names = index.view.replicas;
  const style = { color: palette.foreground, size: 12, family: palette.fontFamily, bold: true };
  const small = { color: palette.muted, size: 10, family: palette.fontFamily };
  layout.lanes.forEach((r, slot) => {
    const c = geo.eventCenter(slot);
    if (c < geo.axis - geo.laneSize || c > geo.laneLength + geo.laneSize) return;
    if (geo.horizontal) {
      p.text(fitText(names[r], band - 16, 12), 8, c, style);
      rows.forEach((row, ri) => p.text(fitText(row.label, band - 24, 10), 16, geo.rowStart(slot, ri) + geo.rowSize / 2, small));
    } else {
      p.text(fitText(names[r], geo.laneSize - 8, 12), c, band / 2, { ...style, align: 'center' });
    }
  });
}

export function exportSvg(scene: Scene, title: string): string {
  const { geo } = scene;
  const band = nameBand(scene);
  const width = geo.horizontal ? geo.width + band : geo.width;
  const height = geo.horizontal ? geo.height : geo.height + band;
  const names = new SvgPainter(width, height);
  names.clear(scene.palette.background);
  drawNames(names, scene);
  const diagram = new SvgPainter(geo.width, geo.height);
  diagram.clip(0, 0, geo.width, geo.height);
  drawDiagram(diagram, scene);
  diagram.unclip();
  const [dx, dy] = geo.horizontal ? [band, 0] : [0, band];
  return names.toString(title).replace('</svg>\n', `<g transform="translate(${dx} ${dy})">${diagram.body()}</g></svg>\n`);
}

export async function exportPng(scene: Scene, scale = 2): Promise<Uint8Array> {
  const { geo } = scene;
  const band = nameBand(scene);
  const width = geo.horizontal ? geo.width + band : geo.width;
  const height = geo.horizontal ? geo.height : geo.height + band;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  const names = new CanvasPainter(ctx, width, height);
  names.clear(scene.palette.background);
  drawNames(names, scene);
  const [dx, dy] = geo.horizontal ? [band, 0] : [0, band];
  ctx.translate(dx, dy);
  const diagram = new CanvasPainter(ctx, geo.width, geo.height);
  diagram.clip(0, 0, geo.width, geo.height);
  drawDiagram(diagram, scene);
  diagram.unclip();
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the PNG.');
  return new Uint8Array(await blob.arrayBuffer());
}
