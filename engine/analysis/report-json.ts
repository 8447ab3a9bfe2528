// A check report as JSON text, in pieces: the same text as JSON.stringify of the whole report,
// but conflicts are worded a batch at a time and long lists go an element at a time, so a
// million-event report (250,000 conflicts, 100 MB of JSON) is never one string in memory.

import type { ConflictList } from './report';

/** Conflicts worded per piece. */
const CONFLICTS_PER_PIECE = 1000;
/**
 * Objects and arrays nested this deep are written whole; above it (the document, its files, their
 * executions and the executions' lists) piece by piece. Conflicts are worded in batches at any depth.
 */
const STREAMED_DEPTH = 5;

function isConflictList(value: object): value is ConflictList {
  return !Array.isArray(value) && typeof (value as Partial<ConflictList>).slice === 'function' && typeof (value as Partial<ConflictList>).length === 'number';
}

/** The JSON text of a check report (or a document holding reports), piece by piece. */
export function* reportJsonPieces(value: unknown, depth = 0): Generator<string> {
  if (value === null || typeof value !== 'object') {
    yield JSON.stringify(value);
  } else if (isConflictList(value)) {
    for (let start = 0; start < value.length; start += CONFLICTS_PER_PIECE) {
      const text = JSON.stringify(value.slice(start, start + CONFLICTS_PER_PIECE));
      yield `${start === 0 ? '[' : ','}${text.slice(1, -1)}`;
    }
    yield value.length === 0 ? '[]' : ']';
  } else if (depth >= STREAMED_DEPTH) {
    yield JSON.stringify(value);
  } else if (Array.isArray(value)) {
    yield '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) yield ',';
      // As JSON.stringify writes them: what JSON cannot hold becomes null in an array.
      yield* reportJsonPieces(value[i] === undefined || typeof value[i] === 'function' ? null : value[i], depth + 1);
    }
    yield ']';
  } else {
    let first = true;
    yield '{';
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined || typeof field === 'function') continue;
      yield `${first ? '' : ','}${JSON.stringify(key)}:`;
      first = false;
      yield* reportJsonPieces(field, depth + 1);
    }
    yield '}';
  }
}
