// The diagram's legend: what each event shape means and what the causal colours mark, drawn as
// small SVG pictures in the palette's colours (CSS variables the palette publishes), folded and
// unfolded by a click on its summary (a native <details>, so keyboard and screen readers work);
// folded at first, so it hides none of the drawing until asked.

import { KIND_NAMES } from '../model/trace-index';
import { el } from './dom';

const SVG = 'http://www.w3.org/2000/svg';

/** An SVG picture of 18×12 pixels from path/circle descriptions. */
function picture(shapes: [tag: string, attrs: Record<string, string | number>][]): SVGSVGElement {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('width', '18');
  svg.setAttribute('height', '12');
  svg.setAttribute('viewBox', '0 0 18 12');
  svg.setAttribute('aria-hidden', 'true');
  for (const [tag, attrs] of shapes) {
    const shape = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) shape.setAttribute(k, String(v));
    svg.append(shape);
  }
  return svg;
}

const kind = (k: number) => ({ fill: `var(--causeway-kind-${k})` });

/** Event shapes, in kind order (op, send, receive, local, sync), as the diagram draws them. */
const SHAPES: [string, Record<string, string | number>][] = [
  ['circle', { cx: 9, cy: 6, r: 5, ...kind(0) }],
  ['path', { d: 'M15 6L4 1V11Z', ...kind(1) }],
  ['rect', { x: 4.5, y: 1.5, width: 9, height: 9, ...kind(2) }],
  ['circle', { cx: 9, cy: 6, r: 3, ...kind(3) }],
  ['path', { d: 'M9 0L15 6L9 12L3 6Z', ...kind(4) }],
];

const KIND_WORDS: Record<(typeof KIND_NAMES)[number], string> = {
  op: 'operation (a write)',
  send: 'send',
  receive: 'receive',
  local: 'local event',
  sync: 'sync (state merge)',
};

const MARKS: [string, [string, Record<string, string | number>][]][] = [
  ['message', [['path', { d: 'M1 9L14 3', stroke: 'var(--causeway-edge)', 'stroke-width': 1.2, fill: 'none' }], ['path', { d: 'M17 2L11 2.5L13 6.5Z', fill: 'var(--causeway-edge)' }]]],
  ['causal past of the selection', [['rect', { x: 1, y: 2, width: 16, height: 8, fill: 'var(--causeway-past)', 'fill-opacity': 0.16, stroke: 'var(--causeway-past)' }]]],
  ['causal future', [['rect', { x: 1, y: 2, width: 16, height: 8, fill: 'var(--causeway-future)', 'fill-opacity': 0.16, stroke: 'var(--causeway-future)', 'stroke-dasharray': '3 2' }]]],
  ['concurrent with it', [['circle', { cx: 9, cy: 6, r: 5, fill: 'none', stroke: 'var(--causeway-concurrent)', 'stroke-width': 1.5 }]]],
  ['conflict (concurrent writes)', [['path', { d: 'M1 6H17', stroke: 'var(--causeway-conflict)', 'stroke-width': 2, 'stroke-dasharray': '4 2' }]]],
  ['winning write', [['circle', { cx: 9, cy: 6, r: 5, fill: 'none', stroke: 'var(--causeway-winner)', 'stroke-width': 2 }]]],
  ['finding', [['path', { d: 'M4 2H14L9 10Z', fill: 'var(--causeway-finding)' }]]],
];

export class Legend {
  readonly element: HTMLDetailsElement;

  constructor() {
    const item = (svg: SVGSVGElement, words: string) => el('li', {}, [svg, el('span', { text: words })]);
    this.element = el('details', { class: 'legend' }, [
      el('summary', { text: 'Legend' }),
      el('ul', { attrs: { 'aria-label': 'Event shapes' } }, KIND_NAMES.map((k, i) => item(picture([SHAPES[i]]), KIND_WORDS[k]))),
      el('ul', { attrs: { 'aria-label': 'Marks' } }, MARKS.map(([words, shapes]) => item(picture(shapes), words))),
    ]);
  }
}
