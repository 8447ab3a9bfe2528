// The diagram's colours, read from VS Code's `--vscode-*` theme variables (the canvas cannot use
// CSS variables directly). Re-read when VS Code switches theme (body class or root style change).
// The causal colours come from the theme's chart colours (five distinct hues in every built-in
// theme) and every colour drawn as a line or glyph is kept at 3:1 or more against the background.

import { parseColour, toHex, withContrast, type Rgba } from './colour';

export interface Palette {
  kind: 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';
  background: string;
  foreground: string;
  muted: string;
  laneLine: string;
  stripe: string;
  /** Glyph colour per event kind: op, send, receive, local, sync. */
  kinds: [string, string, string, string, string];
  edge: string;
  /** The selected event's causal past, future and concurrent events (bands' edges and rings). */
  past: string;
  future: string;
  concurrent: string;
  selection: string;
  compare: string;
  conflict: string;
  /** Ring around a conflict's winning write. */
  winner: string;
  match: string;
  error: string;
  warning: string;
  info: string;
  cursor: string;
  series: string;
  segmentA: string;
  segmentB: string;
  buffer: string;
  /** High-contrast outline around glyphs, or '' when the theme has none. */
  contrastBorder: string;
  fontFamily: string;
  fontSize: number;
}

/** The first of the named variables that the theme defines, else `fallback`. */
function pick(style: CSSStyleDeclaration, names: string[], fallback: string): string {
  for (const n of names) {
    const v = style.getPropertyValue(`--vscode-${n}`).trim();
    if (v) return v;
  }
  return fallback;
}

/** Graphics (lines, glyphs, rings) must reach this contrast against the background (WCAG 1.4.11). */
export const GRAPHIC_CONTRAST = 3;

export function readPalette(doc: Document = document): Palette {
  const style = getComputedStyle(doc.documentElement);
  const body = doc.body.classList;
  const kind = body.contains('vscode-high-contrast-light')
    ? 'high-contrast-light'
    : body.contains('vscode-high-contrast')
      ? 'high-contrast'
      : body.contains('vscode-light')
        ? 'light'
        : 'dark';
  const p = (names: string[], fallback?: string) => pick(style, names, fallback ?? getComputedStyle(doc.body).color);
  const foreground = p(['editor-foreground', 'foreground']);
  const background = p(['editor-background'], 'Canvas');
  const light = kind === 'light' || kind === 'high-contrast-light';
  const bg: Rgba = parseColour(background) ?? (light ? [255, 255, 255, 1] : [0, 0, 0, 1]);
  const fg: Rgba = parseColour(foreground) ?? (light ? [0, 0, 0, 1] : [255, 255, 255, 1]);
  /** A theme colour as drawn on the background, at graphic contrast or more. */
  const graphic = (names: string[], fallback: Rgba = fg) => {
    const own = names.map((n) => parseColour(pick(style, [n], ''))).find((c): c is Rgba => c !== null && c[3] > 0);
    // A little above the target, so the colour rounded to whole RGB values still reaches it.
    return toHex(withContrast(own ?? fallback, bg, GRAPHIC_CONTRAST + 0.05));
  };
  const muted = p(['descriptionForeground', 'editorLineNumber-foreground'], foreground);
  const warning = graphic(['editorWarning-foreground', 'charts-yellow']);
  return {
    kind,
    background,
    foreground,
    muted,
    laneLine: graphic(['editorLineNumber-foreground', 'descriptionForeground']),
    stripe: p(['editor-lineHighlightBackground', 'list-hoverBackground'], background),
    kinds: [
      graphic(['charts-blue']),
      graphic(['charts-green']),
      graphic(['charts-purple']),
      graphic(['descriptionForeground']),
      graphic(['charts-orange', 'charts-yellow']),
    ],
    edge: graphic(['charts-lines', 'descriptionForeground']),
    past: graphic(['charts-blue', 'editorInfo-foreground']),
    future: graphic(['charts-purple']),
    concurrent: graphic(['charts-green']),
    selection: graphic(['focusBorder']),
    compare: graphic(['charts-yellow', 'editorWarning-foreground']),
    conflict: graphic(['charts-red', 'editorError-foreground']),
    winner: toHex(fg),
    match: p(['editor-findMatchBackground', 'editor-findMatchHighlightBackground'], muted),
    error: graphic(['editorError-foreground']),
    warning,
    info: graphic(['editorInfo-foreground']),
    cursor: graphic(['debugIcon-stepOverForeground', 'focusBorder']),
    series: graphic(['charts-blue']),
    segmentA: p(['charts-blue'], muted),
    segmentB: p(['charts-purple'], muted),
    buffer: warning,
    contrastBorder: pick(style, ['contrastBorder'], ''),
    fontFamily: pick(style, ['font-family'], 'sans-serif'),
    fontSize: Number.parseFloat(pick(style, ['font-size'], '13')) || 13,
  };
}

/**
 * The causal colours as CSS variables on the body, so HTML swatches (legend, details) match the
 * canvas (not on the root element: watchTheme listens to its style).
 */
export function publishPalette(doc: Document, palette: Palette): void {
  const root = doc.body.style;
  for (const name of ['past', 'future', 'concurrent', 'conflict', 'winner', 'edge'] as const) root.setProperty(`--causeway-${name}`, palette[name]);
  root.setProperty('--causeway-finding', palette.warning);
  palette.kinds.forEach((c, k) => root.setProperty(`--causeway-kind-${k}`, c));
}

/** Calls `onChange` when VS Code changes the theme: body classes or the root element's variables. */
export function watchTheme(doc: Document, onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
