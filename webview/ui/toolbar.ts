// The bar above the diagram: a search landmark (go to, search, previous/next match) and the
// diagram toolbar (zoom and fit, the step cursor, filters by replica and key, hidden replicas,
// layout, export, the side panel and the help). The toolbar is one Tab stop with arrow keys
// inside; what does not fit the width folds into a "More" menu (see overflow.ts). Escape goes
// back to the diagram.

import type { ColumnMode, ExportFormat, Orientation } from '../protocol';
import { el, setChildren } from './dom';
import { Overflow } from './overflow';

export interface ToolbarActions {
  fit(): void;
  zoom(factor: number): void;
  goTo(text: string): void;
  search(query: string): void;
  nextMatch(delta: number): void;
  setReplicaFilter(r: number): void;
  setKeyFilter(k: number): void;
  setCollapse(on: boolean): void;
  setTimelines(on: boolean): void;
  setLog(on: boolean): void;
  setOrientation(o: Orientation): void;
  setColumns(c: ColumnMode): void;
  moveStep(delta: number): void;
  exportAs(format: ExportFormat): void;
  showAllReplicas(): void;
  toggleSidePanel(): void;
  setHelp(open: boolean): void;
  /** Escape in the bar: back to the diagram. */
  focusDiagram(): void;
}

/**
 * A toolbar button. Symbol buttons (− + ◀ ▶) are named in words (the symbol is exempt from
 * "name contains the visible text"); worded buttons are named by their text, the shortcut in the title.
 */
function button(text: string, title: string, onClick: () => void, name?: string): HTMLButtonElement {
  return el('button', { class: 'tb-button', text, attrs: { type: 'button', title, 'aria-label': name }, on: { click: onClick } });
}

function selectBox(label: string, onChange: (value: string) => void): HTMLSelectElement {
  const s = el('select', { class: 'tb-select', attrs: { 'aria-label': label, title: label } });
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function options(select: HTMLSelectElement, items: [string, string][], value: string): void {
  setChildren(select, items.map(([v, text]) => el('option', { text, attrs: { value: v } })));
  select.value = value;
}

function checkbox(text: string, title: string, onChange: (on: boolean) => void): { label: HTMLElement; box: HTMLInputElement } {
  const box = el('input', { attrs: { type: 'checkbox' } });
  box.addEventListener('change', () => onChange(box.checked));
  return { box, label: el('label', { class: 'tb-check', attrs: { title } }, [box, el('span', { text })]) };
}

function textField(cls: string, name: string, placeholder: string, hint: string): HTMLInputElement {
  return el('input', { class: `tb-input ${cls}`, attrs: { type: 'text', 'aria-label': name, placeholder, title: hint, spellcheck: 'false' } });
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly goTo: HTMLInputElement;
  readonly searchField: HTMLInputElement;
  private readonly matchCount: HTMLElement;
  private readonly replicaFilter: HTMLSelectElement;
  private readonly keyFilter: HTMLSelectElement;
  private readonly collapse: HTMLInputElement;
  private readonly timelines: HTMLInputElement;
  private readonly log: HTMLInputElement;
  private readonly orientation: HTMLSelectElement;
  private readonly columns: HTMLSelectElement;
  private readonly stepLabel: HTMLElement;
  private readonly hiddenButton: HTMLButtonElement;
  private readonly panelButton: HTMLButtonElement;
  private readonly overflow: Overflow;

  constructor(a: ToolbarActions) {
    this.goTo = textField('goto', 'Go to event', 'Go to id or line', 'Go to an event: its id, line 12, or #index (Ctrl+G)');
    this.goTo.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') a.goTo(this.goTo.value.trim());
    });
    this.searchField = textField('search', 'Search events', 'Search', 'Search events: words, /regex/, or fields such as kind:send key:cart replica:bob (Ctrl+F)');
    let timer = 0;
    this.searchField.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => a.search(this.searchField.value), 150);
    });
    this.searchField.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter') return;
      clearTimeout(timer);
      a.search(this.searchField.value);
      a.nextMatch(e.shiftKey ? -1 : 1);
    });
    this.matchCount = el('span', { class: 'count', attrs: { 'aria-live': 'polite' } });
    this.replicaFilter = selectBox('Filter by replica', (v) => a.setReplicaFilter(Number(v)));
    this.keyFilter = selectBox('Filter by key', (v) => a.setKeyFilter(Number(v)));
    const collapse = checkbox('Collapse local runs', 'Fold runs of local events into one glyph', (on) => a.setCollapse(on));
    const timelines = checkbox('State', 'Show each replica’s object values under its lane', (on) => a.setTimelines(on));
    const log = checkbox('Log', 'Show each event’s label beside its place in time (click one to select its event)', (on) => a.setLog(on));
    this.log = log.box;
    this.collapse = collapse.box;
    this.timelines = timelines.box;
    this.orientation = selectBox('Lane orientation', (v) => a.setOrientation(v as Orientation));
    options(this.orientation, [['horizontal', 'Lanes as rows'], ['vertical', 'Lanes as columns']], 'horizontal');
    this.columns = selectBox('Place events by', (v) => a.setColumns(v as ColumnMode));
    options(this.columns, [['depth', 'By causal depth'], ['step', 'By causal step']], 'depth');
    this.stepLabel = el('span', { class: 'step' });
    this.hiddenButton = button('', 'Show all hidden replicas', () => a.showAllReplicas());
    this.hiddenButton.hidden = true;
    this.panelButton = button('Side panel', 'Show or hide the side panel', () => a.toggleSidePanel());
    this.panelButton.setAttribute('aria-controls', 'side-panel');

    const group = (cls: string, children: HTMLElement[]) => el('div', { class: `group ${cls}` }, children);
    const search = el('div', { class: 'find', attrs: { role: 'search', 'aria-label': 'Find events' } }, [
      this.goTo,
      this.searchField,
      button('↑', 'Previous match (Shift+F3)', () => a.nextMatch(-1), 'Previous match'),
      button('↓', 'Next match (F3)', () => a.nextMatch(1), 'Next match'),
      this.matchCount,
    ]);
    this.overflow = new Overflow(
      el('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Diagram' } }),
      [
        group('zoom', [button('Fit', 'Fit the whole trace (0)', () => a.fit()), button('−', 'Zoom out (−)', () => a.zoom(1 / 1.5), 'Zoom out'), button('+', 'Zoom in (+)', () => a.zoom(1.5), 'Zoom in')]),
        group('stepper', [button('◀', 'Step back ([)', () => a.moveStep(-1), 'Step back'), this.stepLabel, button('▶', 'Step forward (])', () => a.moveStep(1), 'Step forward')]),
        group('filters', [this.replicaFilter, this.keyFilter, this.hiddenButton]),
        group('layout', [collapse.label, timelines.label, log.label, this.orientation, this.columns]),
        group('export', [button('SVG', 'Export the visible diagram as SVG', () => a.exportAs('svg')), button('PNG', 'Export the visible diagram as PNG', () => a.exportAs('png'))]),
      ],
      group('panel', [this.panelButton, button('?', 'Keyboard help (?)', () => a.setHelp(true), 'Keyboard help')]),
    );
    this.element = el('div', { class: 'bar' }, [search, this.overflow.element]);
    this.element.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      a.focusDiagram();
    });
  }

  setTrace(replicas: string[], keys: string[]): void {
    options(this.replicaFilter, [['-1', 'All replicas'], ...replicas.map((r, i): [string, string] => [String(i), r])], '-1');
    options(this.keyFilter, [['-1', 'All keys'], ...keys.map((k, i): [string, string] => [String(i), k])], '-1');
  }

  sync(s: { replicaFilter: number; keyFilter: number; collapse: boolean; timelines: boolean; log: boolean; orientation: Orientation; columns: ColumnMode; hidden: number; query: string }): void {
    this.replicaFilter.value = String(s.replicaFilter);
    this.keyFilter.value = String(s.keyFilter);
    this.collapse.checked = s.collapse;
    this.timelines.checked = s.timelines;
    this.log.checked = s.log;
    this.orientation.value = s.orientation;
    this.columns.value = s.columns;
    this.hiddenButton.hidden = s.hidden === 0;
    this.hiddenButton.textContent = `Show ${s.hidden} hidden`;
    if (this.searchField.value !== s.query) this.searchField.value = s.query;
    this.overflow.refit();
  }

  setStep(step: number, size: number): void {
    const text = size ? `step ${step} of ${size - 1}` : '';
    const wider = text.length !== this.stepLabel.textContent?.length;
    this.stepLabel.textContent = text;
    if (wider) this.overflow.refit();
  }

  setMatches(text: string): void {
    this.matchCount.textContent = text;
  }

  /** Shows whether the side panel is open. */
  setSidePanel(open: boolean): void {
    this.panelButton.setAttribute('aria-expanded', String(open));
  }
}
