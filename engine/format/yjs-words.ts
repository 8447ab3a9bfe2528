// What a Yjs update did, in words, from the documents Yjs gives before and after it: text and
// arrays by their common start and end ("insert 'abc' at 14 in `text`", "delete 3 at 5 in
// `text`"), maps key by key ("set `todos.done` = true", "delete `todos.done`").

import type { Json } from '../crdt/types';
import { describeDocumentValue, describePath, summarizeEdits } from '../trace/library-trace';

type Path = (string | number)[];

const same = (a: Json | undefined, b: Json | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The lengths of the common start and (after it) the common end of two sequences. */
function commonEnds<T>(before: readonly T[], after: readonly T[], equal: (a: T, b: T) => boolean): { start: number; end: number } {
  let start = 0;
  while (start < before.length && start < after.length && equal(before[start], after[start])) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && equal(before[before.length - 1 - end], after[after.length - 1 - end])) end++;
  return { start, end };
}

function sequenceEdits(path: Path, before: readonly Json[] | string, after: readonly Json[] | string, out: string[]): void {
  const isText = typeof before === 'string';
  const a = isText ? [...before] : before;
  const b = isText ? [...(after as string)] : (after as readonly Json[]);
  const { start, end } = commonEnds<Json>(a, b, same);
  const removed = a.length - start - end;
  const added = b.slice(start, b.length - end);
  const where = `\`${describePath(path)}\``;
  if (removed > 0) out.push(`delete ${removed} at ${start} in ${where}`);
  if (added.length > 0) out.push(`insert ${isText ? describeDocumentValue(added.join('')) : added.map(describeDocumentValue).join(', ')} at ${start} in ${where}`);
}

const isMap = (v: Json | undefined): v is { [key: string]: Json } => v !== null && typeof v === 'object' && !Array.isArray(v);

function jsonEdits(path: Path, before: Json | undefined, after: Json | undefined, out: string[]): void {
  if (same(before, after)) return;
  if (after === undefined) out.push(`delete \`${describePath(path)}\``);
  else if (before === undefined && Array.isArray(after)) sequenceEdits(path, [], after, out);
  // A top-level string is a Y.Text; a string inside a map is a plain value.
  else if (path.length === 1 && typeof after === 'string' && (before === undefined || typeof before === 'string')) sequenceEdits(path, before ?? '', after, out);
  else if (Array.isArray(before) && Array.isArray(after)) sequenceEdits(path, before, after, out);
  else if (isMap(before) && isMap(after)) for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) jsonEdits([...path, key], before[key], after[key], out);
  else out.push(`set \`${describePath(path)}\` = ${describeDocumentValue(after)}`);
}

/** The edits from one document state to the next (top-level shared types by name), in one line. */
export function describeDocumentChange(before: { [name: string]: Json }, after: { [name: string]: Json }): string {
  const edits: string[] = [];
  for (const name of new Set([...Object.keys(before), ...Object.keys(after)])) jsonEdits([name], before[name], after[name], edits);
  return summarizeEdits(edits);
}
