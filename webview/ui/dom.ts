// Building DOM without HTML strings: every piece of text, trace strings above all, goes in as a
// text node or an attribute value, never through innerHTML, and display-safe (hidden and bidi
// characters escaped, so a name cannot read backwards or hide part of itself).

import { displayText } from '../../engine/util/display-text';

export type Child = Node | string | null | undefined | false;

export interface Props {
  class?: string;
  text?: string;
  /** Attributes, set with setAttribute (values are never parsed as markup). */
  attrs?: Record<string, string | number | boolean | undefined>;
  /** Properties of the element (for custom elements: value, checked, label ...). */
  props?: Record<string, unknown>;
  on?: Record<string, (e: Event) => void>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, children?: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, props?: Props, children?: Child[]): HTMLElement;
export function el(tag: string, props: Props = {}, children: Child[] = []): HTMLElement {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.text !== undefined) node.textContent = displayText(props.text);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    node.setAttribute(name, value === true ? '' : displayText(String(value)));
  }
  for (const [name, value] of Object.entries(props.props ?? {})) (node as unknown as Record<string, unknown>)[name] = value;
  for (const [type, handler] of Object.entries(props.on ?? {})) node.addEventListener(type, handler);
  node.append(...shownChildren(children));
  return node;
}

/** The children to append: nodes as they are, strings display-safe. */
function shownChildren(children: Child[]): (Node | string)[] {
  return children.filter((c): c is Node | string => c !== null && c !== undefined && c !== false).map((c) => (typeof c === 'string' ? displayText(c) : c));
}

/** Replaces an element's children. */
export function setChildren(node: Element, children: Child[]): void {
  node.replaceChildren(...shownChildren(children));
}

/** Text cut for display, saying how long the original was. */
export function clip(s: string, max = 2000): string {
  return s.length > max ? `${s.slice(0, max)}… (${s.length.toLocaleString('en')} characters)` : s;
}

/**
 * Re-draws part of the page, then gives the focus back to the re-drawn element that matches the
 * one that had it (same `data-focus-key`): re-drawing would otherwise send the focus to the page
 * body, where the next key press acts on the diagram.
 */
export function keepingFocus(container: HTMLElement, redraw: () => void): void {
  const active = document.activeElement;
  const inside = active instanceof HTMLElement && container.contains(active);
  const key = inside ? active.closest<HTMLElement>('[data-focus-key]')?.dataset.focusKey : undefined;
  redraw();
  if (!inside || active.isConnected) return;
  const again = key === undefined ? null : container.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`);
  (again ?? container).focus({ preventScroll: true });
}
