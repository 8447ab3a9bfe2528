// OTLP/protobuf spans: a file encoded from an OTLP/JSON document (alone, or length-prefixed as the
// collector's file exporter writes) reads exactly as the JSON does; bad bytes give findings, not crashes.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Root } from 'protobufjs/light';
import { detectFormat, formatById } from '../../engine/format/detect';
import { otlpFormat } from '../../engine/format/otlp';
import { exportTraceServiceRequest, otlpProtoFormat } from '../../engine/format/otlp-proto';
import { TraceReadError } from '../../engine/format/types';
import type { TraceFile } from '../../engine/trace/model';
import { prng } from '../../engine/util/prng';
import { edgeList, FORMAT_FIXTURES, findingsOf, fixtureText, readTraceText } from './helpers';

const REAL_OTLP = new URL('../fixtures/real/otlp/', import.meta.url);

/** Protobuf carries span and link ids as bytes where OTLP/JSON writes hex. */
function idsAsBytes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(idsAsBytes);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, /^(traceId|spanId|parentSpanId)$/.test(k) && typeof v === 'string' ? Buffer.from(v, 'hex') : idsAsBytes(v)]),
  );
}

/** The ExportTraceServiceRequest bytes of an OTLP/JSON document. */
function encode(json: string): Uint8Array {
  const type = exportTraceServiceRequest();
  return type.encode(type.fromObject(idsAsBytes(JSON.parse(json)) as Record<string, unknown>)).finish();
}

/** The documents of an OTLP/JSON file: one, or one per line. */
function documents(json: string): { result?: unknown }[] {
  try {
    return [JSON.parse(json)];
  } catch {
    return json.trim().split('\n').map((line) => JSON.parse(line));
  }
}

/** Messages each after its 4-byte big-endian length, as the collector's file exporter writes with `format: proto`. */
function lengthPrefixed(messages: Uint8Array[]): Uint8Array {
  return Buffer.concat(messages.flatMap((m) => [Buffer.from(new Uint32Array([m.length]).buffer).reverse(), m]));
}

/** What a reading shows, less source positions (a line of JSON, a message number in protobuf). */
function reading(file: TraceFile) {
  return file.executions.map((t) => ({
    events: Array.from({ length: t.size }, (_, i) => {
      const { line: _line, offset: _offset, length: _length, ...event } = t.event(i);
      return { id: t.eventId(i), ...event };
    }),
    edges: edgeList(t),
    findings: findingsOf({ ...file, executions: [t] }).map((f) => `${f.severity} ${f.kind}`),
  }));
}

/** The hand-written OTLP/JSON fixture, with its out-of-range intValue made a valid int64 (protobuf cannot carry it). */
const otlpJson = fixtureText(FORMAT_FIXTURES, 'otlp.json').replace('12345678901234567890', '"9223372036854775807"');

describe('OpenTelemetry OTLP/protobuf', () => {
  it('a single ExportTraceServiceRequest reads as its OTLP/JSON twin: events, replicas, edges, findings', () => {
    const proto = readTraceText(otlpProtoFormat, encode(otlpJson));
    assert.equal(proto.format, 'otlp-proto');
    assert.ok(proto.executions[0].size > 0);
    assert.deepEqual(reading(proto), reading(readTraceText(otlpFormat, otlpJson)));
  });

  it('length-prefixed messages (the collector file exporter) read as the same documents one per line', () => {
    const second = otlpJson.replaceAll('5b8efff798038103d269b633813fc60c', '00000000000000000000000000000001').replace(/"spanId": "(\w{3})/g, '"spanId": "fff').replace(/"parentSpanId": "(\w{3})/g, '"parentSpanId": "fff');
    const jsonLines = [otlpJson, second].map((d) => JSON.stringify(JSON.parse(d))).join('\n');
    const proto = readTraceText(otlpProtoFormat, lengthPrefixed([encode(otlpJson), encode(second)]));
    assert.equal(proto.executions[0].size, 2 * readTraceText(otlpFormat, otlpJson).executions[0].size);
    assert.deepEqual(reading(proto), reading(readTraceText(otlpFormat, jsonLines)));
  });

  it('every real OTLP/JSON file of the corpus reads the same once encoded as protobuf', () => {
    const files = readdirSync(REAL_OTLP).filter((f) => f.endsWith('.json') && f !== 'manifest.json');
    assert.ok(files.length > 0);
    for (const name of files) {
      const json = fixtureText(REAL_OTLP, name);
      const docs = documents(json).map((doc) => encode(JSON.stringify(doc.result ?? doc)));
      assert.deepEqual(reading(readTraceText(otlpProtoFormat, lengthPrefixed(docs))), reading(readTraceText(otlpFormat, json)), name);
    }
  });

  it('a last message cut short is an error naming the message and its byte; the messages before it still load', () => {
    const whole = encode(otlpJson);
    const cut = lengthPrefixed([whole, whole]).subarray(0, 4 + whole.length + 4 + 10);
    const file = readTraceText(otlpProtoFormat, cut);
    assert.equal(file.executions[0].size, readTraceText(otlpProtoFormat, whole).executions[0].size);
    const [error] = findingsOf(file, 'parse-error');
    assert.equal(error.line, 2);
    assert.match(error.message, /^Message 2 \(byte [\d,]+\) is cut short: it needs [\d,]+ bytes but only 14 bytes remain/);
  });

  it('a single message cut short, or garbage, is a TraceReadError saying why, never a crash', () => {
    const whole = encode(otlpJson);
    for (const bytes of [whole.subarray(0, whole.length - 7), new Uint8Array([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 1, 2]), new TextEncoder().encode('{"resourceSpans": []}')]) {
      const format = formatById('otlp-proto');
      assert.ok(format);
      assert.throws(
        () => readTraceText(format, bytes),
        (e: unknown) => e instanceof TraceReadError && /^Message 1 \(byte 0\) is not a valid OTLP protobuf ExportTraceServiceRequest \(.+\); it is skipped\. Expected/.test(e.message),
      );
    }
  });

  it('survives mutated bytes: every reading is a trace with valid lines or a TraceReadError', () => {
    const sample = lengthPrefixed([encode(otlpJson), encode(otlpJson)]);
    const random = prng(15);
    const at = (n: number) => Math.floor(random() * n);
    for (let run = 0; run < 400; run++) {
      const bytes = Uint8Array.from(sample);
      for (let flips = 1 + at(4); flips > 0; flips--) bytes[at(bytes.length)] = at(256);
      const input = run % 3 === 0 ? bytes.subarray(0, at(bytes.length)) : run % 3 === 1 ? Uint8Array.from({ length: at(300) }, () => at(256)) : bytes;
      try {
        const file = readTraceText(otlpProtoFormat, input, {}, run);
        for (const f of findingsOf(file)) assert.ok(Number.isInteger(f.line) && f.line >= 0 && f.message.length > 0);
        for (const t of file.executions) for (let i = 0; i < t.size; i++) assert.ok(t.line[i] >= 1);
      } catch (e) {
        assert.ok(e instanceof TraceReadError, `run ${run}: ${String(e)}`);
      }
    }
  });

  it('a span without a 16-byte trace_id and an 8-byte span_id is an error and skipped; the others load', () => {
    const shortIds = otlpJson.replace('"spanId": "eee19b7ec3c1b174"', '"spanId": "eee19b"');
    const file = readTraceText(otlpProtoFormat, encode(shortIds));
    assert.equal(file.executions[0].size, readTraceText(otlpProtoFormat, encode(otlpJson)).executions[0].size - 3);
    assert.deepEqual(
      findingsOf(file, 'parse-error').map((f) => [f.line, f.message]),
      [[1, 'Message 1: the span "POST /cart/add" has a 16-byte trace_id and a 3-byte span_id, where OTLP requires 16 and 8 bytes; it is skipped.']],
    );
  });

  it('an OTLP metrics file is neither detected nor read as spans', () => {
    const metrics = Root.fromJSON({
      nested: {
        Request: { fields: { resourceMetrics: { rule: 'repeated', type: 'ResourceMetrics', id: 1 } } },
        ResourceMetrics: { fields: { resource: { type: 'Resource', id: 1 }, scopeMetrics: { rule: 'repeated', type: 'ScopeMetrics', id: 2 } } },
        Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
        KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
        AnyValue: { fields: { stringValue: { type: 'string', id: 1 } } },
        ScopeMetrics: { fields: { metrics: { rule: 'repeated', type: 'Metric', id: 2 } } },
        Metric: { fields: { name: { type: 'string', id: 1 }, description: { type: 'string', id: 2 }, unit: { type: 'string', id: 3 }, sum: { type: 'Sum', id: 7 } } },
        Sum: { fields: { isMonotonic: { type: 'bool', id: 3 } } },
      },
    }).lookupType('Request');
    const metric = { name: 'http.server.request.duration', description: 'Duration of HTTP server requests.', unit: 's', sum: { isMonotonic: true } };
    const bytes = metrics.encode(metrics.fromObject({ resourceMetrics: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'cart' } }] }, scopeMetrics: [{ metrics: [metric, metric] }] }] })).finish();
    assert.equal(detectFormat(new TextDecoder().decode(bytes), 'metrics.pb'), undefined);
    const format = formatById('otlp-proto');
    assert.ok(format);
    assert.throws(() => readTraceText(format, bytes), (e: unknown) => e instanceof TraceReadError && /has a 28-byte trace_id and a 33-byte span_id, where OTLP requires 16 and 8 bytes/.test(e.message));
  });

  it('is detected from its bytes, alone or length-prefixed, and takes no other format\'s file', () => {
    const latin = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
    assert.equal(detectFormat(latin(encode(otlpJson)), 'spans.bin')?.id, 'otlp-proto');
    assert.equal(detectFormat(latin(lengthPrefixed([encode(otlpJson)])))?.id, 'otlp-proto');
    assert.equal(detectFormat(otlpJson)?.id, 'otlp');
    assert.equal(otlpProtoFormat.detect('\nservice.name is a word in a log line'), 0);
    assert.equal(otlpProtoFormat.detect('\0\0\0\x10\nservice.name'), 0);
    assert.equal(detectFormat('', 'trace.proto.bin')?.id, 'otlp-proto');
  });
});
