// The webview in Chromium on the fixture page: the examples draw completely (screenshots in
// light and dark go to test/out/webview/), levels of detail, vertical lanes, theme switches,
// export to SVG and PNG, and a hostile trace that stays text under a strict CSP.

import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { HOSTILE_STRINGS } from './examples';
import { engineView, exampleFiles, toWire } from './engine-views';
import { eventId, js, loadExample, loadRandom, loadWire, openFixture, pointOf, posted, until, useBrowser } from './page';

const SHOTS = join(__dirname, '..', 'out', 'webview');
const browser = useBrowser({ before, after });

async function fresh(theme: 'light' | 'dark' = 'dark'): Promise<Page> {
  return openFixture(browser(), { theme });
}

interface Stats {
  mode: string;
  glyphs: number;
  edges: number;
  dashed: number;
  conflicts: number;
  labels: number;
}

const stats = (page: Page) => js<Stats>(page, 'globalThis.host.probe.stats()');
const pixel = (page: Page, x: number, y: number) => js<number[]>(page, `globalThis.host.probe.pixel(${x}, ${y})`);

async function exported(page: Page, format: 'svg' | 'png', options: { range?: 'whole' | 'visible'; asShown?: boolean } = {}): Promise<{ format: string; data: unknown }> {
  const before = (await posted(page, 'exported')).length;
  await js(page, `globalThis.host.send(${JSON.stringify({ type: 'export', format, ...options })})`);
  await until(page, `globalThis.host.posted('exported').length > ${before}`);
  return (await posted(page, 'exported'))[before];
}

/** Parses SVG text in the page; returns what a viewer would find in it. */
function parseSvg(page: Page, svg: string): Promise<{ error: string | null; paths: number; texts: string[] }> {
  return js(
    page,
    `(() => {
      const doc = new DOMParser().parseFromString(${JSON.stringify(svg)}, 'image/svg+xml');
      const err = doc.querySelector('parsererror');
      return { error: err ? err.textContent : null, paths: doc.querySelectorAll('path').length, texts: Array.from(doc.querySelectorAll('text'), (t) => t.textContent) };
    })()`,
  );
}

describe('drawing the examples', () => {
  for (const theme of ['dark', 'light'] as const) {
    it(`draws every event, lane and conflict of each file in examples/, built by the engine (${theme})`, async () => {
      const page = await fresh(theme);
      mkdirSync(SHOTS, { recursive: true });
      const files = exampleFiles();
      assert.ok(files.length >= 5, `${files.length} example files`);
      for (const file of files) {
        const ev = engineView(file);
        await loadWire(page, toWire(ev));
        const s = await stats(page);
        assert.equal(s.mode, 'glyphs', file);
        assert.equal(s.glyphs, ev.view.size, `${file}: every event has a glyph`);
        assert.equal(s.conflicts, ev.view.conflicts.length, `${file}: every conflict is drawn`);
        assert.equal(s.edges, ev.view.edgeFrom.length, `${file}: every message is drawn`);
        assert.deepEqual(await page.locator('.lane-name .replica').allTextContents(), ev.view.replicas, file);
        await page.screenshot({ path: join(SHOTS, `${file.replace('.causal.jsonl', '')}-${theme}.png`) });
      }
      assert.deepEqual((page as Page & { errors: string[] }).errors, []);
      assert.deepEqual(await js(page, 'globalThis.__cspViolations'), []);
      await page.close();
    });
  }

  it('shows the host’s fields of an engine-built event, and its value timelines', async () => {
    const page = await fresh();
    const ev = engineView('or-set-race.causal.jsonl');
    await loadWire(page, toWire(ev));
    const e = ev.view.conflicts[0].winners[0];
    await page.mouse.click(...(await pointOf(page, e)));
    await until(page, `document.querySelector('.details h2').textContent.includes(${JSON.stringify(ev.details[e].id)})`);
    await until(page, "document.querySelector('.details').textContent.includes('basket')");
    assert.deepEqual(await page.locator('.lane-name').first().locator('.row-name').allTextContents(), ['basket']);
    assert.ok(ev.view.timelines.length > 0);
    await page.close();
  });

  it('draws density per lane when zoomed out and glyphs with labels when zoomed in', async () => {
    const page = await fresh();
    await loadRandom(page, { events: 50_000, replicas: 16, seed: 2 });
    assert.equal((await stats(page)).mode, 'density');
    await js(page, 'globalThis.causeway.diagram.setView(12, -4000), globalThis.causeway.diagram.renderNow()');
    const zoomed = await stats(page);
    assert.equal(zoomed.mode, 'glyphs');
    assert.ok(zoomed.glyphs > 100 && zoomed.glyphs < 3000, `${zoomed.glyphs} glyphs`);
    assert.ok(zoomed.edges > 10);
    await js(page, 'globalThis.causeway.diagram.setView(80, -40000), globalThis.causeway.diagram.renderNow()');
    assert.ok((await stats(page)).labels > 10);
    await page.close();
  });

  it('shows an empty trace (no events, no replicas) without errors', async () => {
    const page = await fresh();
    const empty = { view: { name: 'empty', format: 'causeway', replicas: [], keys: [], keyTypes: [], size: 0, labelText: '', conflicts: [], findings: [], timelines: [] }, buffers: [], details: [] };
    for (const k of ['replica', 'kind', 'line', 'key', 'step', 'order', 'depth', 'clocks', 'edgeFrom']) (empty.view as Record<string, unknown>)[k] = { typed: 'Uint32Array', data: [] };
    (empty.view as Record<string, unknown>).edgeStart = { typed: 'Uint32Array', data: [0] };
    (empty.view as Record<string, unknown>).labelStart = { typed: 'Uint32Array', data: [0] };
    await loadWire(page, empty);
    await js(page, "globalThis.causeway.nav.alongLane(1), globalThis.causeway.nav.nextConflict(1), globalThis.causeway.controls.search('x'), globalThis.causeway.diagram.renderNow()");
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
    assert.deepEqual(await posted(page, 'error'), []);
    await page.close();
  });

  it('lays lanes out as columns when the setting says vertical', async () => {
    const page = await fresh();
    await loadExample(page, 'shopping-cart');
    await js(page, "globalThis.host.send({ type: 'settings', orientation: 'vertical' })");
    await until(page, "globalThis.causeway.controls.orientation === 'vertical'");
    await js(page, 'globalThis.causeway.diagram.renderNow()');
    const [a1, a3, b1] = [await eventId(page, 'alice:1'), await eventId(page, 'alice:3'), await eventId(page, 'bob:1')];
    const [p1, p3, q1] = [await pointOf(page, a1), await pointOf(page, a3), await pointOf(page, b1)];
    assert.equal(p1[0], p3[0], 'one lane is one column');
    assert.ok(p3[1] > p1[1], 'time runs down');
    assert.ok(q1[0] > p1[0], 'the next lane is to the right');
    assert.equal((await stats(page)).glyphs, 27);
    await page.screenshot({ path: join(SHOTS, 'shopping-cart-vertical.png') });
    await page.close();
  });
});

describe('accessibility', () => {
  it('gives every control an accessible name, and works under the CSP', async () => {
    const page = await fresh();
    await loadExample(page, 'shopping-cart');
    const tree = await page.locator('body').ariaSnapshot();
    // (Unnamed images inside the drop-downs are their decorative chevrons.)
    const controls = tree.split('\n').filter((l) => /^\s*- (button|textbox|combobox|checkbox|tab|application)\b/.test(l));
    assert.match(tree, /- img "Minimap of the whole trace; click to move there"/);
    assert.ok(controls.length >= 20, `${controls.length} controls`);
    for (const line of controls) assert.match(line, /- \w+ "[^"]+"/, `no accessible name: ${line.trim()}`);
    // Pick an option of a drop-down (in the toolbar, or its More menu): nothing may need 'unsafe-inline'.
    const keyFilter = page.getByRole('combobox', { name: 'Filter by key' });
    if (!(await keyFilter.isVisible())) await page.getByRole('button', { name: 'More' }).click();
    await keyFilter.selectOption({ label: 'title' });
    await until(page, 'globalThis.causeway.controls.keyFilter === 2');
    assert.deepEqual(await js(page, 'globalThis.__cspViolations'), []);
    await page.close();
  });
});

describe('theme', () => {
  it('follows VS Code when it switches between dark, light and high contrast', async () => {
    const page = await fresh('dark');
    await loadExample(page, 'shopping-cart');
    const width = await js<number>(page, 'globalThis.causeway.diagram.canvas.clientWidth');
    // The axis strip's far end shows the editor background.
    assert.deepEqual((await pixel(page, width - 3, 3)).slice(0, 3), [0x1f, 0x1f, 0x1f]);
    const op = await pointOf(page, await eventId(page, 'alice:1'));
    const box = await page.locator('canvas.diagram-canvas').boundingBox();
    assert.deepEqual((await pixel(page, op[0] - box!.x, op[1] - box!.y)).slice(0, 3), [0x59, 0xa4, 0xf9], 'an op is drawn in charts.blue');
    await js(page, "globalThis.host.setTheme('light')");
    await until(page, "globalThis.causeway.diagram.palette.kind === 'light'");
    await js(page, 'globalThis.causeway.diagram.renderNow()');
    assert.deepEqual((await pixel(page, width - 3, 3)).slice(0, 3), [0xff, 0xff, 0xff]);
    assert.deepEqual((await pixel(page, op[0] - box!.x, op[1] - box!.y)).slice(0, 3), [0x00, 0x63, 0xd3]);
    await js(page, "globalThis.host.setTheme('high-contrast')");
    await until(page, "globalThis.causeway.diagram.palette.kind === 'high-contrast'");
    await js(page, 'globalThis.causeway.diagram.renderNow()');
    assert.deepEqual((await pixel(page, width - 3, 3)).slice(0, 3), [0, 0, 0]);
    assert.equal(await js(page, 'globalThis.causeway.diagram.palette.contrastBorder'), '#6fc3df');
    await page.close();
  });
});

describe('export', () => {
  it('exports the whole diagram as a valid SVG and a full-resolution PNG, cropped to what is drawn', async () => {
    const page = await fresh();
    await loadExample(page, 'shopping-cart');
    // Zoomed in on the start: the export still holds every column and every lane.
    await js(page, 'globalThis.causeway.diagram.setView(60, 28), globalThis.causeway.diagram.renderNow()');
    const svg = await exported(page, 'svg');
    assert.equal(svg.format, 'svg');
    const parsed = await parseSvg(page, svg.data as string);
    assert.equal(parsed.error, null);
    assert.ok(parsed.paths > 10, `${parsed.paths} paths`);
    for (const name of ['alice', 'bob', 'carol']) assert.ok(parsed.texts.includes(name), `lane name ${name}`);
    const png = await exported(page, 'png');
    const bytes = Object.values(png.data as Record<string, number>);
    assert.deepEqual(bytes.slice(0, 8), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const size = await js<[number, number]>(
      page,
      `createImageBitmap(new Blob([new Uint8Array(${JSON.stringify(bytes)})], { type: 'image/png' })).then((b) => [b.width, b.height])`,
    );
    const whole = await js<[number, number]>(
      page,
      `(() => { const a = globalThis.causeway, geo = a.diagram.geometry(a.scene().rows.length); return [Math.ceil(56 + (a.t.layout.maxPos + 1) * 60) + 160, geo.axis + a.t.layout.lanes.length * geo.laneSize + 4]; })()`,
    );
    assert.deepEqual(size, [whole[0] * 2, whole[1] * 2], 'lane names plus every column and lane, at twice the resolution');
    const visible = await exported(page, 'svg', { range: 'visible' });
    assert.ok((visible.data as string).length < (svg.data as string).length, 'the range on screen is a smaller picture');
    await page.close();
  });

  it('leaves the step dimming, the selection and search matches out of an export unless asked', async () => {
    const page = await fresh();
    await loadExample(page, 'shopping-cart');
    const clean = (await exported(page, 'svg')).data as string;
    await js(page, 'globalThis.causeway.select(3), globalThis.causeway.setStep(2, "user")');
    assert.equal((await exported(page, 'svg')).data, clean, 'the same picture with a selection and the step cursor moved');
    assert.notEqual((await exported(page, 'svg', { asShown: true })).data, clean, 'as shown, the selection and dimming are in it');
    await page.close();
  });
});

describe('a hostile trace', () => {
  it('renders every string as text, with zero CSP violations', async () => {
    const page = await fresh();
    await loadExample(page, 'hostile');
    const first = 0;
    const p = await pointOf(page, first);
    await page.mouse.click(p[0], p[1]);
    await until(page, "document.querySelector('.details dl.fields') && document.querySelector('.details').textContent.includes('nested')");
    const details = await page.locator('.details').textContent();
    for (const s of [HOSTILE_STRINGS.img, HOSTILE_STRINGS.script, HOSTILE_STRINGS.svg]) assert.ok(details!.includes(s), `details show ${s} as text`);
    assert.ok(details!.includes(HOSTILE_STRINGS.iframe), 'the custom id is shown as text');
    assert.ok(details!.includes('(10,240 characters)'), 'a 10 kB field is cut and says so');
    assert.ok((await page.locator('.gutter').textContent())!.includes(HOSTILE_STRINGS.img));
    await page.mouse.move(p[0], p[1] + 1);
    await until(page, "!document.querySelector('.tooltip').hidden");
    assert.ok((await page.locator('.tooltip').textContent())!.includes(HOSTILE_STRINGS.img));

    await js(page, 'globalThis.causeway.nav.nextConflict(1), globalThis.causeway.nav.nextFinding(1)');
    for (const tab of ['Conflicts', 'Findings', 'Replicas']) await page.getByRole('tab', { name: new RegExp(`^${tab}`) }).click();
    assert.ok((await page.locator('.conflict-note').textContent())!.includes(HOSTILE_STRINGS.img));
    assert.ok((await page.locator('.vlist-row.error').textContent())!.includes(HOSTILE_STRINGS.script));
    const svg = await exported(page, 'svg');
    const parsed = await parseSvg(page, svg.data as string);
    assert.equal(parsed.error, null, 'the SVG stays well-formed');
    assert.ok(parsed.texts.some((t) => t.includes('<img src=x')), 'hostile lane names are SVG text');

    assert.equal(await js(page, 'globalThis.__pwned'), undefined);
    // The legend's pictures are the webview's own SVG (no trace text in them); nothing else may be.
    assert.equal(await js(page, "document.querySelectorAll('img, iframe, svg:not(.legend svg), b, object, embed').length"), 0);
    assert.equal(await js(page, "document.querySelectorAll('script').length"), 2);
    assert.equal(await js(page, "document.querySelectorAll('[onerror], [onload], [onmouseover]').length"), 0);
    assert.deepEqual(await js(page, 'globalThis.__cspViolations'), []);
    assert.deepEqual((page as Page & { errors: string[] }).errors, []);
    await page.screenshot({ path: join(SHOTS, 'hostile.png') });
    await page.close();
  });

  it('reports an inline script or style as a CSP violation (the check itself works)', async () => {
    const page = await fresh();
    await js(page, "document.body.setAttribute('style', 'color: red'); const s = document.createElement('script'); s.textContent = 'globalThis.__ran = 1'; document.body.append(s);");
    await until(page, 'globalThis.__cspViolations.length >= 2');
    assert.equal(await js(page, 'globalThis.__ran'), undefined);
    await page.close();
  });
});
