// The exporters: native and ShiViz output read back by the importers. Round trips ShiViz -> native
// -> ShiViz and native -> ShiViz -> native keep every event, clock, field and message edge, and
// what a ShiViz log cannot carry is said.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { convertTraceFile } from '../../cli/convert';
import { exportNative, nativeLines } from '../../engine/format/export-native';
import { CAUSEWAY_SHIVIZ_REGEX, exportShiViz, SHIVIZ_DELIMITER } from '../../engine/format/export-shiviz';
import { jaegerFormat } from '../../engine/format/jaeger';
import { nativeFormat } from '../../engine/format/native';
import { otlpFormat } from '../../engine/format/otlp';
import { shivizFormat } from '../../engine/format/shiviz';
import { GOVECTOR_REGEX } from '../../engine/format/shiviz-regex';
import { spansToTrace } from '../../engine/format/spans';
import type { EventInput, Trace } from '../../engine/trace/model';
import { edgeList, findingsOf, FORMAT_FIXTURES, fixtureText, readTraceText, SHIVIZ_FIXTURES } from './helpers';

interface ManifestEntry {
  file: string;
  regex: string;
  delimiter: string;
}
const manifest = JSON.parse(fixtureText(SHIVIZ_FIXTURES, 'manifest.json')) as { logs: ManifestEntry[] };

/** An event without where it came from (line and byte offsets change with the format). */
function portable(e: EventInput): EventInput {
  const { line: _line, offset: _offset, length: _length, ...rest } = e;
  return { ...rest, line: 0 };
}

/** Events by id, in a stable order. */
function eventsById(t: Trace): Map<string, EventInput> {
  const m = new Map<string, EventInput>();
  for (let i = 0; i < t.size; i++) m.set(t.eventId(i), portable(t.event(i)));
  return m;
}

function assertSameTrace(actual: Trace, expected: Trace, pick?: (e: EventInput) => Partial<EventInput>, edges = true): void {
  const a = eventsById(actual);
  const b = eventsById(expected);
  assert.deepEqual([...a.keys()].sort(), [...b.keys()].sort());
  for (const [id, e] of b) {
    const got = a.get(id)!;
    if (pick) assert.deepEqual(pick(got), pick(e), `event ${id}`);
    else assert.deepEqual(got, e, `event ${id}`);
  }
  if (edges) assert.deepEqual(edgeList(actual), edgeList(expected));
}

/** Reads native text as the editor does (with the bytes at hand, so free-form fields are re-read from them). */
const readNative = (text: string) => {
  const bytes = new TextEncoder().encode(text);
  const file = readTraceText(nativeFormat, bytes, { bytes: { read: (offset, length) => bytes.subarray(offset, offset + length) } });
  const problems = findingsOf(file).filter((f) => f.severity !== 'info');
  assert.deepEqual(problems, [], 'the native reader reports no problem');
  return file.executions[0];
};

describe('ShiViz -> native -> ShiViz', () => {
  for (const log of manifest.logs) {
    it(`keeps every event, clock, field and edge of ${log.file}`, () => {
      const source = readTraceText(shivizFormat, fixtureText(SHIVIZ_FIXTURES, log.file), { regex: log.regex, delimiter: log.delimiter || undefined });
      for (const a of source.executions) {
        const native = readNative(exportNative(a));
        const shiviz = exportShiViz(native);
        const back = readTraceText(shivizFormat, shiviz);
        assert.deepEqual(findingsOf(back).filter((f) => f.kind !== 'clock-gap'), []);
        const c = back.executions[0];
        const pick = (e: EventInput) => ({ replica: e.replica, kind: e.kind, label: e.label, clock: e.clock, fields: e.fields });
        assertSameTrace(native, a, pick);
        assertSameTrace(c, a, pick);
      }
    });
  }

  it('writes several executions under one header, split by === name === lines, and reads them back', () => {
    const log = manifest.logs.find((l) => l.file === 'multiple-comparison.log')!;
    const source = readTraceText(shivizFormat, fixtureText(SHIVIZ_FIXTURES, log.file), { regex: log.regex, delimiter: log.delimiter });
    const text = exportShiViz(source.executions);
    assert.equal(text.split('\n').filter((l) => l.startsWith('(?<host>')).length, 1);
    const back = readTraceText(shivizFormat, text, { delimiter: SHIVIZ_DELIMITER });
    assert.deepEqual(back.executions.map((t) => t.name), source.executions.map((t) => t.name));
    const pick = (e: EventInput) => ({ replica: e.replica, kind: e.kind, label: e.label, clock: e.clock, fields: e.fields });
    back.executions.forEach((t, k) => assertSameTrace(t, source.executions[k], pick));
    const native = readTraceText(nativeFormat, exportNative(source.executions));
    assert.deepEqual(native.executions.map((t) => t.size), [8, 8, 8, 8, 8]);
  });

  it('keeps a label that looks like a delimiter line inside its execution', () => {
    const a = readTraceText(shivizFormat, '=== not a delimiter ===\nA {"A":1}\n').executions[0];
    const b = readTraceText(shivizFormat, 'x\nB {"B":1}\n').executions[0];
    const back = readTraceText(shivizFormat, exportShiViz([a, b]), { delimiter: SHIVIZ_DELIMITER });
    assert.equal(back.executions.length, 2);
    assert.equal(back.executions[0].event(0).label, '=== not a delimiter ===');
  });

  it('writes GoVector\'s own regex header for a plain log, and ours when events carry more', () => {
    const plain = readTraceText(shivizFormat, 'a\nA {"A":1}\nb\nB {"B":1,"A":1}\n').executions[0];
    assert.equal(exportShiViz(plain).split('\n')[0], GOVECTOR_REGEX);
    const facebook = manifest.logs.find((l) => l.file === 'facebook.log')!;
    const rich = readTraceText(shivizFormat, fixtureText(SHIVIZ_FIXTURES, 'facebook.log'), { regex: facebook.regex }).executions[0];
    const lines = exportShiViz(rich).split('\n');
    assert.equal(lines[0], CAUSEWAY_SHIVIZ_REGEX);
    assert.equal(lines[1], '');
    assert.equal(lines[2], 'alice {"alice":1}');
    assert.equal(lines[3], '/timeline uid=alice location=kansas\t{"fields":{"ip":"24.22.130.14","date":"5/27/2013 10:53:39 AM","action":"GET"}}');
  });
});

describe('native -> ShiViz -> native', () => {
  const text = fixtureText(FORMAT_FIXTURES, 'native-cart.causal.jsonl');

  it('keeps every event: kinds, ops, messages, state, times, fields, custom ids and odd labels', () => {
    const a = readNative(text);
    const shiviz = readTraceText(shivizFormat, exportShiViz(a));
    assert.deepEqual(findingsOf(shiviz).filter((f) => f.severity !== 'warning' || f.kind !== 'clock-gap'), []);
    const c = shiviz.executions[0];
    assertSameTrace(c, a);
    const d = readNative(exportNative(c));
    assertSameTrace(d, a);
    assert.equal(a.event(a.eventIndex('B:1')).label, 'multi\nline\tlabel');
    assert.equal(d.event(d.eventIndex('B-custom')).label, '');
  });

  it('exports computed clocks for events without a recorded one, and does not record them on the way back', () => {
    const a = readNative(text);
    const lines = exportShiViz(a).split('\n');
    assert.equal(lines[6], 'B {"B":1}');
    assert.match(lines[7], /"clockComputed":true/);
    const custom = exportShiViz(a, { clocks: (i) => ({ [a.replicas.name(a.replica[i])]: 100 + i }) }).split('\n');
    assert.equal(custom[6], 'B {"B":102}');
  });

  it('writes the header and events the native reader accepts, with edges that no message id carries in "after"', () => {
    const t = readTraceText(shivizFormat, 'x\nA {"A":1}\ny\nB {"B":1}\nz\nC {"A":1,"B":1,"C":1}\n').executions[0];
    const lines = [...nativeLines(t)].map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.deepEqual(lines[0], { format: 'causeway', version: 1, name: 'execution 1', replicas: ['A', 'B', 'C'] });
    const c = lines.find((l) => l['replica'] === 'C')!;
    assert.equal(c['kind'], 'receive');
    assert.deepEqual(c['after'], ['A:1', 'B:1']);
    assert.equal(c['msg'], undefined, 'no message id that the sends do not carry');
    assert.equal(lines.find((l) => l['replica'] === 'A')!['msg'], 'A:1>', 'a send gets a message id of its own');
  });

  it('exports spans (no clocks) with nanosecond times kept as text', () => {
    const t = spansToTrace(
      [
        { traceId: 't', spanId: 'a', service: 'web', name: 'GET', start: '1700000000000000001', end: '1700000000000000009', unit: 'ns', links: [], attributes: {}, fields: {}, marks: [], line: 1 },
      ],
      'spans',
    );
    const lines = [...nativeLines(t)].map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines[0]['clock'], 'none');
    assert.equal(lines[1]['timeText'], '1700000000000000001');
    const shiviz = readTraceText(shivizFormat, exportShiViz(t)).executions[0];
    assert.equal(shiviz.event(0).timeText, '1700000000000000001');
  });
});

describe('convert neither invents nor drops', () => {
  const native = (text: string) => readTraceText(nativeFormat, text).executions[0];
  const viaShiviz = (t: Trace) => readTraceText(shivizFormat, exportShiViz(t)).executions[0];

  it('gives no message id to a receive that no send feeds (a span trace read back has no unknown-message warning)', () => {
    const spans = readTraceText(otlpFormat, fixtureText(FORMAT_FIXTURES, 'otlp.json')).executions[0];
    const back = readTraceText(nativeFormat, exportNative(spans));
    assert.deepEqual(findingsOf(back, 'unknown-message'), []);
    assert.deepEqual(edgeList(back.executions[0]), edgeList(spans));
  });

  it('keeps through ShiViz the edges its clocks cannot say (two child spans on one service)', () => {
    const span = (id: string, service: string, start: number, end: number, parent?: string) =>
      `{"traceID":"t","spanID":"${id}","operationName":"${id}","references":[${parent ? `{"refType":"CHILD_OF","traceID":"t","spanID":"${parent}"}` : ''}],"startTime":${start},"duration":${end - start},"processID":"${service}"}`;
    const jaeger = `{"data":[{"traceID":"t","spans":[${span('s1', 'p1', 0, 100)},${span('s2', 'p2', 10, 20, 's1')},${span('s3', 'p2', 30, 40, 's1')}],"processes":{"p1":{"serviceName":"api"},"p2":{"serviceName":"db"}}}]}`;
    const t = readTraceText(jaegerFormat, jaeger).executions[0];
    assert.equal(edgeList(t).length, 4);
    assert.deepEqual(edgeList(viaShiviz(t)), edgeList(t));
  });

  it('keeps through ShiViz the CRDT type of every object (an MV-Register stays one)', () => {
    const t = native(readFileSync(new URL('../../examples/mv-register-siblings.causal.jsonl', import.meta.url), 'utf8'));
    const back = viaShiviz(t);
    assert.deepEqual(back.objects, t.objects);
    assert.deepEqual(back.keys.all(), t.keys.all());
  });

  it('keeps a sync from a replica one edge, and a send that carries nothing carrying nothing', () => {
    const t = native(
      '{"format":"causeway","version":1,"objects":{"n":"g-counter"}}\n' +
        '{"replica":"A","kind":"op","key":"n","op":{"type":"inc","value":1},"clock":{"A":1}}\n' +
        '{"replica":"A","kind":"send","msg":"m","payload":"none","clock":{"A":2}}\n' +
        '{"replica":"B","kind":"receive","msg":"m","clock":{"A":2,"B":1}}\n' +
        '{"replica":"C","kind":"sync","from":"A","clock":{"A":2,"C":1}}\n',
    );
    for (const back of [native(exportNative(t)), viaShiviz(t)]) {
      assert.deepEqual(edgeList(back), ['A:2->B:1', 'A:2->C:1']);
      assert.equal(back.event(back.eventIndex('A:2')).payload, undefined, 'payload none');
    }
  });

  it('says what a ShiViz log cannot carry: description, idle replicas, clocks that do not count an event', () => {
    const cannotCarry: string[] = [];
    const t = native(
      '{"format":"causeway","version":1,"description":"two hosts","replicas":["A","B","idle"]}\n' +
        '{"replica":"A","kind":"local","clock":{"A":1}}\n{"replica":"A","kind":"local"}\n{"replica":"A","kind":"local","clock":{"A":2}}\n' +
        '{"replica":"B","kind":"local","clock":{"B":1}}\n',
    );
    exportShiViz(t, { cannotCarry });
    assert.deepEqual(cannotCarry, [
      'The description ("two hosts") is left out: a ShiViz log has no header for it.',
      'Replica idle has no events and is left out: a ShiViz log names a host only by its events.',
      '1 event has no recorded clock, and the recorded clocks of its replica do not count it: a ShiViz log needs a rising clock on every event, so the log reads back with clock regressions there.',
    ]);
    const plain: string[] = [];
    exportShiViz(native('{"format":"causeway","version":1}\n{"replica":"A","kind":"local","clock":{"A":1}}\n'), { cannotCarry: plain });
    assert.deepEqual(plain, []);
  });

  it('convertTraceFile returns what the output does not carry, for the CLI and the extension to show', () => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-convert-'));
    const input = fileURLToPath(new URL('../../examples/mv-register-siblings.causal.jsonl', import.meta.url));
    assert.deepEqual(convertTraceFile(input, join(dir, 'out.causal.jsonl'), undefined, {}).notCarried, []);
    const shiviz = convertTraceFile(input, join(dir, 'out.log'), undefined, {});
    assert.equal(shiviz.notCarried.length, 1);
    assert.match(shiviz.notCarried[0], /^The description \("A multi-value register/);
  });
});
