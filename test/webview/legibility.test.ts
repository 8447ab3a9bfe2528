// The gallery's traces (three ShiViz logs, a Zipkin trace of 172 spans, a 5,000-event simulator
// run, two examples) at Fit, in a 1400×720 window and a 600 px wide one, in a light, a dark and a
// high-contrast theme: no drawn label overflows its box or its lane, no two labels overlap, every
// visible lane is 8 px across or more, and text the chrome cuts short has its whole text a hover away.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { toWire } from './engine-views';
import { GALLERY_TRACES } from './gallery-traces';
import { js, loadRandom, loadWire, openFixture, until, useBrowser } from './page';
import type { DrawnLabel, DrawnLane } from './probe';
import type { ThemeName } from './themes';

const THEMES: ThemeName[] = ['light-modern', 'dark-modern', 'hc-dark'];
const SIZES = [
  { width: 1400, height: 720 },
  { width: 600, height: 720 },
];

type Label = DrawnLabel & { band: [number, number] | null };

/** What is wrong with the drawn text and lanes, in words (empty when nothing is). */
export async function legibilityProblems(page: Page): Promise<string[]> {
  const labels = await js<Label[]>(page, 'globalThis.host.probe.labels()');
  const lanes = await js<DrawnLane[]>(page, 'globalThis.host.probe.lanes()');
  const canvasWidth = await js<number>(page, 'globalThis.causeway.diagram.canvas.clientWidth');
  const horizontal = (await js<string>(page, 'globalThis.causeway.diagram.orientation')) === 'horizontal';
  const problems: string[] = [];
  for (const b of labels) {
    if (b.width > b.w + 0.01) problems.push(`"${b.text}" is ${b.width.toFixed(1)} px wide in a box of ${b.w} px`);
    if (b.x < 0 || b.x + b.w > canvasWidth + 0.5) problems.push(`"${b.text}" runs off the canvas (x ${b.x.toFixed(1)} to ${(b.x + b.w).toFixed(1)} of ${canvasWidth})`);
    if (b.band) {
      const [lo, hi] = horizontal ? [b.y, b.y + b.h] : [b.x, b.x + b.w];
      if (lo < b.band[0] - 0.5 || hi > b.band[1] + 0.5) problems.push(`"${b.text}" leaves its lane (${lo.toFixed(1)} to ${hi.toFixed(1)}, lane ${b.band[0].toFixed(1)} to ${b.band[1].toFixed(1)})`);
    }
  }
  for (let i = 0; i < labels.length; i++) {
    for (let j = i + 1; j < labels.length; j++) {
      const a = labels[i];
      const b = labels[j];
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) problems.push(`"${a.text}" and "${b.text}" overlap`);
    }
  }
  for (const lane of lanes) if (lane.end - lane.start < 8) problems.push(`lane ${lane.replica} is ${(lane.end - lane.start).toFixed(1)} px across`);
  // The chrome's text that CSS cuts short (lane names, the trace's title) keeps its whole text in a title.
  const cut = await js<string[]>(
    page,
    `Array.from(document.querySelectorAll('.lane-name .replica, .title .description')).filter((e) => e.scrollWidth > e.clientWidth + 1 && !(e.closest('[title]') && e.closest('[title]').title.includes(e.textContent))).map((e) => e.textContent)`,
  );
  for (const text of cut) problems.push(`"${text}" is cut short with no hover text`);
  return problems;
}

describe('legibility of real traces', () => {
  const context = useBrowser({ before, after });
  const wires = new Map<string, unknown>();

  for (const trace of GALLERY_TRACES) {
    for (const size of SIZES) {
      it(`${trace.name} at ${size.width}×${size.height}: labels fit, never overlap, lanes 8 px or more`, async () => {
        if (!wires.has(trace.name)) wires.set(trace.name, toWire(trace.load()));
        for (const theme of THEMES) {
          const page = await openFixture(context(), { theme });
          await page.setViewportSize(size);
          await loadWire(page, wires.get(trace.name));
          await js(page, 'globalThis.causeway.diagram.fit(), globalThis.causeway.diagram.renderNow(true)');
          const problems = await legibilityProblems(page);
          assert.deepEqual(problems.slice(0, 10), [], `${theme}: ${problems.length} problems`);
          const glyphs = (await js<string>(page, 'globalThis.host.probe.stats().mode')) === 'glyphs';
          if (size.width === 1400 && glyphs) assert.ok((await js<number>(page, 'globalThis.host.probe.labels().length')) > 0, `${theme}: event text is drawn at Fit`);
          await page.close();
        }
      });
    }
  }

  it("folds ShiViz's long local runs by default, and a fitted view stays fitted when they unfold", async () => {
    const page = await openFixture(context(), { theme: 'dark-modern' });
    await loadWire(page, toWire(GALLERY_TRACES.find((t) => t.name === 'shiviz-voldemort')!.load()));
    assert.equal(await js(page, 'globalThis.causeway.controls.collapse'), true, 'runs of hundreds of local events fold');
    assert.equal(await js(page, 'globalThis.causeway.t.layout.maxPos'), 23);
    await js(page, 'globalThis.causeway.controls.setCollapse(false)');
    assert.equal(await js(page, 'globalThis.causeway.t.layout.maxPos'), 791);
    assert.equal(await js(page, 'globalThis.causeway.diagram.k === globalThis.causeway.diagram.fitK(globalThis.causeway.t.layout)'), true, 'still fitted');
    await page.close();
  });

  it('labels a dense view once it rests, not in each frame of a pan', async () => {
    const page = await openFixture(context(), { theme: 'dark-modern' });
    await loadRandom(page, { events: 100_000, replicas: 16, seed: 3 });
    await js(page, 'globalThis.causeway.diagram.setView(20, 0), globalThis.causeway.diagram.panBy(40), globalThis.causeway.diagram.renderNow()');
    assert.equal(await js(page, 'globalThis.host.probe.stats().labels'), 0, 'no labels while moving');
    await until(page, 'globalThis.host.probe.stats().labels > 0', 2000);
    await page.close();
  });
});
