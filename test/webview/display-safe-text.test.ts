// The diagram's labels are display-safe: a name with a bidi override or a zero-width space is cut
// to fit with the hidden character shown as its escape (the painters escape what they draw too).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cutToWidth } from '../../webview/render/text';

/** A monospace measure: 6 pixels a character. */
const mono = (shown: string) => shown.length * 6;

test('text is cut before escaping and measured after, so an escape counts in the width and is never split', () => {
  assert.equal(cutToWidth('abc\u202eevil.exe', 1000, mono), 'abc\u202eevil.exe');
  // 80 pixels hold two escapes and an ellipsis (13 characters), but two characters say too little.
  assert.equal(cutToWidth('\u202e'.repeat(10), 80, mono), '');
  assert.equal(cutToWidth(`abcd${'\u202e'.repeat(10)}`, 84, mono), 'abcd\u202e…');
});

test('a cut text keeps at least four characters, or is left out', () => {
  assert.equal(cutToWidth('{"a":1,"b":2}', 18, mono), '');
  assert.equal(cutToWidth('{"a":1,"b":2}', 30, mono), '{"a"…');
});
