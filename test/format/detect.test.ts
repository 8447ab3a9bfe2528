// Format detection: every fixture is recognised from its content alone, the file name only breaks
// ties or decides when the content says nothing, and prose is nobody's format.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { detectFormat, formatById, TRACE_FORMATS } from '../../engine/format/detect';
import { FORMAT_FIXTURES, fixtureText, SHIVIZ_FIXTURES } from './helpers';

const head = (text: string) => text.slice(0, 64 * 1024);

describe('detectFormat', () => {
  const cases: [string, string, string][] = [
    ['shiviz', 'simple-reliable-broadcast.log', fixtureText(SHIVIZ_FIXTURES, 'simple-reliable-broadcast.log')],
    ['shiviz', 'facebook.log', fixtureText(SHIVIZ_FIXTURES, 'facebook.log')],
    ['shiviz', 'multiple-comparison.log', fixtureText(SHIVIZ_FIXTURES, 'multiple-comparison.log')],
    ['shiviz', 'voldemort-simple-threadnames.log', fixtureText(SHIVIZ_FIXTURES, 'voldemort-simple-threadnames.log')],
    ['shiviz', 'govector-Log.txt', '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\nA {"A":1}\nhello\n'],
    ['dclocks', 'trace.log', fixtureText(FORMAT_FIXTURES, 'dclocks.jsonl')],
    ['tlaplus', 'trace.ndjson', fixtureText(FORMAT_FIXTURES, 'tlaplus.ndjson')],
    ['p', 'trace.json', fixtureText(FORMAT_FIXTURES, 'p-trace.json')],
    ['otlp', 'spans.json', fixtureText(FORMAT_FIXTURES, 'otlp.json')],
    ['jaeger', 'trace.json', fixtureText(FORMAT_FIXTURES, 'jaeger.json')],
    ['zipkin', 'trace.json', fixtureText(FORMAT_FIXTURES, 'zipkin.json')],
    ['causeway', 'cart.causal.jsonl', fixtureText(FORMAT_FIXTURES, 'native-cart.causal.jsonl')],
    ['causeway', 'shopping-cart.causal.jsonl', readFileSync(new URL('../../examples/shopping-cart.causal.jsonl', import.meta.url), 'utf8')],
  ];
  for (const [id, name, text] of cases) {
    it(`recognises ${name} as ${id}, with or without its file name`, () => {
      assert.equal(detectFormat(head(text), name)?.id, id);
      assert.equal(detectFormat(head(text))?.id, id);
      assert.equal(detectFormat(head(text), 'renamed.bin')?.id, id);
    });
  }

  it('falls back to a specific file name when the content says nothing, and to nothing otherwise', () => {
    assert.equal(detectFormat('', 'empty.causal.jsonl')?.id, 'causeway');
    assert.equal(detectFormat('', 'empty.json'), undefined);
    assert.equal(detectFormat('Dear diary,\ntoday nothing happened.\n', 'notes.txt'), undefined);
  });

  it('finds formats by id', () => {
    assert.deepEqual(
      TRACE_FORMATS.map((f) => f.id),
      ['causeway', 'shiviz', 'dclocks', 'tlaplus', 'p', 'otlp', 'jaeger', 'zipkin', 'jepsen', 'etcd-raft', 'ndjson', 'otlp-proto', 'automerge', 'yjs-log', 'yjs'],
    );
    for (const f of TRACE_FORMATS) assert.equal(formatById(f.id), f);
    assert.equal(formatById('nope'), undefined);
  });
});
