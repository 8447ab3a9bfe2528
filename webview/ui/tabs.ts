// One accessible tab list (WAI-ARIA tabs pattern): a Tab stop on the selected tab, Left/Right,
// Home/End to move and show, Enter and Space on a tab to show it, each panel labelled by its tab
// and focusable (it scrolls, and may hold nothing else to focus).

import { el } from './dom';

export class Tabs {
  readonly element: HTMLElement;
  private readonly tabs: HTMLButtonElement[];
  private readonly panels: HTMLElement[];
  selected = 0;

  constructor(
    label: string,
    idPrefix: string,
    pages: { name: string; content: HTMLElement }[],
    private readonly shown: (i: number) => void,
  ) {
    this.tabs = pages.map((p, i) =>
      el('button', {
        class: 'tab',
        text: p.name,
        attrs: { role: 'tab', id: `${idPrefix}-tab-${i}`, 'aria-controls': `${idPrefix}-panel-${i}`, 'data-focus-key': `tab-${i}` },
        on: { click: () => this.show(i) },
      }),
    );
    this.panels = pages.map((p, i) => el('div', { class: 'tab-panel', attrs: { role: 'tabpanel', id: `${idPrefix}-panel-${i}`, 'aria-labelledby': `${idPrefix}-tab-${i}`, tabindex: 0 } }, [p.content]));
    const list = el('div', { class: 'tab-list', attrs: { role: 'tablist', 'aria-label': label } }, this.tabs);
    list.addEventListener('keydown', (e) => {
      const at = this.tabs.indexOf(e.target as HTMLButtonElement);
      const n = this.tabs.length;
      const next = { ArrowRight: at + 1, ArrowLeft: at - 1 + n, Home: 0, End: n - 1 }[e.key];
      if (at < 0 || next === undefined) return;
      e.preventDefault();
      e.stopPropagation();
      this.show(next % n);
      this.tabs[next % n].focus();
    });
    this.element = el('div', { class: 'tabs' }, [list, ...this.panels]);
    this.show(0);
  }

  show(i: number): void {
    this.selected = i;
    this.tabs.forEach((t, j) => {
      t.setAttribute('aria-selected', String(i === j));
      t.tabIndex = i === j ? 0 : -1;
    });
    this.panels.forEach((p, j) => (p.hidden = i !== j));
    this.shown(i);
  }

  /** Sets a tab's visible name (its panel's label follows). */
  rename(i: number, name: string): void {
    this.tabs[i].textContent = name;
  }
}
