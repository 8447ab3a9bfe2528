// ClockTextReader: the scanner for plain clocks must read every clock text exactly as JSON.parse
// and the documented rules would (entries, their order, problems, the order names are interned in).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ClockTextReader, MAX_CLOCK_VALUE } from '../../engine/format/clock-json';

/** The rules, spelled out with JSON.parse: names in the parsed object's order, whole numbers 0..2^32-1 (numeric strings too) kept. */
function expected(text: string): { entries: [string, number][]; dropped: boolean } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries: [string, number][] = [];
  let dropped = false;
  for (const [name, raw] of Object.entries(value)) {
    const v = typeof raw === 'string' && /^\d{1,10}$/.test(raw) ? Number(raw) : raw;
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_CLOCK_VALUE) entries.push([name, v]);
    else dropped = true;
  }
  return { entries, dropped };
}

/** A reader over a fresh name table, the names in the order they were interned, and how often it asked the table. */
function readerWithTable(): { reader: ClockTextReader; names: string[]; asked: () => number } {
  const names: string[] = [];
  let asked = 0;
  const reader = new ClockTextReader((name) => {
    asked++;
    const known = names.indexOf(name);
    return known >= 0 ? known : names.push(name) - 1;
  });
  return { reader, names, asked: () => asked };
}

const space = fc.constantFrom('', '', '', ' ', '  ', '\t', '\r', '\n');
const name = fc.oneof(
  { arbitrary: fc.constantFrom('A', 'B', 'host0', 'host1', 'x y'), weight: 8 },
  fc.constantFrom('', '7', '12', '1a', '-1', '__proto__', 'é', '😀', 'a\\u0041', 'A\\"', '\\ud800'),
);
const value = fc.oneof(
  { arbitrary: fc.nat({ max: 40 }).map(String), weight: 8 },
  fc.constantFrom('0', '00', '01', '-1', '1.0', '1e3', '4294967295', '4294967296', '99999999999', '"3"', 'null', '[]', '1 2'),
);
const clockText = fc
  .tuple(space, fc.array(fc.tuple(name, space, space, value, space), { maxLength: 6 }), space, fc.constantFrom('}', '}', '} ', '', '}x', '}}'))
  .map(([before, entries, inside, close]) => `${before}{${entries.map(([n, a, b, v, c]) => `${a}"${n}"${b}:${c}${v}`).join(',')}${inside}${close}`);

describe('ClockTextReader', () => {
  it('reads random clock texts as JSON.parse and the rules would, interning names in order of first appearance', () => {
    fc.assert(
      fc.property(fc.array(clockText, { minLength: 1, maxLength: 8 }), (texts) => {
        const { reader, names } = readerWithTable();
        const interned: string[] = [];
        for (const text of texts) {
          const count = reader.read(text);
          const want = expected(text);
          if (!want) {
            assert.equal(count, -1, text);
            assert.ok(reader.out.problem, text);
            continue;
          }
          const got = reader.ids.slice(0, count).map((id, k): [string, number] => [names[id], reader.values[k]]);
          assert.deepEqual(got, want.entries, text);
          assert.equal(reader.out.problem !== undefined, want.dropped, text);
          for (const [n] of want.entries) if (!interned.includes(n)) interned.push(n);
          assert.deepEqual(names, interned, text);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('reads plain ASCII clocks from bytes, and leaves anything else to `read`', () => {
    const { reader, names, asked } = readerWithTable();
    const bytes = (text: string) => new TextEncoder().encode(text);
    const plain = bytes('x {"B":2, "A" : 4294967295}');
    assert.equal(reader.readBytes(plain, 2, plain.length), 2);
    assert.deepEqual([names[reader.ids[0]], reader.values[0], names[reader.ids[1]], reader.values[1]], ['B', 2, 'A', 4294967295]);
    for (const text of ['{"é":1}', '{"C":1,\r"D":2}', '{"C":01}', '{"2":1}', '{"C":"1"}', '{"C\\u0041":1}', '{"C":1} x']) {
      const b = bytes(text);
      assert.equal(reader.readBytes(b, 0, b.length), -1, text);
    }
    assert.deepEqual(names, ['B', 'A']);
    // Known names are recognised from their bytes: the table is asked once per name.
    assert.equal(reader.nameId(bytes('A'), 0, 1), 1);
    assert.equal(reader.nameId(bytes('A x'), 0, 1), 1);
    assert.equal(reader.readBytes(plain, 2, plain.length), 2);
    assert.equal(asked(), 2);
    // A repeated name is left to JSON.parse too (which keeps the last value, at the first place).
    const repeated = bytes('{"C":1,"C":2}');
    assert.equal(reader.readBytes(repeated, 0, repeated.length), -1);
    assert.equal(reader.read('{"C":1,"C":2}'), 1);
    assert.deepEqual([names[reader.ids[0]], reader.values[0]], ['C', 2]);
    assert.equal(reader.nameId(bytes('Zed'), 0, 3), 3);
    assert.deepEqual(names, ['B', 'A', 'C', 'Zed']);
  });
});
