// A lone Yjs update (`Y.encodeStateAsUpdate`) as steps: each client's items, cut into runs so
// that every run comes after the items it depends on (origins, parents, the client's previous
// clock). A lone update does not say when its deletions happened, so the document is shown
// once, after the last run, as Yjs gives it from the whole update.

import type * as Y from 'yjs';
import { yjs } from './libraries';
import type { YjsContent, YjsStep } from './yjs-history';

/** The ids an item needs before it: its client's previous clock, its origins and its parent. */
function needs(struct: Y.Item | Y.GC): Y.ID[] {
  const ids = struct.id.clock > 0 ? [yjs().createID(struct.id.client, struct.id.clock - 1)] : [];
  if (struct instanceof yjs().Item) for (const id of [struct.origin, struct.rightOrigin, struct.parent]) if (id instanceof yjs().ID) ids.push(id);
  return ids;
}

/** The runs of a lone update in an order that respects every dependency it holds. */
export function snapshotSteps(bytes: Uint8Array, content: YjsContent): YjsStep[] {
  const queues = new Map<number, (Y.Item | Y.GC)[]>();
  for (const s of content.structs) queues.set(s.id.client, [...(queues.get(s.id.client) ?? []), s]);
  /** Per client: clocks below `done` are in an emitted run; clocks from `start` to `end` are in the update. */
  const done = new Map<number, number>();
  const range = new Map<number, { start: number; end: number }>();
  for (const [client, list] of queues) {
    range.set(client, { start: list[0].id.clock, end: list[list.length - 1].id.clock + list[list.length - 1].length });
    done.set(client, list[0].id.clock);
  }
  const ready = (struct: Y.Item | Y.GC) =>
    needs(struct).every((id) => {
      const r = range.get(id.client);
      return !r || id.clock < r.start || id.clock >= r.end || id.clock < done.get(id.client)! || (id.client === struct.id.client);
    });
  const steps: YjsStep[] = [];
  for (let left = content.structs.length; left > 0; ) {
    const client = [...queues].find(([, q]) => q.length > 0 && ready(q[0]))?.[0] ?? [...queues].find(([, q]) => q.length > 0)![0];
    const queue = queues.get(client)!;
    const run: (Y.Item | Y.GC)[] = [];
    do {
      const s = queue.shift()!;
      run.push(s);
      done.set(client, s.id.clock + s.length);
    } while (queue.length > 0 && ready(queue[0]));
    left -= run.length;
    const last = run[run.length - 1];
    steps.push({ structs: run, deletes: new Map(), line: 1, replica: String(client), summary: `items ${run[0].id.clock}–${last.id.clock + last.length - 1} of client ${client}` });
  }
  if (steps.length === 0) return [{ ...content, bytes, line: 1 }];
  const last = steps[steps.length - 1];
  last.deletes = content.deletes;
  last.bytes = bytes;
  return steps;
}
