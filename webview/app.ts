// The webview application: holds the loaded trace, the selection and the step cursor; turns host
// messages and user actions into changes of them, and tells the diagram, panels and host. How the
// trace is viewed (layout, filters, search) lives in Controls, moving around in Navigator.

import { ConflictTable } from '../engine/view/conflict-table';
import { labelOf, type TraceView } from '../engine/view/model';
import type { ShownView } from '../engine/view/view-parts';
import { Controls } from './controls';
import { shadingOf, type Shading } from './model/causality';
import { Annotations } from './model/conflicts';
import { EdgeIndex } from './model/edges';
import { fieldLine, readableFields } from './model/field-text';
import { explain } from './model/explain';
import { hasLongLocalRuns, Layout } from './model/layout';
import { stateText, Timelines } from './model/timelines';
import { KIND_NAMES, TraceIndex } from './model/trace-index';
import { Navigator } from './navigate';
import type { EventDetails, ExportFormat, LoadMessage, WebviewToHost } from './protocol';
import { DEFAULT_EXPORT, exportPng, exportSvg, pageTheme, type ExportOptions } from './render/export';
import { readPalette } from './render/theme';
import { readState, type PersistedState, type VsCodeApi } from './state';
import { describeEvent, plural } from './ui/describe';
import { DiagramView, type DiagramHost, type SceneParts } from './ui/diagram-view';
import { el } from './ui/dom';
import { ExecutionPicker } from './ui/executions';
import { SideFold } from './ui/side-fold';
import { SidePanel, TAB, type SidePanelActions } from './ui/side-panel';
import { StatusLine } from './ui/status-line';
import { Toolbar } from './ui/toolbar';
import { TraceTitle } from './ui/trace-title';

/** Host fields the tooltip leaves out: shown in its first line, drawn, or bookkeeping. */
const TOOLTIP_SKIP = new Set(['replica', 'kind', 'line', 'id', 'label', 'key', 'clock', 'after', 'offset', 'length', 'step']);
/** At most this many fields in the tooltip, each value cut at this many characters. */
const TOOLTIP_FIELDS = 8;
const TOOLTIP_VALUE_CHARS = 80;

interface Loaded {
  view: ShownView;
  index: TraceIndex;
  annotations: Annotations;
  timelines: Timelines;
  layout: Layout;
  edges: EdgeIndex | null;
}

/** Traces from this many events load in stages (each stage a few hundredths of a second at a million events). */
const STAGED_LOAD_EVENTS = 100_000;

/** Resolves in a task of its own: a message to ourselves, which a hidden webview does not throttle as it does timers. */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export class App implements DiagramHost, SidePanelActions {
  readonly element: HTMLElement;
  readonly diagram: DiagramView;
  readonly toolbar: Toolbar;
  private readonly executions: ExecutionPicker;
  readonly side: SidePanel;
  readonly nav: Navigator;
  readonly controls: Controls;
  private readonly status = new StatusLine();
  private readonly title = new TraceTitle();
  private readonly fold: SideFold;
  private gridTimer = 0;
  t: Loaded | null = null;

  selected = -1;
  compare = -1;
  step = 0;
  shading: Shading | null = null;
  private stepCut = new Uint32Array(0);
  currentConflict = -1;
  currentFinding = -1;
  private hoverEvent = -1;
  /** The last hovered event whose fields were asked from the host (asked once per hover). */
  private hoverAsked = -1;
  private readonly details = new Map<number, EventDetails>();
  private requestSeq = 0;
  private persistTimer = 0;
  /** When the last `load` arrived and how long its first frame took (performance.now() times). */
  lastLoad = { arrived: 0, firstFrameMs: 0 };

  constructor(private readonly api: VsCodeApi) {
    this.diagram = new DiagramView(this);
    this.diagram.usePalette(readPalette());
    this.controls = new Controls(this);
    this.toolbar = new Toolbar(this.controls);
    this.executions = new ExecutionPicker((execution) => this.post({ type: 'chooseExecution', execution }));
    this.side = new SidePanel(this, (e) => this.name(e));
    this.nav = new Navigator(this);
    // A screen reader on the diagram hears the current selection and where its text form is.
    const gridHint = el('p', { class: 'visually-hidden', attrs: { id: 'diagram-hint' }, text: 'The Events tab of the side panel lists the events in view as a grid.' });
    this.diagram.canvas.setAttribute('aria-describedby', 'status diagram-hint');
    this.element = el('div', { class: 'app' }, [
      el('header', { class: 'top' }, [this.toolbar.element, el('div', { class: 'title-row' }, [this.executions.element, this.title.element])]),
      el('main', { class: 'main' }, [this.diagram.element, this.side.element, gridHint]),
      el('footer', {}, [this.status.element]),
    ]);
    this.fold = new SideFold(this.element, this.side.element, (open) => this.toolbar.setSidePanel(open));
  }

  toggleSidePanel(): void {
    this.fold.toggle();
    this.say(this.fold.folded ? 'Side panel hidden.' : 'Side panel shown.');
    this.persistSoon();
  }

  post(message: WebviewToHost): void {
    this.api.postMessage(message);
  }

  /** An event's id: the trace's own when the host told us, else `replica:n`. */
  name(e: number): string {
    return this.details.get(e)?.id ?? this.t?.index.defaultId(e) ?? String(e);
  }

  /** Says `text` in the status line (the last thing an action says). */
  say(text: string): void {
    this.status.say(text);
  }

  // --- loading ---------------------------------------------------------------------------

  /**
   * Shows a trace. A long one is indexed, laid out and drawn in stages, other tasks running between
   * them (the window never freezes for the whole of it); main.ts holds later messages until it ends.
   */
  async load(msg: Omit<LoadMessage, 'view'> & { view: TraceView | ShownView }, arrived: number): Promise<void> {
    // A view that came whole (the HTML export's page) has its conflicts as a list; one in parts, as a table.
    const { conflicts } = msg.view;
    const view: ShownView = { ...msg.view, conflicts: conflicts instanceof ConflictTable ? conflicts : ConflictTable.of(conflicts) };
    // A long trace, and a long file's first view (drawn with a cold page: 170 ms in one task at 4,000 events), load in stages.
    const stage = view.size >= STAGED_LOAD_EVENTS || msg.firstView ? nextTask : () => undefined;
    // A view that came in parts was put together in this task: the index starts in the next.
    await stage();
    const index = await TraceIndex.buildInStages(view, stage);
    const annotations = await Annotations.buildInStages(view, stage);
    const timelines = new Timelines(view, msg.buffers);
    await stage();
    const saved = readState(this.api);
    const grown = msg.growing === true && saved.size !== undefined && saved.size <= view.size;
    const same = saved.trace === view.name && (saved.size === view.size || grown);
    /** At the last step before the trace grew: the cursor and the view follow the new end. */
    // Only events appended move the view to the end.
    const following = same && grown && saved.size! < view.size && (saved.step === undefined || saved.step >= saved.size! - 1);
    const N = view.size;
    const clampEvent = (e: number | undefined) => (e !== undefined && e >= 0 && e < N ? e : -1);
    this.details.clear();
    this.controls.restore(saved, same, view.replicas.length, timelines, hasLongLocalRuns(index));
    this.fold.chosen = saved.sideFolded;
    this.fold.apply();
    this.selected = same ? clampEvent(saved.selected) : -1;
    this.compare = same ? clampEvent(saved.compare) : -1;
    this.step = Math.max(0, Math.min(N - 1, msg.step ?? (same && !following && saved.step !== undefined ? saved.step : N - 1)));
    this.currentConflict = this.currentFinding = -1;
    const c = this.controls;
    const layout = new Layout(index, c.columns, c.hidden, c.foldsRuns);
    await stage();
    annotations.place(layout);
    await stage();
    this.t = { view, index, annotations, timelines, layout, edges: null };
    this.title.show(view);
    this.toolbar.setTrace(view.replicas, view.keys);
    this.executions.set(msg.executions ?? [], msg.execution ?? 0);
    this.side.setTrace(view.conflicts, view.findings, msg.firstView);
    this.side.setReplicas(view.replicas, c.hidden);
    c.syncToolbar();
    this.diagram.setOrientation(c.orientation);
    this.diagram.log.reset();
    this.diagram.relayout();
    this.diagram.ensureSize();
    this.diagram.showEmpty(N === 0);
    if (same && saved.k && saved.center !== undefined) {
      this.diagram.laneOffset = saved.laneOffset ?? 0;
      if (following) this.diagram.showEnd(saved.k);
      else this.diagram.setView(saved.k, this.diagram.timeLength / 2 - saved.center * saved.k);
    } else {
      this.diagram.laneOffset = 0;
      this.diagram.fit();
    }
    c.runSearch();
    this.updateStep();
    this.updateSelection();
    // The first frame in a task of its own (tens of milliseconds at a million events); a frame the
    // browser drew in between (relayout asked for one) is that frame, and is not drawn again.
    await stage();
    if (this.diagram.framePending) this.diagram.renderNow();
    const firstFrameMs = performance.now() - arrived;
    this.lastLoad = { arrived, firstFrameMs };
    this.say(
      msg.firstView
        ? `${view.name}: its first ${plural(N, 'event')} on ${plural(view.replicas.length, 'replica')}, while the rest is read.`
        : `${view.name}: ${plural(N, 'event')} on ${plural(view.replicas.length, 'replica')}, ${plural(view.conflicts.length, 'conflict')}, ${plural(view.findings.length, 'finding')}.`,
    );
    this.post({ type: 'loaded', events: N, firstFrameMs, ...(msg.firstView ? { firstView: true } : {}) });
    // The edge index in a task of its own (75 ms at a million events), not in the first frame that draws messages.
    if (N >= STAGED_LOAD_EVENTS) {
      await stage();
      this.edges();
    }
  }

  scene(): SceneParts | null {
    const t = this.t;
    if (!t) return null;
    const c = this.controls;
    return {
      index: t.index,
      layout: t.layout,
      edges: () => this.edges(),
      annotations: t.annotations,
      timelines: t.timelines,
      rows: c.showTimelines ? t.timelines.rows(c.keyFilter) : [],
      selected: this.selected,
      compare: this.compare,
      shading: this.shading,
      step: this.step,
      stepCut: this.stepCut,
      keyFilter: c.keyFilter,
      replicaFilter: c.replicaFilter,
      matches: c.matchMask,
      currentConflict: this.currentConflict,
      hover: this.hoverEvent,
    };
  }

  /** The edge index, built on first use (a zoomed-out first frame does not need it). */
  private edges(): EdgeIndex {
    const t = this.t!;
    if (!t.edges || t.edges.column !== t.layout.column) t.edges = new EdgeIndex(t.index, t.layout.column);
    return t.edges;
  }

  // --- selection -------------------------------------------------------------------------

  /** Selects an event (or, with `compare`, pins it as the second event); -1 clears. */
  select(e: number, opts: { compare?: boolean; reveal?: boolean } = {}): void {
    const t = this.t;
    if (!t) return;
    if (e < 0) {
      this.selected = this.compare = -1;
      this.say('Selection cleared.');
    } else {
      // Selecting an event closes the keyboard help: the event's details take the panel.
      this.side.details.helpOpen = false;
      if (opts.compare && this.selected >= 0) {
        this.compare = e === this.selected ? -1 : e;
      } else {
        this.selected = e;
        if (this.compare === e) this.compare = -1;
      }
    }
    this.updateSelection();
    if (opts.reveal && this.selected >= 0) this.diagram.reveal(opts.compare ? e : this.selected);
    this.diagram.renderNow();
    this.post({ type: 'selected', event: this.selected, compare: this.compare });
    this.persistSoon();
  }

  private updateSelection(): void {
    const t = this.t;
    if (!t) return;
    this.shading = this.selected >= 0 ? shadingOf(t.index, this.selected) : null;
    this.requestDetails([this.selected, this.compare].filter((e) => e >= 0 && !this.details.has(e)));
    this.showDetails();
    if (this.selected >= 0) {
      this.say(describeEvent(t.index, this.selected, this.shading!, (e) => this.name(e)) + (this.compare >= 0 ? ` Compared with ${this.name(this.compare)}.` : ''));
    }
    this.refreshGridSoon(0);
  }

  showDetails(): void {
    const t = this.t;
    if (this.side.details.helpOpen) return this.side.details.showHelp();
    if (!t || this.selected < 0) return this.side.details.showIdle();
    const explanation = this.compare >= 0 && this.compare !== this.selected ? explain(t.index, this.compare, this.selected, (e) => this.name(e)) : null;
    this.side.details.show({
      index: t.index,
      annotations: t.annotations,
      event: this.selected,
      compare: this.compare,
      shading: this.shading,
      details: this.details.get(this.selected),
      explanation,
      name: (e) => this.name(e),
    });
  }

  private requestDetails(events: number[]): void {
    if (events.length) this.post({ type: 'requestDetails', requestId: ++this.requestSeq, events });
  }

  receiveDetails(details: EventDetails[]): void {
    for (const d of details) if (this.t && d.event >= 0 && d.event < this.t.view.size) this.details.set(d.event, d);
    if (this.t && details.some((d) => d.conflictReasons)) this.wordConflicts(details);
    if (details.some((d) => d.event === this.selected || d.event === this.compare)) this.showDetails();
    if (details.some((d) => d.event === this.hoverEvent)) this.diagram.refreshTip();
  }

  /** Reasons of conflicts that came without one (past the first of a long list), from their events' details. */
  private wordConflicts(details: EventDetails[]): void {
    const { conflicts } = this.t!.view;
    for (const d of details) {
      for (const [id, reason] of Object.entries(d.conflictReasons ?? {})) {
        const n = Number(id.slice(1)) - 1;
        if (n >= 0 && n < conflicts.length && conflicts.id(n) === id) conflicts.setReason(n, reason);
      }
    }
    if (this.currentConflict >= 0) this.side.showConflict(this.currentConflict);
  }

    eventClicked(e: number, ev: MouseEvent): void {
    this.select(e, { compare: ev.shiftKey });
  }

  eventDoubleClicked(e: number): void {
    if (this.t) this.openLine(this.t.view.line[e]);
  }

  pinCompare(): void {
    if (this.selected < 0) return;
    this.compare = this.selected;
    this.say(`${this.name(this.selected)} is pinned: select another event to compare.`);
    this.showDetails();
    this.diagram.invalidate();
  }

  openLine(line: number): void {
    this.post({ type: 'openLine', line });
  }

  // --- step cursor -----------------------------------------------------------------------

  setStep(step: number, from: 'host' | 'user', reveal = true): void {
    const t = this.t;
    if (!t) return;
    const next = Math.max(0, Math.min(t.view.size - 1, Math.round(step)));
    const changed = next !== this.step;
    this.step = next;
    this.updateStep();
    if (reveal && (changed || from === 'host')) this.diagram.reveal(t.view.order[this.step]);
    this.diagram.invalidate();
    if (from === 'user' && changed) {
      this.post({ type: 'stepChanged', step: this.step });
      this.say(`Step ${this.step} of ${t.view.size - 1}: ${this.name(t.view.order[this.step])}.`);
    }
    this.persistSoon();
  }

  moveStep(delta: number): void {
    this.setStep(this.step + delta, 'user');
  }

  private updateStep(): void {
    const t = this.t;
    if (!t) return;
    this.stepCut = new Uint32Array(t.index.R);
    for (let r = 0; r < t.index.R; r++) this.stepCut[r] = t.index.countAtStepAtMost(r, this.step);
    this.toolbar.setStep(this.step, t.view.size);
  }

  axisClicked(pos: number): void {
    const t = this.t;
    if (!t) return;
    // The last step among events at or left of the clicked position: everything to the left is done.
    let best = -1;
    for (const r of t.layout.lanes) {
      const m = t.layout.upperBound(r, pos) - 1;
      if (m >= 0) best = Math.max(best, t.view.step[t.index.laneEvent(r, m)]);
    }
    if (best >= 0) this.setStep(best, 'user');
  }

  // --- side panel actions ---------------------------------------------------------------------

  conflictChosen(n: number): void {
    this.nav.showConflict(n);
  }
  findingChosen(n: number): void {
    this.nav.showFinding(n);
  }
  setHidden(r: number, hide: boolean): void {
    this.controls.setHidden(r, hide);
  }
  stepTo(e: number): void {
    if (this.t) this.setStep(this.t.view.step[e], 'user');
  }
  /** Opens the keyboard help in the side panel (unfolding it), or closes it. */
  setHelp(open: boolean): void {
    this.side.details.helpOpen = open;
    this.fold.help(open);
    if (open) this.side.showTab(TAB.details);
    this.showDetails();
    this.say(open ? 'Keyboard help shown in the side panel; Escape closes it.' : 'Keyboard help closed.');
  }
  gridShown(): void {
    this.refreshGridSoon(0);
  }

  /** Lists the events in view in the side panel's grid (when it shows), after `delay` ms. */
  private refreshGridSoon(delay: number): void {
    clearTimeout(this.gridTimer);
    this.gridTimer = window.setTimeout(() => {
      const t = this.t;
      if (!t || !this.side.gridVisible) return;
      const geo = this.diagram.geometry(0);
      this.side.grid.show({ index: t.index, layout: t.layout, from: geo.posAt(0), to: geo.posAt(this.diagram.timeLength), selected: this.selected, name: (e) => this.name(e) });
    }, delay);
  }

  // --- hover, export, persistence --------------------------------------------------------------

  tooltip(target: { event: number } | { replica: number; row: number; event: number }): string[] {
    const t = this.t;
    if (!t) return [];
    const v = t.view;
    if (!('row' in target)) {
      const e = target.event;
      if (this.hoverEvent !== e) {
        this.hoverEvent = e;
        this.diagram.invalidate();
      }
      const lines = [`${this.name(e)} · ${KIND_NAMES[v.kind[e]]} · line ${v.line[e]} · step ${v.step[e]}`];
      const label = labelOf(v, e);
      if (label) lines.push(label);
      lines.push(...this.tooltipFields(e));
      for (const n of t.annotations.conflictsOf(e)) lines.push(`conflict ${v.conflicts.id(n)} on ${v.conflicts.key(n)} (${v.conflicts.rule(n)})`);
      return lines;
    }
    const e = target.event;
    if (e < 0) return [];
    const lines = [`${v.replicas[target.replica]} after ${this.name(e)} (step ${v.step[e]})`];
    for (const { label, value, recorded } of t.timelines.stateAt(target.replica, v.step[e])) lines.push(`${label} = ${stateText(value, recorded, 300)}`);
    return lines;
  }

  /** The hovered event's own fields as `key: value` lines (asked from the host on first hover). */
  private tooltipFields(e: number): string[] {
    const d = this.details.get(e);
    if (!d) {
      if (this.hoverAsked !== e) this.requestDetails([e]);
      this.hoverAsked = e;
      return [];
    }
    const shown = readableFields(d.fields, TOOLTIP_SKIP).map(([k, v]) => fieldLine(k, v, TOOLTIP_VALUE_CHARS));
    return shown.length > TOOLTIP_FIELDS ? [...shown.slice(0, TOOLTIP_FIELDS), `… ${shown.length - TOOLTIP_FIELDS} more in Details`] : shown;
  }

  async exportAs(format: ExportFormat, options: ExportOptions = DEFAULT_EXPORT): Promise<void> {
    const scene = this.diagram.currentScene();
    if (!scene || !this.t) return;
    const title = `${this.t.view.name} — Causeway`;
    try {
      if (format === 'page') return this.post({ type: 'exported', format, data: pageTheme(document) });
      if (format === 'svg') this.post({ type: 'exported', format, data: exportSvg(scene, title, options) });
      else this.post({ type: 'exported', format, data: await exportPng(scene, options) });
      this.say(`Exported ${options.range === 'whole' ? 'the whole diagram' : 'the range on screen'} as ${format.toUpperCase()}.`);
    } catch (err) {
      this.post({ type: 'error', message: `Export failed: ${(err as Error).message}` });
    }
  }

  themeChanged(): void {
    this.diagram.usePalette(readPalette());
    this.diagram.relayout();
  }

  persistSoon(): void {
    clearTimeout(this.persistTimer);
    this.persistTimer = window.setTimeout(() => this.persist(), 200);
  }

  persist(): void {
    const t = this.t;
    if (!t) return;
    const d = this.diagram;
    const state: PersistedState = {
      trace: t.view.name,
      size: t.view.size,
      selected: this.selected,
      compare: this.compare,
      step: this.step,
      k: d.k,
      center: (d.timeLength / 2 - d.t0) / d.k,
      laneOffset: d.laneOffset,
      sideFolded: this.fold.chosen,
      ...this.controls.saved(),
    };
    this.api.setState(state);
  }

  logShownChanged(): void {
    this.controls.syncToolbar();
    this.persistSoon();
  }

  viewChanged(): void {
    // After the zoom event that moved the view (a relayout sets the view again).
    queueMicrotask(() => this.controls.zoomChanged());
    this.persistSoon();
    this.refreshGridSoon(150);
  }
}
