// The document after each event of a history a CRDT library decoded, computed by that library
// when it is asked for (the debugger's stops, an event's details) instead of at import: a view
// per change of a long history would cost minutes and gigabytes.

import type { Json } from '../crdt/types';

/** The document after each event, as the library gives it, computed on demand. */
export interface DocumentStates {
  /** The document after event i (its index in the trace). */
  after(event: number): Json;
}

/** States kept once computed, so that stepping back and forth over the last few costs nothing. */
const KEPT = 32;

/** Document states from a function of the event, the last few asked for kept. */
export class RecentDocumentStates implements DocumentStates {
  private readonly kept = new Map<number, Json>();

  constructor(private readonly compute: (event: number) => Json) {}

  after(event: number): Json {
    const known = this.kept.get(event);
    if (known !== undefined) {
      // Map order is insertion order: move it to the newest end.
      this.kept.delete(event);
      this.kept.set(event, known);
      return known;
    }
    const state = this.compute(event);
    this.kept.set(event, state);
    if (this.kept.size > KEPT) this.kept.delete(this.kept.keys().next().value!);
    return state;
  }
}
