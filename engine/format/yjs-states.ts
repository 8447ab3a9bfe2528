// The document after any update of a long Yjs log, as Yjs gives it, computed when asked: the
// updates up to it applied to the document of the nearest checkpoint before it (the whole state,
// encoded every CHECKPOINT_EVERY updates during the import), so a step costs at most that many
// applies; stepping forward goes on from the document of the last step asked for.

import * as Y from 'yjs';
import { type DocumentStates, RecentDocumentStates } from '../trace/library-states';
import { documentJson } from './yjs-document';

/** Updates between two checkpoints: a step back costs one checkpoint load and at most this many applies. */
export const CHECKPOINT_EVERY = 256;

/** Records a log's updates and checkpoints as the import applies them, and answers the state after any of them. */
export class YjsCheckpoints {
  private readonly updates: (Uint8Array | undefined)[] = [];
  /** Checkpoint k: the document after the first (k + 1) × CHECKPOINT_EVERY updates, encoded. */
  private readonly checkpoints: Uint8Array[] = [];
  /** The document the last answer was read from, and how many updates it has applied. */
  private walking?: { doc: Y.Doc; applied: number };

  /** Call after the import applied a step's update (none for a step that only names items) to `doc`. */
  record(doc: Y.Doc, update: Uint8Array | undefined): void {
    this.updates.push(update);
    if (this.updates.length % CHECKPOINT_EVERY === 0) this.checkpoints.push(Y.encodeStateAsUpdate(doc));
  }

  /** The states, computed on demand (the last few kept). */
  states(): DocumentStates {
    return new RecentDocumentStates((event) => this.stateAfter(event));
  }

  /** The document after update `event` (0-based), as Yjs gives it applying the updates up to it to a fresh Y.Doc. */
  stateAfter(event: number): ReturnType<typeof documentJson> {
    const wanted = event + 1;
    const checkpointed = Math.min(Math.floor(wanted / CHECKPOINT_EVERY), this.checkpoints.length) * CHECKPOINT_EVERY;
    let walking = this.walking;
    if (!walking || walking.applied > wanted || walking.applied < checkpointed) {
      const doc = new Y.Doc();
      if (checkpointed > 0) Y.applyUpdate(doc, this.checkpoints[checkpointed / CHECKPOINT_EVERY - 1]);
      walking = this.walking = { doc, applied: checkpointed };
    }
    for (; walking.applied < wanted; walking.applied++) {
      const update = this.updates[walking.applied];
      if (update) Y.applyUpdate(walking.doc, update);
    }
    return documentJson(walking.doc);
  }
}
