// The toolbar at any width: its groups stay in one row while they fit; from the last one on,
// those that do not fit fold into a "More" menu (a disclosure under the More button, Up/Down
// inside, Escape back). The toolbar and the menu are each one Tab stop with arrow keys inside.

import { el } from './dom';
import { focusItem, rove, setTabStop } from './roving';

/** The controls of a container that can take the focus now, in order. */
function controls(container: HTMLElement): HTMLElement[] {
  return [...container.querySelectorAll<HTMLElement>('button, select, input')].filter((c) => !c.closest('[hidden]') && !c.hidden);
}

export class Overflow {
  readonly element: HTMLElement;
  private readonly more: HTMLButtonElement;
  private readonly menu: HTMLElement;

  constructor(
    private readonly toolbar: HTMLElement,
    /** In order; the first always stays in the toolbar, the last folds first. */
    private readonly groups: HTMLElement[],
    fixed: HTMLElement,
  ) {
    this.menu = el('div', { class: 'overflow-menu', attrs: { id: 'toolbar-more', role: 'group', 'aria-label': 'More diagram controls', hidden: true } });
    this.more = el('button', {
      class: 'tb-button more',
      text: 'More',
      attrs: { type: 'button', title: 'More diagram controls', 'aria-expanded': 'false', 'aria-controls': 'toolbar-more', hidden: true },
      on: { click: () => this.setOpen(this.menu.hidden) },
    });
    toolbar.append(...groups, this.more, fixed);
    this.element = el('div', { class: 'toolbar-wrap' }, [toolbar, this.menu]);
    rove(toolbar, () => controls(toolbar));
    rove(this.menu, () => controls(this.menu), true);
    this.menu.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      this.setOpen(false);
      this.more.focus();
    });
    this.element.addEventListener('focusout', (e) => {
      if (!this.element.contains(e.relatedTarget as Node | null) && e.relatedTarget !== null) this.setOpen(false);
    });
    document.addEventListener('pointerdown', (e) => {
      if (!this.menu.hidden && !this.element.contains(e.target as Node)) this.setOpen(false);
    });
    new ResizeObserver(() => this.refit()).observe(toolbar);
  }

  setOpen(open: boolean): void {
    this.menu.hidden = !open;
    this.more.setAttribute('aria-expanded', String(open));
    if (open) focusItem(controls(this.menu), 0);
  }

  /** Puts every group back in the toolbar, then folds groups from the last on until the rest fit. */
  refit(): void {
    const active = document.activeElement as HTMLElement | null;
    const hadFocus = !!active && this.element.contains(active);
    for (const g of this.groups) this.toolbar.insertBefore(g, this.more);
    this.more.hidden = true;
    const overflowing = () => this.toolbar.scrollWidth > this.toolbar.clientWidth + 1;
    if (overflowing()) {
      this.more.hidden = false;
      for (let i = this.groups.length - 1; i >= 1 && overflowing(); i--) this.menu.prepend(this.groups[i]);
    }
    if (this.more.hidden) this.setOpen(false);
    const items = controls(this.toolbar);
    const stop = items.findIndex((c) => c.tabIndex === 0);
    setTabStop(items, Math.max(0, stop));
    if (hadFocus && document.activeElement !== active) (active!.closest('[hidden]') ? this.more : active!).focus();
  }
}
