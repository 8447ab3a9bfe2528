// How the user views the trace: lane orientation, columns, collapsed runs, timelines, hidden
// replicas, filters and the search. Implements the toolbar's actions; every change relays the
// diagram out (keeping the selection in view), updates the toolbar and is saved with the state.

import type { App } from './app';
import { Layout } from './model/layout';
import { search } from './model/search';
import type { Timelines } from './model/timelines';
import type { ColumnMode, ExportFormat, Orientation } from './protocol';
import type { PersistedState } from './state';
import { plural } from './ui/describe';
import { MAX_K } from './ui/diagram-view';
import type { ToolbarActions } from './ui/toolbar';

/** Pixels per column from which runs folded by default show their events (each has room for its glyph). */
const UNFOLD_K = 8;

export class Controls implements ToolbarActions {
  orientation: Orientation = 'horizontal';
  columns: ColumnMode = 'depth';
  collapse = false;
  /** Whether the user set "Collapse local runs" (else runs fold by default, and unfold when zoomed in). */
  collapseChosen = false;
  /** Runs folded by default, shown unfolded because the view is zoomed in enough to give each event room. */
  private unfolded = false;
  showTimelines = false;
  hidden = new Set<number>();
  keyFilter = -1;
  replicaFilter = -1;
  query = '';
  /** Search matches in causal order, and as a per-event mask for drawing. */
  matches: Uint32Array = new Uint32Array(0);
  matchMask: Uint8Array | null = null;

  constructor(private readonly app: App) {}

  /** Takes the saved settings when they belong to this trace, else the defaults for it (`collapse`: fold local runs). */
  restore(saved: Partial<PersistedState>, same: boolean, replicas: number, timelines: Timelines, collapse: boolean): void {
    this.orientation = same && saved.orientation ? saved.orientation : this.orientation;
    this.columns = same && saved.columns ? saved.columns : this.columns;
    this.hidden = new Set(same ? (saved.hidden ?? []).filter((r) => r >= 0 && r < replicas) : []);
    this.collapse = same ? !!saved.collapse : collapse;
    this.collapseChosen = same && !!saved.collapseChosen;
    this.unfolded = false;
    this.showTimelines = same && saved.timelines !== undefined ? saved.timelines : timelines.keysWithTimelines.length > 0 && replicas <= 8;
    this.keyFilter = same ? (saved.keyFilter ?? -1) : -1;
    this.replicaFilter = same ? (saved.replicaFilter ?? -1) : -1;
    this.query = same ? (saved.query ?? '') : '';
    this.app.diagram.log.chosen = saved.log;
  }

  /** The settings part of the saved state. */
  saved(): Pick<PersistedState, 'orientation' | 'columns' | 'hidden' | 'collapse' | 'timelines' | 'keyFilter' | 'replicaFilter' | 'query' | 'log' | 'collapseChosen'> {
    return {
      orientation: this.orientation,
      columns: this.columns,
      hidden: [...this.hidden],
      collapse: this.collapse,
      collapseChosen: this.collapseChosen,
      timelines: this.showTimelines,
      keyFilter: this.keyFilter,
      replicaFilter: this.replicaFilter,
      query: this.query,
      log: this.app.diagram.log.chosen,
    };
  }

  setKeyFilter(k: number): void {
    this.keyFilter = k;
    this.app.diagram.relayout();
    this.app.persistSoon();
  }

  setReplicaFilter(r: number): void {
    this.replicaFilter = r;
    this.app.diagram.invalidate();
    this.app.persistSoon();
  }

  setHidden(r: number, hide: boolean): void {
    if (hide === this.hidden.has(r)) return;
    if (hide && this.app.t && this.hidden.size + 1 >= this.app.t.view.replicas.length) {
      this.app.say('At least one replica stays shown.');
      this.app.side.setReplicas(this.app.t.view.replicas, this.hidden);
      return;
    }
    if (hide) this.hidden.add(r);
    else this.hidden.delete(r);
    this.afterHiddenChange();
  }

  showAllReplicas(): void {
    this.hidden.clear();
    this.afterHiddenChange();
  }

  private afterHiddenChange(): void {
    if (!this.app.t) return;
    this.app.side.setReplicas(this.app.t.view.replicas, this.hidden);
    this.syncToolbar();
    this.relayout();
    if (this.hidden.size) this.app.say(`${plural(this.hidden.size, 'replica')} hidden; messages through them are drawn dashed.`);
    else this.app.say('All replicas shown.');
  }

  setCollapse(on: boolean): void {
    this.collapseChosen = true;
    const was = this.foldsRuns;
    this.collapse = on;
    this.unfolded = false;
    if (this.foldsRuns !== was) this.relayout();
  }

  /** Whether the layout folds local runs now. */
  get foldsRuns(): boolean {
    return this.collapse && !this.unfolded;
  }

  /**
   * After the view moved: runs folded by default unfold once the columns on screen, unfolded,
   * would each have UNFOLD_K pixels, and fold again below that or at Fit; the same columns stay
   * on screen. A chosen "Collapse local runs" is left as chosen.
   */
  zoomChanged(): void {
    const t = this.app.t;
    if (!t || !this.collapse || this.collapseChosen) return;
    const d = this.app.diagram;
    const fitted = Math.abs(d.k - d.fitK(t.layout)) <= 1e-6 * d.k;
    if (this.unfolded) {
      if (d.k >= UNFOLD_K && !fitted) return;
      // Folding keeps the zoom: the folded view then spans more raw columns, so it stays folded.
      this.unfolded = false;
      return this.relayout(false);
    }
    if (fitted) return;
    // Unfolded, the columns on screen are at most the raw ones (fewer where only hidden lanes have events).
    const [cLo, cHi] = this.columnsOnScreen(t.layout);
    if (d.timeLength / Math.max(1, cHi - cLo) < UNFOLD_K) return;
    this.unfolded = true;
    t.layout = new Layout(t.index, this.columns, this.hidden, false);
    t.annotations.place(t.layout);
    d.relayout();
    const pLo = t.layout.posOfColumn(cLo);
    const k = Math.min(MAX_K, d.timeLength / Math.max(1, t.layout.posOfColumn(cHi) - pLo));
    d.setView(k, -pLo * k);
    this.app.persistSoon();
  }

  /** The raw columns at both ends of the time axis on screen. */
  private columnsOnScreen(layout: Layout): [number, number] {
    const geo = this.app.diagram.geometry(0);
    return [layout.columnAtPos(geo.posAt(0)), layout.columnAtPos(geo.posAt(geo.timeLength))];
  }

  setLog(on: boolean): void {
    this.app.diagram.log.chosen = on;
    this.app.diagram.showLog();
    this.app.persistSoon();
  }

  setTimelines(on: boolean): void {
    this.showTimelines = on;
    this.app.diagram.relayout();
    this.app.persistSoon();
  }

  setOrientation(o: Orientation): void {
    if (o === this.orientation) return;
    this.orientation = o;
    this.app.diagram.setOrientation(o);
    this.syncToolbar();
    this.app.diagram.relayout();
    this.app.diagram.ensureSize();
    this.app.diagram.fit();
    if (this.app.selected >= 0) this.app.diagram.reveal(this.app.selected);
    this.app.persistSoon();
  }

  setColumns(c: ColumnMode): void {
    if (c === this.columns) return;
    this.columns = c;
    this.syncToolbar();
    this.relayout();
  }

  applySettings(s: { orientation?: Orientation; columns?: ColumnMode }): void {
    if (s.orientation) this.setOrientation(s.orientation);
    if (s.columns) this.setColumns(s.columns);
  }

  search(query: string): void {
    if (query === this.query) return;
    this.query = query;
    this.runSearch();
    this.app.diagram.invalidate();
    this.app.persistSoon();
  }

  /** Runs the current query again (a new trace, or a new query). */
  runSearch(): void {
    const t = this.app.t;
    if (!t || !this.query.trim()) {
      this.matches = new Uint32Array(0);
      this.matchMask = null;
      this.app.toolbar.setMatches('');
      return;
    }
    const result = search(t.index, this.query);
    this.matches = result.events;
    this.matchMask = new Uint8Array(t.view.size);
    for (const e of result.events) this.matchMask[e] = 1;
    this.app.toolbar.setMatches(result.error ?? plural(result.events.length, 'match', 'matches'));
  }

  syncToolbar(): void {
    this.app.toolbar.sync({
      replicaFilter: this.replicaFilter,
      keyFilter: this.keyFilter,
      collapse: this.collapse,
      timelines: this.showTimelines,
      log: this.app.diagram.log.shown,
      orientation: this.orientation,
      columns: this.columns,
      hidden: this.hidden.size,
      query: this.query,
    });
  }

  /** Rebuilds the layout after a setting changed, keeping the selection (or else the middle) in view. */
  relayout(keepSelection = true): void {
    const t = this.app.t;
    if (!t) return;
    const center = this.app.diagram.timeLength / 2;
    const before = t.layout;
    // A view fitted to the trace stays fitted (folding runs or hiding lanes changes the width needed).
    const fitted = Math.abs(this.app.diagram.k - this.app.diagram.fitK(before)) <= 1e-6 * this.app.diagram.k;
    const bySelection = keepSelection && this.app.selected >= 0;
    const anchor = bySelection ? this.app.selected : before.index.N > 0 ? before.nearest(before.lanes[0] ?? 0, this.app.diagram.geometry(0).posAt(center), Infinity) : -1;
    // The selection comes to the middle; another anchor stays where it is on screen.
    const anchorAt = bySelection || anchor < 0 ? center : this.app.diagram.t0 + before.pos(before.shown(anchor)) * this.app.diagram.k;
    t.layout = new Layout(t.index, this.columns, this.hidden, this.foldsRuns);
    t.annotations.place(t.layout);
    this.app.diagram.relayout();
    if (fitted) this.app.diagram.fit();
    else if (anchor >= 0 && t.layout.slotOf[t.view.replica[anchor]] >= 0) {
      const k = this.app.diagram.k * (before.maxPos > 0 && t.layout.maxPos > 0 && before.column !== t.layout.column ? before.maxPos / t.layout.maxPos : 1);
      this.app.diagram.setView(k, anchorAt - t.layout.pos(t.layout.shown(anchor)) * k);
    } else {
      this.app.diagram.fit();
    }
    this.app.persistSoon();
  }

  fit(): void {
    this.app.diagram.fit();
  }
  zoom(factor: number): void {
    this.app.diagram.zoomBy(factor);
  }
  goTo(text: string): void {
    this.app.nav.goTo(text);
  }
  nextMatch(delta: number): void {
    this.app.nav.nextMatch(delta);
  }
  moveStep(delta: number): void {
    this.app.moveStep(delta);
  }
  exportAs(format: ExportFormat): void {
    void this.app.exportAs(format);
  }
  toggleSidePanel(): void {
    this.app.toggleSidePanel();
  }
  setHelp(open: boolean): void {
    this.app.setHelp(open);
  }
  focusDiagram(): void {
    this.app.diagram.canvas.focus();
  }
}
