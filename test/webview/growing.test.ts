// A trace that grows while it is watched (a live session, a followed file): each reload keeps
// the zoom and the user's place; a step cursor at the end follows the new end into view; while
// it is empty the diagram says it waits for events.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { js, loadGrowing, openFixture, useBrowser } from './page';

let page: Page;
const app = <T>(expr: string) => js<T>(page, `globalThis.causeway.${expr}`);
/** Whether the last event in causal order is drawn on screen. */
const lastOnScreen = () => js<boolean>(page, 'globalThis.host.probe.eventPoint(globalThis.causeway.t.view.order[globalThis.causeway.t.view.size - 1]) !== null');

describe('a growing trace', () => {
  const browser = useBrowser({ before, after });
  before(async () => {
    page = await openFixture(browser());
  });

  it('follows the new end when the step cursor was at the end, keeping the zoom', async () => {
    await loadGrowing(page, 300);
    await js(page, 'globalThis.causeway.diagram.zoomBy(8), globalThis.causeway.persist()');
    const k = await app<number>('diagram.k');
    await loadGrowing(page, 600);
    assert.equal(await app('step'), 599);
    assert.ok(Math.abs((await app<number>('diagram.k')) - k) < 1e-9, 'the zoom stays');
    assert.ok(await lastOnScreen(), 'the newest event is in view');
  });

  it('stays where the user is when the step cursor was moved back', async () => {
    await loadGrowing(page, 300);
    await js(page, "globalThis.causeway.diagram.zoomBy(8), globalThis.causeway.setStep(40, 'user'), globalThis.causeway.persist()");
    const t0 = await app<number>('diagram.t0');
    await loadGrowing(page, 600);
    assert.equal(await app('step'), 40);
    assert.ok(Math.abs((await app<number>('diagram.t0')) - t0) < 1e-6, 'the view does not move');
    assert.equal(await lastOnScreen(), false);
  });

  it('says it waits for events while the trace is empty, and the note goes when they arrive', async () => {
    await loadGrowing(page, 0);
    assert.equal(await js(page, "document.querySelector('.empty-note').hidden"), false);
    assert.match((await page.locator('.empty-note').textContent())!, /No events yet/);
    await loadGrowing(page, 50);
    assert.equal(await js(page, "document.querySelector('.empty-note').hidden"), true);
  });
});
