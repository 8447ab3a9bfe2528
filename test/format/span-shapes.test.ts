// The span importers on the shapes real tools write: Jaeger's anonymizer (a bare array of spans)
// and UI (its stored {"data": {...}} trace), Zipkin's fragments and client/server halves of one
// span id (merged as Zipkin's Trace.merge does), Zipkin v1 JSON and single span objects.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jaegerFormat } from '../../engine/format/jaeger';
import { otlpFormat } from '../../engine/format/otlp';
import { TraceReadError } from '../../engine/format/types';
import { zipkinFormat } from '../../engine/format/zipkin';
import { edgeList, eventsPerReplica, findingsOf, readTraceText } from './helpers';

const jaegerSpan = (id: string, service: string, start: number, duration: number, parent?: string) =>
  ({ traceID: 't1', spanID: id, operationName: `op ${id}`, references: parent ? [{ refType: 'CHILD_OF', traceID: 't1', spanID: parent }] : [], startTime: start, duration, tags: [], logs: [], process: { serviceName: service, tags: [] } });

describe('Jaeger shapes', () => {
  it('reads the anonymizer\'s bare array of spans with inline processes', () => {
    const text = `[${JSON.stringify(jaegerSpan('a', 'api', 1000, 100))},\n${JSON.stringify(jaegerSpan('b', 'db', 1010, 50, 'a'))}\n]\n`;
    const t = readTraceText(jaegerFormat, text).executions[0];
    assert.deepEqual(eventsPerReplica(t), { api: 2, db: 2 });
    assert.deepEqual(edgeList(t), ['api:1->db:1', 'db:2->api:2']);
    assert.equal(t.event(t.eventIndex('db:1')).line, 2);
  });

  it('reads the UI\'s stored trace {"data": {"services", "spans", "processes"}, "id", "state"}', () => {
    const spans = [jaegerSpan('a', 'x', 1000, 100), jaegerSpan('b', 'x', 1010, 50, 'a')].map(({ process: _, ...s }, k) => ({ ...s, processID: k === 0 ? 'p1' : 'p2' }));
    const doc = { data: { services: [{ name: 'api', numberOfSpans: 1 }], spans, traceID: 't1', processes: { p1: { serviceName: 'api' }, p2: { serviceName: 'db' } } }, id: 't1', state: 'FETCH_DONE' };
    const t = readTraceText(jaegerFormat, JSON.stringify(doc, null, 1)).executions[0];
    assert.deepEqual(eventsPerReplica(t), { api: 2, db: 2 });
    assert.deepEqual(edgeList(t), ['api:1->db:1', 'db:2->api:2']);
  });

  it('reads one span object, and names a span without a process as Jaeger UI does', () => {
    const { process: _, ...span } = jaegerSpan('a', 'x', 1000, 100);
    const t = readTraceText(jaegerFormat, JSON.stringify(span)).executions[0];
    assert.deepEqual(eventsPerReplica(t), { 'unknown-service': 2 });
  });

  it('says what jaeger-query answered when a reply holds errors instead of traces', () => {
    const reply = '{"data": null, "total": 0, "limit": 0, "offset": 0, "errors": [{"code": 404, "msg": "trace not found"}]}';
    assert.throws(() => readTraceText(jaegerFormat, reply), (e: unknown) => e instanceof TraceReadError && /answered: trace not found/.test(e.message));
  });

  it('keeps spans that repeat an id as siblings, each under its own parent (Jaeger UI renames them)', () => {
    const spans = [jaegerSpan('a', 'api', 1000, 100), jaegerSpan('b', 'db', 1010, 20, 'a'), jaegerSpan('b', 'cache', 1040, 20, 'a')];
    const t = readTraceText(jaegerFormat, JSON.stringify({ data: [{ traceID: 't1', spans }] })).executions[0];
    assert.deepEqual(edgeList(t), ['api:1->cache:1', 'api:1->db:1', 'cache:2->api:2', 'db:2->api:2']);
  });
});

describe('OTLP shapes', () => {
  it('reads Jaeger\'s API v3 reply, an OTLP document wrapped in "result"', () => {
    const span = { traceId: 't', spanId: 's1', name: 'get', startTimeUnixNano: '1000', endTimeUnixNano: '2000' };
    const doc = { result: { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'api' } }] }, scopeSpans: [{ spans: [span] }] }] } };
    assert.ok(otlpFormat.detect(JSON.stringify(doc)) > 0.9);
    assert.deepEqual(eventsPerReplica(readTraceText(otlpFormat, JSON.stringify(doc)).executions[0]), { api: 2 });
  });
});

const zipkinSpan = (fields: Record<string, unknown>) => ({ traceId: '000000000000000a', ...fields });

describe('Zipkin: one span id reported several times, merged as Zipkin merges it', () => {
  it('merges fragments with and without localEndpoint into one span: no invented replica, no extra edge', () => {
    const spans = [
      zipkinSpan({ id: '1', name: 'get', kind: 'SERVER', timestamp: 1000, duration: 100, localEndpoint: { serviceName: 'api' } }),
      zipkinSpan({ id: '2', parentId: '1', name: 'query', kind: 'CLIENT', timestamp: 1010, localEndpoint: { serviceName: 'api' } }),
      // The late fragment of span 2: its duration and an annotation, without localEndpoint.
      zipkinSpan({ id: '2', duration: 50, annotations: [{ timestamp: 1030, value: 'retry' }] }),
      zipkinSpan({ id: '3', parentId: '2', name: 'select', kind: 'SERVER', timestamp: 1015, duration: 30, localEndpoint: { serviceName: 'db' } }),
    ];
    const file = readTraceText(zipkinFormat, JSON.stringify(spans, null, 1));
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { api: 5, db: 2 });
    assert.deepEqual(edgeList(t), ['api:2->db:1', 'db:2->api:4']);
    const query = t.event(t.eventIndex('api:2'));
    assert.equal(query.label, 'query');
    assert.equal(t.event(t.eventIndex('api:3')).label, 'retry');
    assert.equal(t.event(t.eventIndex('api:4')).label, 'query (end)');
    assert.equal(t.event(t.eventIndex('api:4')).time, 1.06);
    assert.deepEqual(findingsOf(file), []);
  });

  it('backfills the shared flag of a server half, gives it the client\'s parent, and hangs its service\'s children below it', () => {
    const spans = [
      zipkinSpan({ id: '1', name: 'root', kind: 'SERVER', timestamp: 1000, duration: 200, localEndpoint: { serviceName: 'Frontend' } }),
      zipkinSpan({ id: '2', parentId: '1', name: 'call', kind: 'CLIENT', timestamp: 1010, duration: 100, localEndpoint: { serviceName: 'frontend' } }),
      // The server half of span 2: no shared flag, no parentId (instrumentation that forgot both).
      zipkinSpan({ id: '2', name: 'call', kind: 'SERVER', timestamp: 1020, duration: 80, localEndpoint: { serviceName: 'backend' } }),
      zipkinSpan({ id: '3', parentId: '2', name: 'work', timestamp: 1030, duration: 10, localEndpoint: { serviceName: 'backend' } }),
    ];
    const file = readTraceText(zipkinFormat, JSON.stringify(spans));
    const t = file.executions[0];
    // Service names are lower case in Zipkin: "Frontend" and "frontend" are one service.
    assert.deepEqual(eventsPerReplica(t), { frontend: 4, backend: 4 });
    assert.deepEqual(edgeList(t), ['backend:4->frontend:3', 'frontend:2->backend:1']);
    const server = t.event(t.eventIndex('backend:1'));
    assert.equal(server.fields?.['shared'], true);
    assert.equal(server.fields?.['parentSpanId'], '0000000000000001');
    assert.deepEqual(findingsOf(file, 'unknown-message'), []);
  });

  it('orders a service whose clock is skewed by the edges, not its times: no false causal cycle', () => {
    // backend's clock is 100 µs behind: by its times, call 2 ran before call 1, yet call 1 returned
    // to frontend before frontend made call 2.
    const spans = [
      zipkinSpan({ id: 'a', name: 'one', kind: 'CLIENT', timestamp: 1000, duration: 100, localEndpoint: { serviceName: 'frontend' } }),
      zipkinSpan({ id: 'a', name: 'one', kind: 'SERVER', shared: true, timestamp: 1050, duration: 10, localEndpoint: { serviceName: 'backend' } }),
      zipkinSpan({ id: 'b', name: 'two', kind: 'CLIENT', timestamp: 1200, duration: 100, localEndpoint: { serviceName: 'frontend' } }),
      zipkinSpan({ id: 'b', name: 'two', kind: 'SERVER', shared: true, timestamp: 1040, duration: 5, localEndpoint: { serviceName: 'backend' } }),
    ];
    const file = readTraceText(zipkinFormat, JSON.stringify(spans));
    const t = file.executions[0];
    assert.deepEqual(findingsOf(file, 'causal-cycle'), []);
    assert.deepEqual([1, 2, 3, 4].map((n) => t.event(t.eventIndex(`backend:${n}`)).label), ['one', 'one (end)', 'two', 'two (end)']);
    assert.equal(edgeList(t).length, 4);
  });

  it('reads one span object', () => {
    const t = readTraceText(zipkinFormat, JSON.stringify(zipkinSpan({ id: '1', name: 'get', timestamp: 1000, duration: 5, localEndpoint: { serviceName: 'api' } }))).executions[0];
    assert.deepEqual(eventsPerReplica(t), { api: 2 });
  });
});

describe('Zipkin v1 JSON', () => {
  const endpoint = (serviceName: string) => ({ serviceName, ipv4: '10.0.0.1' });
  const rpc = {
    traceId: 'bd7a977555f6b982', name: 'get', id: 'ebf33e1a81dc6f71', parentId: 'bd7a977555f6b982', timestamp: 1000, duration: 100,
    annotations: [
      { timestamp: 1000, value: 'cs', endpoint: endpoint('web') },
      { timestamp: 1010, value: 'sr', endpoint: endpoint('query') },
      { timestamp: 1050, value: 'cache hit', endpoint: endpoint('query') },
      { timestamp: 1090, value: 'ss', endpoint: endpoint('query') },
      { timestamp: 1100, value: 'cr', endpoint: endpoint('web') },
    ],
    binaryAnnotations: [
      { key: 'http.path', value: '/api', endpoint: endpoint('query') },
      { key: 'sa', value: true, endpoint: endpoint('mysql') },
    ],
  };
  const root = { traceId: 'bd7a977555f6b982', name: 'page', id: 'bd7a977555f6b982', timestamp: 900, duration: 300, annotations: [], binaryAnnotations: [{ key: 'lc', value: 'ui', endpoint: endpoint('web') }] };

  it('splits an RPC span into the client half and the shared server half, each on its endpoint\'s service', () => {
    const file = readTraceText(zipkinFormat, JSON.stringify([root, rpc], null, 2));
    const t = file.executions[0];
    assert.equal(file.format, 'zipkin');
    assert.deepEqual(eventsPerReplica(t), { web: 4, query: 3 });
    assert.deepEqual(edgeList(t), ['query:3->web:3', 'web:2->query:1']);
    const server = t.event(t.eventIndex('query:1'));
    assert.equal(server.time, 1.01);
    assert.deepEqual(server.fields?.['attributes'], { 'http.path': '/api' });
    assert.equal(t.event(t.eventIndex('query:2')).label, 'cache hit');
    assert.deepEqual(t.event(t.eventIndex('web:2')).fields?.['remoteEndpoint'], endpoint('mysql'));
    assert.deepEqual(findingsOf(file), []);
  });

  it('reads one v1 span object, detected by content', () => {
    const t = readTraceText(zipkinFormat, JSON.stringify(rpc)).executions[0];
    assert.deepEqual(eventsPerReplica(t), { web: 2, query: 3 });
    assert.ok(zipkinFormat.detect(JSON.stringify(rpc)) > 0.5);
  });
});
