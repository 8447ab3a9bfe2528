// The nesting limit of untrusted JSON: every reader refuses values nested deeper than
// MAX_JSON_DEPTH where they enter, so nothing downstream (stringify, canonical keys, CRDT apply,
// the webview, the debugger) recurses deep enough to overflow the stack. Checked without recursion.

/** The deepest a value may nest (arrays and objects inside one another) in a trace Causeway reads. */
export const MAX_JSON_DEPTH = 256;

/** Words for a finding: what nests too deep, and the limit. */
export function nestedTooDeep(what: string): string {
  return `${what} nests deeper than ${MAX_JSON_DEPTH} levels (arrays and objects inside one another), more than Causeway reads`;
}

/**
 * Whether JSON text of `length` characters can nest deeper than `limit` levels: each level takes
 * an opening and a closing bracket, so shorter text need not be looked into.
 */
export function mayNestDeeperThan(length: number, limit = MAX_JSON_DEPTH): boolean {
  return length >= 2 * (limit + 1);
}

/** Whether a parsed JSON value nests deeper than `limit` levels (an array or object is one level, a scalar none). */
export function nestsDeeperThan(value: unknown, limit = MAX_JSON_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  // Containers still to look into, with the level each one is at.
  const pending: object[] = [value];
  const levels: number[] = [1];
  while (pending.length > 0) {
    const container = pending.pop() as Record<string, unknown>;
    const level = levels.pop() as number;
    if (level > limit) return true;
    for (const name in container) {
      const inner = container[name];
      if (typeof inner === 'object' && inner !== null) {
        pending.push(inner);
        levels.push(level + 1);
      }
    }
  }
  return false;
}

/** The name of the first member of `record` whose value nests deeper than MAX_JSON_DEPTH levels, or undefined. */
export function tooDeepMember(record: Record<string, unknown>): string | undefined {
  for (const name in record) {
    const value = record[name];
    if (typeof value === 'object' && value !== null && nestsDeeperThan(value)) return name;
  }
  return undefined;
}

/**
 * Why a record parsed from `textLength` characters of JSON is refused: its first member nested
 * deeper than the limit, in words (the member's name cut to 40 characters); undefined when none is.
 */
export function tooDeepRecordProblem(record: Record<string, unknown>, textLength: number): string | undefined {
  const deep = mayNestDeeperThan(textLength) ? tooDeepMember(record) : undefined;
  return deep === undefined ? undefined : nestedTooDeep(JSON.stringify(deep.slice(0, 40)));
}
