// The diagram's labels are display-safe: a name with a bidi override or a zero-width space is cut
// to fit with the hidden character shown as its escape (the painters escape what they draw too).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitText } from '../../webview/render/text';

test('text cut to fit is cut after escaping, so the escape is counted in the width', () => {
  assert.equal(fitText('abc\u202eevil.exe', 1000, 10), 'abc\\u202eevil.exe');
  assert.equal(fitText('\u202e'.repeat(10), 60, 10), '\\u202e\\u2…');
});
