// Keyboard control of the diagram: moving along and across lanes, following messages, jumping
// between conflicts, findings and search matches, the step cursor, zoom. One table drives both
// the handler and the help shown in the details panel.

import type { Orientation } from '../protocol';

export interface KeyActions {
  orientation(): Orientation;
  alongLane(delta: number): void;
  acrossLanes(delta: number): void;
  laneEnd(last: boolean): void;
  followMessage(forward: boolean): void;
  nextConflict(delta: number): void;
  nextFinding(delta: number): void;
  nextMatch(delta: number): void;
  moveStep(delta: number): void;
  stepToSelection(): void;
  pinCompare(): void;
  clearSelection(): void;
  hideSelectedReplica(): void;
  openSelectedLine(): void;
  zoom(factor: number): void;
  fit(): void;
  focusSearch(): void;
  focusGoTo(): void;
  showHelp(): void;
}

export const KEY_HELP: [string, string][] = [
  ['→ ← (↓ ↑ when vertical)', 'next / previous event on the lane'],
  ['↑ ↓ (← → when vertical)', 'nearest event on the lane above / below'],
  ['Home / End', 'first / last event of the lane'],
  ['M / Shift+M', 'follow the message to its receive / back to its send'],
  ['N / Shift+N', 'next / previous conflict'],
  ['F / Shift+F', 'next / previous finding'],
  ['F3 / Shift+F3', 'next / previous search match'],
  ['] / [', 'step cursor forward / back (Shift: 10 steps)'],
  ['T', 'move the step cursor to the selected event'],
  ['C', 'pin the selection to compare with the next one'],
  ['Escape', 'close this help, or clear the selection'],
  ['H', 'hide the selected event’s replica'],
  ['O or Enter', 'open the selected event’s line'],
  ['+ / − / 0', 'zoom in / out / fit'],
  ['/ or Ctrl+F', 'search'],
  ['G or Ctrl+G', 'go to an event id or line'],
  ['?', 'this help'],
  ['Side panel: Events tab', 'the events in view as a grid, for a screen reader; ↑ ↓ select'],
];

/** Whether a key event comes from a text field (then the diagram keys stay out of the way). */
function inTextField(e: KeyboardEvent): boolean {
  const target = e.composedPath()[0] as HTMLElement | undefined;
  const tag = target?.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || !!target?.isContentEditable;
}

/**
 * Handles a key; returns true when it was one of the diagram's. Ctrl+F, Ctrl+G and F3 work
 * anywhere; the others only when the diagram (or nothing in particular) has the focus.
 */
export function handleKey(e: KeyboardEvent, a: KeyActions, diagramFocused: boolean): boolean {
  if (e.altKey) return false;
  const ctrl = e.ctrlKey || e.metaKey;
  if (ctrl) {
    if (e.key === 'f') a.focusSearch();
    else if (e.key === 'g') a.focusGoTo();
    else return false;
    return true;
  }
  if (e.key === 'F3') {
    a.nextMatch(e.shiftKey ? -1 : 1);
    return true;
  }
  if (!diagramFocused || inTextField(e)) return false;
  const vertical = a.orientation() === 'vertical';
  const along: Record<string, number> = vertical ? { ArrowDown: 1, ArrowUp: -1 } : { ArrowRight: 1, ArrowLeft: -1 };
  const across: Record<string, number> = vertical ? { ArrowRight: 1, ArrowLeft: -1 } : { ArrowDown: 1, ArrowUp: -1 };
  if (e.key in along) a.alongLane(along[e.key]);
  else if (e.key in across) a.acrossLanes(across[e.key]);
  else {
    switch (e.key) {
      case 'Home':
      case 'End':
        a.laneEnd(e.key === 'End');
        break;
      case 'm':
      case 'M':
        a.followMessage(!e.shiftKey);
        break;
      case 'n':
      case 'N':
        a.nextConflict(e.shiftKey ? -1 : 1);
        break;
      case 'f':
      case 'F':
        a.nextFinding(e.shiftKey ? -1 : 1);
        break;
      case ']':
      case '}':
        a.moveStep(e.shiftKey ? 10 : 1);
        break;
      case '[':
      case '{':
        a.moveStep(e.shiftKey ? -10 : -1);
        break;
      case 't':
        a.stepToSelection();
        break;
      case 'c':
        a.pinCompare();
        break;
      case 'Escape':
        a.clearSelection();
        break;
      case 'h':
        a.hideSelectedReplica();
        break;
      case 'o':
      case 'Enter':
        a.openSelectedLine();
        break;
      case '+':
      case '=':
        a.zoom(1.5);
        break;
      case '-':
        a.zoom(1 / 1.5);
        break;
      case '0':
        a.fit();
        break;
      case '/':
        a.focusSearch();
        break;
      case 'g':
        a.focusGoTo();
        break;
      case '?':
        a.showHelp();
        break;
      default:
        return false;
    }
  }
  return true;
}
