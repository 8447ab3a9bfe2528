// Long lists in the side panel (conflicts, findings): only the rows in view exist in the DOM, so
// a trace with tens of thousands of conflicts lists them as fast as one with three. Rows are
// buttons, reachable with Tab and arrow keys; activating one jumps to it in the diagram.

import { el, setChildren } from './dom';

const ROW = 24;

export class VirtualList {
  readonly element: HTMLElement;
  private readonly spacer: HTMLElement;
  private readonly rows: HTMLElement;
  private count = 0;
  private current = -1;

  constructor(
    label: string,
    private readonly text: (i: number) => { title: string; detail: string; cls?: string },
    private readonly activate: (i: number) => void,
  ) {
    this.rows = el('div', { class: 'vlist-rows' });
    this.spacer = el('div', { class: 'vlist-spacer' }, [this.rows]);
    this.element = el('div', { class: 'vlist', attrs: { role: 'list', 'aria-label': label, tabindex: -1 } }, [this.spacer]);
    this.element.addEventListener('scroll', () => this.draw());
    this.element.addEventListener('keydown', (e) => {
      const delta = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
      if (!delta || this.count === 0) return;
      e.preventDefault();
      e.stopPropagation();
      const next = Math.max(0, Math.min(this.count - 1, (this.current < 0 ? -1 : this.current) + delta));
      this.activate(next);
      this.focusRow(next);
    });
    new ResizeObserver(() => this.draw()).observe(this.element);
  }

  setCount(n: number): void {
    this.count = n;
    this.spacer.style.height = `${n * ROW}px`;
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
    const row = this.rows.querySelector<HTMLElement>(`[data-index="${i}"]`);
    row?.focus();
  }

  private draw(): void {
    const h = this.element.clientHeight || 300;
    const first = Math.max(0, Math.floor(this.element.scrollTop / ROW) - 5);
    const last = Math.min(this.count, Math.ceil((this.element.scrollTop + h) / ROW) + 5);
    this.rows.style.transform = `translateY(${first * ROW}px)`;
    const items: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      const { title, detail, cls } = this.text(i);
      items.push(
        el(
          'button',
          {
            class: `vlist-row ${cls ?? ''}${i === this.current ? ' current' : ''}`,
            attrs: { 'data-index': i, role: 'listitem', 'aria-current': i === this.current ? 'true' : undefined, title: detail },
            on: { click: () => this.activate(i) },
          },
          [el('span', { class: 'title', text: title }), el('span', { class: 'detail', text: detail })],
        ),
      );
    }
    setChildren(this.rows, items);
  }
}
