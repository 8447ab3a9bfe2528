// The log column: each visible event's label beside its place in time (a strip under the lanes
// when time runs across, a column right of them when it runs down), entries that never overlap
// and follow zoom, a click that selects the entry's event, and a "Log" toggle remembered in the state.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { toWire } from './engine-views';
import { GALLERY_TRACES } from './gallery-traces';
import { js, loadWire, openFixture, pointOf, until, useBrowser } from './page';

const browser = useBrowser({ before, after });
const facebook = () => toWire(GALLERY_TRACES.find((t) => t.name === 'shiviz-facebook')!.load());

interface Entry {
  event: number;
  text: string;
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The entries the log column shows, with their boxes in page coordinates. */
function entries(page: Page): Promise<Entry[]> {
  return js<Entry[]>(
    page,
    `Array.from(document.querySelectorAll('.log-column:not([hidden]) .log-entry:not([hidden])'), (n) => {
      const r = n.getBoundingClientRect();
      return { event: Number(n.dataset.event), text: n.textContent, left: r.left, top: r.top, right: r.right, bottom: r.bottom };
    })`,
  );
}

async function open(width: number, orientation: 'horizontal' | 'vertical'): Promise<Page> {
  const page = await openFixture(browser());
  await page.setViewportSize({ width, height: 720 });
  await loadWire(page, facebook());
  if (orientation === 'vertical') await js(page, "globalThis.causeway.controls.setOrientation('vertical')");
  await js(page, 'globalThis.causeway.diagram.renderNow(true)');
  return page;
}

function overlapping(list: Entry[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < list.length; i++)
    for (let j = i + 1; j < list.length; j++) {
      const [a, b] = [list[i], list[j]];
      if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5) out.push(`"${a.text}" meets "${b.text}"`);
    }
  return out;
}

describe('the log column', () => {
  it('lists labels under the lanes at their events’ x, without overlap, following zoom (time across)', async () => {
    const page = await open(1400, 'horizontal');
    for (const zoom of [1, 3]) {
      if (zoom !== 1) await js(page, `globalThis.causeway.diagram.zoomBy(${zoom}), globalThis.causeway.diagram.renderNow(true)`);
      const list = await entries(page);
      assert.ok(list.length >= 8, `${list.length} entries at zoom ×${zoom}`);
      assert.deepEqual(overlapping(list), []);
      const canvas = await js<{ bottom: number }>(page, "document.querySelector('.diagram-canvas').getBoundingClientRect().toJSON()");
      for (const entry of list) {
        const [x] = await pointOf(page, entry.event);
        assert.ok(Math.abs(entry.left - x) <= 1, `"${entry.text}" starts at ${entry.left}, its event at ${x}`);
        assert.ok(entry.top >= canvas.bottom - 0.5, `"${entry.text}" is under the lanes`);
        assert.ok(entry.text.length > 0 && !entry.text.startsWith('{'), entry.text);
      }
    }
    await page.close();
  });

  it('shows line and label beside each event’s y when time runs down, and a click selects the event', async () => {
    const page = await open(1400, 'vertical');
    const list = await entries(page);
    assert.ok(list.length >= 10, `${list.length} entries`);
    assert.deepEqual(overlapping(list), []);
    const canvasRight = await js<number>(page, "document.querySelector('.diagram-canvas').getBoundingClientRect().right");
    for (const entry of list) {
      const [, y] = await pointOf(page, entry.event);
      assert.ok(entry.left >= canvasRight - 0.5, `"${entry.text}" is right of the lanes`);
      const middle = (entry.top + entry.bottom) / 2;
      assert.ok(middle >= y - 1 && middle <= y + 18 + 1, `"${entry.text}" (${entry.top}–${entry.bottom}) is by its event's y ${y} (at most one entry lower)`);
      const line = await js<number>(page, `globalThis.causeway.t.view.line[${entry.event}]`);
      assert.ok(entry.text.startsWith(`${line} `), `"${entry.text}" starts with line ${line}`);
    }
    const target = list[3];
    await page.mouse.click((target.left + target.right) / 2, (target.top + target.bottom) / 2);
    assert.equal(await js<number>(page, 'globalThis.causeway.selected'), target.event);
    await page.close();
  });

  it('is off by default in a narrow editor when time runs down; the Log box shows it and the state remembers', async () => {
    const page = await open(600, 'vertical');
    assert.equal((await entries(page)).length, 0, 'no room for the column at 600 px');
    await page.getByRole('button', { name: 'More' }).click().catch(() => undefined);
    const box = page.getByRole('checkbox', { name: 'Log' });
    assert.equal(await box.isChecked(), false);
    await box.check();
    await js(page, 'globalThis.causeway.diagram.renderNow(true)');
    assert.ok((await entries(page)).length > 0, 'the Log box shows the column');
    await until(page, 'globalThis.__state && globalThis.__state.log === true');
    await page.close();
  });
});
