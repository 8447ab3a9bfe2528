// What each write can conflict on: its target (the key for registers, key + field for maps, key +
// element for sets) as a dense id, numbered in operation order. Operations of types whose
// operations all commute (counters, grow-only sets) have no target.

import type { CrdtTypeName } from '../crdt/types';
import type { Trace } from '../trace/model';

export interface ConflictTargets {
  readonly count: number;
  /** Target of each op number, -1 for none. */
  readonly ofOp: Int32Array;
  /** Per target: its object key id, and the field or element it narrows to ('' for a whole register). */
  readonly key: Int32Array;
  readonly name: string[];
  /** Per target: 1 when last-writer-wins resolves it (lww-register, lww-map). */
  readonly lww: Uint8Array;
  /** Per target: 1 when its writes only disagree as add against remove (set elements, or-map fields). */
  readonly setLike: Uint8Array;
}

/** How the key's type narrows a write: to the whole key, a map field, a set element, or nothing. */
const Narrowing = { none: 0, key: 1, field: 2, element: 3 } as const;
type Narrowing = (typeof Narrowing)[keyof typeof Narrowing];

function narrowingOf(type: CrdtTypeName): Narrowing {
  switch (type) {
    case 'lww-register':
    case 'mv-register':
      return Narrowing.key;
    case 'lww-map':
    case 'or-map':
      return Narrowing.field;
    case 'or-set':
    case 'rw-set':
    case '2p-set':
      return Narrowing.element;
    case 'g-counter':
    case 'pn-counter':
    case 'g-set':
      return Narrowing.none;
  }
}

export function conflictTargets(trace: Trace, opEvent: Int32Array): ConflictTargets {
  const { key, opField, opValue, opNumber } = trace;
  const narrowing = trace.objects.map((spec) => narrowingOf(spec.type));
  const ofOp = new Int32Array(opEvent.length).fill(-1);
  const keys: number[] = [];
  const names: string[] = [];
  const lww: number[] = [];
  const setLike: number[] = [];
  /** Target ids by `key \0 name`; and per key, by the column id the name came from (no string work for known ones). */
  const byName = new Map<string, number>();
  const byColumnId: (Map<number, number> | undefined)[] = [];
  for (let o = 0; o < opEvent.length; o++) {
    const w = opEvent[o];
    const k = key[w];
    const how = narrowing[k];
    if (how === Narrowing.none) continue;
    let column = 0;
    if (how === Narrowing.field) {
      column = opField[w];
      if (column < 0) continue;
    } else if (how === Narrowing.element) {
      // Numeric elements are named by their number: leave them to the by-name map.
      column = Number.isNaN(opNumber[w]) ? opValue[w] : -2;
    }
    const known = byColumnId[k]?.get(column);
    if (known !== undefined) {
      ofOp[o] = known;
      continue;
    }
    const name = how === Narrowing.key ? '' : how === Narrowing.field ? trace.strings.name(column) : column === -2 ? String(opNumber[w]) : (trace.values.name(column) ?? 'null');
    const text = `${k}\u0000${name}`;
    let t = byName.get(text);
    if (t === undefined) {
      byName.set(text, (t = keys.length));
      const type = trace.objects[k].type;
      keys.push(k);
      names.push(name);
      lww.push(type === 'lww-register' || type === 'lww-map' ? 1 : 0);
      setLike.push(how === Narrowing.element || type === 'or-map' ? 1 : 0);
    }
    if (column !== -2) (byColumnId[k] ??= new Map()).set(column, t);
    ofOp[o] = t;
  }
  return { count: keys.length, ofOp, key: Int32Array.from(keys), name: names, lww: Uint8Array.from(lww), setLike: Uint8Array.from(setLike) };
}
