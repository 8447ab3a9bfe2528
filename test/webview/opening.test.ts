// Opening a trace, as the editor shows it: progress with Cancel before anything has arrived, a calm
// "cancelled, Reopen" view (never an error), why a file failed, and a view sent in parts drawn
// exactly as the same view sent in one message.

import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { encodeView } from '../../engine/view/view-parts';
import type { HostToWebview } from '../../webview/protocol';
import { engineView, toWire } from './engine-views';
import { js, loadWire, openFixture, posted, until, useBrowser } from './page';

const context = useBrowser({ before, after });

function send(page: Page, message: HostToWebview): Promise<unknown> {
  return js(page, `window.postMessage(${JSON.stringify(message)}, '*')`);
}

const openingText = (page: Page) => js<string>(page, "document.querySelector('.opening').hidden ? '' : document.querySelector('.opening').innerText.replace(/\\s+/g, ' ').trim()");

/** The opening bar's text once it matches `expected` (messages are handled in order, after any load still drawing), or as it is after 5 s. */
async function openingTextOnce(page: Page, expected: RegExp): Promise<string> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const text = await openingText(page);
    if (expected.test(text) || Date.now() > deadline) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function click(page: Page, label: string): Promise<void> {
  await page.locator('.opening button', { hasText: label }).click();
}

describe('opening a trace in the editor', () => {
  it('shows progress with Cancel as soon as the page runs, before anything arrives, and Cancel asks the host to stop', async () => {
    const page = await openFixture(context());
    assert.match(await openingText(page), /^Opening .* Starting… · Cancel$/);
    await send(page, { type: 'opening', name: 'big.causal.jsonl', stage: 'reading', percent: 34.7 });
    assert.equal(await openingText(page), 'Opening big.causal.jsonl Reading… 34% · Cancel');
    assert.equal(await js(page, "document.querySelector('.opening [role=progressbar]').getAttribute('aria-valuenow')"), '34');
    await click(page, 'Cancel');
    await until(page, "globalThis.host.posted('cancelOpening').length === 1");
    await page.close();
  });

  it('says calmly that opening was cancelled and offers Reopen', async () => {
    const page = await openFixture(context());
    await send(page, { type: 'notOpened', name: 'big.causal.jsonl', reason: 'cancelled' });
    const text = await openingText(page);
    assert.equal(text, 'big.causal.jsonl Opening was cancelled · Reopen');
    assert.doesNotMatch(text, /error/i);
    await click(page, 'Reopen');
    await until(page, "globalThis.host.posted('reopen').length === 1");
    assert.deepEqual(await posted(page, 'reopen'), [{ type: 'reopen' }]);
    await send(page, { type: 'opening', name: 'big.causal.jsonl', stage: 'analysing' });
    assert.equal(await openingText(page), 'Opening big.causal.jsonl Analysing causality… · Cancel');
    await send(page, { type: 'opening', name: 'big.causal.jsonl', stage: 'checking' });
    assert.equal(await openingText(page), 'Opening big.causal.jsonl Checking the replayed states… · Cancel');
    await send(page, { type: 'opening', name: 'big.causal.jsonl', stage: 'drawing', percent: 0 });
    assert.equal(await openingText(page), 'Opening big.causal.jsonl Drawing… 0% · Cancel');
    assert.equal(await js(page, "document.querySelector('.opening [role=progressbar]').getAttribute('aria-valuenow')"), '0', 'the drawing has a determinate meter');
    await page.close();
  });

  it('says why a file could not be opened, with Reopen and Open as Text', async () => {
    const page = await openFixture(context());
    await send(page, { type: 'notOpened', name: 'empty.log', reason: 'failed', message: 'empty.log holds no events to show.' });
    assert.equal(await openingText(page), 'empty.log could not be opened empty.log holds no events to show. Reopen · Open as Text');
    await click(page, 'Open as Text');
    await until(page, "globalThis.host.posted('reopen').length === 1");
    assert.deepEqual(await posted(page, 'reopen'), [{ type: 'reopen', asText: true }]);
    await page.close();
  });

  it('draws a view sent in parts exactly as the same view sent in one message, and hides the progress', async () => {
    const trace = engineView('partition-heals.causal.jsonl');
    const wire = toWire(trace);
    const whole = await openFixture(context());
    await loadWire(whole, wire);
    const inParts = await openFixture(context());
    const parts = encodeView(trace.view, trace.buffers).map((p) => Buffer.from(p).toString('base64'));
    await js(inParts, `globalThis.host.loadInParts(${JSON.stringify(wire)}, ${JSON.stringify(parts)})`);
    await until(inParts, "globalThis.host.posted('loaded').length === 1");
    assert.equal(await openingText(inParts), '');
    await send(inParts, { type: 'opening', name: 'partition-heals.causal.jsonl', stage: 'drawing', percent: 0 });
    assert.equal(await openingText(inParts), '', 'a trace drawn already stays in view while another execution is drawn');
    const [a, b] = await Promise.all([whole.screenshot(), inParts.screenshot()]);
    assert.ok(a.equals(b), 'the two pages differ');
    const events = (p: Page) => posted(p, 'loaded').then((l) => l[0].events);
    assert.equal(await events(inParts), await events(whole));
    await Promise.all([whole.close(), inParts.close()]);
  });

  it("draws a long file's first view under the progress, once however often it comes, says its conflicts and findings are still being read, and the whole trace replaces it", async () => {
    const trace = engineView('partition-heals.causal.jsonl');
    const page = await openFixture(context());
    await send(page, { type: 'opening', name: 'big.causal.jsonl', stage: 'reading', percent: 12 });
    const first = { ...trace.view, conflicts: [], findings: [] };
    const parts = encodeView(first, []).map((p) => Buffer.from(p).toString('base64'));
    // As the extension sends a first view: its parts within the one `loadParts` message, early and again once the page is ready.
    const sendFirstView = `globalThis.host.loadInParts(${JSON.stringify(toWire({ ...trace, view: first, buffers: [] }))}, ${JSON.stringify(parts)}, { firstView: true }, true)`;
    await js(page, sendFirstView);
    await until(page, "globalThis.host.posted('loaded').length === 1");
    assert.deepEqual(await posted(page, 'loaded').then((l) => [l[0].events, l[0].firstView]), [trace.view.size, true]);
    assert.equal(await openingText(page), `Opening big.causal.jsonl: its first ${trace.view.size} events are shown Reading… 12% · Cancel`);
    await send(page, { type: 'opening', name: 'big.causal.jsonl', stage: 'reading', percent: 40 });
    assert.match(await openingTextOnce(page, /40%/), /its first \d+ events are shown Reading… 40% · Cancel$/);
    const sideText = () => js<string>(page, "document.querySelector('.side').innerText.replace(/\\s+/g, ' ')");
    await page.locator('[role=tab]', { hasText: 'Conflicts' }).click();
    assert.match(await sideText(), /Conflicts \(…\).*Not read whole yet: the conflicts are listed once the trace is open\./);
    assert.doesNotMatch(await sideText(), /No conflicts/);
    // Nothing drawn under the bar is out of reach: the diagram stays usable while the rest is read.
    assert.ok(await js<boolean>(page, "document.querySelector('.opening').getBoundingClientRect().top > window.innerHeight / 2"));
    await js(page, sendFirstView);
    await loadWire(page, toWire(trace), true);
    await until(page, "globalThis.host.posted('loaded').length >= 2");
    assert.deepEqual(await posted(page, 'loaded').then((l) => l.map((m) => m.firstView === true)), [true, false], 'the first view is drawn once, then the whole trace');
    assert.equal(await openingText(page), '');
    assert.match(await sideText(), new RegExp(`Conflicts \\(${trace.view.conflicts.length}\\)`));
    await page.close();
  });

  it('says in numbers why a file is too large to open whole, over its first view (arriving after it), and offers the ranges that fit, each opening with one click', async () => {
    const trace = engineView('partition-heals.causal.jsonl');
    const page = await openFixture(context());
    const estimate = { fileBytes: 2_982_337_910, events: 10_173_323, neededBytes: 6_797_542_514, limitBytes: 2 ** 31, rangeEvents: 3_200_000, rangeBytes: 938_088_898, sampleEvents: 4340, sampleBytes: 1_048_484 };
    await send(page, { type: 'tooLarge', name: 'huge.causal.jsonl', estimate });
    // The first view's parts cross after the offer (a webview made while it is shown gets both): the offer stays.
    const first = { ...trace.view, conflicts: [], findings: [] };
    const parts = encodeView(first, []).map((p) => Buffer.from(p).toString('base64'));
    await js(page, `globalThis.host.loadInParts(${JSON.stringify(toWire({ ...trace, view: first, buffers: [] }))}, ${JSON.stringify(parts)}, { firstView: true })`);
    await until(page, "globalThis.host.posted('loaded').length === 1");
    assert.equal(
      await openingText(page),
      `huge.causal.jsonl is too large to open whole: its first ${trace.view.size} events are shown ` +
        "It holds about 10,000,000 events (2.8 GB): opened whole, they would take about 6.3 GB of memory, more than the editor's limit of 2.0 GB (setting causeway.maxEditorMemoryMB). " +
        'A range of its first events is checked on its own: its findings cover only that range. ' +
        'Open the first 3,200,000 events · Open the first 4,340 events · Cancel',
    );
    assert.ok(await js<boolean>(page, "document.activeElement.textContent === 'Open the first 3,200,000 events'"), 'the range that fits has the focus');
    assert.ok(await js<boolean>(page, "document.querySelector('.opening').getBoundingClientRect().top > window.innerHeight / 2"), 'the first view stays usable above it');
    await page.locator('[role=tab]', { hasText: 'Findings' }).click();
    const side = await js<string>(page, "document.querySelector('.side').innerText.replace(/\\s+/g, ' ')");
    assert.match(side, /Findings \(…\).*Not read whole yet: what the checks find is listed once the trace is open\./, 'never "no findings" for a trace not read whole');
    await click(page, 'Open the first 3,200,000 events');
    await click(page, 'Open the first 4,340 events');
    await until(page, "globalThis.host.posted('openRange').length === 2");
    assert.deepEqual(await posted(page, 'openRange'), [{ type: 'openRange', bytes: 938_088_898 }, { type: 'openRange', bytes: 1_048_484 }]);
    await send(page, { type: 'opening', name: 'huge.causal.jsonl', stage: 'reading', percent: 3 });
    assert.equal(await openingTextOnce(page, /3%/), `Opening huge.causal.jsonl: its first ${trace.view.size} events are shown Reading… 3% · Cancel`);
    await page.close();
  });
});
