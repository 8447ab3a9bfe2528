// The log column: each visible event's label beside its place in time, as ShiViz shows log text
// beside its diagram — a column right of the lanes when time runs down, a strip under the lanes
// when it runs across. Redrawn with every frame (it follows pan, zoom, hidden lanes and folded
// runs); a click on an entry selects its event. At most one entry per few pixels of time.

import { displayText } from '../../engine/util/display-text';
import type { Layout } from '../model/layout';
import { KIND_NAMES, type TraceIndex } from '../model/trace-index';
import type { Geometry } from '../render/geometry';
import { el } from './dom';
import { labelOf } from '../../engine/view/model';

/** Height of an entry; in the vertical column, also the time span that shows at most one entry. */
const ENTRY_HEIGHT = 18;
/** Rows of the horizontal strip, the time span (px) that offers one entry, and an entry's widest. */
const STRIP_ROWS = 3;
const STRIP_SLOT = 8;
const STRIP_MAX_WIDTH = 220;
const STRIP_MIN_WIDTH = 28;
/** Space kept between two entries of a strip row. */
const STRIP_GAP = 6;
/** Room the log column needs: an editor at least this wide when time runs down, this high when across. */
const ROOM_WIDE = 700;
const ROOM_HIGH = 320;
/** The column's width when time runs down, as style.css sets it: clamp(160px, 28%, 320px). */
const columnWidth = (diagramWidth: number) => Math.max(160, Math.min(320, 0.28 * diagramWidth));
/** Folded events looked past to find a slot's first shown event (a longer run shows its head elsewhere). */
const FOLDED_LOOKAHEAD = 64;

/** One entry to show: an event, its screen time coordinate, and how many more events share its slot. */
interface LogEntry {
  event: number;
  t: number;
  more: number;
}

/**
 * The first shown event of each `spacing`-pixel slot of the time axis, over the shown lanes, in
 * time order: a few binary searches per lane and slot, whatever the trace's size.
 */
export function logEntries(layout: Layout, geo: Geometry, spacing: number): LogEntry[] {
  const slots = Math.max(1, Math.ceil(geo.timeLength / spacing));
  const first = new Int32Array(slots).fill(-1);
  const count = new Uint32Array(slots);
  const { index, folded } = layout;
  for (const r of layout.lanes) {
    const size = index.laneSize(r);
    let prev = layout.lowerBound(r, geo.posAt(0));
    for (let s = 0; s < slots && prev < size; s++) {
      const next = layout.lowerBound(r, geo.posAt((s + 1) * spacing));
      if (next <= prev) continue;
      count[s] += next - prev;
      let m = prev;
      while (m < next && m - prev < FOLDED_LOOKAHEAD && folded?.[index.laneEvent(r, m)]) m++;
      const e = m < next ? index.laneEvent(r, m) : -1;
      if (e >= 0 && !folded?.[e] && (first[s] < 0 || layout.pos(e) < layout.pos(first[s]))) first[s] = e;
      prev = next;
    }
  }
  const entries: LogEntry[] = [];
  for (let s = 0; s < slots; s++) if (first[s] >= 0) entries.push({ event: first[s], t: geo.screenT(layout.pos(first[s])), more: count[s] - 1 });
  return entries;
}

export class LogColumn {
  /** Mouse help beside the diagram; screen readers have the Events grid, which lists the same events. */
  readonly element = el('div', { class: 'log-column', attrs: { 'aria-hidden': 'true' } });
  /** The user's choice (undefined: shown when there is room). */
  chosen: boolean | undefined;
  private readonly pool: HTMLElement[] = [];
  private readonly widths = new Map<number, number>();
  private measureContext: CanvasRenderingContext2D | null = null;
  /** Width the lanes need at least when time runs down (the column shows by default only beside it). */
  private laneRoom = 0;

  constructor(
    private readonly diagram: HTMLElement,
    onPick: (e: number, ev: MouseEvent) => void,
  ) {
    this.element.hidden = true;
    this.element.addEventListener('click', (ev) => {
      const entry = (ev.target as HTMLElement).closest<HTMLElement>('.log-entry');
      if (entry) onPick(Number(entry.dataset['event']), ev);
    });
  }

  /** Whether the column shows: the user's choice, else whether the editor has room for it. */
  get shown(): boolean {
    if (this.chosen !== undefined) return this.chosen;
    if (!this.diagram.classList.contains('vertical')) return this.diagram.clientHeight >= ROOM_HIGH;
    const width = this.diagram.clientWidth;
    return width >= ROOM_WIDE && width - columnWidth(width) >= this.laneRoom;
  }

  /** Shows or hides the column as `shown` says, the lanes needing `laneRoom` px across; true when that changed. */
  apply(laneRoom: number): boolean {
    this.laneRoom = laneRoom;
    const shown = this.shown;
    if (shown === this.diagram.classList.contains('with-log')) return false;
    this.diagram.classList.toggle('with-log', shown);
    this.element.hidden = !shown;
    return true;
  }

  /** Forgets measured widths (a new trace). */
  reset(): void {
    this.widths.clear();
  }

  /** Lays the entries out for the frame drawn with `geo`. */
  update(geo: Geometry, layout: Layout, selected: number): void {
    if (this.element.hidden) return;
    const index = layout.index;
    let used = 0;
    const put = (e: number, text: string, title: string, x: number, y: number, width: number): void => {
      const entry = (this.pool[used] ??= this.element.appendChild(el('div', { class: 'log-entry' })));
      used++;
      entry.hidden = false;
      entry.dataset['event'] = String(e);
      if (entry.textContent !== text) entry.textContent = text;
      entry.title = title;
      entry.classList.toggle('selected', e === selected);
      entry.style.transform = `translate(${x}px, ${y}px)`;
      entry.style.width = width > 0 ? `${width}px` : '';
    };
    if (geo.horizontal) {
      const rowEnd = new Array<number>(STRIP_ROWS).fill(-Infinity);
      for (const { event, t } of logEntries(layout, geo, STRIP_SLOT)) {
        const row = rowEnd.findIndex((end) => end + STRIP_GAP <= t);
        if (row < 0) continue;
        const width = Math.min(STRIP_MAX_WIDTH, this.textWidth(event, index), geo.timeLength - t);
        if (width < STRIP_MIN_WIDTH) continue;
        rowEnd[row] = t + width;
        const text = entryText(index, event);
        put(event, text, text, t, row * ENTRY_HEIGHT + 3, width);
      }
    } else {
      let bottom = -Infinity;
      for (const { event, t, more } of logEntries(layout, geo, ENTRY_HEIGHT)) {
        const y = Math.max(t - ENTRY_HEIGHT / 2, bottom);
        if (y > geo.timeLength) break;
        bottom = y + ENTRY_HEIGHT;
        const text = entryText(index, event);
        put(event, `${index.view.line[event]}  ${text}${more > 0 ? `  (+${more})` : ''}`, `line ${index.view.line[event]}: ${text}`, 0, y, 0);
      }
    }
    for (let i = used; i < this.pool.length; i++) this.pool[i].hidden = true;
  }

  /** The entry's text width in the column's font (measured once per event). */
  private textWidth(e: number, index: TraceIndex): number {
    let w = this.widths.get(e);
    if (w === undefined) {
      if (!this.measureContext) {
        this.measureContext = document.createElement('canvas').getContext('2d')!;
        const style = getComputedStyle(this.element);
        this.measureContext.font = `${style.fontSize} ${style.fontFamily}`;
      }
      // Padding and the tick at its left.
      w = Math.ceil(this.measureContext.measureText(entryText(index, e)).width) + 8;
      this.widths.set(e, w);
    }
    return w;
  }
}

/** What an entry says: the event's label, or its replica and kind when it has none. */
function entryText(index: TraceIndex, e: number): string {
  const v = index.view;
  return displayText(labelOf(v, e) || `${v.replicas[v.replica[e]]} ${KIND_NAMES[v.kind[e]] ?? ''}`.trim());
}
