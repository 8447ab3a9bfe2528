// The side panel beside the diagram: tabs for the selected event's details, the list of
// conflicts, the list of findings, the replicas (show or hide each lane) and the events in view
// as a grid (the diagram for a screen reader). It folds away to give the diagram the width.

import { displayText } from '../../engine/util/display-text';
import { ConflictTable } from '../../engine/view/conflict-table';
import type { FindingView } from '../../engine/view/model';
import { conflictOutcome, reasonAfter } from '../model/conflicts';
import { plural } from './describe';
import { DetailsPanel, type DetailsActions } from './details';
import { el, keepingFocus, setChildren } from './dom';
import { EventGrid } from './event-grid';
import { VirtualList } from './lists';
import { Tabs } from './tabs';

export interface SidePanelActions extends DetailsActions {
  conflictChosen(n: number): void;
  findingChosen(n: number): void;
  setHidden(r: number, hidden: boolean): void;
  /** The Events tab was shown: its grid wants the events in view. */
  gridShown(): void;
}

export const TAB = { details: 0, conflicts: 1, findings: 2, replicas: 3, events: 4 } as const;

export class SidePanel {
  readonly element: HTMLElement;
  readonly details: DetailsPanel;
  readonly conflicts: VirtualList;
  readonly findings: VirtualList;
  readonly grid: EventGrid;
  private readonly tabs: Tabs;
  private readonly replicas: HTMLElement;
  private readonly conflictNote: HTMLElement;
  private conflictList = ConflictTable.of([]);
  private findingList: FindingView[] = [];
  private replicaNames: string[] = [];

  constructor(
    private readonly actions: SidePanelActions,
    private readonly name: (e: number) => string,
  ) {
    this.details = new DetailsPanel(actions);
    this.conflicts = new VirtualList(
      'Conflicts',
      'No conflicts: no concurrent writes to the same key.',
      'Not read whole yet: the conflicts are listed once the trace is open.',
      (i) => {
        const c = this.conflictList.at(i)!;
        return { title: `${c.id} ${c.key}${c.target !== undefined ? ` (${c.target})` : ''}`, detail: conflictOutcome(c, this.name) };
      },
      (i) => actions.conflictChosen(i),
    );
    this.findings = new VirtualList(
      'Findings',
      'No findings: the checks found nothing to report.',
      'Not read whole yet: what the checks find is listed once the trace is open.',
      (i) => {
        const f = this.findingList[i];
        return { title: `${f.severity} · line ${f.line}`, detail: `${f.kind}: ${f.message.slice(0, 300)}`, cls: f.severity };
      },
      (i) => actions.findingChosen(i),
    );
    this.grid = new EventGrid((e) => actions.select(e));
    this.conflictNote = el('div', { class: 'conflict-note' });
    this.replicas = el('div', { class: 'replicas', attrs: { role: 'group', 'aria-label': 'Replicas shown in the diagram' } });
    this.tabs = new Tabs('Side panel', 'side', [
      { name: 'Details', content: this.details.element },
      { name: 'Conflicts', content: el('div', { class: 'list-panel' }, [this.conflictNote, this.conflicts.element]) },
      { name: 'Findings', content: el('div', { class: 'list-panel' }, [this.findings.element]) },
      { name: 'Replicas', content: this.replicas },
      { name: 'Events', content: this.grid.element },
    ], (i) => i === TAB.events && actions.gridShown());
    this.element = el('aside', { class: 'side', attrs: { id: 'side-panel', 'aria-label': 'Details, conflicts, findings, replicas and events' } }, [this.tabs.element]);
  }

  /** `reading`: a first view while the trace is read, whose conflicts and findings are not known yet. */
  setTrace(conflicts: ConflictTable, findings: FindingView[], reading = false): void {
    this.conflictList = conflicts;
    this.findingList = findings;
    const count = (n: number) => (reading ? '…' : n.toLocaleString('en'));
    this.tabs.rename(TAB.conflicts, `Conflicts (${count(conflicts.length)})`);
    this.tabs.rename(TAB.findings, `Findings (${count(findings.length)})`);
    this.conflicts.setCount(conflicts.length, reading);
    this.findings.setCount(findings.length, reading);
    this.conflictNote.textContent = conflicts.length ? `${plural(conflicts.length, 'conflict')}. Choose one, or press N in the diagram.` : '';
    this.conflictNote.hidden = conflicts.length === 0;
  }

  /** Shows a checkbox per replica; the same replicas are updated in place (the focus stays). */
  setReplicas(names: string[], hidden: ReadonlySet<number>): void {
    const same = names.length === this.replicaNames.length && names.every((n, r) => n === this.replicaNames[r]);
    if (!same) {
      this.replicaNames = names;
      keepingFocus(this.replicas, () =>
        setChildren(
          this.replicas,
          names.map((n, r) => {
            const box = el('input', { attrs: { type: 'checkbox', 'data-focus-key': r } });
            box.addEventListener('change', () => this.actions.setHidden(r, !box.checked));
            return el('label', { class: 'replica-toggle', attrs: { title: n } }, [box, el('span', { text: n })]);
          }),
        ),
      );
    }
    this.replicas.querySelectorAll<HTMLInputElement>('input[type=checkbox]').forEach((box, r) => (box.checked = !hidden.has(r)));
  }

  showConflict(n: number): void {
    const c = this.conflictList.at(n);
    this.conflicts.setCurrent(n);
    if (!c) return;
    this.conflictNote.textContent = displayText(`${c.id}: ${c.events.length} concurrent writes to ${c.key}${c.target !== undefined ? ` (${c.target})` : ''}. Rule: ${c.rule}.${reasonAfter(c)}`);
  }

  showTab(i: number): void {
    this.tabs.show(i);
  }

  get gridVisible(): boolean {
    return this.tabs.selected === TAB.events && !this.element.hidden;
  }
}
