// The toolbar above the diagram, built from @vscode-elements components: zoom and fit, go to,
// search, filters by replica and key, collapse and timelines toggles, layout, the step cursor and
// export. Every control has an accessible name.

import type { ColumnMode, ExportFormat, Orientation } from '../protocol';
import { el, setChildren } from './dom';

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
  setOrientation(o: Orientation): void;
  setColumns(c: ColumnMode): void;
  moveStep(delta: number): void;
  exportAs(format: ExportFormat): void;
  showAllReplicas(): void;
}

type Field = HTMLElement & { value: string; label: string };
type Check = HTMLElement & { checked: boolean };

function button(text: string, label: string, onClick: () => void, secondary = true): HTMLElement {
  return el('vscode-button', { text, attrs: { secondary, 'aria-label': label, title: label }, on: { click: onClick } });
}

function selectBox(label: string, onChange: (value: string) => void): Field {
  const s = el('vscode-single-select', { class: 'select', props: { label }, attrs: { title: label } }) as Field;
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

function options(select: Field, items: [string, string][], value: string): void {
  setChildren(select, items.map(([v, text]) => el('vscode-option', { text, attrs: { value: v } })));
  select.value = value;
}

export class Toolbar {
  readonly element: HTMLElement;
  readonly goTo: Field;
  readonly searchField: Field;
  private readonly matchCount: HTMLElement;
  private readonly replicaFilter: Field;
  private readonly keyFilter: Field;
  private readonly collapse: Check;
  private readonly timelines: Check;
  private readonly orientation: Field;
  private readonly columns: Field;
  private readonly stepLabel: HTMLElement;
  private readonly hiddenButton: HTMLElement;

  constructor(a: ToolbarActions) {
    this.goTo = el('vscode-textfield', { class: 'goto', props: { label: 'Go to event id or line' }, attrs: { placeholder: 'Go to id, line 12, #index' } }) as Field;
    this.goTo.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') a.goTo(this.goTo.value.trim());
    });
    this.searchField = el('vscode-textfield', { class: 'search', props: { label: 'Search events' }, attrs: { placeholder: 'Search: text, /regex/, kind:send key:cart' } }) as Field;
    let timer = 0;
    this.searchField.addEventListener('input', () => {
      clearTimeout(timer);
      timer = window.setTimeout(() => a.search(this.searchField.value), 150);
    });
    this.searchField.addEventListener('keydown', (e) => {
      const k = e as KeyboardEvent;
      if (k.key !== 'Enter') return;
      clearTimeout(timer);
      a.search(this.searchField.value);
      a.nextMatch(k.shiftKey ? -1 : 1);
    });
    this.matchCount = el('span', { class: 'count', attrs: { 'aria-live': 'polite' } });
    this.replicaFilter = selectBox('Filter by replica', (v) => a.setReplicaFilter(Number(v)));
    this.keyFilter = selectBox('Filter by key', (v) => a.setKeyFilter(Number(v)));
    this.collapse = el('vscode-checkbox', { text: 'Collapse local runs', attrs: { title: 'Fold runs of local events into one glyph' } }) as Check;
    this.collapse.addEventListener('change', () => a.setCollapse(this.collapse.checked));
    this.timelines = el('vscode-checkbox', { text: 'State', attrs: { title: 'Show each replica’s object values under its lane' } }) as Check;
    this.timelines.addEventListener('change', () => a.setTimelines(this.timelines.checked));
    this.orientation = selectBox('Lane orientation', (v) => a.setOrientation(v as Orientation));
    options(this.orientation, [['horizontal', 'Lanes as rows'], ['vertical', 'Lanes as columns']], 'horizontal');
    this.columns = selectBox('Place events by', (v) => a.setColumns(v as ColumnMode));
    options(this.columns, [['depth', 'By causal depth'], ['step', 'By causal step']], 'depth');
    this.stepLabel = el('span', { class: 'step', attrs: { 'aria-live': 'polite' } });
    this.hiddenButton = button('', 'Show all hidden replicas', () => a.showAllReplicas());
    this.hiddenButton.hidden = true;

    this.element = el('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Diagram' } }, [
      el('div', { class: 'group' }, [button('Fit', 'Fit the whole trace (0)', () => a.fit()), button('−', 'Zoom out (−)', () => a.zoom(1 / 1.5)), button('+', 'Zoom in (+)', () => a.zoom(1.5))]),
      el('div', { class: 'group' }, [this.goTo]),
      el('div', { class: 'group' }, [
        this.searchField,
        button('↑', 'Previous match (Shift+F3)', () => a.nextMatch(-1)),
        button('↓', 'Next match (F3)', () => a.nextMatch(1)),
        this.matchCount,
      ]),
      el('div', { class: 'group' }, [this.replicaFilter, this.keyFilter, this.hiddenButton]),
      el('div', { class: 'group' }, [this.collapse, this.timelines, this.orientation, this.columns]),
      el('div', { class: 'group' }, [button('◀', 'Step back ([)', () => a.moveStep(-1)), this.stepLabel, button('▶', 'Step forward (])', () => a.moveStep(1))]),
      el('div', { class: 'group' }, [button('SVG', 'Export the visible diagram as SVG', () => a.exportAs('svg')), button('PNG', 'Export the visible diagram as PNG', () => a.exportAs('png'))]),
    ]);
  }

  setTrace(replicas: string[], keys: string[]): void {
    options(this.replicaFilter, [['-1', 'All replicas'], ...replicas.map((r, i): [string, string] => [String(i), r])], '-1');
    options(this.keyFilter, [['-1', 'All keys'], ...keys.map((k, i): [string, string] => [String(i), k])], '-1');
  }

  sync(s: { replicaFilter: number; keyFilter: number; collapse: boolean; timelines: boolean; orientation: Orientation; columns: ColumnMode; hidden: number; query: string }): void {
    this.replicaFilter.value = String(s.replicaFilter);
    this.keyFilter.value = String(s.keyFilter);
    this.collapse.checked = s.collapse;
    this.timelines.checked = s.timelines;
    this.orientation.value = s.orientation;
    this.columns.value = s.columns;
    this.hiddenButton.hidden = s.hidden === 0;
    this.hiddenButton.textContent = `Show ${s.hidden} hidden`;
    if (this.searchField.value !== s.query) this.searchField.value = s.query;
  }

  setStep(step: number, size: number): void {
    this.stepLabel.textContent = size ? `step ${step} / ${size - 1}` : '';
  }

  setMatches(text: string): void {
    this.matchCount.textContent = text;
  }
}
