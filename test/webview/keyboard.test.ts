// The webview without a mouse, in Chromium: after each action the focus stays on the control the
// user acted on (re-drawn or not), the toolbar and the tab list are one Tab stop each with arrow
// keys inside, the More menu and the Events grid work from the keyboard, and the status line
// says each change in one short sentence.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { eventId, js, loadExample, openFixture, until, useBrowser } from './page';

let page: Page;

const app = <T>(expr: string) => js<T>(page, `globalThis.causeway.${expr}`);
/** What has the focus: its tag, its accessible name or text, and its focus key. */
const focused = () =>
  js<string>(page, `(() => { const a = document.activeElement; return a ? \`\${a.tagName.toLowerCase()} \${a.getAttribute('aria-label') ?? a.textContent.trim().slice(0, 40)} \${a.dataset.focusKey ?? ''}\`.trim() : 'none'; })()`);
const status = async () => (await page.locator('.status').textContent())!;

async function cart(): Promise<void> {
  await loadExample(page, 'shopping-cart');
  await js(page, 'globalThis.host.clearPosted()');
}

describe('the webview by keyboard', () => {
  const browser = useBrowser({ before, after });
  before(async () => {
    page = await openFixture(browser());
  });

  it('keeps the focus on a conflict row after Enter; the next arrow moves in the list, not in the diagram', async () => {
    await cart();
    await page.getByRole('tab', { name: /^Conflicts/ }).click();
    await page.getByRole('button', { name: /^c2/ }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await app('currentConflict'), 1);
    assert.match(await focused(), /^button c2.* 1$/);
    await page.keyboard.press('ArrowUp');
    assert.equal(await app('currentConflict'), 0, 'ArrowUp moved to the first conflict');
    assert.match(await focused(), /^button c1.* 0$/);
    assert.equal(await page.getByRole('list', { name: 'Conflicts' }).getByRole('listitem').count(), 2, 'each row is a button in a list item');
  });

  it('keeps the focus on a Replicas checkbox after Space; a stray H then hides nothing', async () => {
    await cart();
    await page.getByRole('tab', { name: 'Replicas' }).click();
    await page.getByRole('checkbox', { name: 'bob' }).focus();
    await page.keyboard.press('Space');
    assert.deepEqual(await js(page, '[...globalThis.causeway.controls.hidden]'), [1]);
    assert.equal(await focused(), 'input  1', 'the re-drawn checkbox of bob');
    await js(page, `globalThis.causeway.select(${await eventId(page, 'alice:3')})`);
    await page.keyboard.press('h');
    assert.deepEqual(await js(page, '[...globalThis.causeway.controls.hidden]'), [1], 'H did not reach the diagram');
    await page.keyboard.press('Space');
    assert.deepEqual(await js(page, '[...globalThis.causeway.controls.hidden]'), []);
    assert.equal(await status(), 'All replicas shown.');
  });

  it('keeps the focus on Compare… and on Step to here after pressing them', async () => {
    await cart();
    await page.getByRole('tab', { name: 'Details' }).click();
    await js(page, `globalThis.causeway.select(${await eventId(page, 'alice:3')})`);
    await until(page, "document.querySelector('.details [data-focus-key=compare]')");
    await page.locator('.details [data-focus-key=compare]').focus();
    await page.keyboard.press('Enter');
    assert.equal(await app('compare'), await eventId(page, 'alice:3'), 'the event is pinned');
    assert.match(await focused(), /^button Compare… compare$/);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Space');
    assert.match(await focused(), /^button Step to here step$/);
    assert.match(await status(), /^Step \d+ of 26: alice:3\.$/);
  });

  it('makes the toolbar one Tab stop with arrow keys inside, opens the More menu from it, and goes back to the diagram on Escape', async () => {
    await page.setViewportSize({ width: 800, height: 700 });
    await cart();
    await page.getByRole('button', { name: 'Next match' }).focus();
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'button Fit');
    await page.keyboard.press('ArrowRight');
    assert.equal(await focused(), 'button Zoom out');
    await page.keyboard.press('Tab');
    assert.doesNotMatch(await js<string>(page, "document.activeElement.closest('[role=toolbar]') ? 'in' : 'out'"), /^in$/, 'one Tab leaves the toolbar');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), 'button Zoom out', 'Shift+Tab comes back to the control last used');
    await page.keyboard.press('End');
    assert.equal(await focused(), 'button Keyboard help');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), 'button More');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByRole('group', { name: 'More diagram controls' }).isVisible(), true);
    assert.notEqual(await js(page, "document.activeElement.closest('.overflow-menu') !== null"), false, 'the focus is in the menu');
    await page.keyboard.press('Escape');
    assert.equal(await page.getByRole('group', { name: 'More diagram controls' }).isVisible(), false);
    assert.equal(await focused(), 'button More');
    await page.keyboard.press('Escape');
    assert.equal(await js(page, "document.activeElement.classList.contains('diagram-canvas')"), true, 'Escape in the bar goes back to the diagram');
    await page.setViewportSize({ width: 1400, height: 820 });
  });

  it('switches tabs with the arrow keys, Enter and Space, the tab list being one Tab stop', async () => {
    await cart();
    const details = page.getByRole('tab', { name: 'Details' });
    await details.click();
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Conflicts (2)');
    await page.keyboard.press('End');
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Events');
    await page.getByRole('tab', { name: 'Replicas' }).focus();
    await page.keyboard.press('Space');
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Replicas');
    await page.getByRole('tab', { name: 'Details' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.getByRole('tab', { selected: true }).textContent(), 'Details');
    assert.equal(await js(page, "[...document.querySelectorAll('[role=tab]')].filter((t) => t.tabIndex === 0).length"), 1);
  });

  it('walks the diagram as a grid of the events in view, in step with the selection', async () => {
    await cart();
    await js(page, `globalThis.causeway.select(${await eventId(page, 'bob:2')})`);
    await page.getByRole('tab', { name: 'Events' }).click();
    await until(page, "document.querySelector('.event-grid tr[aria-selected=true]')");
    const row = page.locator('.event-grid tr[aria-selected=true]');
    assert.deepEqual((await row.locator('th, td').allTextContents()).slice(0, 2), ['bob:2', 'receive']);
    assert.equal(await page.getByRole('rowheader', { name: 'bob', exact: true }).count(), 1, 'under the lane name');
    assert.match((await row.textContent())!, /from alice:3/);
    await page.keyboard.press('Tab');
    assert.match(await focused(), /^div \d+ events in view/, 'the tab panel');
    await page.keyboard.press('Tab');
    assert.match(await focused(), /^th bob:2 \d+:0$/, 'the grid is one Tab stop, on the selected event');
    await page.keyboard.press('ArrowDown');
    assert.equal(await js(page, 'globalThis.causeway.t.index.defaultId(globalThis.causeway.selected)'), 'bob:3', 'ArrowDown selects the next event in the diagram');
    await until(page, "document.querySelector('.event-grid tr[aria-selected=true] th')?.textContent === 'bob:3'");
    assert.match(await focused(), /^th bob:3 \d+:0$/);
    assert.match(await status(), /^bob:3, /);
    await page.keyboard.press('ArrowRight');
    assert.match(await focused(), /^td \w+ \d+:1$/, 'ArrowRight moves to the kind');
    assert.equal(await page.getByRole('list', { name: 'Lanes' }).getByRole('listitem').count(), 3, 'the lane names are exposed');
  });

  it('says each change once, in short: a selection, Escape, the step cursor, the help', async () => {
    await cart();
    await js(page, `globalThis.causeway.select(${await eventId(page, 'alice:2')})`);
    await page.locator('canvas.diagram-canvas').focus();
    await page.keyboard.press('ArrowRight');
    assert.equal(await status(), 'alice:3, send to bob:2, line 4: 2 before, 21 after, 3 concurrent.');
    assert.equal(await js(page, "document.querySelectorAll('[aria-live]:not([aria-live=off]), [role=status]').length"), 2, 'the status and the match count are the only live regions');
    await js(page, "globalThis.__said = 0, new MutationObserver((records) => (globalThis.__said += records.length)).observe(document.querySelector('.status'), { childList: true, characterData: true, subtree: true })");
    await page.keyboard.press('n');
    assert.match(await status(), /^Conflict c1 \(1 of 2\)/, 'N says the conflict, not the selections on the way');
    assert.equal(await js(page, 'globalThis.__said'), 1, 'in one update of the status line');
    await page.keyboard.press('Escape');
    assert.equal(await status(), 'Selection cleared.');
    await page.keyboard.press('[');
    assert.match(await status(), /^Step 25 of 26: \w+:\d+\.$/);
    await page.keyboard.press('?');
    assert.equal(await page.locator('.details h2').textContent(), 'Keyboard');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('.details h2').count(), 0, 'Escape closed the help');
  });

  it('folds the side panel with its button and remembers it; the help unfolds it while open', async () => {
    await cart();
    await page.getByRole('button', { name: 'Side panel' }).click();
    assert.equal(await app('side.element.hidden'), true);
    assert.equal(await page.getByRole('button', { name: 'Side panel' }).getAttribute('aria-expanded'), 'false');
    await js(page, 'globalThis.causeway.persist()');
    assert.equal(await js(page, 'globalThis.__state.sideFolded'), true);
    await page.locator('canvas.diagram-canvas').focus();
    await page.keyboard.press('?');
    assert.equal(await app('side.element.hidden'), false, 'the help unfolds the panel');
    await page.keyboard.press('Escape');
    assert.equal(await app('side.element.hidden'), true, 'and closing it folds the panel again');
    await page.getByRole('button', { name: 'Side panel' }).click();
    assert.equal(await app('side.element.hidden'), false);
  });
});
