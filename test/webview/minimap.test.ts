// The minimap's picture read back pixel by pixel: each lane is shaded exactly in the columns
// where it has events, and every conflict has its mark, however many there are.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { js, loadRandom, openFixture, useBrowser } from './page';

const browser = useBrowser({ before, after });

/** What the page finds in the minimap's cached picture, against what the layout and conflicts say it should show. */
interface Reading {
  /** Lane slot and CSS column (2 px wide) where painted and "has events" disagree. */
  laneMismatches: [number, number][];
  laneColumns: number;
  paintedLaneColumns: number;
  /** Device pixel columns of the conflict strip where painted and "a conflict starts here" disagree. */
  conflictMismatches: number[];
  conflictColumns: number;
  conflicts: number;
}

/** Reads the picture in the page; the drawing code is not used to compute what is expected. */
const READ = `(() => {
  const app = globalThis.causeway, layout = app.t.layout, annotations = app.t.annotations;
  const minimap = app.diagram.minimap, picture = minimap.picture;
  const W = minimap.cssWidth, H = minimap.cssHeight, dpr = picture.width / W;
  const data = picture.getContext('2d').getImageData(0, 0, picture.width, picture.height).data;
  const background = (x, y) => { const i = (y * picture.width + x) * 4; return [data[i], data[i + 1], data[i + 2]]; };
  const bg = background(0, 0);
  const painted = (x, y) => background(x, y).some((c, k) => Math.abs(c - bg[k]) > 8);
  const total = layout.maxPos + 1, lanes = layout.lanes.length, laneH = H / lanes;
  const count = (r, pos) => { let n = 0; for (let m = 0; m < app.t.index.laneSize(r); m++) if (layout.pos(app.t.index.laneEvent(r, m)) < pos) n++; return n; };
  const laneMismatches = []; let laneColumns = 0, paintedLaneColumns = 0;
  layout.lanes.forEach((r, slot) => {
    // Above the middle: the last lane's middle is under the conflict marks.
    const y = Math.floor((slot + 0.35) * laneH * dpr);
    for (let x = 0; x + 2 <= W; x += 2) {
      const has = count(r, ((x + 2) / W) * total) - count(r, (x / W) * total) > 0;
      const shown = painted(Math.floor((x + 1) * dpr), y);
      laneColumns++;
      if (shown) paintedLaneColumns++;
      if (has !== shown) laneMismatches.push([slot, x]);
    }
  });
  const columns = Math.round(W * dpr), starts = new Uint8Array(columns);
  for (let n = 0; n < annotations.conflicts.length; n++) {
    let lo = Infinity;
    for (const e of annotations.conflicts.events(n)) lo = Math.min(lo, layout.pos(e));
    starts[Math.min(columns - 1, Math.floor((lo / total) * columns))] = 1;
  }
  const conflictMismatches = [];
  const y = Math.floor(H * dpr) - 1; // the last row: below the last lane's shading
  for (let x = 0; x < columns; x++) if ((starts[x] === 1) !== painted(x, y)) conflictMismatches.push(x);
  return { laneMismatches, laneColumns, paintedLaneColumns, conflictMismatches, conflictColumns: starts.reduce((a, b) => a + b, 0), conflicts: annotations.conflicts.length };
})()`;

describe('the minimap', () => {
  for (const [events, replicas] of [[3000, 4], [40000, 8]] as const) {
    it(`shades each lane where it has events and marks every conflict (${events} random events on ${replicas} replicas)`, async () => {
      const page = await openFixture(browser());
      await loadRandom(page, { events, replicas, seed: 11 });
      await js(page, 'globalThis.causeway.diagram.renderNow()');
      const r = await js<Reading>(page, READ);
      assert.ok(r.conflicts > 0 && r.conflictColumns > 0, 'the trace has conflicts');
      assert.ok(r.paintedLaneColumns > 0 && r.paintedLaneColumns < r.laneColumns || events > 10000, 'some columns are empty at a few events per lane');
      assert.deepEqual(r.laneMismatches, [], `lanes painted where they have no events, or empty where they have (of ${r.laneColumns} columns)`);
      assert.deepEqual(r.conflictMismatches, [], `conflict marks missing or misplaced (of ${r.conflictColumns} columns with a conflict)`);
      await page.close();
    });
  }
});
