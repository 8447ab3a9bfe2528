// An event's fields read as `key: value` in the hover tooltip and the details panel: ShiViz's
// facebook.log, whose parser captures ip, date and action, shows each one by name, not a JSON blob.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { toWire } from './engine-views';
import { GALLERY_TRACES } from './gallery-traces';
import { js, loadWire, openFixture, pointOf, until, useBrowser } from './page';

const browser = useBrowser({ before, after });

describe('fields in words', () => {
  it('shows the captured fields of facebook.log as key: value in the tooltip and in Details', async () => {
    const page = await openFixture(browser());
    await page.setViewportSize({ width: 1400, height: 720 });
    await loadWire(page, toWire(GALLERY_TRACES.find((t) => t.name === 'shiviz-facebook')!.load()));
    await js(page, 'globalThis.causeway.diagram.fit(), globalThis.causeway.diagram.renderNow(true)');
    const [x, y] = await pointOf(page, 0);
    await page.mouse.move(x, y);
    await until(page, "document.querySelector('.tooltip').textContent.includes('ip: ')");
    const tip = (await page.locator('.tooltip').textContent())!;
    for (const line of ['ip: 24.22.130.14', 'date: 5/27/2013 10:53:39 AM', 'action: GET']) assert.ok(tip.includes(line), `tooltip has "${line}": ${tip}`);
    assert.ok(!tip.includes('{"'), `no raw JSON in the tooltip: ${tip}`);
    assert.ok(!tip.includes('\\u000a'), `the tooltip's lines are lines, not escaped line breaks: ${tip}`);
    assert.ok((await page.locator('.tooltip > div').count()) >= 4, 'one element a line');
    await page.mouse.click(x, y);
    await until(page, "document.querySelector('.details dl.fields') && document.querySelector('.details').textContent.includes('24.22.130.14')");
    const rows = await js<string[]>(page, "Array.from(document.querySelectorAll('.details dl.fields dt'), (dt) => dt.textContent + ': ' + dt.nextElementSibling.textContent)");
    assert.ok(rows.includes('ip: 24.22.130.14'), rows.join('\n'));
    assert.ok(rows.includes('action: GET'), rows.join('\n'));
    assert.ok(!rows.some((r) => r.startsWith('fields: ')), 'the nested fields object is unfolded');
    await page.close();
  });
});
