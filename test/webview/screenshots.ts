// Takes the README's screenshots of the diagram (docs/images/*.png) from the example traces, in
// the light and dark themes: `node --import tsx test/webview/screenshots.ts`. Not a test; look
// at the pictures after a visible change and commit the ones that changed on purpose.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../harness/browser';
import { engineView, toWire } from './engine-views';
import { js, loadRandom, loadWire, openFixture, pointOf, until } from './page';
import type { ThemeName } from './themes';

const OUT = join(__dirname, '..', '..', 'docs', 'images');

async function shot(page: Page, name: string): Promise<void> {
  await js(page, 'globalThis.causeway.diagram.renderNow()');
  await page.screenshot({ path: join(OUT, `${name}.png`) });
  console.log(`docs/images/${name}.png`);
}

async function example(page: Page, file: string): Promise<ReturnType<typeof engineView>> {
  const ev = engineView(file);
  await loadWire(page, toWire(ev));
  return ev;
}

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  const chromium = await launchChromium({ width: 1400, height: 760 });
  const open = (theme: ThemeName) => openFixture(chromium.context, { theme });
  try {
    // A conflict: the concurrent add wins over the remove; the comparison says why they are concurrent.
    let page = await open('dark');
    await example(page, 'or-set-race.causal.jsonl');
    await js(page, 'globalThis.causeway.nav.nextConflict(1)');
    await until(page, "document.querySelector('.comparison')");
    await shot(page, 'conflict-dark');
    await page.close();

    // The lost update under clock skew, light theme: select the two writes.
    page = await open('light');
    const lww = await example(page, 'lww-lost-update.causal.jsonl');
    const writes = Array.from(lww.view.kind.keys()).filter((e) => lww.view.kind[e] === 0);
    await page.mouse.click(...(await pointOf(page, writes[0])));
    await page.keyboard.down('Shift');
    await page.mouse.click(...(await pointOf(page, writes[writes.length - 1])));
    await page.keyboard.up('Shift');
    await until(page, "document.querySelector('.comparison')");
    await shot(page, 'lost-update-light');
    await page.close();

    // State timelines and the causal buffer, with the step cursor part-way.
    page = await open('dark');
    const cd = await example(page, 'causal-delivery.causal.jsonl');
    await js(page, `globalThis.causeway.setStep(${Math.floor(cd.view.size * 0.6)}, 'host')`);
    await shot(page, 'buffer-step-dark');
    await page.close();

    page = await open('light');
    await example(page, 'partition-heals.causal.jsonl');
    await js(page, 'globalThis.causeway.select(5)');
    await shot(page, 'timelines-light');
    await page.close();

    // A million events, zoomed in on the middle: glyphs, messages, conflicts, one selection's causal cone.
    page = await open('dark');
    await loadRandom(page, { events: 1_000_000, replicas: 16, seed: 7 });
    await js(page, 'globalThis.causeway.diagram.setView(14, 0), globalThis.causeway.diagram.centerOn(globalThis.causeway.t.layout.maxPos / 2)');
    await js(page, `(() => { const a = globalThis.causeway; const geo = a.diagram.geometry(0); a.select(a.t.layout.nearest(a.t.layout.lanes[3], geo.posAt(a.diagram.timeLength / 2), Infinity)); })()`);
    await shot(page, 'million-zoomed-dark');
    await page.close();

    page = await open('high-contrast');
    await example(page, 'mv-register-siblings.causal.jsonl');
    await js(page, 'globalThis.causeway.nav.nextConflict(1)');
    await shot(page, 'conflict-high-contrast');
    await page.close();
  } finally {
    await chromium.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
