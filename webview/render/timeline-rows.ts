// Draws the state timelines under (or beside) each lane: one row per object key, counters as a
// step line, registers and sets as labelled segments, and the causal buffer where non-empty.
// Change points come from binary searches over the visible range of the lane.

import type { Json } from '../../engine/crdt/types';
import type { TimelineView } from '../../engine/view/model';
import { Timelines } from '../model/timelines';
import type { Scene } from './scene';
import { cutForPainter } from './labels';
import type { Painter } from './painter';

/** Above this many visible change points a row is drawn as a summary, without labels. */
const MAX_SEGMENTS = 1500;

export function drawTimelineRows(p: Painter, s: Scene, slots: number[], pLo: number, pHi: number): void {
  const { geo, palette, layout, index, timelines, rows } = s;
  const size = Math.max(9, Math.min(11, palette.fontSize - 2));
  const text = { color: palette.foreground, size, family: palette.fontFamily, align: 'left' as const, baseline: 'middle' as const };
  for (const slot of slots) {
    const r = layout.lanes[slot];
    const laneSize = index.laneSize(r);
    if (laneSize === 0) continue;
    const [lo, hi] = layout.laneRange(r, pLo, pHi);
    const stepLo = index.view.step[index.laneEvent(r, Math.max(0, lo - 1))];
    const stepHi = index.view.step[index.laneEvent(r, Math.min(laneSize - 1, hi))];
    const laneEnd = geo.screenT(layout.pos(index.laneEvent(r, laneSize - 1))) + Math.max(geo.k / 2, 4);
    /** Screen time of the lane event at which a change at `step` happened. */
    const tOf = (step: number) => {
      const c = index.countAtStepAtMost(r, step);
      return c === 0 ? geo.screenT(layout.pos(index.laneEvent(r, 0))) : geo.screenT(layout.pos(layout.shown(index.laneEvent(r, c - 1))));
    };
    rows.forEach((row, ri) => {
      const t = timelines.timeline(r, row.key);
      const l0 = geo.rowStart(slot, ri);
      const l1 = l0 + geo.rowSize;
      if (l1 < 0 || l0 > geo.laneLength) return;
      p.beginPath();
      p.moveTo(geo.x(0, l1), geo.y(0, l1));
      p.lineTo(geo.x(geo.timeLength, l1), geo.y(geo.timeLength, l1));
      p.stroke(palette.laneLine, 1, 0.2);
      if (!t || t.steps.length === 0) return;
      const jLo = Math.max(0, Timelines.changeAt(t, stepLo));
      const jHi = Timelines.changeAt(t, stepHi);
      if (jHi < 0) return;
      const dense = jHi - jLo > MAX_SEGMENTS;
      if (row.counter) drawCounter(p, s, t, jLo, jHi, l0, l1, tOf, laneEnd, dense, text);
      else drawSegments(p, s, t, jLo, jHi, l0, l1, tOf, laneEnd, dense, text, row.key < 0);
    });
  }
}

type TOf = (step: number) => number;

function drawCounter(
  p: Painter, s: Scene, t: TimelineView, jLo: number, jHi: number, l0: number, l1: number,
  tOf: TOf, laneEnd: number, dense: boolean, text: Parameters<Painter['text']>[3],
): void {
  const { geo, palette, timelines } = s;
  const [min, max] = timelines.range(t);
  const span = max - min || 1;
  const lOf = (v: Json) => l1 - 2 - ((Number(v) - min) / span) * (geo.rowSize - 4);
  p.beginPath();
  const stride = dense ? Math.ceil((jHi - jLo) / MAX_SEGMENTS) : 1;
  let prevL = lOf(t.values[jLo]);
  let first = true;
  for (let j = jLo; j <= jHi; j += stride) {
    const ta = Math.max(-4, tOf(t.steps[j]));
    const l = lOf(t.values[j]);
    if (first) p.moveTo(geo.x(ta, l), geo.y(ta, l));
    else {
      p.lineTo(geo.x(ta, prevL), geo.y(ta, prevL));
      p.lineTo(geo.x(ta, l), geo.y(ta, l));
    }
    first = false;
    prevL = l;
  }
  const end = Math.min(geo.timeLength + 4, jHi + 1 < t.steps.length ? tOf(t.steps[jHi + 1]) : laneEnd);
  p.lineTo(geo.x(end, prevL), geo.y(end, prevL));
  p.stroke(palette.series, 1);
  if (dense) return;
  for (let j = jLo; j <= jHi; j++) {
    const ta = tOf(t.steps[j]);
    const tb = j + 1 < t.steps.length ? tOf(t.steps[j + 1]) : laneEnd;
    const room = geo.horizontal ? tb - ta - 4 : geo.rowSize - 6;
    if ((geo.horizontal ? room : tb - ta) < 14) continue;
    const label = cutForPainter(p, Timelines.changeText(t, j), text, room);
    if (!label) continue;
    const l = (l0 + l1) / 2;
    p.text(label, geo.x(Math.max(ta, 0) + 3, l), geo.y(Math.max(ta, 0) + 3, l) + (geo.horizontal ? 0 : 5), { ...text, color: palette.muted });
  }
}

function drawSegments(
  p: Painter, s: Scene, t: TimelineView, jLo: number, jHi: number, l0: number, l1: number,
  tOf: TOf, laneEnd: number, dense: boolean, text: Parameters<Painter['text']>[3], buffer: boolean,
): void {
  const { geo, palette } = s;
  const shown = (v: Json) => !buffer || (Array.isArray(v) && v.length > 0);
  const stride = dense ? Math.ceil((jHi - jLo) / MAX_SEGMENTS) : 1;
  const spans: [number, number, number][] = [];
  for (let j = jLo; j <= jHi; j += stride) {
    if (!shown(t.values[j])) continue;
    const ta = Math.max(-4, tOf(t.steps[j]));
    const next = j + stride;
    const tb = Math.min(geo.timeLength + 4, next < t.steps.length ? tOf(t.steps[next]) : laneEnd);
    if (tb > ta) spans.push([ta, tb, j]);
  }
  for (const parity of [0, 1]) {
    p.beginPath();
    for (const [ta, tb, j] of spans) if (j % 2 === parity) geo.rectOn(p, ta + 0.5, tb - 0.5, l0 + 2, l1 - 2);
    p.fill(buffer ? palette.buffer : parity ? palette.segmentB : palette.segmentA, buffer ? 0.35 : 0.22);
  }
  if (dense) return;
  for (const [ta, tb, j] of spans) {
    const v = t.values[j];
    const room = geo.horizontal ? tb - ta - 6 : geo.rowSize - 6;
    if ((geo.horizontal ? room : tb - ta) < 12) continue;
    const label = buffer ? `${(v as Json[]).length} waiting` : Timelines.changeText(t, j);
    const fitted = cutForPainter(p, label, text, room);
    if (!fitted) continue;
    const l = (l0 + l1) / 2;
    if (geo.horizontal) p.text(fitted, ta + 3, l, text);
    else p.text(fitted, l0 + 3, ta + 7, text);
  }
}
