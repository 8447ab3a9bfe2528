// Runs of local events folded by default unfold when the view is zoomed in far enough for each
// column on screen to have room (8 px) once unfolded — the same columns stay on screen — and fold
// again when zoomed out or back to Fit, where the view stays fitted; a "Collapse local runs" the
// user set keeps runs as set at every zoom.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { toWire } from './engine-views';
import { GALLERY_TRACES } from './gallery-traces';
import { js, loadWire, openFixture, until, useBrowser } from './page';

const browser = useBrowser({ before, after });

const folds = (page: Page) => js<boolean>(page, 'globalThis.causeway.t.layout.folded !== null');
const fitted = (page: Page) => js<boolean>(page, 'Math.abs(globalThis.causeway.diagram.k - globalThis.causeway.diagram.fitK(globalThis.causeway.t.layout)) < 1e-9 * globalThis.causeway.diagram.k');
/** The raw columns (causal depths) at both ends of the time axis. */
const columnsOnScreen = (page: Page) =>
  js<[number, number]>(page, '(() => { const d = globalThis.causeway.diagram, l = globalThis.causeway.t.layout, g = d.geometry(0); return [l.columnAtPos(g.posAt(0)), l.columnAtPos(g.posAt(g.timeLength))]; })()');
const zoomBy = (page: Page, f: number) => js(page, `globalThis.causeway.diagram.zoomBy(${f}), new Promise((done) => setTimeout(done, 0))`);

describe('folded runs and zoom', () => {
  it('unfolds voldemort’s local runs when zoomed in, keeping the columns on screen, and folds them at Fit, which stays fitted', async () => {
    const page = await openFixture(browser());
    await page.setViewportSize({ width: 1400, height: 720 });
    await loadWire(page, toWire(GALLERY_TRACES.find((t) => t.name === 'shiviz-voldemort')!.load()));
    assert.ok(await folds(page), 'runs fold by default');
    assert.ok(await fitted(page));
    await js(page, 'globalThis.causeway.diagram.zoomBy(1.5)');
    const [lo, hi] = await columnsOnScreen(page);
    await until(page, 'globalThis.causeway.t.layout.folded === null');
    const [lo2, hi2] = await columnsOnScreen(page);
    assert.ok(Math.abs(lo2 - lo) <= 1 && Math.abs(hi2 - hi) <= 1, `columns ${lo}–${hi} folded, ${lo2}–${hi2} unfolded`);
    assert.ok((await js<number>(page, 'globalThis.causeway.diagram.k')) >= 8);
    assert.equal(await js<boolean>(page, "globalThis.causeway.controls.collapse && document.querySelector('.tb-check input').checked"), true, 'the setting itself is unchanged');

    while (!(await folds(page))) await zoomBy(page, 1 / 1.5);
    assert.ok((await js<number>(page, 'globalThis.causeway.diagram.k')) < 8 * 1.5, 'folds again when zoomed out under 8 px per column');
    await zoomBy(page, 1.5);
    await js(page, 'globalThis.causeway.diagram.fit()');
    await until(page, 'globalThis.causeway.t.layout.folded !== null');
    assert.ok(await fitted(page), 'Fit shows the folded trace fitted');

    // The user's choice holds at every zoom.
    await js(page, 'globalThis.causeway.controls.setCollapse(true)');
    for (let i = 0; i < 4; i++) await zoomBy(page, 1.5);
    assert.ok(await folds(page), 'a chosen "Collapse local runs" stays folded when zoomed in');
    await js(page, 'globalThis.causeway.controls.setCollapse(false)');
    await zoomBy(page, 1 / 1.5);
    await js(page, 'globalThis.causeway.diagram.fit()');
    await js(page, 'new Promise((done) => setTimeout(done, 0))');
    assert.equal(await folds(page), false, 'a chosen unfolded view stays unfolded at Fit');
    assert.ok(await fitted(page));
    await page.close();
  });
});
