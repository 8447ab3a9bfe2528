// The replica names beside the lanes (above them when vertical), with each lane's timeline row
// names: DOM text pinned at the side of the canvas, scrolled with the lane axis only, and read by
// a screen reader as the list of lanes.

import type { TimelineRow } from '../model/timelines';
import type { Geometry } from '../render/geometry';
import { el, setChildren } from './dom';

export class LaneNames {
  readonly element: HTMLElement;
  private readonly inner: HTMLElement;
  /** What the names were last built for; they are rebuilt only when it changes. */
  private key = '';

  constructor() {
    this.inner = el('div', { class: 'gutter-inner', attrs: { role: 'list', 'aria-label': 'Lanes' } });
    this.element = el('div', { class: 'gutter' }, [this.inner]);
  }

  invalidate(): void {
    this.key = '';
  }

  draw(lanes: number[], names: string[], rows: TimelineRow[], geo: Geometry): void {
    const key = `${lanes.join(',')}|${rows.map((r) => r.label).join(',')}|${geo.laneSize}|${geo.orientation}`;
    if (key !== this.key) {
      this.key = key;
      setChildren(
        this.inner,
        lanes.map((r, slot) => {
          const lane = el('div', { class: 'lane-name', attrs: { title: names[r], role: 'listitem' } }, [el('span', { class: 'replica', text: names[r] })]);
          const start = geo.axis + slot * geo.laneSize;
          if (geo.horizontal) {
            lane.style.top = `${start}px`;
            lane.style.height = `${geo.laneSize}px`;
          } else {
            lane.style.left = `${start}px`;
            lane.style.width = `${geo.laneSize}px`;
          }
          lane.style.setProperty('--event-band', `${geo.eventBand}px`);
          lane.style.setProperty('--row-size', `${geo.rowSize}px`);
          for (const row of rows) lane.append(el('span', { class: 'row-name', text: row.label, attrs: { title: row.label } }));
          return lane;
        }),
      );
    }
    this.inner.style.transform = geo.horizontal ? `translateY(${-geo.laneOffset}px)` : `translateX(${-geo.laneOffset}px)`;
  }
}
