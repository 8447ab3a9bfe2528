// The fast path for history lines reads exactly what edn-data reads (property), takes the common
// operation maps itself, and leaves every other line (symbols, escapes, big numbers, ...) to edn-data.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { parseOperationLine } from '../../engine/format/edn-line';
import { parseEdn } from '../../engine/format/jepsen-history';

const keyword = fc.stringMatching(/^:[a-z][a-z0-9\-?!.'/]{0,6}$/);
const atom = fc.oneof(
  keyword,
  fc.integer({ min: -1e12, max: 1e12 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).map((d) => d.toFixed(3)),
  fc.constantFrom('nil', 'true', 'false', '""', '"a b, c"', '"x\\"y"', 'foo', '12345678901234567890', '1/2', '\\a', '#inst "2020"', '07', '-0.0', '1e5', '1.5M', ':3', '#{1 2}', '(1 :a)'),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, atom, tie('vector'), tie('map')),
  vector: fc.array(tie('value'), { maxLength: 4 }).map((xs) => `[${xs.join(' ')}]`),
  map: fc.uniqueArray(fc.tuple(keyword, tie('value')), { maxLength: 4, selector: ([k]) => k }).map((kv) => `{${kv.map(([k, v]) => `${k} ${v}`).join(', ')}}`),
}));
const line = fc
  .tuple(fc.constantFrom('', '#jepsen.history.Op'), fc.uniqueArray(fc.tuple(keyword, value), { maxLength: 6, selector: ([k]) => k }))
  .map(([tag, kv]) => `${tag}{${kv.map(([k, v]) => `${k} ${v}`).join(', ')}}`);

/** What the slow path reads: edn-data, unwrapped from the record tag. */
function slow(text: string): unknown {
  const v = parseEdn(text) as Record<string, unknown>;
  return typeof v?.['tag'] === 'string' && 'val' in v ? v['val'] : v;
}

describe('history lines on the fast path', () => {
  test('read exactly as edn-data reads them, or left to it (property)', () => {
    fc.assert(
      fc.property(line, (text) => {
        const fast = parseOperationLine(text);
        if (fast !== undefined) assert.deepStrictEqual(fast, slow(text));
      }),
      { numRuns: 2000 },
    );
  });

  test("take Jepsen's and Elle's common operation maps themselves", () => {
    for (const text of [
      '{:type :invoke, :f :cas, :value [1 2], :process 3, :time 81042, :index 7}',
      '#jepsen.history.Op{:index 1, :time 20, :type :ok, :process 0, :f :write, :value 1}',
      '{:type :ok, :f :txn, :value [[:append :x 2] [:r :y [1 2]]], :process 1, :error {:why "timed out"}, :time -1.5}',
      '{:type :fail, :f :read, :value nil, :process :nemesis, :key "k", :ok? false}',
    ]) {
      const fast = parseOperationLine(text);
      assert.notEqual(fast, undefined, text);
      assert.deepStrictEqual(fast, slow(text), text);
    }
  });

  test('leave symbols, escapes, characters, big or odd numbers and unfinished maps to edn-data', () => {
    for (const text of ['{:value foo}', '{:value "a\\"b"}', '{:value \\a}', '{:value 12345678901234567890}', '{:value 1/2}', '{:value 1.5M}', '{:value 07}', '{:a 1', '{:a 1} x', '{"s" 1}', '{:a 1 :a 2}'])
      assert.equal(parseOperationLine(text), undefined, text);
  });
});
