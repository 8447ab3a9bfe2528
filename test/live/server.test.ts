// The live session over real loopback sockets: TCP and WebSocket clients side by side, the token,
// refused lines, seq findings, reconnects, and a recording the engine opens with the same events.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { LiveServer } from '../../extension/live/server';
import { analyzeRecording, opLine, startSession, tcpClient, tempDir, waitFor, webSocketClient } from './helpers';

test('TCP and WebSocket clients on one port are recorded, and the recording opens with the same events', async (t) => {
  const s = await startSession(t);
  const a = await tcpClient(s.server.port);
  const b = await webSocketClient(s.server.port);
  const c = await tcpClient(s.server.port);
  a.send(s.hello('A', { objects: { hits: 'g-counter' } }), ...[1, 2, 3].map((n) => opLine('A', n, true)));
  b.send(s.hello('B'), opLine('B', 1));
  b.send(opLine('B', 2), opLine('B', 3));
  c.send(s.hello(), opLine('C', 1), opLine('D', 1));
  await waitFor('eight events', () => s.events.length === 8);
  assert.deepEqual(a.replies[0], { ok: 'hello', session: 'session', recording: 'session.causal.jsonl', seq: 0 });
  assert.deepEqual(b.replies, [{ ok: 'hello', session: 'session', recording: 'session.causal.jsonl', seq: 0 }]);
  assert.deepEqual(c.replies, [{ ok: 'hello', session: 'session', recording: 'session.causal.jsonl' }]);
  assert.deepEqual(
    s.server.connectionList().map((x) => [x.transport, x.replica, x.events]).sort(),
    [['tcp', undefined, 2], ['tcp', 'A', 3], ['websocket', 'B', 3]],
  );
  await s.server.close();

  const lines = readFileSync(s.server.recordingPath, 'utf8').trim().split('\n');
  assert.match(lines[0], /^\{"format":"causeway","version":1,"name":"session"/);
  assert.equal(lines[1], '{"declare":{"objects":{"hits":"g-counter"}}}');
  assert.equal(lines[2], opLine('A', 1), 'the replica the hello named is added to the line as received');
  const analysis = analyzeRecording(s.server.recordingPath);
  const { trace } = analysis;
  assert.equal(trace.size, 8);
  assert.deepEqual(s.events.map((e) => e.event.line), Array.from({ length: 8 }, (_, i) => i + 3));
  assert.deepEqual(
    s.events.map((e) => `${e.event.replica}:${e.event.seq}`),
    Array.from({ length: 8 }, (_, i) => `${trace.replicas.name(trace.replica[i])}:${trace.event(i).seq}`),
  );
  assert.equal(trace.objects[trace.keys.find('hits')].type, 'g-counter');
  assert.deepEqual(analysis.findings.filter((f) => f.severity === 'error'), []);
  assert.deepEqual(s.findings, []);
});

test('a wrong or missing token, or no hello, is refused and logged, and nothing of it is recorded', { timeout: 10_000 }, async (t) => {
  const s = await startSession(t);
  const wrong = await tcpClient(s.server.port);
  wrong.send(JSON.stringify({ causeway: 'live', version: 1, token: `${s.server.token}x`, replica: 'W' }), opLine('W', 1));
  const missing = await webSocketClient(s.server.port);
  missing.send(JSON.stringify({ causeway: 'live', version: 1, replica: 'M' }), opLine('M', 1));
  const noHello = await tcpClient(s.server.port);
  noHello.send(opLine('N', 1));
  await Promise.all([wrong.closed, missing.closed, noHello.closed]);
  assert.equal(wrong.replies[0].error, 'unauthorized');
  assert.match(String(wrong.replies[0].message), /wrong token/i);
  assert.equal(missing.replies[0].error, 'unauthorized');
  assert.match(String(missing.replies[0].message), /no token/i);
  assert.equal(noHello.replies[0].error, 'unauthorized');
  assert.match(String(noHello.replies[0].message), /must be a hello/);
  const refusals = s.logs.filter((l) => l.level === 'warning' && /^Refused/.test(l.message));
  assert.equal(refusals.length, 3, JSON.stringify(s.logs));
  assert.ok(refusals.every((l) => !l.message.includes(s.server.token)), 'the token is never logged');
  await s.server.close();
  assert.equal(readFileSync(s.server.recordingPath, 'utf8').trim().split('\n').length, 1, 'only the header');
  assert.equal(s.server.stats().recorded, 0);
});

test('a client that says nothing is refused after the hello time limit', async (t) => {
  const s = await startSession(t, { helloTimeoutMs: 100 });
  const silent = await tcpClient(s.server.port);
  await silent.closed;
  assert.ok(s.logs.some((l) => /did not say hello within 0.1 s/.test(l.message)), JSON.stringify(s.logs));
  await s.server.close();
});

test('malformed lines are answered to their client and reported; the connection and the others go on', async (t) => {
  const s = await startSession(t, { maxLineBytes: 200 });
  const bad = await tcpClient(s.server.port);
  const good = await webSocketClient(s.server.port);
  good.send(s.hello('G'), opLine('G', 1));
  bad.send(s.hello('A'), opLine('A', 1, true), '{"kind":', '[1,2]', '{"kind":"teleport"}', opLine('B', 2), `{"kind":"local","label":"${'x'.repeat(300)}"}`, opLine('A', 2, true));
  good.send(opLine('G', 2));
  await waitFor('four events', () => s.events.length === 4);
  await waitFor('five errors', () => bad.replies.length === 6);
  assert.deepEqual(
    bad.replies.slice(1).map((r) => [r.error, r.line]),
    [['malformed', 3], ['malformed', 4], ['malformed', 5], ['malformed', 6], ['malformed', 7]],
  );
  assert.match(String(bad.replies[1].message), /not valid JSON/);
  assert.match(String(bad.replies[2].message), /not a JSON object/);
  assert.match(String(bad.replies[3].message), /"kind" must be one of/);
  assert.match(String(bad.replies[4].message), /another replica than "A"/);
  assert.match(String(bad.replies[5].message), /limit is 200/);
  assert.equal(good.replies.length, 1, 'the other client only got its hello reply');
  const reported = s.findings.filter((f) => f.kind === 'parse-error');
  assert.equal(reported.length, 5);
  const badId = s.server.connectionList().find((c) => c.replica === 'A')!.id;
  assert.ok(reported.every((f) => f.connection === badId && f.replica === 'A' && f.line === 0 && f.severity === 'error'));
  assert.match(reported[0].message, new RegExp(`TCP connection ${badId} from 127\\.0\\.0\\.1:\\d+ \\(replica A\\), line 3: not valid JSON`));
  assert.deepEqual(s.events.map((e) => `${e.event.replica}:${e.event.seq}`).sort(), ['A:1', 'A:2', 'G:1', 'G:2']);
  assert.equal(s.server.stats().refused, 5);
  await s.server.close();
});

test('refused lines beyond the limit are still answered but no longer reported', async (t) => {
  const s = await startSession(t, { maxReportsPerConnection: 3 });
  const bad = await tcpClient(s.server.port);
  bad.send(s.hello('A'), ...Array.from({ length: 10 }, () => 'nonsense'));
  await waitFor('ten errors', () => bad.replies.length === 11);
  await s.server.close();
  assert.equal(s.findings.length, 3);
  assert.match(s.findings[2].message, /Further refused lines of this connection are answered but not reported/);
});

test('a seq jump is reported, late events that fill its gap are recorded, and only a repeat of a recorded event is not', async (t) => {
  const s = await startSession(t);
  const a = await tcpClient(s.server.port);
  a.send(s.hello('A'), ...[1, 2, 5, 6, 3, 4, 5, 7].map((n) => opLine('A', n, true)));
  await waitFor('seven events', () => s.events.length === 7);
  await waitFor('two findings', () => s.findings.length === 2);
  await s.server.close();
  assert.deepEqual(s.events.map((e) => e.event.seq), [1, 2, 5, 6, 3, 4, 7]);
  const [lost, repeated] = s.findings;
  assert.equal(lost.kind, 'lost-events');
  assert.equal(lost.line, 4);
  assert.deepEqual(lost.events, ['A:3']);
  assert.match(lost.message, /A:3 \(line 4\) has seq 5 after 2: 2 events of A had not arrived/);
  assert.equal(repeated.kind, 'repeated-event');
  assert.match(repeated.message, /A sent seq 5 again, already recorded/);
  assert.deepEqual(s.server.stats(), { ...s.server.stats(), recorded: 7, repeated: 1, lost: 0 });
  const analysis = analyzeRecording(s.server.recordingPath);
  // The recording holds each number once, the late ones included: checked as a file, nothing was lost or repeated.
  assert.deepEqual(analysis.findings.filter((f) => f.kind === 'lost-events' || f.kind === 'repeated-event'), []);
});

test('events after a huge seq jump are recorded, the count is of what the file holds, and a late repeat is a repeat', async (t) => {
  const s = await startSession(t);
  const a = await tcpClient(s.server.port);
  a.send(s.hello('A'), ...[1, 2, 4294967295, 3, 4, 5].map((n) => opLine('A', n, true)));
  await waitFor('six events', () => s.events.length === 6);
  a.send(opLine('A', 3, true));
  await waitFor('the repeat', () => s.findings.some((f) => f.kind === 'repeated-event'));
  await s.server.close();
  assert.deepEqual(s.events.map((e) => e.event.seq), [1, 2, 4294967295, 3, 4, 5]);
  assert.deepEqual(s.server.stats(), { ...s.server.stats(), recorded: 6, repeated: 1, lost: 4294967289 });
  assert.match(s.findings.find((f) => f.kind === 'repeated-event')!.message, /A sent seq 3 again, already recorded/);
  assert.equal(readFileSync(s.server.recordingPath, 'utf8').trim().split('\n').length, 7, 'the header and six events');
});

test('a client that reconnects says hello again, learns the seq recorded so far and continues', async (t) => {
  const s = await startSession(t);
  const first = await webSocketClient(s.server.port);
  first.send(s.hello('A'), ...[1, 2, 3].map((n) => opLine('A', n, true)));
  await waitFor('three events', () => s.events.length === 3);
  first.close();
  await first.closed;
  const again = await tcpClient(s.server.port);
  again.send(s.hello('A'));
  await waitFor('the hello reply', () => again.replies.length === 1);
  assert.equal(again.replies[0].seq, 3);
  again.send(...[4, 5].map((n) => opLine('A', n, true)));
  await waitFor('five events', () => s.events.length === 5);
  await s.server.close();
  assert.deepEqual(s.findings, []);
  assert.ok(s.logs.some((l) => /WebSocket connection 1 .*\(replica A\) closed after 3 events/.test(l.message)));
  assert.equal(analyzeRecording(s.server.recordingPath).trace.size, 5);
});

test('a plain HTTP request is told to upgrade, and close() ends every connection', async (t) => {
  const s = await startSession(t);
  const response = await fetch(`http://127.0.0.1:${s.server.port}/`);
  assert.equal(response.status, 426);
  assert.match(await response.text(), /Causeway live session/);
  const a = await tcpClient(s.server.port);
  const b = await webSocketClient(s.server.port);
  a.send(s.hello('A'));
  b.send(s.hello('B'));
  await waitFor('two connections', () => s.server.connectionList().length === 2);
  const started = Date.now();
  await s.server.close();
  await Promise.all([a.closed, b.closed]);
  assert.ok(Date.now() - started < 1000, 'clients that close when told to do not hold up close()');
  await assert.rejects(tcpClient(s.server.port), /ECONNREFUSED/);
});

test('the session listens on 127.0.0.1 only', async (t) => {
  const s = await startSession(t);
  const otherAddress = Object.values((await import('node:os')).networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  if (!otherAddress) {
    t.skip('this machine has no other IPv4 address to try');
    return;
  }
  await assert.rejects(
    new Promise((resolve, reject) => connect(s.server.port, otherAddress).once('connect', resolve).once('error', reject)),
    /ECONNREFUSED/,
  );
});

test('a port in use or an existing recording is an error, and leaves no recording behind', async (t) => {
  const s = await startSession(t);
  const path = join(tempDir(), 'second.causal.jsonl');
  await assert.rejects(LiveServer.start({ recordingPath: path, port: s.server.port }), /EADDRINUSE/);
  assert.equal(existsSync(path), false);
  await assert.rejects(LiveServer.start({ recordingPath: s.server.recordingPath }), /EEXIST/);
  assert.match(readFileSync(s.server.recordingPath, 'utf8'), /^\{"format":"causeway"/, 'the existing recording is untouched');
});

test('a header given at the start keeps its description and lane order in the recording, whatever order events arrive in', async (t) => {
  const s = await startSession(t, { header: { description: 'Three replicas gossip a counter.', replicas: ['C', 'A', 'B'] } });
  const client = await tcpClient(s.server.port);
  client.send(s.hello(), opLine('A', 1), opLine('B', 1), opLine('C', 1));
  await waitFor('three events', () => s.events.length === 3);
  await s.server.close();
  const { trace } = analyzeRecording(s.server.recordingPath);
  assert.equal(trace.header.description, 'Three replicas gossip a counter.');
  assert.deepEqual(trace.replicas.all(), ['C', 'A', 'B'], 'lanes in the header order, not arrival order');
});
