// The status line under the diagram, the webview's one live region: what an action says last
// replaces what it said on the way, so a screen reader hears one short sentence per action.

import { displayText } from '../../engine/util/display-text';
import { el } from './dom';

export class StatusLine {
  readonly element = el('div', { class: 'status', attrs: { role: 'status', id: 'status' } });
  private pending: string | null = null;

  /** Shows `text` once the current action is done; trace strings in it show their hidden characters escaped. */
  say(text: string): void {
    if (this.pending === null) queueMicrotask(() => this.flush());
    this.pending = displayText(text);
  }

  private flush(): void {
    if (this.pending !== null) this.element.textContent = this.pending;
    this.pending = null;
  }
}
