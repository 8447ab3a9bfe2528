// displayText: trace strings shown to people never hide characters or turn text around; what is
// plain (letters of any script, punctuation, emoji) is left as it is.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { displayText } from '../../engine/util/display-text';

test('a bidi override shows as its escape, so "abc\\u202Eevil.exe" cannot read as "abcexe.live"', () => {
  assert.equal(displayText('abc\u202Eevil.exe'), 'abc\\u202eevil.exe');
});

test('zero-width, bidi, control, separator and tag characters and lone surrogates are escaped', () => {
  const hidden = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF', '\u200E', '\u200F', '\u061C', '\u202A', '\u202B', '\u202C', '\u202D', '\u2066', '\u2067', '\u2068', '\u2069', '\u00AD', '\u0000', '\u001B', '\n', '\r', '\t', '\u007F', '\u0085', '\u2028', '\u2029', '\uD800', '\uDFFF', '\u{E0041}'];
  for (const c of hidden) assert.doesNotMatch(displayText(`a${c}b`), /[^\x20-\x7e]/u, `U+${c.codePointAt(0)!.toString(16)}`);
  assert.equal(displayText('\u001b[31m'), '\\u001b[31m');
  assert.equal(displayText('tag\u{E0041}'), 'tag\\u{e0041}');
});

test('plain text of any script is unchanged', () => {
  for (const text of ['replica-1', 'héllo wörld', '日本語のレプリカ', 'Ελληνικά', 'עברית', 'عربى', '🙂 ok', 'a\\u202e b']) assert.equal(displayText(text), text);
});

test('law: the result has no invisible or direction-changing character, and is the input when there was none', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      const shown = displayText(text);
      assert.doesNotMatch(shown, /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u);
      if (!/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u.test(text)) assert.equal(shown, text);
    }),
    { numRuns: 500 },
  );
});
