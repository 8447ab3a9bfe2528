// The registry's content rule: a file that is not blank never reads as an empty trace, whatever
// its format; a native file holding only its header (a live session before its first event) does.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatById, TRACE_FORMATS } from '../../engine/format/detect';
import { TraceReadError } from '../../engine/format/types';
import { readTraceText } from './helpers';

/** For each format, a non-blank file in which its reader recognises nothing. */
const NOTHING_RECOGNISED: Record<string, string> = {
  causeway: '{"x": 1}\n',
  shiviz: 'nothing that looks like a log\n',
  dclocks: '{"x": 1}\n',
  tlaplus: '{"x": 1}\n',
  p: '[]\n',
  otlp: '{"resourceSpans": []}\n',
  jaeger: '{"data": []}\n',
  zipkin: '[]\n',
  jepsen: 'INFO jepsen.core - nothing happened\n',
  'etcd-raft': '{"x": 1}\n',
  ndjson: '{"causeway-mapping": {"replica": "node"}}\n{"x": 1}\n',
  'otlp-proto': '{"x": 1}\n',
  automerge: 'hello\n',
  'yjs-log': '{"x": 1}\n',
  yjs: 'hello\n',
};

/** Formats of one binary document (Automerge's, a Yjs update), which have no blank form. */
const BINARY_DOCUMENTS = new Set(['automerge', 'yjs']);

describe('a non-blank file never reads as an empty trace', () => {
  for (const format of TRACE_FORMATS) {
    it(`${format.id}: a file holding nothing the reader recognises is a TraceReadError`, () => {
      const text = NOTHING_RECOGNISED[format.id];
      assert.ok(text, `a case for ${format.id}`);
      assert.throws(() => readTraceText(format, text), (e: unknown) => e instanceof TraceReadError && /expected|match|holds no|no event/i.test(e.message));
    });
  }

  it('says what the format expected and the first problem, with its line', () => {
    const causeway = formatById('causeway');
    assert.ok(causeway);
    assert.throws(
      () => readTraceText(causeway, '\n\nnot json\n'),
      (e: unknown) => e instanceof TraceReadError && e.line === 3 && /Nothing in this file reads as a Causeway trace/.test(e.message) && /line 3/.test(e.message),
    );
  });

  it('a blank file, and a native file holding only its header, still read as empty traces', () => {
    const causeway = formatById('causeway');
    assert.ok(causeway);
    assert.equal(readTraceText(causeway, '{"format":"causeway","version":1,"replicas":["a","b"]}\n').executions[0].size, 0);
    for (const format of TRACE_FORMATS) {
      if (format.id === 'shiviz') continue; // a ShiViz reader without a regex match says so even for blank text
      if (BINARY_DOCUMENTS.has(format.id)) continue; // spaces are not an empty document but bytes that are not one
      assert.doesNotThrow(() => readTraceText(format, ' \n'), format.id);
    }
  });
});

describe('an execution never holds more replicas than the trace model can number', () => {
  it('refuses 70,000 replicas with a message naming the limit, instead of reading events as another replica', () => {
    const causeway = formatById('causeway')!;
    const lines = ['{"format":"causeway","version":1}', ...Array.from({ length: 70_000 }, (_, i) => `{"replica":"r${i}","kind":"local"}`)];
    assert.throws(() => readTraceText(causeway, `${lines.join('\n')}\n`, {}, 1, 1 << 20), (e: unknown) => e instanceof TraceReadError && /names 70,000 replicas; Causeway reads at most 65,535/.test(e.message));
  });
});
