// Accessibility audit of the webview with axe-core (WCAG 2.0 A/AA and 2.1 AA rules) in the light,
// dark and high-contrast themes, in each state a user reaches: loaded, an event selected, two
// compared, each side-panel tab, the help, empty lists, and at a 500 px wide editor. Any violation fails.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { HostToWebview } from '../../webview/protocol';
import { engineView, toWire } from './engine-views';
import { eventId, js, loadExample, loadWire, openFixture, until, useBrowser } from './page';
import { THEMES, type ThemeName } from './themes';

/** axe's source, evaluated through the debugging protocol (the page's CSP rightly refuses an injected script tag). */
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** Runs axe on the whole page and returns each violation as one readable line per node. */
async function violations(page: Page): Promise<string[]> {
  if (!(await js<boolean>(page, 'typeof globalThis.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  await js(page, 'globalThis.causeway.diagram.renderNow()');
  await js(page, "globalThis.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice'] }, rules: { 'label-content-name-mismatch': { enabled: true } } }).then((r) => { globalThis.__axe = r.violations; })");
  await until(page, 'globalThis.__axe !== undefined', 20000);
  const found = await js<AxeViolation[]>(page, '(() => { const v = globalThis.__axe; globalThis.__axe = undefined; return v.map((x) => ({ id: x.id, help: x.help, nodes: x.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) })); })()');
  return found.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.help}) at ${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ')}`));
}

async function expectClean(page: Page, state: string): Promise<void> {
  const found = await violations(page);
  assert.deepEqual(found, [], `${state}: ${found.length} axe violation(s)\n${found.join('\n')}`);
}

const showTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name}`) }).click();

for (const theme of Object.keys(THEMES) as ThemeName[]) {
  describe(`axe finds no WCAG 2.1 AA violation in the ${theme} theme`, () => {
    const browser = useBrowser({ before, after });
    let page: Page;
    before(async () => {
      page = await openFixture(browser(), { theme });
    });

    it('opening with Cancel, then cancelled, then failed (before any trace)', async () => {
      const post = (message: HostToWebview) => js(page, `window.postMessage(${JSON.stringify(message)}, '*')`);
      await post({ type: 'opening', name: 'big.causal.jsonl', stage: 'reading', percent: 34 });
      await until(page, "document.querySelector('.opening [aria-valuenow]')");
      await expectClean(page, 'opening');
      await post({ type: 'notOpened', name: 'big.causal.jsonl', reason: 'cancelled' });
      await until(page, "document.querySelector('.opening[data-state=cancelled]')");
      await expectClean(page, 'cancelled');
      await post({ type: 'notOpened', name: 'big.causal.jsonl', reason: 'failed', message: 'big.causal.jsonl holds no events to show.' });
      await until(page, "document.querySelector('.opening[data-state=failed]')");
      await expectClean(page, 'failed');
    });

    it('loaded, with the help shown, then each tab', async () => {
      await loadExample(page, 'shopping-cart');
      await expectClean(page, 'loaded');
      await page.locator('canvas.diagram-canvas').focus();
      await page.keyboard.press('?');
      await expectClean(page, 'help');
      for (const tab of ['Conflicts', 'Findings', 'Replicas', 'Events']) {
        await showTab(page, tab);
        await expectClean(page, `${tab} tab`);
      }
      await until(page, "document.querySelectorAll('.event-grid tr[aria-selected]').length === 27");
      await expectClean(page, 'the events grid filled');
    });

    it('an event selected, then two compared', async () => {
      await loadExample(page, 'shopping-cart');
      await showTab(page, 'Details');
      await js(page, `globalThis.causeway.select(${await eventId(page, 'alice:3')})`);
      await until(page, "document.querySelector('.details table.clock')");
      await expectClean(page, 'selected');
      await js(page, `globalThis.causeway.select(${await eventId(page, 'bob:1')}, { compare: true })`);
      await until(page, "document.querySelector('.comparison')");
      await expectClean(page, 'compared');
    });

    it('a trace with no conflicts and no findings, each list empty', async () => {
      await loadWire(page, toWire(engineView('partition-heals.causal.jsonl')));
      for (const tab of ['Conflicts', 'Findings']) {
        await showTab(page, tab);
        assert.match((await page.getByRole('list', { name: tab }).textContent())!, new RegExp(`^No ${tab.toLowerCase()}`));
        await expectClean(page, `empty ${tab}`);
      }
    });

    it('at a 500 px wide editor, side panel folded and the toolbar overflowing', async () => {
      await page.setViewportSize({ width: 500, height: 700 });
      await loadExample(page, 'shopping-cart');
      assert.equal(await js(page, 'globalThis.causeway.side.element.hidden'), true, 'the side panel starts folded');
      const share = await js<number>(page, 'globalThis.causeway.diagram.canvas.clientWidth / window.innerWidth');
      assert.ok(share > 0.7, `the diagram's canvas keeps ${Math.round(share * 100)}% of the width`);
      await expectClean(page, 'narrow');
      await page.getByRole('button', { name: 'More' }).click();
      await expectClean(page, 'narrow, the More menu open');
      await page.setViewportSize({ width: 1000, height: 700 });
    });
  });
}
