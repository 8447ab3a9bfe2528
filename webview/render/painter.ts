// The drawing surface the diagram paints on: a 2D canvas on screen (and for PNG export), or an
// SVG document for export, so the exported picture is drawn by the same code as the screen.
// Paths are batched: many shapes between beginPath and one fill or stroke.

import { displayText } from '../../engine/util/display-text';
import { xmlEscape } from './text';

export { xmlEscape } from './text';

export interface TextStyle {
  color: string;
  size: number;
  family: string;
  align?: 'left' | 'center' | 'right';
  baseline?: 'top' | 'middle' | 'bottom' | 'alphabetic';
  bold?: boolean;
}

export interface Painter {
  readonly width: number;
  readonly height: number;
  clear(color: string): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  circle(x: number, y: number, r: number): void;
  closePath(): void;
  fill(color: string, alpha?: number): void;
  stroke(color: string, width: number, alpha?: number, dash?: number[]): void;
  text(s: string, x: number, y: number, style: TextStyle, alpha?: number): void;
  /** Width in pixels of `s` drawn in `style`. */
  measure(s: string, style: TextStyle): number;
  /** Restricts drawing to a rectangle until `unclip`. */
  clip(x: number, y: number, w: number, h: number): void;
  unclip(): void;
}

/** Subpaths per canvas fill or stroke: Skia rasterizes many small paths faster than one huge one. */
const CHUNK = 48;
const MOVE = 0;
const LINE = 1;
const RECT = 2;
const CIRCLE = 3;
const CLOSE = 4;

/**
 * Paints on a 2D canvas. Path commands are recorded and replayed in chunks at fill or stroke
 * time; small circles become octagons (indistinguishable at that size, and cheaper to raster).
 */
export class CanvasPainter implements Painter {
  private cmd = new Float64Array(4096);
  private n = 0;
  /** The fill colour text() last set ('' after anything else set one). */
  private textColor = '';

  constructor(
    private readonly ctx: CanvasRenderingContext2D,
    readonly width: number,
    readonly height: number,
  ) {
    // The canvas may have been resized since the last frame, which resets its font.
    measuredFont.delete(ctx);
  }

  private push(op: number, a: number, b: number, c = 0, d = 0): void {
    if (this.n + 5 > this.cmd.length) {
      const next = new Float64Array(this.cmd.length * 2);
      next.set(this.cmd);
      this.cmd = next;
    }
    const m = this.cmd;
    m[this.n] = op;
    m[this.n + 1] = a;
    m[this.n + 2] = b;
    m[this.n + 3] = c;
    m[this.n + 4] = d;
    this.n += 5;
  }

  clear(color: string): void {
    const { ctx } = this;
    ctx.globalAlpha = 1;
    ctx.fillStyle = color;
    this.textColor = '';
    ctx.fillRect(0, 0, this.width, this.height);
  }
  beginPath(): void {
    this.n = 0;
  }
  moveTo(x: number, y: number): void {
    this.push(MOVE, x, y);
  }
  lineTo(x: number, y: number): void {
    this.push(LINE, x, y);
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.push(RECT, x, y, w, h);
  }
  circle(x: number, y: number, r: number): void {
    this.push(CIRCLE, x, y, r);
  }
  closePath(): void {
    this.push(CLOSE, 0, 0);
  }

  /** Replays the recorded path, calling `paint` every CHUNK subpaths and at the end. */
  private replay(paint: () => void): void {
    const { ctx, cmd } = this;
    let subpaths = 0;
    ctx.beginPath();
    for (let i = 0; i < this.n; i += 5) {
      const op = cmd[i];
      if (op !== LINE && op !== CLOSE) {
        if (subpaths === CHUNK) {
          paint();
          ctx.beginPath();
          subpaths = 0;
        }
        subpaths++;
      }
      const x = cmd[i + 1];
      const y = cmd[i + 2];
      switch (op) {
        case MOVE:
          ctx.moveTo(x, y);
          break;
        case LINE:
          ctx.lineTo(x, y);
          break;
        case RECT:
          ctx.rect(x, y, cmd[i + 3], cmd[i + 4]);
          break;
        case CIRCLE: {
          const r = cmd[i + 3];
          if (r < 4.5) {
            const c = r * 0.924;
            const d = r * 0.383;
            ctx.moveTo(x + c, y + d);
            ctx.lineTo(x + d, y + c);
            ctx.lineTo(x - d, y + c);
            ctx.lineTo(x - c, y + d);
            ctx.lineTo(x - c, y - d);
            ctx.lineTo(x - d, y - c);
            ctx.lineTo(x + d, y - c);
            ctx.lineTo(x + c, y - d);
            ctx.closePath();
          } else {
            ctx.moveTo(x + r, y);
            ctx.arc(x, y, r, 0, Math.PI * 2);
          }
          break;
        }
        default:
          ctx.closePath();
      }
    }
    paint();
  }

  fill(color: string, alpha = 1): void {
    const { ctx } = this;
    if (this.n === 0) return;
    ctx.globalAlpha = alpha;
    ctx.fillStyle = color;
    this.textColor = '';
    this.replay(() => ctx.fill());
  }
  stroke(color: string, width: number, alpha = 1, dash: number[] = []): void {
    const { ctx } = this;
    if (this.n === 0) return;
    ctx.globalAlpha = alpha;
    ctx.strokeStyle = color;
    ctx.lineWidth = width;
    ctx.setLineDash(dash);
    this.replay(() => ctx.stroke());
    if (dash.length) ctx.setLineDash([]);
  }
  text(s: string, x: number, y: number, style: TextStyle, alpha = 1): void {
    const { ctx } = this;
    ctx.globalAlpha = alpha;
    // Labels come in runs of one style: parsing the same font and colour again is most of their cost.
    const font = fontOf(style);
    if (measuredFont.get(ctx) !== font) {
      ctx.font = font;
      measuredFont.set(ctx, font);
    }
    if (this.textColor !== style.color) {
      ctx.fillStyle = style.color;
      this.textColor = style.color;
    }
    ctx.textAlign = style.align ?? 'left';
    ctx.textBaseline = style.baseline ?? 'middle';
    ctx.fillText(displayText(s), x, y);
  }
  measure(s: string, style: TextStyle): number {
    return measureOn(this.ctx, s, style);
  }
  clip(x: number, y: number, w: number, h: number): void {
    const { ctx } = this;
    ctx.save();
    ctx.beginPath();
    ctx.rect(x, y, w, h);
    ctx.clip();
  }
  unclip(): void {
    this.ctx.restore();
    measuredFont.delete(this.ctx);
    this.textColor = '';
  }
}

function fontOf(style: TextStyle): string {
  return `${style.bold ? '600 ' : ''}${style.size}px ${style.family}`;
}

/** The font each context was last given for measuring (setting a font parses it: skip when unchanged). */
const measuredFont = new WeakMap<CanvasRenderingContext2D, string>();
/** Measured widths by font and text: labels are measured again every frame while panning. */
const widths = new Map<string, number>();
const WIDTHS_KEPT = 20000;

function measureOn(ctx: CanvasRenderingContext2D, s: string, style: TextStyle): number {
  const font = fontOf(style);
  const key = `${font}\u0000${s}`;
  const known = widths.get(key);
  if (known !== undefined) return known;
  if (measuredFont.get(ctx) !== font) {
    ctx.font = font;
    measuredFont.set(ctx, font);
  }
  const width = ctx.measureText(displayText(s)).width;
  if (widths.size >= WIDTHS_KEPT) widths.clear();
  widths.set(key, width);
  return width;
}

/** A canvas context for measuring text that is drawn elsewhere (SVG export). */
let measuring: CanvasRenderingContext2D | null = null;

const n = (v: number) => (Math.round(v * 10) / 10).toString();

export class SvgPainter implements Painter {
  private readonly parts: string[] = [];
  private d: string[] = [];
  private clipId = 0;
  private clipped = false;

  constructor(
    readonly width: number,
    readonly height: number,
  ) {}

  clear(color: string): void {
    this.parts.push(`<rect width="${n(this.width)}" height="${n(this.height)}" fill="${xmlEscape(color)}"/>`);
  }
  beginPath(): void {
    this.d = [];
  }
  moveTo(x: number, y: number): void {
    this.d.push(`M${n(x)} ${n(y)}`);
  }
  lineTo(x: number, y: number): void {
    this.d.push(`L${n(x)} ${n(y)}`);
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.d.push(`M${n(x)} ${n(y)}h${n(w)}v${n(h)}h${n(-w)}Z`);
  }
  circle(x: number, y: number, r: number): void {
    this.d.push(`M${n(x - r)} ${n(y)}a${n(r)} ${n(r)} 0 1 0 ${n(2 * r)} 0a${n(r)} ${n(r)} 0 1 0 ${n(-2 * r)} 0Z`);
  }
  closePath(): void {
    this.d.push('Z');
  }
  fill(color: string, alpha = 1): void {
    if (!this.d.length) return;
    this.parts.push(`<path d="${this.d.join('')}" fill="${xmlEscape(color)}"${alpha < 1 ? ` fill-opacity="${alpha}"` : ''}/>`);
  }
  stroke(color: string, width: number, alpha = 1, dash: number[] = []): void {
    if (!this.d.length) return;
    this.parts.push(
      `<path d="${this.d.join('')}" fill="none" stroke="${xmlEscape(color)}" stroke-width="${width}"` +
        `${alpha < 1 ? ` stroke-opacity="${alpha}"` : ''}${dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : ''}/>`,
    );
  }
  text(s: string, x: number, y: number, style: TextStyle, alpha = 1): void {
    const anchor = style.align === 'center' ? 'middle' : style.align === 'right' ? 'end' : 'start';
    const baseline = { top: 'hanging', middle: 'central', bottom: 'text-after-edge', alphabetic: 'alphabetic' }[
      style.baseline ?? 'middle'
    ];
    this.parts.push(
      `<text x="${n(x)}" y="${n(y)}" fill="${xmlEscape(style.color)}" font-size="${style.size}" font-family="${xmlEscape(style.family)}"` +
        ` text-anchor="${anchor}" dominant-baseline="${baseline}"${style.bold ? ' font-weight="600"' : ''}` +
        `${alpha < 1 ? ` fill-opacity="${alpha}"` : ''} xml:space="preserve">${xmlEscape(displayText(s))}</text>`,
    );
  }
  measure(s: string, style: TextStyle): number {
    measuring ??= document.createElement('canvas').getContext('2d')!;
    return measureOn(measuring, s, style);
  }
  clip(x: number, y: number, w: number, h: number): void {
    const id = `clip${++this.clipId}`;
    this.parts.push(`<clipPath id="${id}"><rect x="${n(x)}" y="${n(y)}" width="${n(w)}" height="${n(h)}"/></clipPath><g clip-path="url(#${id})">`);
    this.clipped = true;
  }
  unclip(): void {
    if (this.clipped) this.parts.push('</g>');
    this.clipped = false;
  }

  /** The drawn elements, for embedding in another SVG document. */
  body(): string {
    return this.parts.join('\n');
  }

  /** The SVG document. */
  toString(title = ''): string {
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n` +
      `<svg xmlns="http://www.w3.org/2000/svg" width="${n(this.width)}" height="${n(this.height)}" viewBox="0 0 ${n(this.width)} ${n(this.height)}">` +
      (title ? `<title>${xmlEscape(title)}</title>` : '') +
      this.body() +
      `</svg>\n`
    );
  }
}
