// StringTable: names interned as text and as UTF-8 bytes share one id per text, and byte-interned
// names read back as the same text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StringTable } from '../../engine/trace/intern';

const bytes = (text: string) => new TextEncoder().encode(text);

test('a name interned as text and as bytes has one id, whichever comes first', () => {
  const table = new StringTable();
  const a = table.intern('alpha');
  const line = bytes('xx"beta"alpha');
  assert.equal(table.internBytes(line, 8, 13), a);
  const b = table.internBytes(line, 3, 7);
  assert.equal(table.intern('beta'), b);
  assert.equal(table.find('beta'), b);
  assert.equal(table.internBytes(bytes('beta'), 0, 4), b);
  assert.deepEqual(table.all(), ['alpha', 'beta']);
  assert.equal(table.size, 2);
});

test('many byte-interned names keep distinct ids and read back as their text', () => {
  const table = new StringTable();
  const names = Array.from({ length: 5000 }, (_, n) => `m${n}`);
  const ids = names.map((name) => table.internBytes(bytes(name), 0, bytes(name).length));
  assert.deepEqual(ids, names.map((_, n) => n));
  assert.deepEqual(names.map((name) => table.internBytes(bytes(name), 0, bytes(name).length)), ids);
  assert.equal(table.name(4321), 'm4321');
  assert.equal(table.find('m17'), 17);
  assert.equal(table.name(-1), undefined);
});

test('byte strings that decode to the same text (invalid UTF-8) get the same id', () => {
  const table = new StringTable();
  const first = table.internBytes(Uint8Array.of(0x61, 0xff), 0, 2);
  const second = table.internBytes(Uint8Array.of(0x61, 0xfe), 0, 2);
  assert.equal(second, first);
  assert.deepEqual(table.all(), ['a\ufffd']);
  assert.equal(table.internBytes(bytes('é'), 0, 2), table.intern('é'));
});
