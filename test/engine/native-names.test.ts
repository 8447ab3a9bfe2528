// Names on the native reader's fast path: replicas, keys, op types and values of every length
// (the short ones are looked up by their bytes as words) read as on the JSON.parse path.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readText } from '../helpers/load';

test('names of every length sharing prefixes are told apart as the JSON.parse path tells them', () => {
  const names = ['', 'a', 'ab', 'abc', 'abcd', 'abce', 'abcde', 'abcdf', 'abcdefg', 'abcdefgh', 'abcdefgi', 'abcdefghi', 'é', 'aé'];
  const lines = names.flatMap((name, n) => [
    `{"replica":${JSON.stringify(name || 'z')},"kind":"op","key":${JSON.stringify(name)},"op":{"type":"add","value":${JSON.stringify(name)}}}`,
    `{"replica":${JSON.stringify(names[names.length - 1 - n] || 'z')},"kind":"op","key":${JSON.stringify(name)},"op":{"type":"set","field":${JSON.stringify(name)},"value":1}}`,
  ]);
  const header = '{"format":"causeway","version":1}';
  // An escape sequence in "kind" is outside the fast subset: those lines take the JSON.parse path.
  const fast = readText([header, ...lines].join('\n')).executions[0];
  const slow = readText([header, ...lines.map((l) => l.replace('"kind":"op"', '"kind":"\\u006fp"'))].join('\n')).executions[0];
  const read = (t: typeof fast) => Array.from({ length: t.size }, (_, i) => [t.eventId(i), t.keys.name(t.key[i]), t.opOf(i)]);
  assert.deepEqual(read(fast), read(slow));
  assert.equal(fast.size, 2 * names.length);
  assert.deepEqual(fast.opOf(18), { type: 'add', value: 'abcdefgh' });
});
