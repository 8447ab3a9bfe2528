// What a CRDT library (Automerge, Yjs) said about a history it decoded: its conflicts as it
// resolved them. A trace carrying it is analysed with these, never re-resolved by Causeway.

import type { Strategy } from '../analysis/strategies';

/** A conflict as the library resolved it (events named by their ids). */
export interface LibraryConflict {
  /** Where in the document, in the words of `describePath` (`todos[2].done`). */
  target: string;
  events: string[];
  /** The writes whose values the document shows. */
  winners: string[];
  strategy: Strategy;
  /** Why, in words (the library's rule and the operation ids it compared). */
  reason: string;
}

/** What the library said about the history beyond its events. */
export interface LibraryHistory {
  library: 'Automerge' | 'Yjs';
  conflicts: LibraryConflict[];
}

