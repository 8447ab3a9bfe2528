// What the webview keeps across reloads (VS Code hides and restores webviews): the selection,
// zoom, step cursor and view settings, stored with vscode.setState for the trace they belong to.

import type { ColumnMode, Orientation, WebviewToHost } from './protocol';

export interface PersistedState {
  /** Which trace the state belongs to (name and size). */
  trace: string;
  size: number;
  selected: number;
  compare: number;
  step: number;
  /** Zoom (pixels per position) and the position at the middle of the time axis. */
  k: number;
  center: number;
  laneOffset: number;
  orientation: Orientation;
  columns: ColumnMode;
  hidden: number[];
  collapse: boolean;
  /** Whether the user set "Collapse local runs" (absent: folded by default, unfolded when zoomed in). */
  collapseChosen?: boolean;
  timelines: boolean;
  keyFilter: number;
  replicaFilter: number;
  query: string;
  /** Whether the user showed the log column (absent: shown when the editor has room). */
  log?: boolean;
  /** Whether the user folded the side panel (absent: folded by default when narrow). */
  sideFolded?: boolean;
}

/** The part of the VS Code webview API the webview uses (stubbed by the test fixture). */
export interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): unknown;
  setState(state: unknown): void;
}

export function readState(api: VsCodeApi): Partial<PersistedState> {
  const s = api.getState();
  return s && typeof s === 'object' ? (s as Partial<PersistedState>) : {};
}
