// Splitting JSON text without parsing it: a value's end is found across strings full of escaped
// quotes and backslashes, so concatenated documents and JSON lines split where JSON.parse agrees.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineIndex, skipValue, topLevelValues } from '../../engine/format/json-text';

const tricky = fc.stringMatching(/^[a"\\{}[\],: ]{0,12}$/);
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), tricky, fc.array(tricky, { maxLength: 4 }), fc.dictionary(tricky, tricky, { maxKeys: 3 }));

describe('JSON text splitting', () => {
  it('finds the end of any JSON value, whatever its strings hold', () => {
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v);
        assert.equal(skipValue(`${text} ,"after\\"`, 0), text.length, text);
      }),
      { numRuns: 3000 },
    );
  });

  it('splits concatenated documents where they begin and end', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.dictionary(tricky, value, { maxKeys: 3 }), fc.array(value, { maxLength: 3 })), { minLength: 1, maxLength: 5 }), (docs) => {
        const texts = docs.map((d) => JSON.stringify(d));
        const text = texts.join('\n');
        const split = topLevelValues(text, new LineIndex(text));
        assert.deepEqual(split.problems, []);
        assert.deepEqual(split.values.map((s) => text.slice(s.start, s.end)), texts);
      }),
      { numRuns: 1000 },
    );
  });
});
