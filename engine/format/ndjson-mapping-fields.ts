// The fields a user can map in an NDJSON trace (ndjson-mapping.ts), found in its first lines: every
// dotted member path with an example value, and for each part of a mapping (replica, event,
// sender, receiver, message id, clock) the paths whose names or values suggest it, best first.

import type { Json } from '../crdt/types';
import { isRecord } from './json-text';
import { MAPPING_KEY } from './ndjson-mapping';

/** One member path found in the sample lines. */
export interface FieldPath {
  /** Dotted path (`event.msg.from`), as a mapping names it. */
  path: string;
  /** The first value found there. */
  example: Json;
  /** Whether its values look like a vector clock: objects of whole numbers. */
  clockLike: boolean;
}

export type MappingPart = 'replica' | 'event' | 'sender' | 'receiver' | 'message' | 'clock';

/** Lines looked at, and paths listed at the most. */
const SAMPLE_LINES = 50;
const MAX_PATHS = 200;
const MAX_DEPTH = 4;

/** Names that suggest each part of a mapping (the last member of a path). */
const SUGGESTIONS: Record<MappingPart, RegExp> = {
  replica: /^(replica|node|node_?id|nid|process|proc|host|hostname|server|actor|peer|pid|service|instance)$/i,
  event: /^(name|event|event_?name|type|op|action|kind)$/i,
  sender: /^(from|sender|src|source)$/i,
  receiver: /^(to|receiver|dst|dest|destination|target)$/i,
  message: /^(msg_?id|message_?id|id|seq|index)$/i,
  clock: /^(clock|vc|vector_?clock|vclock|clocks)$/i,
};

/**
 * The member paths of the first JSON-object lines of `text` (a line holding a mapping is skipped),
 * in order of first appearance; none when no line of the sample is a JSON object. Members whose
 * names hold a dot cannot be named by a mapping and are left out.
 */
export function samplePaths(text: string): FieldPath[] {
  const found = new Map<string, FieldPath>();
  const visit = (value: Record<string, unknown>, prefix: string, depth: number) => {
    for (const [name, member] of Object.entries(value)) {
      if (name.includes('.') || name === '' || found.size >= MAX_PATHS) continue;
      const path = prefix + name;
      const clockLike = isRecord(member) && Object.keys(member).length > 0 && Object.values(member).every((n) => Number.isInteger(n) && (n as number) >= 0);
      const known = found.get(path);
      if (!known) found.set(path, { path, example: member as Json, clockLike });
      else if (known.clockLike && !clockLike && member !== undefined) known.clockLike = false;
      if (isRecord(member) && depth < MAX_DEPTH) visit(member, `${path}.`, depth + 1);
    }
  };
  let lines = 0;
  for (const line of text.split('\n')) {
    if (lines >= SAMPLE_LINES) break;
    if (line.trim() === '') continue;
    lines++;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (isRecord(value) && value[MAPPING_KEY] === undefined) visit(value, '', 1);
  }
  return [...found.values()];
}

/** Whether a path fits a part at all: clocks are clock-like objects; the other parts are single values. */
function fits(field: FieldPath, part: MappingPart): boolean {
  if (part === 'clock') return field.clockLike || (isRecord(field.example) && SUGGESTIONS.clock.test(lastName(field.path)));
  return !isRecord(field.example) && !Array.isArray(field.example) ? true : part === 'message';
}

const lastName = (path: string) => path.slice(path.lastIndexOf('.') + 1);

/** The paths that can stand for `part`: the suggested ones (by name, then clocks by their value) first, then the others in file order. */
export function candidatesFor(fields: readonly FieldPath[], part: MappingPart): { suggested: FieldPath[]; others: FieldPath[] } {
  const usable = fields.filter((f) => fits(f, part));
  const byName = usable.filter((f) => SUGGESTIONS[part].test(lastName(f.path)));
  const byValue = part === 'clock' ? usable.filter((f) => f.clockLike && !byName.includes(f)) : [];
  const suggested = [...byName, ...byValue];
  return { suggested, others: usable.filter((f) => !suggested.includes(f)) };
}
