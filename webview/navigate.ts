// Moving the selection around the trace: along and across lanes, along messages, through
// conflicts, findings and search matches, and to an event named by id or line. Each move selects
// the event and scrolls it into view.

import { partitionPoint } from '../engine/util/bisect';
import type { App } from './app';
import { conflictOutcome, reasonAfter } from './model/conflicts';
import type { Orientation } from './protocol';
import type { KeyActions } from './ui/keyboard';

export class Navigator implements KeyActions {
  /** The send whose receivers `M` cycles through, and which one was last visited. */
  private followFrom = -1;
  private followAt = 0;

  constructor(private readonly app: App) {}

  orientation(): Orientation {
    return this.app.controls.orientation;
  }

  private go(e: number): void {
    this.app.select(e, { reveal: true });
  }

  /** The selected event, or the first shown event near the middle of the view. */
  private current(): number {
    const { app } = this;
    const t = app.t;
    if (!t) return -1;
    if (app.selected >= 0) return app.selected;
    const r = t.layout.lanes[0];
    if (r === undefined) return -1;
    return t.layout.nearest(r, app.diagram.geometry(0).posAt(app.diagram.timeLength / 2), Infinity);
  }

  alongLane(delta: number): void {
    const t = this.app.t;
    const e = this.current();
    if (!t || e < 0) return;
    if (this.app.selected < 0) return this.go(e);
    const r = t.view.replica[e];
    const size = t.index.laneSize(r);
    let m = t.index.lanePos[t.layout.shown(e)];
    do m += delta;
    while (m >= 0 && m < size && t.layout.folded?.[t.index.laneEvent(r, m)]);
    if (m >= 0 && m < size) this.go(t.index.laneEvent(r, m));
  }

  acrossLanes(delta: number): void {
    const t = this.app.t;
    const e = this.current();
    if (!t || e < 0) return;
    const slot = t.layout.slotOf[t.view.replica[e]] + delta;
    const r = t.layout.lanes[slot];
    if (r === undefined) return;
    const next = t.layout.nearest(r, t.layout.pos(t.layout.shown(e)), Infinity);
    if (next >= 0) this.go(next);
  }

  laneEnd(last: boolean): void {
    const t = this.app.t;
    const e = this.current();
    if (!t || e < 0) return;
    const r = t.view.replica[e];
    const size = t.index.laneSize(r);
    if (size) this.go(t.layout.shown(t.index.laneEvent(r, last ? size - 1 : 0)));
  }

  followMessage(forward: boolean): void {
    const { app } = this;
    const t = app.t;
    const e = app.selected;
    if (!t || e < 0) return;
    const { index, view } = t;
    if (forward) {
      let from = e;
      let at = 0;
      if (index.outStart[e] === index.outStart[e + 1] && this.followFrom >= 0) {
        // On a receive reached with M: go on to the send's next receiver.
        from = this.followFrom;
        at = this.followAt + 1;
      }
      const n = index.outStart[from + 1] - index.outStart[from];
      if (n === 0 || at >= n) {
        app.say(n === 0 ? `No message leaves ${app.name(e)}.` : `That was the last receiver of ${app.name(from)}.`);
        return;
      }
      this.followFrom = from;
      this.followAt = at;
      this.go(index.outTo[index.outStart[from] + at]);
      if (n > 1) app.say(`Receiver ${at + 1} of ${n} of ${app.name(from)}; press M for the next.`);
    } else {
      const j = view.edgeStart[e];
      if (j === view.edgeStart[e + 1] || view.edgeFrom[j] < 0) {
        app.say(`${app.name(e)} receives no message.`);
        return;
      }
      this.followFrom = -1;
      this.go(view.edgeFrom[j]);
    }
  }

  nextConflict(delta: number): void {
    const C = this.app.t?.view.conflicts.length ?? 0;
    if (!C) return this.app.say('This trace has no conflicts.');
    const cur = this.app.currentConflict;
    this.showConflict(cur < 0 ? (delta > 0 ? 0 : C - 1) : (cur + delta + C) % C);
  }

  /** Makes conflict n current: selects its winner and compares it with the first other write. */
  showConflict(n: number): void {
    const { app } = this;
    const t = app.t;
    const c = t?.view.conflicts.at(n);
    if (!t || !c) return;
    app.currentConflict = n;
    app.side.showConflict(n);
    const winner = c.winners[0] ?? c.events[0];
    const other = c.events.find((e) => e !== winner) ?? -1;
    app.select(winner, { reveal: true });
    if (other >= 0) app.select(other, { compare: true });
    app.say(`Conflict ${c.id} (${n + 1} of ${t.view.conflicts.length}) on ${c.key}: ${conflictOutcome(c, (e) => app.name(e))}.${reasonAfter(c)}`);
  }

  nextFinding(delta: number): void {
    const F = this.app.t?.view.findings.length ?? 0;
    if (!F) return this.app.say('This trace has no findings.');
    const cur = this.app.currentFinding;
    this.showFinding(cur < 0 ? (delta > 0 ? 0 : F - 1) : (cur + delta + F) % F);
  }

  showFinding(n: number): void {
    const { app } = this;
    const f = app.t?.view.findings[n];
    if (!f) return;
    app.currentFinding = n;
    app.side.findings.setCurrent(n);
    const e = f.events.find((x) => x >= 0 && x < app.t!.view.size);
    if (e !== undefined) app.select(e, { reveal: true });
    app.say(`${f.severity} (${n + 1} of ${app.t!.view.findings.length}), line ${f.line}: ${f.message}`);
  }

  nextMatch(delta: number): void {
    const { app } = this;
    const t = app.t;
    const m = app.controls.matches;
    if (!t || m.length === 0) return app.say(app.controls.query ? 'No match.' : 'Type something to search for.');
    // The next match after (or before) the selection, in causal order.
    const ref = app.selected >= 0 ? t.view.step[app.selected] : delta > 0 ? -1 : t.view.size;
    const after = partitionPoint(0, m.length, (k) => t.view.step[m[k]] <= ref);
    let i = delta > 0 ? after : after - 1;
    if (delta < 0 && app.selected >= 0 && m[i] === app.selected) i--;
    i = (i + m.length) % m.length;
    this.go(m[i]);
    app.toolbar.setMatches(`${i + 1} of ${m.length.toLocaleString('en')}`);
  }

  moveStep(delta: number): void {
    this.app.moveStep(delta);
  }

  stepToSelection(): void {
    if (this.app.selected >= 0) this.app.stepTo(this.app.selected);
  }

  pinCompare(): void {
    this.app.pinCompare();
  }

  /** Escape: closes the keyboard help when it is open, else clears the selection. */
  clearSelection(): void {
    if (this.app.side.details.helpOpen) this.app.setHelp(false);
    else this.app.select(-1);
  }

  hideSelectedReplica(): void {
    const { app } = this;
    if (app.selected < 0 || !app.t) return;
    app.controls.setHidden(app.t.view.replica[app.selected], true);
  }

  openSelectedLine(): void {
    const { app } = this;
    if (app.selected >= 0 && app.t) app.openLine(app.t.view.line[app.selected]);
  }

  zoom(factor: number): void {
    this.app.diagram.zoomBy(factor);
  }

  fit(): void {
    this.app.diagram.fit();
  }

  focusSearch(): void {
    this.app.toolbar.searchField.focus();
  }

  focusGoTo(): void {
    this.app.toolbar.goTo.focus();
  }

  showHelp(): void {
    this.app.setHelp(true);
  }

  /** Goes to `line 12`, `:12`, `12` (a line), `#345` (an event index), or an event id. */
  goTo(text: string): void {
    const { app } = this;
    const t = app.t;
    if (!t || !text) return;
    const line = /^(?:line\s*|:)?(\d+)$/i.exec(text);
    const idx = /^#(\d+)$/.exec(text);
    const e = idx ? (Number(idx[1]) < t.view.size ? Number(idx[1]) : -1) : line ? t.index.eventAtLine(Number(line[1])) : t.index.eventByDefaultId(text);
    if (e >= 0) {
      if (t.layout.slotOf[t.view.replica[e]] < 0) app.controls.setHidden(t.view.replica[e], false);
      this.go(e);
      app.diagram.canvas.focus({ preventScroll: true });
      return;
    }
    if (line || idx) return app.say(`No event at ${text}.`);
    app.post({ type: 'findEvent', query: text });
  }

  /** The host's answer to `findEvent` (or its own `reveal`). */
  reveal(e: number, select: boolean, query?: string): void {
    const { app } = this;
    const t = app.t;
    if (!t) return;
    if (e < 0 || e >= t.view.size) return app.say(`No event ${query ?? ''} in this trace.`.replace('  ', ' '));
    if (t.layout.slotOf[t.view.replica[e]] < 0) app.controls.setHidden(t.view.replica[e], false);
    if (select) this.go(e);
    else app.diagram.reveal(e);
  }
}
