// Clock numbers are read exactly or refused with a finding, never wrapped: vector entries and
// hybrid counters (32-bit columns) from 0 to 4294967295, Lamport counters up to 2^53 - 1, on the
// native reader's two paths, the live ingest's check, and the clock JSON of ShiViz and DistributedClocks.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { dclocksFormat } from '../../engine/format/dclocks';
import { checkNativeEvent } from '../../engine/format/native';
import { CAUSEWAY_SHIVIZ_REGEX } from '../../engine/format/export-shiviz';
import { shivizFormat } from '../../engine/format/shiviz';
import type { Trace } from '../../engine/trace/model';
import { LiveIngest } from '../../extension/live/ingest';
import type { RecordingWriter } from '../../extension/live/recording';
import { readTraceText } from '../format/helpers';
import { readText } from '../helpers/load';

/** Clock numbers as written in JSON text, beyond what a 32-bit clock column holds or not whole. */
const OUT_OF_RANGE = ['4294967296', '4294967297', '1e308', '-1', '1.5'];
const LARGEST = '4294967295';

/** A trace of one replica A whose single event has clock `clock`; "kind" written with an escape takes the JSON.parse path. */
function nativeTrace(clock: string, path: 'fast' | 'validating', header = '{"format":"causeway","version":1}'): Trace {
  const kind = path === 'fast' ? 'local' : '\\u006cocal';
  return readText(`${header}\n{"replica":"A","kind":"${kind}","clock":${clock}}\n`).executions[0];
}

describe('clock numbers', () => {
  for (const path of ['fast', 'validating'] as const) {
    it(`reads a vector clock entry of 4294967295 exactly on the ${path} path`, () => {
      const t = nativeTrace(`{"A":${LARGEST},"B":0}`, path);
      assert.deepEqual(t.recordedClock(0), { A: 4294967295, B: 0 });
      assert.deepEqual(t.findings.filter((f) => f.kind === 'parse-error'), []);
    });

    for (const value of OUT_OF_RANGE) {
      it(`refuses the vector clock entry ${value} on the ${path} path, saying the value and the limit`, () => {
        const t = nativeTrace(`{"B":0,"A":${value}}`, path);
        assert.equal(t.size, 0);
        const [f] = t.findings;
        assert.equal(f.kind, 'parse-error');
        assert.equal(f.line, 2);
        const shown = JSON.stringify(JSON.parse(value));
        assert.ok(f.message.includes(`whole numbers from 0 to 4294967295 (entry "A" is ${shown})`), f.message);
      });
    }
  }

  it('refuses a hybrid counter beyond 4294967295 and reads 4294967295 exactly', () => {
    const header = '{"format":"causeway","version":1,"clock":"hybrid"}';
    assert.equal(nativeTrace(`{"wall":5,"counter":${LARGEST}}`, 'fast', header).recordedCounter?.[0], 4294967295);
    for (const value of OUT_OF_RANGE) {
      const t = nativeTrace(`{"wall":5,"counter":${value}}`, 'fast', header);
      assert.equal(t.size, 0, value);
      assert.match(t.findings[0].message, /"counter": n\} \(n a whole number from 0 to 4294967295\)/);
    }
    assert.equal(nativeTrace('{"wall":1e999,"counter":0}', 'fast', header).size, 0);
  });

  it('reads a Lamport counter exactly up to 2^53 - 1 and refuses what a double cannot hold exactly', () => {
    const header = '{"format":"causeway","version":1,"clock":"lamport"}';
    for (const value of ['4294967297', String(Number.MAX_SAFE_INTEGER)]) {
      assert.equal(nativeTrace(value, 'fast', header).recordedScalar?.[0], Number(value));
    }
    for (const value of ['1e308', '-1', '1.5', String(2 ** 53)]) {
      const t = nativeTrace(value, 'fast', header);
      assert.equal(t.size, 0, value);
      assert.match(t.findings[0].message, /a Lamport counter \(a whole number from 0 to 9007199254740991\)/);
    }
  });

  it('gives the live ingest the same verdict: 4294967295 is recorded, the rest refused in words and not recorded', () => {
    const line = (value: string) => `{"replica":"A","kind":"local","clock":{"A":${value}}}`;
    assert.deepEqual(checkNativeEvent(JSON.parse(line(LARGEST)) as Record<string, unknown>, 'vector'), { replica: 'A', kind: 'local', clock: { A: 4294967295 } });
    const recorded: string[] = [];
    const ingest = new LiveIngest({ append: (text: string) => recorded.push(text) } as unknown as RecordingWriter, { events: () => {}, findings: () => {} }, 1_000_000);
    try {
      for (const value of OUT_OF_RANGE) assert.match(ingest.accept(line(value), { id: 1 }) ?? '', /^"clock" should be a vector clock of whole numbers from 0 to 4294967295/);
      assert.equal(ingest.accept(line(LARGEST), { id: 1 }), undefined);
      assert.deepEqual(recorded, [line(LARGEST)]);
    } finally {
      ingest.flush();
    }
  });

  it('drops out-of-range entries of ShiViz and DistributedClocks clocks with a finding, never wrapping them', () => {
    for (const value of OUT_OF_RANGE) {
      const shiviz = readTraceText(shivizFormat, `(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\nA {"A":1,"B":${value}}\nhello\n`);
      const dclocks = readTraceText(dclocksFormat, `{"TracerIdentity":"A","Tag":"t","Body":{},"VectorClock":{"A":1,"B":${value}}}\n`);
      for (const file of [shiviz, dclocks]) {
        assert.deepEqual(file.executions[0].recordedClock(0), { A: 1 }, value);
        const findings = [...file.findings, ...file.executions[0].findings];
        assert.ok(findings.some((f) => /not whole numbers from 0 to 4294967295 were dropped/.test(f.message)), value);
      }
    }
    const kept = readTraceText(shivizFormat, `(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\nA {"A":1,"B":${LARGEST}}\nhello\n`);
    assert.deepEqual(kept.executions[0].recordedClock(0), { A: 1, B: 4294967295 });
  });

  it("refuses out-of-range Lamport and hybrid values in a ShiViz log's causeway group instead of wrapping them", () => {
    const header = `${CAUSEWAY_SHIVIZ_REGEX}\n\n`;
    for (const extras of ['{"hlc":{"wall":1,"counter":4294967297}}', '{"hlc":{"wall":1e400,"counter":1}}', '{"lamport":1.5}', '{"lamport":1e308}', '{"lamport":-1}']) {
      const file = readTraceText(shivizFormat, `${header}A {"A":1}\nhello\t${extras}\n`);
      const [trace] = file.executions;
      assert.equal(trace.size, 1, extras);
      assert.equal(trace.recordedScalar, undefined, `${extras}: no recorded scalar clock`);
      assert.equal(trace.recordedCounter, undefined, extras);
    }
    const kept = readTraceText(shivizFormat, `${header}A {"A":1}\nhello\t{"hlc":{"wall":5,"counter":4294967295}}\n`);
    assert.equal(kept.executions[0].recordedCounter?.[0], 4294967295);
  });

  it('a hybrid clock whose counter rises at a real wall time (ms since 1970) is no regression', () => {
    const header = '{"format":"causeway","version":1,"clock":"hybrid"}';
    const events = [0, 1, 2].map((counter) => `{"replica":"A","kind":"local","clock":{"wall":1700000000000,"counter":${counter}}}`);
    const [trace] = readText([header, ...events, '{"replica":"A","kind":"local","clock":{"wall":1700000000000,"counter":2}}'].join('\n')).executions;
    const regressions = analyzeTrace(trace).findings.filter((f) => f.kind === 'clock-regression');
    assert.deepEqual(regressions.map((f) => f.line), [5], 'only the repeated counter');
  });
});

