// The live connections' line splitter: lines across chunk boundaries, CRLF, over-long lines
// skipped without being held, and a frame's end ending its last line.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BoundedLineSplitter } from '../../extension/live/line-splitter';

function split(chunks: string[], maxLineBytes = 10, end = false) {
  const out: string[] = [];
  const splitter = new BoundedLineSplitter(maxLineBytes, {
    line: (text, n) => out.push(`${n}:${text}`),
    tooLong: (n, bytes) => out.push(`${n}:too long (${bytes})`),
  });
  for (const chunk of chunks) splitter.push(Buffer.from(chunk));
  if (end) splitter.end();
  return out;
}

test('lines split across chunks come out whole, numbered, without CR', () => {
  assert.deepEqual(split(['ab', 'c\r\nd', 'e\n\nf', 'g\n']), ['1:abc', '2:de', '3:', '4:fg']);
});

test('a line longer than the limit is reported with its length and skipped, within a chunk or across many', () => {
  assert.deepEqual(split(['0123456789x\nok\n']), ['1:too long (11)', '2:ok']);
  assert.deepEqual(split(['01234', '56789', 'abcde', 'fgh\nok\n']), ['1:too long (18)', '2:ok']);
  assert.deepEqual(split(['0123456789\n']), ['1:0123456789'], 'exactly the limit is fine');
});

test('end() ends an unfinished line and does nothing when there is none', () => {
  assert.deepEqual(split(['a\nb'], 10, true), ['1:a', '2:b']);
  assert.deepEqual(split(['a\n'], 10, true), ['1:a']);
  assert.deepEqual(split(['0123456', '789abc'], 10, true), ['1:too long (13)']);
});

test('multi-byte characters split between chunks are decoded whole', () => {
  const bytes = Buffer.from('{"label":"café ✓"}\n');
  const out: string[] = [];
  const splitter = new BoundedLineSplitter(100, { line: (text) => out.push(text), tooLong: () => assert.fail() });
  for (let i = 0; i < bytes.length; i++) splitter.push(bytes.subarray(i, i + 1));
  assert.deepEqual(out, ['{"label":"café ✓"}']);
});
