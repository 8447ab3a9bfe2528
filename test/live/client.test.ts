// causeway/client: tracers stamp vector clocks (merge, then tick, on receive), the file sink writes
// a trace the engine reads cleanly, and the live sink streams to a real session: numbering after
// what the session has, waiting for drain and dropping beyond its queue, reconnecting and
// re-sending what was lost, and telling the application when it is refused.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { createTracer, fileSink, liveSink, type LiveSinkOptions } from '../../client/index';
import { compareClocks } from '../../engine/clock/vector';
import { analyzeRecording, startSession, tempDir, waitFor, type TestSession } from './helpers';

function sinkTo(s: TestSession, options: Partial<LiveSinkOptions> = {}) {
  const errors: string[] = [];
  const sink = liveSink({ port: s.server.port, token: s.server.token, retryMs: 20, onError: (e) => errors.push(e.message), ...options });
  return { sink, errors };
}

test('every event ticks the clock; a receive merges the sender clock and then ticks', async () => {
  const sink = await fileSink(join(tempDir(), 'clocks.causal.jsonl'));
  const a = createTracer({ replica: 'A', sink });
  const b = createTracer({ replica: 'B', sink });
  a.op('n', { type: 'inc' });
  const envelope = a.send({ to: 'B' });
  assert.deepEqual(envelope.clock, { A: 2 });
  assert.equal(envelope.from, 'A');
  b.local('before');
  b.receive(envelope);
  assert.deepEqual(b.clock, { A: 2, B: 2 });
  // A sender that already knows more of B than B's own clock (B restarted): ticking before merging
  // would leave the receive equal to the send; merging first puts it after.
  const ahead = { msg: 'm-old', from: 'A', clock: { A: 3, B: 5 } };
  b.receive(ahead);
  assert.deepEqual(b.clock, { A: 3, B: 6 });
  assert.equal(compareClocks(b.clock, ahead.clock), 'after');
  assert.throws(() => b.receive({} as never), /needs the envelope that send\(\) returned/);
  await a.close();
  await b.close();
});

test('a file sink shared by three tracers writes a trace the engine reads without errors', async () => {
  const path = join(tempDir(), 'cart.causal.jsonl');
  const sink = await fileSink(path, { name: 'cart', description: 'Three devices.' });
  const [phone, laptop, tablet] = ['phone', 'laptop', 'tablet'].map((replica) => createTracer({ replica, sink, objects: { cart: 'pn-counter' } }));
  phone.op('cart', { type: 'inc', value: 3 });
  laptop.op('cart', { type: 'inc', value: 5 }, { label: 'five apples', fields: { shelf: 2 } });
  const toLaptop = phone.send({ to: 'laptop', payload: 'state' });
  laptop.receive(toLaptop);
  const toAll = laptop.send({ to: ['phone', 'tablet'], payload: 'state' });
  phone.receive(toAll);
  tablet.receive(toAll);
  await Promise.all([phone, laptop, tablet].map((t) => t.close()));
  assert.throws(() => phone.op('cart', { type: 'inc' }), /closed/);

  const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(lines[0], { format: 'causeway', version: 1, name: 'cart', description: 'Three devices.' });
  assert.deepEqual(lines[1], { declare: { objects: { cart: 'pn-counter' } } });
  assert.equal(lines.length, 2 + 7, 'one declaration for the three tracers');
  assert.deepEqual(lines.filter((l) => l.replica === 'laptop').map((l) => l.seq), [1, 2, 3]);
  assert.deepEqual(lines[3], { replica: 'laptop', kind: 'op', key: 'cart', op: { type: 'inc', value: 5 }, clock: { laptop: 1 }, label: 'five apples', fields: { shelf: 2 }, seq: 1 });
  const analysis = analyzeRecording(path);
  assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'info'), []);
  assert.equal(analysis.metrics.messages, 3);
  assert.ok(analysis.metrics.convergence.converged);
});

test('a live sink streams a tracer to a session, its objects declared, and flush waits until it is sent', async (t) => {
  const s = await startSession(t);
  const { sink, errors } = sinkTo(s);
  const connected: number[] = [];
  const tracer = createTracer({ replica: 'A', objects: { hits: 'g-counter' }, sink: liveSink({ port: s.server.port, token: s.server.token, onConnected: (r) => connected.push(r.seq!) }) });
  const other = createTracer({ replica: 'B', sink });
  for (let i = 0; i < 1000; i++) tracer.op('hits', { type: 'inc' });
  other.receive(tracer.send({ to: 'B' }));
  await tracer.flush();
  await other.flush();
  await waitFor('1002 events', () => s.events.length === 1002);
  await tracer.close();
  await other.close();
  assert.deepEqual(connected, [0]);
  assert.deepEqual(errors, []);
  assert.deepEqual(s.findings, []);
  assert.throws(() => createTracer({ replica: 'C', sink }), /already speaks for B/);
  await s.server.close();
  const analysis = analyzeRecording(s.server.recordingPath);
  assert.equal(analysis.trace.size, 1002);
  assert.equal(analysis.trace.objects[analysis.trace.keys.find('hits')].type, 'g-counter');
  assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error'), []);
});

test('a restarted replica continues the numbering the session has for it', async (t) => {
  const s = await startSession(t);
  for (const run of [1, 2]) {
    const tracer = createTracer({ replica: 'A', sink: sinkTo(s).sink });
    tracer.local(`run ${run}`);
    tracer.local(`run ${run}`);
    await tracer.close();
  }
  await waitFor('four events', () => s.events.length === 4);
  assert.deepEqual(s.events.map((e) => e.event.seq), [1, 2, 3, 4]);
  assert.deepEqual(s.findings, []);
});

test('when the session reads nothing, the sink waits for drain, drops what its queue cannot hold and says so; the session reports the gap', async (t) => {
  const s = await startSession(t);
  const { sink, errors } = sinkTo(s, { maxQueued: 5000 });
  const tracer = createTracer({ replica: 'A', sink });
  await tracer.flush();
  const release = s.server.hold();
  const events = 200_000;
  for (let i = 0; i < events; i += 2000) {
    for (let j = 0; j < 2000; j++) tracer.local('x', { i: i + j });
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.equal(s.server.stats().recorded, 0);
  assert.ok(sink.stats.dropped > 0, 'events beyond the queue are dropped');
  assert.ok(sink.stats.sent < events - sink.stats.dropped, 'some wait in the queue for drain');
  assert.match(errors.join('\n'), /not keeping up: events of A are dropped/);
  release();
  await tracer.flush();
  tracer.local('after the drops, so that the session sees the gap');
  await tracer.flush();
  await waitFor('what was not dropped', () => s.server.stats().recorded === events + 1 - sink.stats.dropped, 20_000);
  await waitFor('the lost events reported', () => s.server.stats().lost === sink.stats.dropped && s.findings.length > 0);
  assert.ok(s.findings.every((f) => f.kind === 'lost-events'));
  await tracer.close();
});

/** A TCP relay to the session that the test can blackhole (lose what clients send) and cut. */
function relay(t: TestContext, port: number) {
  const pairs: Socket[][] = [];
  const state = { blackhole: false };
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    pairs.push([client, upstream]);
    client.on('data', (chunk) => state.blackhole || upstream.write(chunk));
    upstream.on('data', (chunk) => client.write(chunk));
    for (const [a, b] of [[client, upstream], [upstream, client]]) {
      a.on('error', () => b.destroy());
      a.on('close', () => b.destroy());
    }
  });
  t.after(() => server.close());
  return {
    listening: new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port))),
    state,
    cut: () => pairs.splice(0).forEach((pair) => pair.forEach((s) => s.destroy())),
  };
}

test('after the connection drops the sink reconnects, says hello again and re-sends what the session did not get', async (t) => {
  const s = await startSession(t);
  const proxy = relay(t, s.server.port);
  const errors: string[] = [];
  const hellos: number[] = [];
  const sink = liveSink({ port: await proxy.listening, token: s.server.token, retryMs: 20, onError: (e) => errors.push(e.message), onConnected: (r) => hellos.push(r.seq!) });
  const tracer = createTracer({ replica: 'A', sink });
  for (let i = 0; i < 100; i++) tracer.local('before');
  await tracer.flush();
  await waitFor('100 events', () => s.events.length === 100);
  proxy.state.blackhole = true;
  for (let i = 0; i < 50; i++) tracer.local('lost on the way');
  await waitFor('150 events sent', () => sink.stats.sent === 150);
  await new Promise((resolve) => setTimeout(resolve, 50));
  assert.equal(sink.stats.acknowledged, 100, 'what the session never got is not acknowledged');
  proxy.state.blackhole = false;
  proxy.cut();
  await waitFor('the second hello', () => hellos.length === 2);
  for (let i = 0; i < 50; i++) tracer.local('after');
  await tracer.flush();
  await waitFor('200 events', () => s.events.length === 200);
  await tracer.close();
  assert.deepEqual(hellos, [0, 100]);
  assert.equal(sink.stats.resent, 50);
  assert.equal(sink.stats.acknowledged, 200);
  assert.deepEqual(s.events.map((e) => e.event.seq), Array.from({ length: 200 }, (_, i) => i + 1));
  assert.deepEqual(s.findings, []);
  assert.match(errors.join('\n'), /closed; reconnecting/);
});

test('a sink started before its session queues events and delivers them once the session is up', async (t) => {
  const probe = createServer();
  const port = await new Promise<number>((resolve) => probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)));
  await new Promise((resolve) => probe.close(resolve));
  const errors: string[] = [];
  const token = 'a-token-chosen-by-the-test';
  const tracer = createTracer({ replica: 'A', sink: liveSink({ port, token, retryMs: 20, onError: (e) => errors.push(e.message) }) });
  tracer.local('early');
  await waitFor('the first failed attempt', () => errors.length > 0);
  assert.match(errors[0], /Cannot reach the live session at 127\.0\.0\.1:\d+ \(connect ECONNREFUSED/);
  // Long enough for several retries (20, 40, 80 ms apart): each fails without a new report.
  await new Promise((resolve) => setTimeout(resolve, 250));
  const s = await startSession(t, { port, token });
  tracer.local('on time');
  await tracer.flush();
  await waitFor('two events', () => s.events.length === 2);
  await tracer.close();
  assert.equal(errors.length, 1, `one report while it is unreachable: ${errors.join(' | ')}`);
});

test('a refused token, a bad hello and refused lines reach the application; flush then fails with the reason', { timeout: 10_000 }, async (t) => {
  const s = await startSession(t);
  const { sink: wrong, errors } = sinkTo(s, { token: 'not-the-token' });
  const refused = createTracer({ replica: 'W', sink: wrong });
  refused.local('never recorded');
  await assert.rejects(refused.flush(), /The live session refused W: Wrong token/);
  assert.match(errors.join('\n'), /Wrong token/);
  await refused.close();

  const { sink: badObjects } = sinkTo(s, { onError: () => undefined });
  const declaring = createTracer({ replica: 'D', sink: badObjects, objects: { cart: 5 } as never });
  await assert.rejects(declaring.flush(), /The live session refused D: The hello declares "objects" that do not map each key to a CRDT type/);
  await declaring.close();

  const { sink, errors: lineErrors } = sinkTo(s);
  const tracer = createTracer({ replica: 'A', sink });
  tracer.op('x', { type: 7 } as never);
  await tracer.flush();
  await waitFor('the refusal', () => lineErrors.length > 0);
  assert.match(lineErrors[0], /refused line 2 of A: "op" must be an object with a "type"/);
  await tracer.close();
  assert.equal(s.server.stats().recorded, 0);
});

test('a rogue session cannot make the sink hold an endless reply line, nor throw with a reply that is not an object', async (t) => {
  const rogue = createServer((socket) => {
    socket.once('data', () => {
      const chunk = 'x'.repeat(1 << 20);
      for (let i = 0; i < 8; i++) socket.write(chunk);
      socket.write('\n5\n{"ok":"hello","session":"rogue","recording":"r.causal.jsonl","seq":0}\n');
    });
    socket.on('error', () => undefined);
  });
  t.after(() => rogue.close());
  const port = await new Promise<number>((resolve) => rogue.listen(0, '127.0.0.1', () => resolve((rogue.address() as { port: number }).port)));
  const errors: string[] = [];
  const connected: string[] = [];
  const sink = liveSink({ port, token: 't', retryMs: 20, closeTimeoutMs: 50, onError: (e) => errors.push(e.message), onConnected: (r) => connected.push(r.session) });
  const tracer = createTracer({ replica: 'A', sink });
  await waitFor('the hello after the long line', () => connected.length === 1);
  assert.match(errors[0], /The live session sent a reply of 8388608 bytes, longer than 65536; it is skipped/);
  assert.match(errors[1], /answered something that is not a reply: 5/);
  await tracer.close();
});
