// The side panel beside the diagram: tabs for the selected event's details, the list of
// conflicts, the list of findings, and the replicas (show or hide each lane).

import { displayText } from '../../engine/util/display-text';
import type { ConflictView, FindingView } from '../../engine/view/model';
import { conflictOutcome } from '../model/conflicts';
import { DetailsPanel, type DetailsActions } from './details';
import { el, setChildren } from './dom';
import { VirtualList } from './lists';

export interface SidePanelActions extends DetailsActions {
  conflictChosen(n: number): void;
  findingChosen(n: number): void;
  setHidden(r: number, hidden: boolean): void;
}

export class SidePanel {
  readonly element: HTMLElement;
  readonly details: DetailsPanel;
  readonly conflicts: VirtualList;
  readonly findings: VirtualList;
  private readonly tabs: HTMLElement & { selectedIndex: number };
  private readonly conflictHeader: HTMLElement;
  private readonly findingHeader: HTMLElement;
  private readonly replicas: HTMLElement;
  private readonly conflictNote: HTMLElement;
  private conflictList: ConflictView[] = [];
  private findingList: FindingView[] = [];

  constructor(
    private readonly actions: SidePanelActions,
    private readonly name: (e: number) => string,
  ) {
    this.details = new DetailsPanel(actions);
    this.conflicts = new VirtualList(
      'Conflicts',
      (i) => {
        const c = this.conflictList[i];
        return { title: `${c.id} ${c.key}${c.target !== undefined ? ` (${c.target})` : ''}`, detail: conflictOutcome(c, this.name) };
      },
      (i) => actions.conflictChosen(i),
    );
    this.findings = new VirtualList(
      'Findings',
      (i) => {
        const f = this.findingList[i];
        return { title: `${f.severity} · line ${f.line}`, detail: `${f.kind}: ${f.message.slice(0, 300)}`, cls: f.severity };
      },
      (i) => actions.findingChosen(i),
    );
    this.conflictNote = el('div', { class: 'conflict-note', attrs: { 'aria-live': 'polite' } });
    this.replicas = el('div', { class: 'replicas', attrs: { role: 'group', 'aria-label': 'Replicas shown in the diagram' } });
    this.conflictHeader = el('vscode-tab-header', { attrs: { slot: 'header' }, text: 'Conflicts' });
    this.findingHeader = el('vscode-tab-header', { attrs: { slot: 'header' }, text: 'Findings' });
    this.tabs = el('vscode-tabs', { class: 'tabs' }, [
      el('vscode-tab-header', { attrs: { slot: 'header' }, text: 'Details' }),
      el('vscode-tab-panel', {}, [this.details.element]),
      this.conflictHeader,
      el('vscode-tab-panel', {}, [el('div', { class: 'list-panel' }, [this.conflictNote, this.conflicts.element])]),
      this.findingHeader,
      el('vscode-tab-panel', {}, [el('div', { class: 'list-panel' }, [this.findings.element])]),
      el('vscode-tab-header', { attrs: { slot: 'header' }, text: 'Replicas' }),
      el('vscode-tab-panel', {}, [this.replicas]),
    ]) as HTMLElement & { selectedIndex: number };
    this.element = el('aside', { class: 'side', attrs: { 'aria-label': 'Details, conflicts, findings and replicas' } }, [this.tabs]);
  }

  setTrace(conflicts: ConflictView[], findings: FindingView[]): void {
    this.conflictList = conflicts;
    this.findingList = findings;
    this.conflictHeader.textContent = `Conflicts (${conflicts.length.toLocaleString('en')})`;
    this.findingHeader.textContent = `Findings (${findings.length.toLocaleString('en')})`;
    this.conflicts.setCount(conflicts.length);
    this.findings.setCount(findings.length);
    this.conflictNote.textContent = conflicts.length ? 'Choose a conflict, or press N in the diagram.' : 'No concurrent writes to the same key.';
  }

  setReplicas(names: string[], hidden: ReadonlySet<number>): void {
    setChildren(
      this.replicas,
      names.map((n, r) => {
        const box = el('vscode-checkbox', { text: n, props: { checked: !hidden.has(r) }, attrs: { title: n, 'data-replica': r } }) as HTMLElement & { checked: boolean };
        box.addEventListener('change', () => this.actions.setHidden(r, !box.checked));
        return box;
      }),
    );
  }

  showConflict(n: number): void {
    const c = this.conflictList[n];
    this.conflicts.setCurrent(n);
    if (!c) return;
    this.conflictNote.textContent = displayText(`${c.id}: ${c.events.length} concurrent writes to ${c.key}${c.target !== undefined ? ` (${c.target})` : ''}. Rule: ${c.rule}. ${c.reason}`);
  }

  showTab(i: 0 | 1 | 2 | 3): void {
    this.tabs.selectedIndex = i;
  }
}
