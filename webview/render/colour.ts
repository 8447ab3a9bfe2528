// Colour arithmetic for the palette, without the DOM: parse CSS colours (hex and rgb()), lay a
// translucent colour over the background, WCAG contrast, CIELAB distance, and lighten or darken a
// theme colour (keeping its hue) until it stands out from the background by a given ratio.

export type Rgba = [number, number, number, number];

/** A CSS colour as RGBA (0-255, alpha 0-1), or null for what it cannot read (names, empty). */
export function parseColour(css: string): Rgba | null {
  const s = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,8})$/.exec(s);
  if (hex) {
    const h = hex[1];
    if (h.length === 3 || h.length === 4) {
      const v = [...h].map((c) => Number.parseInt(c + c, 16));
      return [v[0], v[1], v[2], h.length === 4 ? v[3] / 255 : 1];
    }
    if (h.length === 6 || h.length === 8) {
      const v = [0, 2, 4, 6].map((i) => Number.parseInt(h.slice(i, i + 2), 16));
      return [v[0], v[1], v[2], h.length === 8 ? v[3] / 255 : 1];
    }
    return null;
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (fn) {
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean).map(Number.parseFloat);
    if (parts.length < 3 || parts.some((n) => Number.isNaN(n))) return null;
    return [parts[0], parts[1], parts[2], parts.length > 3 ? parts[3] : 1];
  }
  return null;
}

/** `#rrggbb` of an opaque colour. */
export function toHex([r, g, b]: Rgba): string {
  return `#${[r, g, b].map((v) => Math.round(Math.max(0, Math.min(255, v))).toString(16).padStart(2, '0')).join('')}`;
}

/** The opaque colour a translucent `top` shows over an opaque `bottom`. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top[3];
  return [top[0] * a + bottom[0] * (1 - a), top[1] * a + bottom[1] * (1 - a), top[2] * a + bottom[2] * (1 - a), 1];
}

function linear(v: number): number {
  const c = v / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance. */
export function luminance([r, g, b]: Rgba): number {
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG contrast ratio of two opaque colours (1 to 21). */
export function contrast(a: Rgba, b: Rgba): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

const WHITE = [0.95047, 1, 1.08883];
const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
const fInv = (t: number) => (t ** 3 > 216 / 24389 ? t ** 3 : (116 * t - 16) / (24389 / 27));
const gamma = (c: number) => 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);

/** CIELAB (D65) of an opaque colour. */
export function toLab([r, g, b]: Rgba): [number, number, number] {
  const R = linear(r);
  const G = linear(g);
  const B = linear(b);
  const x = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / WHITE[0]);
  const y = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const z = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / WHITE[2]);
  return [116 * y - 16, 500 * (x - y), 200 * (y - z)];
}

function fromLab([L, a, b]: [number, number, number]): Rgba {
  const y = (L + 16) / 116;
  const X = fInv(y + a / 500) * WHITE[0];
  const Y = fInv(y);
  const Z = fInv(y - b / 200) * WHITE[2];
  const clamp = (v: number) => Math.max(0, Math.min(255, v));
  return [
    clamp(gamma(3.2406 * X - 1.5372 * Y - 0.4986 * Z)),
    clamp(gamma(-0.9689 * X + 1.8758 * Y + 0.0415 * Z)),
    clamp(gamma(0.0557 * X - 0.204 * Y + 1.057 * Z)),
    1,
  ];
}

/** CIE76 colour difference (Euclidean distance in CIELAB): about 2.3 is just noticeable. */
export function deltaE(a: Rgba, b: Rgba): number {
  const p = toLab(a);
  const q = toLab(b);
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

/**
 * The colour as drawn on `background` (translucency laid over it), made darker on a light
 * background or lighter on a dark one, hue kept, until its contrast reaches `ratio`.
 */
export function withContrast(colour: Rgba, background: Rgba, ratio: number): Rgba {
  let c = over(colour, background);
  if (contrast(c, background) >= ratio) return c;
  const lab = toLab(c);
  const darker = luminance(background) > 0.25;
  for (let step = 0; step < 100 && contrast(c, background) < ratio; step++) {
    lab[0] = Math.max(0, Math.min(100, lab[0] + (darker ? -1 : 1)));
    c = fromLab(lab);
  }
  return c;
}
