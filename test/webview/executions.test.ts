// The executions picker in Chromium: a file with several executions lists them beside the title with
// their event counts, the one shown selected; choosing another asks the host for it; one execution
// shows no picker.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { js, loadExample, openFixture, posted, until, useBrowser } from './page';

let page: Page;

/** Sends the shown example again as execution `shown` of a file with these executions. */
async function loadAsExecutions(executions: { name: string; events: number }[], shown: number): Promise<void> {
  const before = (await posted(page, 'loaded')).length;
  await js(page, `globalThis.host.send({ type: 'load', view: { ...globalThis.causeway.t.view, conflicts: globalThis.causeway.t.view.conflicts.list() }, executions: ${JSON.stringify(executions)}, execution: ${shown} })`);
  await until(page, `globalThis.host.posted('loaded').length > ${before}`);
}

describe('executions picker', () => {
  const browser = useBrowser({ before, after });
  before(async () => {
    page = await openFixture(browser());
    await loadExample(page, 'shopping-cart');
  });

  it('lists every execution with its event count, the shown one selected, and asks the host for the one chosen', async () => {
    await loadAsExecutions([{ name: 'run 1', events: 1 }, { name: 'run 2', events: 13 }, { name: 'run 3', events: 2400 }], 1);
    const picker = page.locator('select.executions');
    assert.ok(await picker.isVisible());
    assert.deepEqual(await page.locator('select.executions option').allTextContents(), ['run 1 (1 event)', 'run 2 (13 events)', 'run 3 (2,400 events)']);
    assert.equal(await picker.inputValue(), '1');
    await js(page, 'globalThis.host.clearPosted()');
    await picker.selectOption('2');
    assert.deepEqual(await posted(page, 'chooseExecution'), [{ type: 'chooseExecution', execution: 2 }]);
  });

  it('shows no picker for a file with one execution', async () => {
    await loadAsExecutions([{ name: 'only', events: 13 }], 0);
    assert.equal(await page.locator('select.executions').isVisible(), false);
  });
});
