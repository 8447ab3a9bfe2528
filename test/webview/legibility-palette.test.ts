// The diagram's colours in each of VS Code's built-in themes: the causal colours (past, future,
// concurrent, conflict, finding) differ from each other, and every line and glyph stands out
// from the editor background at 3:1 (WCAG 1.4.11). Also checks that the fixture themes are the
// ones VS Code ships, when VS Code's theme files are on this machine.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { contrast, deltaE, parseColour, type Rgba } from '../../webview/render/colour';
import { js, openFixture, useBrowser } from './page';
import { BUILTIN_THEMES, THEMES, type BuiltinTheme } from './themes';

/** CIE76 distance two causal colours keep at least: far beyond "just noticeable" (2.3), clearly different hues or lightness. */
const MIN_DELTA_E = 20;
const CAUSAL = ['past', 'future', 'concurrent', 'conflict', 'warning'] as const;
const GRAPHICS = ['edge', 'laneLine', 'past', 'future', 'concurrent', 'conflict', 'warning', 'error', 'info', 'selection', 'cursor', 'winner'] as const;

type PaletteColours = Record<(typeof GRAPHICS)[number] | 'background', string> & { kinds: string[] };

function rgb(css: string): Rgba {
  const c = parseColour(css);
  assert.ok(c, `"${css}" is a colour`);
  return c;
}

describe('palette in the built-in themes', () => {
  const context = useBrowser({ before, after });
  const palettes = new Map<BuiltinTheme, PaletteColours>();

  before(async () => {
    for (const theme of BUILTIN_THEMES) {
      const page = await openFixture(context(), { theme });
      palettes.set(theme, await js<PaletteColours>(page, 'globalThis.causeway.diagram.palette'));
      await page.close();
    }
  });

  for (const theme of BUILTIN_THEMES) {
    it(`${theme}: past, future, concurrent, conflict and finding differ pairwise`, () => {
      const p = palettes.get(theme)!;
      for (let i = 0; i < CAUSAL.length; i++) {
        for (let j = i + 1; j < CAUSAL.length; j++) {
          const d = deltaE(rgb(p[CAUSAL[i]]), rgb(p[CAUSAL[j]]));
          assert.ok(d >= MIN_DELTA_E, `${CAUSAL[i]} ${p[CAUSAL[i]]} and ${CAUSAL[j]} ${p[CAUSAL[j]]} are only ΔE ${d.toFixed(1)} apart`);
        }
      }
    });

    it(`${theme}: lines and glyphs reach 3:1 against the editor background`, () => {
      const p = palettes.get(theme)!;
      const bg = rgb(p.background);
      const drawn: [string, string][] = [...GRAPHICS.map((k): [string, string] => [k, p[k]]), ...p.kinds.map((c, k): [string, string] => [`kind ${k}`, c])];
      for (const [name, colour] of drawn) {
        const ratio = contrast(rgb(colour), bg);
        assert.ok(ratio >= 3, `${name} ${colour} is ${ratio.toFixed(2)}:1 on ${p.background}`);
      }
    });
  }
});

const VSCODE_THEMES = join(__dirname, '..', '..', '.cache', 'vscode-server', 'node_modules', 'code-server', 'lib', 'vscode', 'extensions', 'theme-defaults', 'themes');
const THEME_FILES: Record<BuiltinTheme, string> = {
  'light-modern': 'light_modern.json',
  'dark-modern': 'dark_modern.json',
  'light-2026': '2026-light.json',
  'dark-2026': '2026-dark.json',
  'hc-dark': 'hc_black.json',
  'hc-light': 'hc_light.json',
};

/** A theme file's colours with those of the files it includes underneath. */
function themeColours(file: string): Record<string, string> {
  const json = JSON.parse(readFileSync(join(VSCODE_THEMES, file), 'utf8')) as { include?: string; colors?: Record<string, string> };
  return { ...(json.include ? themeColours(json.include.replace(/^\.\//, '')) : {}), ...(json.colors ?? {}) };
}

describe('fixture themes', { skip: !existsSync(VSCODE_THEMES) && 'VS Code is not downloaded here' }, () => {
  for (const theme of BUILTIN_THEMES) {
    it(`${theme} has the colours of VS Code's ${THEME_FILES[theme]}`, () => {
      const colours = themeColours(THEME_FILES[theme]);
      for (const [name, value] of Object.entries(THEMES[theme].vars)) {
        const own = colours[name.replace(/-/g, '.')];
        if (own !== undefined) assert.equal(value.toLowerCase(), own.toLowerCase(), `${theme}: --vscode-${name}`);
      }
    });
  }
});
