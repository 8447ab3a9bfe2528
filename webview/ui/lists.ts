// Long lists in the side panel (conflicts, findings): only the rows in view exist in the DOM, so
// a trace with tens of thousands of conflicts lists them as fast as one with three. Each row is a
// button in a list item; one Tab stop (the current row), arrow keys move between rows and jump
// to each in the diagram; an empty list says so in an item of its own.

import { el, keepingFocus, setChildren } from './dom';

const ROW = 24;

export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private count = 0;
  private current = -1;

  constructor(
    label: string,
    /** What the empty list says ("No findings"). */
    private readonly emptyText: string,
    /** What it says while the trace is still being read (a first view): never "none". */
    private readonly readingText: string,
    private readonly text: (i: number) => { title: string; detail: string; cls?: string },
    private readonly activate: (i: number) => void,
  ) {
    this.rows = el('div', { class: 'vlist-rows', attrs: { role: 'list', 'aria-label': label } });
    this.spacer = el('div', { class: 'vlist-spacer' }, [this.rows]);
    this.element = el('div', { class: 'vlist', attrs: { tabindex: -1 } }, [this.spacer]);
    this.element.addEventListener('scroll', () => this.draw());
    this.element.addEventListener('keydown', (e) => {
      const delta = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (!delta || this.count === 0) return;
      e.preventDefault();
      e.stopPropagation();
      const next = Math.max(0, Math.min(this.count - 1, (this.current < 0 ? -1 : this.current) + delta));
      this.activate(next);
      this.setCurrent(next);
      this.focusRow(next);
    });
    new ResizeObserver(() => this.draw()).observe(this.element);
  }

  private reading = false;

  /** `reading`: the trace is still being read, so an empty list does not mean none. */
  setCount(n: number, reading = false): void {
    this.count = n;
    this.reading = reading;
    this.current = -1;
    this.spacer.style.height = `${Math.max(1, n) * ROW}px`;
    this.draw();
  }

  /** Marks row i as the current one and scrolls it into view. */
  setCurrent(i: number): void {
    this.current = i;
    if (i >= 0) {
      const top = i * ROW;
      const h = this.element.clientHeight;
      if (top < this.element.scrollTop || top + ROW > this.element.scrollTop + h) this.element.scrollTop = Math.max(0, top - h / 3);
    }
    this.draw();
  }

  private focusRow(i: number): void {
    this.rows.querySelector<HTMLElement>(`[data-focus-key="${i}"]`)?.focus();
  }

  private draw(): void {
    const h = this.element.clientHeight || 300;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW) - 5);
    const last = Math.min(this.count, Math.ceil((this.element.scrollTop + h) / ROW) + 5);
    /** The row that takes the Tab stop: the current one when drawn, else the first drawn. */
    const tabStop = this.current >= first && this.current < last ? this.current : first;
    this.rows.style.transform = `translateY(${first * ROW}px)`;
    const items: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const { title, detail, cls } = this.text(i);
      const row = el(
        'button',
        {
          class: `vlist-row ${cls ?? ''}${i === this.current ? ' current' : ''}`,
          attrs: { 'data-focus-key': i, tabindex: i === tabStop ? 0 : -1, 'aria-current': i === this.current ? 'true' : undefined, title: `${title}: ${detail}` },
          on: { click: () => this.activate(i) },
        },
        [el('span', { class: 'title', text: title }), el('span', { class: 'detail', text: detail })],
      );
      items.push(el('div', { class: 'vlist-item', attrs: { role: 'listitem', 'aria-setsize': this.count, 'aria-posinset': i + 1 } }, [row]));
    }
    if (this.count === 0) items.push(el('div', { class: 'vlist-item vlist-empty', attrs: { role: 'listitem' }, text: this.reading ? this.readingText : this.emptyText }));
    keepingFocus(this.element, () => setChildren(this.rows, items));
  }
}
