// The diagram gallery (`npm run gallery` → docs/gallery/*.png and docs/gallery/README.md): each
// gallery trace at Fit in a 1400×720 window and a 600 px wide one, in a light, a dark and a
// high-contrast theme. Not a test (legibility.test.ts checks the same views); look at the
// pictures after a visible change and commit the ones that changed on purpose.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchChromium } from '../harness/browser';
import { toWire } from './engine-views';
import { GALLERY_TRACES } from './gallery-traces';
import { js, loadWire, openFixture } from './page';
import type { ThemeName } from './themes';

const OUT = join(__dirname, '..', '..', 'docs', 'gallery');
const THEMES: [ThemeName, string][] = [
  ['light-modern', 'Light Modern'],
  ['dark-modern', 'Dark Modern'],
  ['hc-dark', 'High Contrast'],
];
const WIDTHS = [1400, 600];
const HEIGHT = 720;

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const chromium = await launchChromium({ width: 1400, height: HEIGHT });
  const page = [
    '# Diagram gallery',
    '',
    'Real traces at Fit, as a new user first sees them, in a 1400×720 window and a 600 px wide',
    'editor, in Light Modern, Dark Modern and High Contrast. Made by `npm run gallery`;',
    '`test/webview/legibility.test.ts` checks the same views (no label overflows its box or',
    'overlaps another, no lane under 8 px).',
    '',
  ];
  try {
    for (const trace of GALLERY_TRACES) {
      const wire = toWire(trace.load());
      page.push(`## ${trace.caption}`, '');
      for (const width of WIDTHS) {
        const cells: string[] = [];
        for (const [theme, title] of THEMES) {
          const tab = await openFixture(chromium.context, { theme });
          await tab.setViewportSize({ width, height: HEIGHT });
          await loadWire(tab, wire);
          await js(tab, 'globalThis.causeway.diagram.fit(), globalThis.causeway.diagram.renderNow(true)');
          const file = `${trace.name}-${theme}-${width}.png`;
          await tab.screenshot({ path: join(OUT, file) });
          await tab.close();
          cells.push(`![${trace.name}, ${title}, ${width} px](${file})`);
          console.log(`docs/gallery/${file}`);
        }
        page.push(`${width} px wide:`, '', cells.join('\n'), '');
      }
    }
  } finally {
    await chromium.close();
  }
  writeFileSync(join(OUT, 'README.md'), `${page.join('\n')}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
