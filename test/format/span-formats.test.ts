// The span importers (OTLP/JSON, Jaeger, Zipkin) on hand-written fixtures: services as replicas,
// start and end events, parent/child and link edges, exact nanosecond times, the causal.* convention.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jaegerFormat } from '../../engine/format/jaeger';
import { otlpFormat } from '../../engine/format/otlp';
import { TraceReadError } from '../../engine/format/types';
import { zipkinFormat } from '../../engine/format/zipkin';
import { assertCausalIndexOrder, edgeList, eventsPerReplica, findingsOf, FORMAT_FIXTURES, fixtureText, readTraceText } from './helpers';

describe('OpenTelemetry OTLP/JSON', () => {
  const text = fixtureText(FORMAT_FIXTURES, 'otlp.json');

  it('gives each span a start and an end event on its service, ordered by time', () => {
    const file = readTraceText(otlpFormat, text);
    assert.equal(file.format, 'otlp');
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { cart: 5, db: 4 });
    const labels = (replica: string) => t.replicas.find(replica) >= 0 && [1, 2, 3, 4, 5].map((n) => t.eventIndex(`${replica}:${n}`)).filter((i) => i >= 0).map((i) => t.event(i).label);
    assert.deepEqual(labels('cart'), ['POST /cart/add', 'validated', 'publish', 'publish (end)', 'POST /cart/add (end)']);
    assert.deepEqual(labels('db'), ['SELECT cart', 'SELECT cart (end)', 'consume', 'consume (end)']);
    assertCausalIndexOrder(t);
  });

  it('draws parent start -> child start, child end -> parent end across services, and links', () => {
    const t = readTraceText(otlpFormat, text).executions[0];
    // publish is a child of POST on the same service: ordered by time, no message edge.
    assert.deepEqual(edgeList(t), ['cart:1->db:1', 'cart:3->db:3', 'db:2->cart:5']);
    assert.equal(t.event(t.eventIndex('db:1')).kind, 'receive');
    assert.equal(t.event(t.eventIndex('db:2')).kind, 'send');
    assert.equal(t.event(t.eventIndex('cart:2')).kind, 'local');
  });

  it('keeps nanosecond times exactly (also when written as bare numbers) and milliseconds as doubles', () => {
    const t = readTraceText(otlpFormat, text).executions[0];
    const start = t.event(t.eventIndex('cart:1'));
    assert.equal(start.timeText, '1700000000000000001');
    assert.equal(start.time, 1700000000000);
    assert.equal(t.event(t.eventIndex('cart:5')).timeText, '1700000000900000003');
    assert.equal(t.event(t.eventIndex('db:3')).timeText, '1700000000800000000');
    assert.equal(t.event(t.eventIndex('db:3')).time, 1700000000800);
  });

  it('reads causal.key / causal.op / causal.value attributes as a CRDT operation on the start event', () => {
    const t = readTraceText(otlpFormat, text).executions[0];
    const e = t.event(t.eventIndex('cart:1'));
    assert.equal(e.kind, 'op');
    assert.equal(e.key, 'cart');
    assert.deepEqual(e.op, { type: 'add', value: 'milk' });
    const attributes = e.fields?.['attributes'] as Record<string, unknown>;
    assert.equal(attributes['http.status_code'], 200);
    assert.equal(attributes['request.bytes'], '12345678901234567890');
    assert.equal(e.fields?.['spanId'], 'eee19b7ec3c1b174');
    assert.equal(e.line, 4);
    assert.equal(t.event(t.eventIndex('db:3')).line, 19);
  });

  it('reads one document per line (the collector file exporter) and reports a missing parent', () => {
    const one = JSON.stringify(JSON.parse(text));
    const lines = `${one}\n{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"late"}}]},"scopeSpans":[{"spans":[{"traceId":"t","spanId":"z1","parentSpanId":"gone","name":"orphan","startTimeUnixNano":"5","endTimeUnixNano":"6"}]}]}]}\n`;
    const file = readTraceText(otlpFormat, lines);
    assert.equal(eventsPerReplica(file.executions[0])['late'], 2);
    const [f] = findingsOf(file, 'unknown-message');
    assert.equal(f.line, 2);
    assert.match(f.message, /gone/);
  });

  it('reads an export cut off half-way up to its last complete span, and says where it ends', () => {
    const cut = text.slice(0, text.indexOf('"name": "consume"'));
    const file = readTraceText(otlpFormat, cut);
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { cart: 5, db: 2 });
    const [f] = findingsOf(file, 'parse-error');
    assert.equal(f.severity, 'error');
    assert.equal(f.line, 19);
    assert.match(f.message, /cut off/);
  });

  it('reports a JSON syntax error with its line', () => {
    const broken = text.replace('"kind": 3,', '"kind": 3,,');
    assert.throws(() => readTraceText(otlpFormat, broken), (e: unknown) => e instanceof TraceReadError && e.line === 17);
  });

  it('rejects a JSON file that is not OTLP with TraceReadError', () => {
    assert.throws(() => readTraceText(otlpFormat, '{"spans": []}'), TraceReadError);
  });
});

describe('Jaeger JSON', () => {
  it('maps processes to services, CHILD_OF to the span tree and FOLLOWS_FROM to an edge', () => {
    const file = readTraceText(jaegerFormat, fixtureText(FORMAT_FIXTURES, 'jaeger.json'));
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { api: 3, db: 2, audit: 2 });
    assert.deepEqual(edgeList(t), ['api:1->audit:1', 'api:1->db:1', 'db:2->api:3']);
    assert.equal(t.event(t.eventIndex('api:2')).label, 'cache miss');
    const start = t.event(t.eventIndex('api:1'));
    assert.equal(start.time, 1700000000000);
    assert.deepEqual(start.fields?.['attributes'], { 'http.method': 'GET' });
    assert.equal(t.event(t.eventIndex('db:2')).time, 1700000000003.5);
    assert.equal(start.line, 2);
    assert.deepEqual(findingsOf(file), []);
    assertCausalIndexOrder(t);
  });
});

describe('Zipkin v2 JSON', () => {
  it('follows parentId, nests the shared server half under the client half, and reads annotations', () => {
    const file = readTraceText(zipkinFormat, fixtureText(FORMAT_FIXTURES, 'zipkin.json'));
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { frontend: 2, backend: 5, mysql: 2 });
    // select's parent is the server half of c1, on its own service: ordered by time, no edge.
    assert.deepEqual(edgeList(t), ['backend:2->mysql:1', 'backend:5->frontend:2', 'frontend:1->backend:1', 'mysql:2->backend:4']);
    assert.equal(t.event(t.eventIndex('backend:3')).label, 'retry');
    const op = t.event(t.eventIndex('frontend:1'));
    assert.equal(op.kind, 'op');
    assert.deepEqual(op.op, { type: 'inc', value: 1 });
    assert.equal(op.key, 'hits');
    assertCausalIndexOrder(t);
  });

  it('accepts the UI export, a list of traces', () => {
    const text = fixtureText(FORMAT_FIXTURES, 'zipkin.json');
    const t = readTraceText(zipkinFormat, `[${text}]`).executions[0];
    assert.equal(t.size, 9);
  });
});
