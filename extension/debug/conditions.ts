// Breakpoint conditions and hit counts for the Causeway debugger: a tiny, safe expression language
// over an event's fields (==, !=, !, &&, ||, parentheses, string and number literals). No eval.

/** What a condition can read: an event's fields by name (missing fields read as undefined). */
export type FieldValue = string | number | boolean | undefined;
export type Fields = (name: string) => FieldValue;

/** A parsed condition: evaluate it against an event's fields. */
export type Condition = (fields: Fields) => boolean;

type Node = (fields: Fields) => FieldValue;

const TOKEN = /\s*(?:(\|\||&&|==|!=|!|\(|\))|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w.]*))/y;

type Token = { op: string } | { value: FieldValue } | { name: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    if (/^\s*$/.test(text.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(text);
    if (!m) throw new Error(`Cannot read the condition at "${text.slice(at).trim()}".`);
    if (m[1] !== undefined) tokens.push({ op: m[1] });
    else if (m[2] !== undefined || m[3] !== undefined) tokens.push({ value: (m[2] ?? m[3]).replace(/\\(.)/g, '$1') });
    else if (m[4] !== undefined) tokens.push({ value: Number(m[4]) });
    else if (m[5] === 'true' || m[5] === 'false') tokens.push({ value: m[5] === 'true' });
    else tokens.push({ name: m[5] });
  }
  return tokens;
}

/** Parses `replica == "B" && key == "cart"`; throws an Error in words when it cannot. */
export function parseCondition(text: string): Condition {
  const tokens = tokenize(text);
  let i = 0;
  const isOp = (op: string) => {
    const t = tokens[i];
    return t !== undefined && 'op' in t && t.op === op;
  };
  const expect = (op: string) => {
    if (!isOp(op)) throw new Error(`Expected "${op}" in the condition "${text}".`);
    i++;
  };
  const primary = (): Node => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`The condition "${text}" ends too early.`);
    if ('value' in t) return () => t.value;
    if ('name' in t) return (fields) => fields(t.name);
    if (t.op === '!') {
      const inner = primary();
      return (fields) => !inner(fields);
    }
    if (t.op === '(') {
      const inner = or();
      expect(')');
      return inner;
    }
    throw new Error(`Unexpected "${t.op}" in the condition "${text}".`);
  };
  const comparison = (): Node => {
    const left = primary();
    if (!isOp('==') && !isOp('!=')) return left;
    const equal = isOp('==');
    i++;
    const right = primary();
    return (fields) => (left(fields) === right(fields)) === equal;
  };
  const chain = (op: string, next: () => Node, all: boolean): Node => {
    const parts = [next()];
    while (isOp(op)) {
      i++;
      parts.push(next());
    }
    if (parts.length === 1) return parts[0];
    return (fields) => (all ? parts.every((p) => p(fields)) : parts.some((p) => p(fields)));
  };
  const and = () => chain('&&', comparison, true);
  const or = (): Node => chain('||', and, false);
  const root = or();
  if (i < tokens.length) throw new Error(`Unexpected text after the end of the condition "${text}".`);
  return (fields) => Boolean(root(fields));
}

/** Parses a hit count (`3`, `>= 3`, `== 3`, `> 3`, `< 3`, `<= 3`, `% 2`): when the n-th hit stops. A bare number means `>=`. */
export function parseHitCondition(text: string): (hits: number) => boolean {
  const m = /^\s*(>=|<=|==|>|<|%)?\s*(\d+)\s*$/.exec(text);
  if (!m) throw new Error(`The hit count "${text}" is not a number (optionally after >=, ==, >, <, <= or %).`);
  const n = Number(m[2]);
  switch (m[1] ?? '>=') {
    case '>=':
      return (hits) => hits >= n;
    case '<=':
      return (hits) => hits <= n;
    case '==':
      return (hits) => hits === n;
    case '>':
      return (hits) => hits > n;
    case '<':
      return (hits) => hits < n;
    default:
      return (hits) => n > 0 && hits % n === 0;
  }
}
