// What a user does with the diagram, in Chromium: select by click and by keyboard (and see the
// causal past and future shaded), compare two events in words, jump through conflicts and
// findings, hide and collapse, search, go to, move the step cursor, and get it all back after a
// reload. Each test checks the messages the webview posts to the (stubbed) host.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { eventId, js, loadExample, openFixture, pointOf, posted, until, useBrowser } from './page';

let page: Page;

async function cart(options: { step?: number } = {}): Promise<void> {
  await loadExample(page, 'shopping-cart', options);
  await js(page, 'globalThis.host.clearPosted()');
}

const app = <T>(expr: string) => js<T>(page, `globalThis.causeway.${expr}`);
const selectedId = () => js<string>(page, 'globalThis.causeway.selected < 0 ? "" : globalThis.causeway.t.index.defaultId(globalThis.causeway.selected)');

/** Canvas pixel (RGB) 14 px above an event's glyph: inside its lane's band, clear of the glyph and rings. */
async function bandPixel(e: number): Promise<number[]> {
  const [x, y] = await pointOf(page, e);
  const box = (await page.locator('canvas.diagram-canvas').boundingBox())!;
  return (await js<number[]>(page, `globalThis.host.probe.pixel(${x - box.x}, ${y - box.y - 14})`)).slice(0, 3);
}

/** A toolbar control, opening the toolbar's More menu first when the control folded into it. */
async function toolbarControl(control: Locator): Promise<Locator> {
  if (!(await control.isVisible())) await page.getByRole('button', { name: 'More' }).click();
  return control;
}

async function press(...keys: string[]): Promise<void> {
  await page.locator('canvas.diagram-canvas').focus();
  for (const k of keys) await page.keyboard.press(k);
}

describe('the webview in use', () => {
  const browser = useBrowser({ before, after });
  before(async () => {
    page = await openFixture(browser());
  });

  describe('selection', () => {
    it('selects a clicked event, shades its past and future, and shows its fields from the host', async () => {
      await cart();
      const [sel, past, future, concurrent] = await Promise.all(['alice:3', 'alice:1', 'bob:2', 'bob:1'].map((id) => eventId(page, id)));
      const beforeShading = await Promise.all([past, future, concurrent].map(bandPixel));
      const [x, y] = await pointOf(page, sel);
      await page.mouse.click(x, y);
      assert.deepEqual(await posted(page, 'selected'), [{ type: 'selected', event: sel, compare: -1 }]);
      const afterShading = await Promise.all([past, future, concurrent].map(bandPixel));
      assert.notDeepEqual(afterShading[0], beforeShading[0], 'the past is shaded');
      assert.notDeepEqual(afterShading[1], beforeShading[1], 'the future is shaded');
      assert.notDeepEqual(afterShading[0], afterShading[1], 'past and future differ');
      assert.deepEqual(afterShading[2], beforeShading[2], 'a concurrent event is not shaded');
      assert.equal((await js<{ concurrent: number }>(page, 'globalThis.host.probe.stats()')).concurrent, 3, 'bob:1, carol:1 and carol:2 are marked concurrent');

      const [request] = await posted(page, 'requestDetails');
      assert.deepEqual(request.events, [sel]);
      await until(page, "document.querySelector('.details').textContent.includes('clock')");
      const details = (await page.locator('.details').textContent())!;
      assert.match(details, /alice:3/);
      assert.match(details, /2 before it, 21 after it, 3 concurrent with it\./);
      assert.deepEqual(await page.locator('.details table.clock tr.own td').allTextContents(), ['alice', '3']);
    });

    it('moves along and across lanes and follows messages with the keyboard', async () => {
      await cart();
      await js(page, `globalThis.causeway.select(${await eventId(page, 'alice:2')})`);
      await press('ArrowRight');
      assert.equal(await selectedId(), 'alice:3');
      await press('m');
      assert.equal(await selectedId(), 'bob:2', 'M follows the send to its receive');
      await press('Shift+M');
      assert.equal(await selectedId(), 'alice:3', 'Shift+M goes back to the send');
      await press('ArrowDown');
      assert.equal(await selectedId(), 'bob:2', 'the nearest event on the lane below');
      await press('End');
      assert.equal(await selectedId(), 'bob:9');
      await press('ArrowLeft', 'ArrowLeft');
      assert.equal(await selectedId(), 'bob:7');
      await press('Escape');
      assert.equal(await app('selected'), -1);
      const selections = (await posted(page, 'selected')).map((m) => m.event);
      assert.equal(selections.length, 9);
      assert.equal(selections.at(-1), -1);
    });

    it('cycles through the receivers of a send with several', async () => {
      await cart();
      await js(page, `globalThis.causeway.select(${await eventId(page, 'alice:10')})`);
      await press('m');
      assert.equal(await selectedId(), 'bob:6');
      await press('m');
      assert.equal(await selectedId(), 'carol:7');
      assert.match((await page.locator('.status').textContent())!, /Receiver 2 of 2 of alice:10/);
    });

    it('explains in words why two events are ordered or concurrent', async () => {
      await cart();
      const [a1, b2, b1] = await Promise.all(['alice:1', 'bob:2', 'bob:1'].map((id) => eventId(page, id)));
      await page.mouse.click(...(await pointOf(page, a1)));
      await page.keyboard.down('Shift');
      await page.mouse.click(...(await pointOf(page, b2)));
      await page.keyboard.up('Shift');
      assert.deepEqual((await posted(page, 'selected')).at(-1), { type: 'selected', event: a1, compare: b2 });
      assert.equal(await page.locator('.comparison .summary').textContent(), 'alice:1 happened before bob:2.');
      const text = (await page.locator('.comparison').textContent())!;
      assert.match(text, /bob:2 has seen alice:1: bob:2 knows 3 of alice's events, alice:1 is alice's 1st\./);
      assert.match(text, /by message to bob:2/);
      assert.deepEqual(await page.locator('.comparison tbody tr').first().locator('td').allTextContents(), ['alice', '3', '>', '1']);

      await press('c');
      await page.mouse.click(...(await pointOf(page, b1)));
      assert.equal(await page.locator('.comparison .summary').textContent(), 'alice:1 and bob:1 are concurrent: neither could have influenced the other.');
      assert.match((await page.locator('.comparison').textContent())!, /bob:1 has not seen alice:1: bob:1 knows 0 of alice's events, alice:1 is alice's 1st\./);
    });

    it('opens the selected event’s line in the editor', async () => {
      await cart();
      const e = await eventId(page, 'carol:4');
      await js(page, `globalThis.causeway.select(${e})`);
      await press('Enter');
      await page.mouse.dblclick(...(await pointOf(page, await eventId(page, 'bob:3'))));
      const lines = (await posted(page, 'openLine')).map((m) => m.line);
      assert.deepEqual(lines, [await app(`t.view.line[${e}]`), await app(`t.view.line[${await eventId(page, 'bob:3')}]`)]);
    });
  });

  describe('conflicts and findings', () => {
    it('jumps through the conflicts: selects the winner, compares it with a losing write, draws it joined', async () => {
      await cart();
      await press('n');
      assert.equal(await app('currentConflict'), 0);
      const c1 = await js<{ winners: number[]; events: number[]; rule: string }>(page, 'globalThis.causeway.t.view.conflicts.at(0)');
      assert.equal(await app('selected'), c1.winners[0]);
      assert.equal(await app('compare'), c1.events.find((e) => e !== c1.winners[0]));
      assert.match((await page.locator('.comparison .summary').textContent())!, /are concurrent/);
      assert.match((await page.locator('.status').textContent())!, new RegExp(`Conflict c1 \\(1 of 2\\) on \\w+: ${c1.rule}`));
      await press('n');
      assert.equal(await app('currentConflict'), 1);
      const c2 = await js<{ winners: number[]; events: number[] }>(page, 'globalThis.causeway.t.view.conflicts.at(1)');
      assert.notEqual(c2.winners[0], c2.events[0], 'c2 is won by its later write (add wins over the earlier remove)');
      assert.equal(await app('selected'), c2.winners[0]);
      await press('Shift+N');
      assert.equal(await app('currentConflict'), 0);
      await page.getByRole('tab', { name: /^Conflicts/ }).click();
      await page.locator('.vlist-row', { hasText: 'c2' }).click();
      assert.equal(await app('currentConflict'), 1);
      assert.match((await page.locator('.conflict-note').textContent())!, /^c2: 2 concurrent writes to (cart|title)/);
      assert.equal((await js<{ conflicts: number }>(page, 'globalThis.host.probe.stats()')).conflicts, 2);
      await page.getByRole('tab', { name: 'Details' }).click();
    });

    it('jumps to a finding and says what it is', async () => {
      await cart();
      await press('f');
      assert.equal(await selectedId(), 'bob:8');
      assert.match((await page.locator('.status').textContent())!, /warning \(1 of 1\), line \d+: bob’s clock jumps/);
    });
  });

  describe('hide, collapse, filter, search, go to', () => {
    it('hides a replica and draws the messages through it as dashed edges', async () => {
      await cart();
      await js(page, `globalThis.causeway.select(${await eventId(page, 'bob:1')})`);
      await press('h');
      await until(page, "document.querySelectorAll('.lane-name').length === 2");
      assert.deepEqual(await page.locator('.lane-name .replica').allTextContents(), ['alice', 'carol']);
      await js(page, 'globalThis.causeway.diagram.fit(), globalThis.causeway.diagram.renderNow()');
      const s = await js<{ dashed: number; glyphs: number }>(page, 'globalThis.host.probe.stats()');
      assert.ok(s.dashed >= 2, `${s.dashed} dashed edges`);
      assert.equal(s.glyphs, 18);
      await (await toolbarControl(page.getByRole('button', { name: 'Show 1 hidden' }))).click();
      await until(page, "document.querySelectorAll('.lane-name').length === 3");
      assert.equal((await js<{ dashed: number }>(page, 'globalThis.host.probe.stats()')).dashed, 0);
    });

    it('collapses runs of local events into one glyph', async () => {
      await cart();
      await (await toolbarControl(page.getByLabel('Collapse local runs'))).click();
      await until(page, 'globalThis.causeway.controls.collapse');
      await js(page, 'globalThis.causeway.diagram.renderNow()');
      assert.equal((await js<{ glyphs: number }>(page, 'globalThis.host.probe.stats()')).glyphs, 25, "alice's three autosaves become one");
      assert.equal(await app('t.layout.runLength[' + (await eventId(page, 'alice:4')) + ']'), 3);
      await js(page, `globalThis.causeway.select(${await eventId(page, 'alice:3')})`);
      await press('ArrowRight', 'ArrowRight');
      assert.equal(await selectedId(), 'alice:7', 'the keyboard steps over folded events');
    });

    it('filters by key and by replica, fading the rest', async () => {
      await cart();
      await js(page, 'globalThis.causeway.controls.setKeyFilter(2), globalThis.causeway.diagram.renderNow()');
      await until(page, "document.querySelectorAll('.lane-name')[0].querySelectorAll('.row-name').length === 2");
      assert.deepEqual(await page.locator('.lane-name').first().locator('.row-name').allTextContents(), ['title', 'buffer']);
      await js(page, 'globalThis.causeway.controls.setReplicaFilter(1), globalThis.causeway.diagram.renderNow()');
      const [x, y] = await pointOf(page, await eventId(page, 'alice:1'));
      const box = (await page.locator('canvas.diagram-canvas').boundingBox())!;
      const faded = (await js<number[]>(page, `globalThis.host.probe.pixel(${x - box.x}, ${y - box.y})`)).slice(0, 3);
      assert.notDeepEqual(faded, [0x37, 0x94, 0xff], 'a filtered-out op is faded');
    });

    it('searches by field, word and regular expression, and steps through the matches', async () => {
      await cart();
      await page.locator('input.search').click();
      await page.keyboard.type('kind:receive replica:bob');
      await until(page, "document.querySelector('.find .count').textContent === '3 matches'");
      await page.keyboard.press('Enter');
      assert.equal(await selectedId(), 'bob:2');
      await page.keyboard.press('F3');
      assert.equal(await selectedId(), 'bob:5');
      await page.keyboard.press('Shift+F3');
      assert.equal(await selectedId(), 'bob:2');
      await page.locator('input.search').click();
      await page.keyboard.press('Control+A');
      await page.keyboard.type('/m[/');
      await until(page, "document.querySelector('.find .count').textContent.includes('not a valid regular expression')");
    });

    it('goes to an event by line, by id, and by a custom id the host resolves', async () => {
      await cart();
      const goTo = async (text: string) => {
        await page.locator('input.goto').click();
        await page.keyboard.press('Control+A');
        await page.keyboard.type(text);
        await page.keyboard.press('Enter');
      };
      const e = await eventId(page, 'carol:2');
      await goTo(`line ${await app(`t.view.line[${e}]`)}`);
      assert.equal(await selectedId(), 'carol:2');
      await goTo('bob:7');
      assert.equal(await selectedId(), 'bob:7');
      await goTo('no-such-event');
      await until(page, "globalThis.host.posted('findEvent').length === 1");
      await until(page, "document.querySelector('.status').textContent === 'No event no-such-event in this trace.'");
      assert.equal(await selectedId(), 'bob:7');
    });
  });

  describe('step cursor', () => {
    it('follows the host, dims what comes after, and tells the host when the user moves it', async () => {
      await cart({ step: 5 });
      const late = await eventId(page, 'bob:6'); // a receive: drawn in charts.purple
      const [x, y] = await pointOf(page, late);
      const box = (await page.locator('canvas.diagram-canvas').boundingBox())!;
      const glyph = async () => (await js<number[]>(page, `globalThis.host.probe.pixel(${x - box.x}, ${y - box.y})`)).slice(0, 3);
      const purple = [0xb1, 0x80, 0xd7];
      assert.notDeepEqual(await glyph(), purple, 'after the cursor: dimmed');
      assert.equal(await page.locator('.toolbar .step').textContent(), 'step 5 of 26');
      await js(page, 'globalThis.host.setStep(26)');
      await until(page, 'globalThis.causeway.step === 26');
      await js(page, 'globalThis.causeway.diagram.renderNow()');
      assert.deepEqual(await glyph(), purple, 'at or before the cursor: full colour');
      assert.deepEqual(await posted(page, 'stepChanged'), [], 'a step set by the host is not echoed');
      await press('[', '[', 'Shift+BracketLeft');
      assert.deepEqual((await posted(page, 'stepChanged')).map((m) => m.step), [25, 24, 14]);
      await js(page, `globalThis.causeway.select(${await eventId(page, 'carol:2')})`);
      await press('t');
      assert.equal((await posted(page, 'stepChanged')).at(-1)!.step, await app(`t.view.step[${await eventId(page, 'carol:2')}]`));
      await (await toolbarControl(page.getByRole('button', { name: 'Step forward' }))).click();
      assert.equal(await page.locator('.toolbar .step').textContent(), `step ${(await posted(page, 'stepChanged')).at(-1)!.step} of 26`);
    });
  });

  describe('state across reloads', () => {
    it('keeps selection, step, zoom and settings in the webview state and restores them', async () => {
      await cart();
      const e = await eventId(page, 'carol:3');
      await js(page, `globalThis.causeway.select(${e}), globalThis.causeway.setStep(10, 'user'), globalThis.causeway.controls.setCollapse(true), globalThis.causeway.diagram.zoomBy(2)`);
      await js(page, 'globalThis.causeway.persist()');
      const state = await js<{ selected: number; step: number; collapse: boolean; k: number }>(page, 'globalThis.__state');
      assert.equal(state.selected, e);
      assert.equal(state.step, 10);
      assert.equal(state.collapse, true);
      const restored = await openFixture(browser(), { state });
      await loadExample(restored, 'shopping-cart', { keepState: true });
      assert.equal(await js(restored, 'globalThis.causeway.selected'), e);
      assert.equal(await js(restored, 'globalThis.causeway.step'), 10);
      assert.equal(await js(restored, 'globalThis.causeway.controls.collapse'), true);
      assert.ok(Math.abs((await js<number>(restored, 'globalThis.causeway.diagram.k')) - state.k) < 1e-9);
      await until(restored, "document.querySelector('.details h2').textContent.includes('carol:3')");
      await restored.close();
    });
  });
});
