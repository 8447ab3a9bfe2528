// The diagram's colours, read from VS Code's `--vscode-*` theme variables (the canvas cannot use
// CSS variables directly). Re-read when VS Code switches theme (body class or root style change).

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
  past: string;
  future: string;
  concurrent: string;
  selection: string;
  compare: string;
  conflict: string;
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
  const muted = p(['descriptionForeground', 'editorLineNumber-foreground'], foreground);
  return {
    kind,
    background,
    foreground,
    muted,
    laneLine: p(['editorLineNumber-foreground', 'descriptionForeground'], muted),
    stripe: p(['editor-lineHighlightBackground', 'list-hoverBackground'], background),
    kinds: [
      p(['charts-blue'], foreground),
      p(['charts-green'], foreground),
      p(['charts-purple'], foreground),
      muted,
      p(['charts-orange'], foreground),
    ],
    edge: p(['charts-lines', 'editorLineNumber-foreground'], muted),
    past: p(['editor-selectionBackground'], muted),
    future: p(['editor-findMatchHighlightBackground', 'charts-orange'], muted),
    concurrent: p(['editorWarning-foreground', 'charts-yellow'], foreground),
    selection: p(['focusBorder'], foreground),
    compare: p(['charts-yellow', 'editorWarning-foreground'], foreground),
    conflict: p(['editorError-foreground', 'charts-red'], foreground),
    winner: p(['charts-green', 'testing-iconPassed'], foreground),
    match: p(['editor-findMatchBackground', 'editor-findMatchHighlightBackground'], muted),
    error: p(['editorError-foreground'], foreground),
    warning: p(['editorWarning-foreground'], foreground),
    info: p(['editorInfo-foreground'], foreground),
    cursor: p(['debugIcon-stepOverForeground', 'focusBorder'], foreground),
    series: p(['charts-blue'], foreground),
    segmentA: p(['charts-blue'], muted),
    segmentB: p(['charts-purple'], muted),
    buffer: p(['editorWarning-foreground', 'charts-yellow'], foreground),
    contrastBorder: pick(style, ['contrastBorder'], ''),
    fontFamily: pick(style, ['font-family'], 'sans-serif'),
    fontSize: Number.parseFloat(pick(style, ['font-size'], '13')) || 13,
  };
}

/** Calls `onChange` when VS Code changes the theme: body classes or the root element's variables. */
export function watchTheme(doc: Document, onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(doc.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind'] });
  observer.observe(doc.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return () => observer.disconnect();
}
