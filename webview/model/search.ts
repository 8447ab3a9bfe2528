// Search over the events the diagram knows: `field:value` terms (kind, replica, key, line, id),
// `/regex/flags` on labels, and plain words (case-insensitive, in labels). Terms combine with AND;
// matches come back in causal order.

import { type BoundedRegex, compileBoundedRegex } from '../../engine/format/bounded-regex';
import type { TraceIndex } from './trace-index';
import { KIND_NAMES } from './trace-index';
import { labelOf } from '../../engine/view/model';

export interface SearchResult {
  /** Matching events in causal (step) order. */
  events: Uint32Array;
  /** A message when the query could not be read (a bad regex, an unknown field). */
  error?: string;
}

type Test = (e: number) => boolean;

const FIELDS = ['kind', 'replica', 'key', 'line', 'id', 'label'] as const;

export function parseQuery(index: TraceIndex, query: string): { test: Test | null; error?: string } {
  const { view } = index;
  const tests: Test[] = [];
  const tokens = query.match(/\/(?:\\.|[^/\\])+\/[a-z]*|"[^"]*"|\S+/g) ?? [];
  for (const token of tokens) {
    const re = /^\/((?:\\.|[^/\\])+)\/([a-z]*)$/.exec(token);
    if (re) {
      // A search is typed by the user: it runs on the linear-time engine, so no pattern can hang the view.
      let rx: BoundedRegex;
      try {
        rx = compileBoundedRegex(re[1], { ignoreCase: re[2].includes('i'), dotAll: re[2].includes('s') }, false, `The search /${re[1]}/`);
      } catch (err) {
        return { test: null, error: (err as Error).message };
      }
      tests.push((e) => rx.find(labelOf(view, e), 0) !== null);
      continue;
    }
    const colon = token.indexOf(':');
    const field = colon > 0 ? token.slice(0, colon).toLowerCase() : '';
    if ((FIELDS as readonly string[]).includes(field)) {
      const value = unquote(token.slice(colon + 1));
      const lower = value.toLowerCase();
      switch (field as (typeof FIELDS)[number]) {
        case 'kind': {
          const k = KIND_NAMES.findIndex((n) => n === lower);
          if (k < 0) return { test: null, error: `Unknown kind "${value}": use ${KIND_NAMES.join(', ')}.` };
          tests.push((e) => view.kind[e] === k);
          break;
        }
        case 'replica': {
          const set = matchingNames(view.replicas, lower);
          tests.push((e) => set.has(view.replica[e]));
          break;
        }
        case 'key': {
          const set = matchingNames(view.keys, lower);
          tests.push((e) => set.has(view.key[e]));
          break;
        }
        case 'line': {
          const line = Number(value);
          if (!Number.isInteger(line)) return { test: null, error: `line: wants a number, not "${value}".` };
          tests.push((e) => view.line[e] === line);
          break;
        }
        case 'id': {
          const target = index.eventByDefaultId(value);
          tests.push((e) => e === target);
          break;
        }
        case 'label':
          tests.push((e) => labelOf(view, e).toLowerCase().includes(lower));
          break;
      }
      continue;
    }
    const word = unquote(token).toLowerCase();
    tests.push((e) => labelOf(view, e).toLowerCase().includes(word));
  }
  if (tests.length === 0) return { test: null };
  return { test: tests.length === 1 ? tests[0] : (e) => tests.every((t) => t(e)) };
}

/** Names equal to `lower`, or containing it when none is equal. */
function matchingNames(names: string[], lower: string): Set<number> {
  const exact = new Set<number>();
  const partial = new Set<number>();
  names.forEach((n, i) => {
    const l = n.toLowerCase();
    if (l === lower) exact.add(i);
    else if (l.includes(lower)) partial.add(i);
  });
  return exact.size > 0 ? exact : partial;
}

function unquote(s: string): string {
  return s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;
}

export function search(index: TraceIndex, query: string): SearchResult {
  const { test, error } = parseQuery(index, query);
  if (!test) return { events: new Uint32Array(0), error };
  const out: number[] = [];
  const order = index.view.order;
  for (let s = 0; s < index.N; s++) if (test(order[s])) out.push(order[s]);
  return { events: Uint32Array.from(out) };
}
