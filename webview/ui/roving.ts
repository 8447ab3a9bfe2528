// A roving tab index (WAI-ARIA toolbar pattern): a group of controls is one Tab stop, the control
// last used; Left/Right (and Up/Down where `vertical`), Home and End move the focus inside it.

/** Makes `container`'s controls (as `items` lists them, in order) one Tab stop with arrow keys inside. */
export function rove(container: HTMLElement, items: () => HTMLElement[], vertical = false): void {
  container.addEventListener('keydown', (e) => {
    const list = items();
    const at = list.findIndex((item) => item === e.target || item.contains(e.target as Node));
    if (at < 0) return;
    const back = e.key === 'ArrowLeft' || (vertical && e.key === 'ArrowUp');
    const forward = e.key === 'ArrowRight' || (vertical && e.key === 'ArrowDown');
    const next = back ? at - 1 : forward ? at + 1 : e.key === 'Home' ? 0 : e.key === 'End' ? list.length - 1 : -2;
    if (next === -2) return;
    e.preventDefault();
    e.stopPropagation();
    focusItem(list, (next + list.length) % list.length);
  });
  container.addEventListener('focusin', (e) => {
    const list = items();
    const at = list.findIndex((item) => item === e.target);
    if (at >= 0) setTabStop(list, at);
  });
}

/** Gives item i the group's one Tab stop. */
export function setTabStop(list: HTMLElement[], i: number): void {
  list.forEach((item, j) => (item.tabIndex = i === j ? 0 : -1));
}

export function focusItem(list: HTMLElement[], i: number): void {
  setTabStop(list, i);
  list[i]?.focus();
}
