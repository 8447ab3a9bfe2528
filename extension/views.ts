// The Causeway side bar: Replicas (final states), Conflicts and Findings of the active trace.
// Each conflict, write and finding reveals its event in the diagram and its line in the file.
// Trace strings are shown display-safe (hidden and bidi characters escaped).

import * as vscode from 'vscode';
import { countBySeverity, type Severity } from '../engine/trace/diagnostics';
import { displayText } from '../engine/util/display-text';
import { eventCount, findingCounts } from './counts';
import type { TraceEditorProvider } from './trace-editor';
import type { TraceDocument } from './trace-document';
import { LISTED_CONFLICTS, type ListedConflict } from './worker-protocol';
import { groupedCount } from '../engine/util/count-text';

/** What `causeway.revealEvent` takes from a view item: an event of the shown execution, a 1-based line. */
export interface RevealTarget {
  event: number;
  line: number;
}

interface Node {
  item: vscode.TreeItem;
  children?: () => Node[] | Promise<Node[]>;
}

/**
 * Lists longer than this end with an item saying how many more the diagram's panel has: the
 * workbench lays out a view's items in one task (a thousand took 0.5 to 0.6 s on a busy 2-core
 * machine, freezing the window while a million events opened). The worker sends the host at most
 * LISTED_CONFLICTS conflicts.
 */
const MAX_ITEMS = Math.min(100, LISTED_CONFLICTS);

const SEVERITY_ICON: Record<Severity, vscode.ThemeIcon> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

function node(label: string, fields: Partial<vscode.TreeItem>, children?: Node['children']): Node {
  const item = new vscode.TreeItem(label, children ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  return { item: Object.assign(item, fields), ...(children ? { children } : {}) };
}

function reveal(target: RevealTarget): vscode.Command {
  return { command: 'causeway.revealEvent', title: vscode.l10n.t('Reveal Event'), arguments: [target] };
}

/** The first MAX_ITEMS nodes of a list of `total` items, then one saying how many were left out. */
function capped<T>(items: readonly T[], toNode: (item: T) => Node, total = items.length): Node[] {
  const nodes = items.slice(0, MAX_ITEMS).map(toNode);
  if (total > MAX_ITEMS) {
    const more = groupedCount(total - MAX_ITEMS);
    nodes.push(node(vscode.l10n.t('{0} more: see the diagram\'s panel', more), { iconPath: new vscode.ThemeIcon('ellipsis') }));
  }
  return nodes;
}

/**
 * What every view lists while its trace is not open: that it is opening (nothing is known yet, so
 * nothing is said to be absent), or that it did not open.
 */
function notOpenNodes(document: TraceDocument): Node[] {
  const { opening } = document;
  if (opening.state === 'cancelled') return [node(vscode.l10n.t('Opening {0} was cancelled', document.name), { iconPath: new vscode.ThemeIcon('circle-slash') })];
  if (opening.state === 'failed') return [node(vscode.l10n.t('{0} could not be opened', document.name), { tooltip: opening.message, iconPath: new vscode.ThemeIcon('error') })];
  if (opening.state === 'tooLarge') {
    const tooltip = vscode.l10n.t('About {0} events: too many to open whole within causeway.maxEditorMemoryMB. Its editor offers a range of its first events.', groupedCount(opening.estimate.events));
    return [node(vscode.l10n.t('{0} is too large to open whole: choose a range in its editor', document.name), { tooltip, iconPath: new vscode.ThemeIcon('warning') })];
  }
  return [node(vscode.l10n.t('Opening {0}: still checking...', document.name), { iconPath: new vscode.ThemeIcon('loading~spin') })];
}

function replicaNodes(document: TraceDocument): Node[] {
  const { replicas } = document.shown;
  if (!replicas) return [node(vscode.l10n.t('Replaying the states...'), { iconPath: new vscode.ThemeIcon('loading~spin') })];
  return replicas.map((replica) =>
    node(displayText(replica.name), { description: eventCount(replica.events), iconPath: new vscode.ThemeIcon('server') }, () =>
      Object.entries(replica.state).map(([key, value]) =>
        node(displayText(key), { description: displayText(JSON.stringify(value)), tooltip: displayText(`${key} = ${JSON.stringify(value, null, 2)}`) }),
      ),
    ),
  );
}

/** The writes of a conflict, named as the trace names them (the worker knows the ids). */
async function writeNodes(document: TraceDocument, conflict: ListedConflict): Promise<Node[]> {
  const details = await document.details(conflict.events);
  return details.map(({ event, id }) => {
    const kept = conflict.winners.includes(event);
    const write = conflict.events.indexOf(event);
    return node(displayText(id), {
      description: kept ? vscode.l10n.t('kept') : vscode.l10n.t('lost'),
      tooltip: displayText(conflict.labels[write]),
      iconPath: new vscode.ThemeIcon(kept ? 'pass' : 'circle-slash'),
      command: reveal({ event, line: conflict.lines[write] }),
    });
  });
}

function conflictNodes(document: TraceDocument): Node[] {
  const { conflicts, conflictCount } = document.shown;
  return capped(conflicts, (conflict) => {
    const last = conflict.events.length - 1;
    const target = conflict.target === undefined ? '' : ` ${conflict.target}`;
    return node(
      displayText(`${conflict.id}: ${conflict.key}${target}`),
      { description: conflict.rule, tooltip: displayText(conflict.reason), iconPath: new vscode.ThemeIcon('git-merge'), command: reveal({ event: conflict.events[last], line: conflict.lines[last] }) },
      () => writeNodes(document, conflict),
    );
  }, conflictCount);
}

function findingNodes(document: TraceDocument): Node[] {
  const { findings, findingEvents } = document.shown;
  const all = [...document.summary.findings.map((finding) => ({ finding, event: -1 })), ...findings.map((finding, i) => ({ finding, event: findingEvents[i][0] ?? -1 }))];
  // Until the state replay ends, its checks (recorded states, merges) have not spoken: never "nothing found" then.
  const checking = document.shown.replicas ? [] : [node(vscode.l10n.t('Still checking the replayed states...'), { iconPath: new vscode.ThemeIcon('loading~spin') })];
  return [...checking, ...capped(all, ({ finding, event }) =>
    node(displayText(finding.message), {
      description: finding.line > 0 ? vscode.l10n.t('{0}, line {1}', finding.kind, finding.line) : finding.kind,
      tooltip: displayText(finding.message),
      iconPath: SEVERITY_ICON[finding.severity],
      command: reveal({ event, line: finding.line }),
    }),
  )];
}

/**
 * The Findings view's description: every finding of the active file counted (the file's own, each
 * execution's, and the live session's), the same set the Problems panel lists and `causeway check` counts.
 */
function findingsCount(document: TraceDocument): string {
  const { summary } = document;
  const counts = countBySeverity([...summary.findings, ...summary.executions.flatMap((e) => e.findings), ...document.sessionFindings]);
  return findingCounts(counts);
}

/** A tree of the active trace's data, rebuilt when the active trace or its content changes. */
class ActiveTraceTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private shown: TraceDocument | undefined;
  private documentChanged: vscode.Disposable | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(
    editors: TraceEditorProvider,
    private readonly nodes: (document: TraceDocument) => Node[],
    /** Whether this view tells the document when it listed it (the Findings view: the diagram's parts wait for it). */
    private readonly tellsListed = false,
  ) {
    this.subscription = editors.onDidChangeActive((panel) => this.follow(panel?.document));
    this.follow(editors.active?.document);
  }

  /** The active trace shown, if any. */
  get document(): TraceDocument | undefined {
    return this.shown;
  }

  private follow(document: TraceDocument | undefined): void {
    if (document === this.shown) return;
    this.documentChanged?.dispose();
    this.shown = document;
    this.documentChanged = document?.onDidChange(() => this.changed.fire());
    this.changed.fire();
  }

  getTreeItem(element: Node): vscode.TreeItem {
    return element.item;
  }

  getChildren(element?: Node): Node[] | Promise<Node[]> {
    if (element) return element.children?.() ?? [];
    if (!this.document) return [];
    const nodes = rootNodes(this.document, this.nodes);
    if (this.tellsListed) this.document.sideBarListed();
    return nodes;
  }

  dispose(): void {
    this.documentChanged?.dispose();
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The side bar's views of the active trace, and what each lists at its top level. */
const VIEWS = {
  'causeway.replicas': replicaNodes,
  'causeway.conflicts': conflictNodes,
  'causeway.findings': findingNodes,
} satisfies Record<string, (document: TraceDocument) => Node[]>;

/** The top level of one view of `document`: what its nodes say while it opens, else its data. */
function rootNodes(document: TraceDocument, nodes: (document: TraceDocument) => Node[]): Node[] {
  return document.isOpen ? nodes(document) : notOpenNodes(document);
}

/** The labels each view lists at its top level for `document` (for the extension-host tests). */
export function viewLabels(document: TraceDocument): Record<keyof typeof VIEWS, string[]> {
  const labels = (nodes: (document: TraceDocument) => Node[]) => rootNodes(document, nodes).map((n) => String(n.item.label));
  return { 'causeway.replicas': labels(replicaNodes), 'causeway.conflicts': labels(conflictNodes), 'causeway.findings': labels(findingNodes) };
}

export function registerViews(editors: TraceEditorProvider): vscode.Disposable[] {
  const views = Object.entries(VIEWS);
  const hasActiveTrace = (active: boolean) => void vscode.commands.executeCommand('setContext', 'causeway.hasActiveTrace', active);
  hasActiveTrace(editors.active !== undefined);
  const trees = views.flatMap(([id, nodes]) => {
    const tree = new ActiveTraceTree(editors, nodes, id === 'causeway.findings');
    const view = vscode.window.createTreeView(id, { treeDataProvider: tree, showCollapseAll: id !== 'causeway.findings' });
    if (id !== 'causeway.findings') return [tree, view];
    const describe = () => (view.description = tree.document?.isOpen ? findingsCount(tree.document) : undefined);
    describe();
    return [tree, view, tree.onDidChangeTreeData(describe)];
  });
  return [...trees, editors.onDidChangeActive((panel) => hasActiveTrace(panel !== undefined))];
}
