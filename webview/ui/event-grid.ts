// The diagram's non-visual form: a grid of the events in the diagram's visible range, lane by
// lane under each lane's name (id, kind, label, line, messages in and out, how many concurrent),
// in step with the selection. Up/Down move to the previous/next event and select it in the diagram; Left/Right
// move between cells; one Tab stop (the selected event's row).

import { shadingOf } from '../model/causality';
import type { Layout } from '../model/layout';
import { KIND_NAMES, type TraceIndex } from '../model/trace-index';
import { messagesOf } from './describe';
import { clip, el, keepingFocus, setChildren } from './dom';
import { labelOf } from '../../engine/view/model';

/** At most this many rows: a screen reader user zooms in to list fewer. */
const MAX_ROWS = 300;
const COLUMNS = ['Event', 'Kind', 'Label', 'Line', 'Messages', 'Concurrent'];
/** Column headings shortened on screen (the full word stays their accessible name). */
const SHORT: Record<string, string> = { Concurrent: 'Conc.' };

export interface GridInput {
  index: TraceIndex;
  layout: Layout;
  /** The visible range of positions on the time axis. */
  from: number;
  to: number;
  selected: number;
  name: (e: number) => string;
}

export class EventGrid {
  readonly element: HTMLElement;
  private readonly note: HTMLElement;
  private readonly table: HTMLElement;
  /** The events of the rows, in order. */
  private events: number[] = [];
  private column = 0;

  constructor(private readonly choose: (e: number) => void) {
    this.note = el('p', { class: 'grid-note' });
    this.table = el('table', { class: 'event-grid', attrs: { role: 'grid', 'aria-label': 'Events in view, by replica', 'aria-readonly': 'true' } });
    this.table.addEventListener('keydown', (e) => this.key(e));
    this.element = el('div', { class: 'event-grid-panel' }, [this.note, this.table]);
  }

  show(d: GridInput): void {
    const { index, layout, name } = d;
    const { view } = index;
    /** The events listed, lane by lane. */
    const lanes: { replica: number; events: number[] }[] = [];
    let listed = 0;
    let inView = 0;
    for (const r of layout.lanes) {
      const [lo, hi] = layout.laneRange(r, d.from, d.to);
      const events: number[] = [];
      for (let m = lo; m < hi; m++) {
        const e = index.laneEvent(r, m);
        if (layout.folded?.[e]) continue;
        inView++;
        if (listed < MAX_ROWS) {
          events.push(e);
          listed++;
        }
      }
      if (events.length) lanes.push({ replica: r, events });
    }
    this.events = lanes.flatMap((l) => l.events);
    const stop = this.events.includes(d.selected) ? d.selected : this.events[0];
    this.note.textContent =
      inView > listed
        ? `The first ${listed} of ${inView.toLocaleString('en')} events in view; zoom in to list fewer.`
        : `${inView.toLocaleString('en')} event${inView === 1 ? '' : 's'} in view. Up and Down move between events and select them in the diagram.`;
    const row = (e: number) => {
      const cells = [name(e), KIND_NAMES[view.kind[e]] ?? '', clip(labelOf(view, e), 120), String(view.line[e]), messagesOf(index, e, name), shadingOf(index, e).concurrent.toLocaleString('en')];
      return el(
        'tr',
        { class: e === d.selected ? 'selected' : '', attrs: { 'aria-selected': String(e === d.selected) } },
        cells.map((text, c) =>
          el(c === 0 ? 'th' : 'td', {
            text,
            attrs: { role: c === 0 ? 'rowheader' : 'gridcell', tabindex: e === stop && c === this.column ? 0 : -1, 'data-focus-key': `${e}:${c}` },
          }),
        ),
      );
    };
    const head = el('thead', {}, [el('tr', {}, COLUMNS.map((c) => el('th', { text: SHORT[c] ?? c, attrs: { scope: 'col', 'aria-label': SHORT[c] && c, title: SHORT[c] && `${c} events` } })))]);
    const bodies = lanes.map(({ replica, events }) =>
      el('tbody', {}, [el('tr', { class: 'lane' }, [el('th', { text: view.replicas[replica], attrs: { colspan: COLUMNS.length, scope: 'rowgroup' } })]), ...events.map(row)]),
    );
    keepingFocus(this.element, () => setChildren(this.table, [head, ...bodies]));
  }

  private key(e: KeyboardEvent): void {
    const cell = (e.target as HTMLElement).closest<HTMLElement>('[data-focus-key]');
    if (!cell) return;
    const [event, column] = cell.dataset.focusKey!.split(':').map(Number);
    const row = this.events.indexOf(event);
    const moves: Record<string, [number, number]> = {
      ArrowDown: [row + 1, column],
      ArrowUp: [row - 1, column],
      ArrowRight: [row, Math.min(COLUMNS.length - 1, column + 1)],
      ArrowLeft: [row, Math.max(0, column - 1)],
      Home: [e.ctrlKey ? 0 : row, 0],
      End: [e.ctrlKey ? this.events.length - 1 : row, COLUMNS.length - 1],
    };
    const to = moves[e.key];
    if (!to) return;
    e.preventDefault();
    e.stopPropagation();
    const target = this.events[Math.max(0, Math.min(this.events.length - 1, to[0]))];
    if (target === undefined) return;
    this.column = to[1];
    if (target !== event) this.choose(target);
    const next = this.table.querySelector<HTMLElement>(`[data-focus-key="${target}:${to[1]}"]`);
    if (!next) return;
    this.table.querySelectorAll<HTMLElement>('[tabindex="0"]').forEach((c) => (c.tabIndex = -1));
    next.tabIndex = 0;
    next.focus();
  }
}
