// The details panel: the selected event's fields (asked from the host), its vector clock, how
// many events are in its past, future and concurrent with it, its conflicts and findings, and,
// with a second event pinned, why the two are ordered or concurrent, entry by entry, in words.

import type { Shading } from '../model/causality';
import { conflictOutcome, reasonAfter, type Annotations } from '../model/conflicts';
import type { Explanation } from '../model/explain';
import { fieldValueText, readableFields } from '../model/field-text';
import { fieldTimeText } from '../model/time-text';
import { KIND_NAMES, type TraceIndex } from '../model/trace-index';
import type { EventDetails } from '../protocol';
import { clip, el, keepingFocus, setChildren, type Child } from './dom';
import { KEY_HELP } from './keyboard';
import { labelOf } from '../../engine/view/model';

export interface DetailsInput {
  index: TraceIndex;
  annotations: Annotations;
  event: number;
  compare: number;
  shading: Shading | null;
  details: EventDetails | undefined;
  explanation: Explanation | null;
  name: (e: number) => string;
}

export interface DetailsActions {
  openLine(line: number): void;
  stepTo(e: number): void;
  select(e: number): void;
  pinCompare(): void;
  /** Opens or closes the keyboard help. */
  setHelp(open: boolean): void;
}

/** Host fields the panel already shows from the view. */
const SHOWN = new Set(['replica', 'kind', 'line', 'key', 'label', 'id']);

function row(label: string, value: Child, cls = ''): HTMLElement[] {
  return [el('dt', { text: label }), el('dd', { class: cls }, [value])];
}

export class DetailsPanel {
  /** Not a live region: the status line says what changed, in one short sentence. */
  readonly element = el('div', { class: 'details' });
  /** Whether the keyboard help is open (on ? or the help button, until Escape or Close). */
  helpOpen = false;

  constructor(private readonly actions: DetailsActions) {
    this.showIdle();
  }

  /** Nothing selected: how to start, and the way to the keyboard help. */
  showIdle(): void {
    this.render([
      el('p', { class: 'hint', text: 'Select an event (click, or Tab to the diagram and use the arrow keys) to see its fields, its clock and what it causally depends on. Shift+click a second event to compare the two.' }),
      el('button', { class: 'tb-button', text: 'Keyboard help', attrs: { type: 'button', title: 'Show the keyboard help (?)', 'data-focus-key': 'help' }, on: { click: () => this.actions.setHelp(true) } }),
    ]);
  }

  showHelp(): void {
    this.render([
      el('h2', { text: 'Keyboard' }),
      el('dl', { class: 'keys' }, KEY_HELP.flatMap(([keys, what]) => row(keys, what))),
      el('button', { class: 'tb-button', text: 'Close help', attrs: { type: 'button', title: 'Close the keyboard help (Escape)', 'data-focus-key': 'help' }, on: { click: () => this.actions.setHelp(false) } }),
    ]);
  }

  /** Replaces the panel's content, the focus staying on the matching re-drawn control. */
  private render(children: Child[]): void {
    keepingFocus(this.element, () => setChildren(this.element, children));
  }

  show(d: DetailsInput): void {
    const { index, event: e, annotations, name } = d;
    const { view } = index;
    const R = index.R;
    const kind = KIND_NAMES[view.kind[e]] ?? String(view.kind[e]);
    const key = view.key[e] >= 0 ? view.keys[view.key[e]] : undefined;
    const fields: HTMLElement[] = [
      ...row('Replica', view.replicas[view.replica[e]]),
      ...row('Kind', kind),
      ...row('Line', String(view.line[e])),
      ...row('Step', `${view.step[e]} of ${index.N - 1}`),
      ...row('Depth', String(view.depth[e])),
    ];
    if (key !== undefined) fields.push(...row('Key', `${key} (${view.keyTypes[view.key[e]] ?? '?'})`));
    const label = labelOf(view, e);
    if (label) fields.push(...row('Label', clip(label)));
    if (d.details) {
      const all = d.details.fields;
      for (const [k, v] of readableFields(all, SHOWN)) fields.push(...row(k, clip(fieldTimeText(k, v, all) ?? fieldValueText(v)), 'mono'));
    } else {
      fields.push(...row('Fields', 'loading…', 'hint'));
    }

    const clock = el('table', { class: 'clock' }, [
      el('thead', {}, [el('tr', {}, [el('th', { text: 'Replica' }), el('th', { text: 'Entry' })])]),
      el(
        'tbody',
        {},
        view.replicas.map((r, q) =>
          el('tr', { class: q === view.replica[e] ? 'own' : '' }, [el('td', { text: r }), el('td', { class: 'num', text: String(view.clocks[e * R + q]) })]),
        ),
      ),
    ]);

    const sh = d.shading;
    const causal = sh
      ? el('p', {}, [
          el('span', { class: 'swatch past' }),
          `${sh.past.toLocaleString('en')} before it, `,
          el('span', { class: 'swatch future' }),
          `${sh.future.toLocaleString('en')} after it, `,
          el('span', { class: 'swatch concurrent' }),
          `${sh.concurrent.toLocaleString('en')} concurrent with it.`,
        ])
      : null;

    const conflicts = (annotations.conflictsOf(e)).map((n) => {
      const c = annotations.conflicts.at(n)!;
      return el('div', { class: 'conflict' }, [
        el('strong', { text: `${c.id} · ${c.key}${c.target !== undefined ? ` (${c.target})` : ''} · ${c.rule}` }),
        el('p', { text: `Writes ${c.events.map(name).join(', ')}; ${conflictOutcome(c, name)}.${reasonAfter(c)}` }),
      ]);
    });
    const findings = annotations.findings
      .filter((f) => f.events.includes(e))
      .slice(0, 20)
      .map((f) => el('p', { class: `finding ${f.severity}` }, [el('strong', { text: `${f.severity} ${f.kind}` }), ` line ${f.line}: ${clip(f.message, 500)}`]));

    this.render([
      el('h2', {}, [el('span', { class: `kind-dot kind-${kind}`, attrs: { 'aria-hidden': 'true' } }), clip(d.details?.id ?? name(e), 200)]),
      el('div', { class: 'actions' }, [
        el('button', { class: 'tb-button primary', text: `Open line ${view.line[e]}`, attrs: { type: 'button', title: `Open line ${view.line[e]} of the trace (O)`, 'data-focus-key': 'open' }, on: { click: () => this.actions.openLine(view.line[e]) } }),
        el('button', { class: 'tb-button', text: 'Step to here', attrs: { type: 'button', title: 'Move the step cursor to this event (T)', 'data-focus-key': 'step' }, on: { click: () => this.actions.stepTo(e) } }),
        el('button', { class: 'tb-button', text: 'Compare…', attrs: { type: 'button', title: 'Pin this event and compare it with the next one you select (C)', 'data-focus-key': 'compare' }, on: { click: () => this.actions.pinCompare() } }),
      ]),
      el('dl', { class: 'fields' }, fields),
      el('h3', { text: 'Vector clock' }),
      clock,
      causal && el('h3', { text: 'Causality' }),
      causal,
      conflicts.length > 0 && el('h3', { text: 'Conflicts' }),
      ...conflicts,
      findings.length > 0 && el('h3', { text: 'Findings' }),
      ...findings,
      d.explanation && this.comparison(d),
      !d.explanation && el('p', { class: 'hint', text: 'Shift+click another event (or press C, then select one) to see how the two are ordered.' }),
    ]);
  }

  private comparison(d: DetailsInput): HTMLElement {
    const x = d.explanation!;
    const { index, compare, event, name } = d;
    const A = name(compare);
    const B = name(event);
    const word = { '<': 'less', '=': 'equal', '>': 'greater' } as const;
    return el('section', { class: `comparison ${x.relation}`, attrs: { 'aria-label': `How ${A} and ${B} relate` } }, [
      el('h3', { text: `${A} and ${B}` }),
      el('p', { class: 'summary', text: x.summary }),
      ...x.reasons.map((r) => el('p', { text: r })),
      el('table', { class: 'clock compare' }, [
        el('thead', {}, [el('tr', {}, [el('th', { text: 'Replica' }), el('th', { text: A }), el('th', {}, [el('span', { class: 'visually-hidden', text: 'Order' })]), el('th', { text: B })])]),
        el(
          'tbody',
          {},
          x.entries.map((en) =>
            el('tr', { class: `cmp-${word[en.cmp]}` }, [
              el('td', { text: en.replica }),
              el('td', { class: 'num', text: String(en.a) }),
              el('td', { class: 'cmp', text: en.cmp, attrs: { 'aria-label': word[en.cmp] } }),
              el('td', { class: 'num', text: String(en.b) }),
            ]),
          ),
        ),
      ]),
      x.path.length > 1 &&
        el(
          'ol',
          { class: 'path', attrs: { 'aria-label': 'Causal path' } },
          x.path.map((p) =>
            el('li', {}, [
              el('a', { text: name(p), attrs: { href: '#', role: 'button' }, on: { click: (ev) => (ev.preventDefault(), this.actions.select(p)) } }),
              ` ${labelOf(index.view, p) ? `— ${clip(labelOf(index.view, p), 80)}` : ''}`,
            ]),
          ),
        ),
    ]);
  }
}
