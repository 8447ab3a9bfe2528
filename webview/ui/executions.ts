// The executions picker beside the trace's title: a file with several executions (a ShiViz log's `=== name ===`
// parts, say) lists them with their event counts, and choosing one asks the host to show it.
// Hidden when the file holds one execution.

import type { ExecutionSummary } from '../protocol';
import { el, setChildren } from './dom';

export class ExecutionPicker {
  readonly element: HTMLElement;
  private readonly select: HTMLSelectElement;

  constructor(choose: (execution: number) => void) {
    const label = 'Execution shown';
    this.select = el('select', { class: 'tb-select executions', attrs: { 'aria-label': label, title: label } });
    this.select.addEventListener('change', () => choose(Number(this.select.value)));
    this.element = el('div', { class: 'group' }, [this.select]);
    this.element.style.display = 'none';
  }

  /** Lists the file's executions ("name (1,234 events)"), `shown` selected; hides the picker for one or none. */
  set(executions: readonly ExecutionSummary[], shown: number): void {
    // Not `hidden`: the toolbar's groups are flex boxes, which the attribute does not hide.
    this.element.style.display = executions.length < 2 ? 'none' : '';
    setChildren(
      this.select,
      executions.map((x, i) => el('option', { text: `${x.name} (${x.events.toLocaleString('en')} ${x.events === 1 ? 'event' : 'events'})`, attrs: { value: String(i) } })),
    );
    this.select.value = String(shown);
    // The box may cut a long name: its tooltip says it whole.
    this.select.title = `Execution shown: ${executions[shown]?.name ?? ''}`;
  }
}
