// Automerge's patches in words: what a change did, as `Automerge.diff` reports it between the
// change's dependencies and the change ("set `todos[2].done` = true", "insert 'abc' at 14 in `title`").

import type { Patch } from '@automerge/automerge';
import { describeDocumentValue, describePath, summarizeEdits } from '../trace/library-trace';

/** The path of a patch's object and the position or key it ends with. */
function split(path: readonly (string | number)[]): { object: string; last: string | number } {
  return { object: describePath(path.slice(0, -1)), last: path[path.length - 1] };
}

/** One patch in words. */
export function describePatch(patch: Patch): string {
  const where = `\`${describePath(patch.path)}\``;
  const { object, last } = split(patch.path);
  switch (patch.action) {
    case 'put':
      return `set ${where} = ${describeDocumentValue(patch.value)}`;
    case 'splice':
      return `insert ${describeDocumentValue(patch.value)} at ${last} in \`${object}\``;
    case 'insert':
      return `insert ${patch.values.map(describeDocumentValue).join(', ')} at ${last} in \`${object}\``;
    case 'del':
      return typeof last === 'number' ? `delete ${patch.length ?? 1} at ${last} in \`${object}\`` : `delete ${where}`;
    case 'inc':
      return `increment ${where} by ${patch.value}`;
    case 'mark':
      return `mark ${patch.marks.map((m) => `${m.name} ${m.start}–${m.end}`).join(', ')} in ${where}`;
    case 'unmark':
      return `unmark ${patch.name} ${patch.start}–${patch.end} in ${where}`;
    case 'conflict':
      return `conflict at ${where}`;
  }
}

/** A change's patches in one line: the first few, then how many more. */
export function describePatches(patches: readonly Patch[]): string {
  return summarizeEdits(patches.map(describePatch));
}
