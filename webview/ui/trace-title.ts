// The trace's name as the page's heading, and its description (examples say there what to look
// at): folded to one line when long, unfolded by a click.

import type { EventsView } from '../../engine/view/model';
import { el, setChildren } from './dom';

export class TraceTitle {
  readonly element = el('div', { class: 'title' });

  show(view: EventsView): void {
    const description = view.description
      ? el('button', {
          class: 'description',
          text: view.description,
          attrs: { type: 'button', 'aria-expanded': 'false', title: view.description },
          on: { click: (e) => (e.currentTarget as HTMLElement).setAttribute('aria-expanded', String(this.element.classList.toggle('expanded'))) },
        })
      : null;
    this.element.classList.remove('expanded');
    setChildren(this.element, [el('h1', { text: view.name }), description]);
  }
}
