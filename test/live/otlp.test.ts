// OTLP over HTTP into a live session: the real OpenTelemetry SDK and its HTTP/JSON and HTTP/protobuf
// exporters stream an instrumented service's spans into a headless session, which records them as
// events with their parent/child edges; wrong tokens, browser pages, bad and huge bodies are refused.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import { ExportResultCode } from '@opentelemetry/core';
import { OTLPTraceExporter as HttpJsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as HttpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace-base';
import { relationOf } from '../../engine/analysis/causality';
import { analyzeRecording, startSession, type TestSession, waitFor } from './helpers';
import { runCheckout, type ServiceRun } from './otel-service';

const endpoint = (s: TestSession) => `http://127.0.0.1:${s.server.port}/v1/traces`;

/** The recording's event lines (header and declarations left out). */
function recordedEvents(s: TestSession): Array<Record<string, unknown>> {
  return readFileSync(s.server.recordingPath, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The three spans of runCheckout as six events, in an order that keeps happens-before, with the edges across services. */
async function assertCheckoutRecorded(s: TestSession, run: ServiceRun): Promise<void> {
  await waitFor('six events', () => s.events.length === 6);
  await s.server.close();
  const events = recordedEvents(s);
  const { checkout, reserve, charge } = run.ids;
  assert.deepEqual(
    events.map((e) => [e.replica, e.id, e.label]),
    [
      ['checkout', checkout, 'POST /checkout'],
      ['checkout', reserve, 'reserve stock'],
      ['payments', charge, 'charge card'],
      ['payments', `${charge}/end`, 'charge card (end)'],
      ['checkout', `${reserve}/end`, 'reserve stock (end)'],
      ['checkout', `${checkout}/end`, 'POST /checkout (end)'],
    ],
  );
  const byId = new Map(events.map((e) => [e.id, e]));
  assert.deepEqual(byId.get(charge)?.after, [reserve], 'the child on another service starts after its parent started');
  assert.deepEqual(byId.get(`${reserve}/end`)?.after, [`${charge}/end`], 'the parent ends after its child on another service ended');
  assert.equal(byId.get(charge)?.kind, 'receive');
  assert.deepEqual((byId.get(charge)?.fields as Record<string, unknown>).attributes, { 'payment.amount': 42 });
  assert.deepEqual((byId.get(reserve)?.fields as Record<string, unknown>).parentSpanId, checkout);

  const analysis = analyzeRecording(s.server.recordingPath);
  const { trace } = analysis;
  assert.equal(trace.size, 6);
  assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'info'), []);
  const index = (id: string) => events.findIndex((e) => e.id === id);
  assert.equal(relationOf(analysis, index(checkout), index(charge)), 'before', 'checkout happens before charge card');
  assert.equal(relationOf(analysis, index(`${charge}/end`), index(`${checkout}/end`)), 'before', 'charge card ends before checkout ends');
  assert.equal(s.server.stats().recorded, 6);
  assert.ok(s.logs.some((l) => l.level === 'info' && /^OTLP\/HTTP client 127\.0\.0\.1:\d+ sends spans\.$/.test(l.message)), 'the output channel says who sends spans');
}

test('an OpenTelemetry-instrumented service streams its spans over OTLP/HTTP JSON into a live session', async (t) => {
  const s = await startSession(t);
  const exporter = (): SpanExporter => new HttpJsonExporter({ url: endpoint(s), headers: { Authorization: `Bearer ${s.server.token}` } });
  const run = await runCheckout(exporter(), exporter());
  await assertCheckoutRecorded(s, run);
});

test('the OTLP/HTTP protobuf exporter, configured by the environment variables the docs give, streams into a live session', async (t) => {
  const s = await startSession(t);
  const saved = { ...process.env };
  t.after(() => {
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
    delete process.env.OTEL_EXPORTER_OTLP_TRACES_HEADERS;
    Object.assign(process.env, saved);
  });
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = endpoint(s);
  process.env.OTEL_EXPORTER_OTLP_TRACES_HEADERS = `x-causeway-token=${s.server.token}`;
  const run = await runCheckout(new HttpProtoExporter(), new HttpProtoExporter());
  await assertCheckoutRecorded(s, run);
});

test('an exporter with a wrong token is refused (403), logged without the token, and nothing of it is recorded', async (t) => {
  const s = await startSession(t);
  const codes: ExportResultCode[] = [];
  const wrong = new HttpJsonExporter({ url: endpoint(s), headers: { 'x-causeway-token': `${s.server.token}x` } });
  const spy: SpanExporter = {
    export: (spans, done) => wrong.export(spans, (result) => (codes.push(result.code), done(result))),
    shutdown: () => wrong.shutdown(),
  };
  await assert.rejects(runCheckout(spy, spy), 'the SDK reports the failed exports');
  await waitFor('three failed exports', () => codes.length === 3);
  assert.ok(codes.every((code) => code === ExportResultCode.FAILED));
  const bare = await fetch(endpoint(s), { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceSpans":[]}' });
  assert.equal(bare.status, 401);
  assert.match(((await bare.json()) as { message: string }).message, /no session token/);
  const refusals = s.logs.filter((l) => /^Refused OTLP\/HTTP client/.test(l.message));
  assert.equal(refusals.length, 4, JSON.stringify(s.logs));
  assert.ok(refusals.every((l) => !l.message.includes(s.server.token)));
  await s.server.close();
  assert.deepEqual(recordedEvents(s), []);
});

test('a browser page, a body too large, a bad body, an unknown content type and another path get OTLP\'s answers', async (t) => {
  const s = await startSession(t, { maxRequestBytes: 1000 });
  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    fetch(endpoint(s), { method: 'POST', headers: { 'content-type': 'application/json', 'x-causeway-token': s.server.token, ...headers }, body });
  const page = await post('{}', { origin: 'https://example.com' });
  assert.equal(page.status, 403);
  const huge = await post(JSON.stringify({ resourceSpans: [], padding: 'x'.repeat(5000) }));
  assert.equal(huge.status, 413);
  assert.match(((await huge.json()) as { message: string }).message, /larger than 1,000 bytes/);
  const bomb = await post(gzipSync(Buffer.alloc(100_000, 32)), { 'content-encoding': 'gzip' });
  assert.equal(bomb.status, 400, 'a gzip body that unpacks past the bound is refused');
  const bad = await post('{"resourceSpans": ');
  assert.equal(bad.status, 400);
  assert.match(((await bad.json()) as { message: string }).message, /not valid JSON/);
  const notProto = await post(Buffer.from([0xff, 0xff, 0xff]), { 'content-type': 'application/x-protobuf' });
  assert.equal(notProto.status, 400);
  assert.equal(notProto.headers.get('content-type'), 'application/x-protobuf');
  const text = await post('hello', { 'content-type': 'text/plain' });
  assert.equal(text.status, 415);
  const metrics = await fetch(`http://127.0.0.1:${s.server.port}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-causeway-token': s.server.token }, body: '{}' });
  assert.equal(metrics.status, 404, 'only traces are taken');
  const empty = await post('{"resourceSpans":[]}');
  assert.equal(empty.status, 200);
  assert.deepEqual(await empty.json(), {});
  await s.server.close();
  assert.deepEqual(recordedEvents(s), []);
});

test('a span whose parent never comes is recorded after the hold time, and a parent that comes late still ends after it', async (t) => {
  const s = await startSession(t, { spanHoldMs: 50 });
  const traceId = '0af7651916cd43dd8448eb211c80319c';
  const span = (spanId: string, service: string, start: number, end: number, parentSpanId?: string) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: service } }] },
    scopeSpans: [{ spans: [{ traceId, spanId, parentSpanId, name: spanId, startTimeUnixNano: `${start}000000`, endTimeUnixNano: `${end}000000` }] }],
  });
  const send = (...resourceSpans: object[]) =>
    fetch(endpoint(s), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${s.server.token}` }, body: JSON.stringify({ resourceSpans }) });
  assert.equal((await send(span('00000000000000b1', 'b', 2, 3, '00000000000000a1'))).status, 200);
  await waitFor('the orphan recorded', () => s.events.length === 2);
  assert.equal((await send(span('00000000000000a1', 'a', 1, 4), span('00000000000000a1', 'a', 1, 4))).status, 200);
  await waitFor('the parent recorded', () => s.events.length === 4);
  await s.server.close();
  const events = recordedEvents(s);
  assert.deepEqual(events.map((e) => [e.id, e.after]), [['00000000000000b1', undefined], ['00000000000000b1/end', undefined], ['00000000000000a1', undefined], ['00000000000000a1/end', ['00000000000000b1/end']]]);
  assert.ok(s.logs.some((l) => /sent 1 span\(s\) again/.test(l.message)), 'a span sent twice is recorded once');
});
