// Back-pressure over real sockets: when the recording cannot keep up (file writes stalled) or the
// host holds the session, the session stops reading, the clients' writes wait, the session's
// backlog stays under its limit, and everything arrives once it can go on.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeRecording, opLine, stallFileWrites, startFlood, startSession, tcpClient, waitFor } from './helpers';

const HIGH = 256 * 1024;
/** What may still arrive after reading pauses: a read chunk (64 KiB) per connection, with room to spare. */
const SLACK = 4 * 64 * 1024 * 2;

test('a flood while file writes are stalled pauses reading and keeps the backlog bounded; all of it is recorded afterwards', async (t) => {
  const s = await startSession(t, { backlogHigh: HIGH });
  const events = 2 * 40_000;
  const flood = startFlood(s.server.port, s.server.token, 2, events / 2, 500);
  t.after(() => flood.kill());
  const release = stallFileWrites();
  try {
    await waitFor('reading paused', () => s.server.stats().paused, 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const stalled = s.server.stats();
    const sent = () => [...flood.written.values()].reduce((a, b) => a + b, 0);
    const sentWhileStalled = sent();
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(s.server.stats().recorded, stalled.recorded, 'nothing more is read while paused');
    assert.equal(sent(), sentWhileStalled, "the clients' writes wait");
    assert.ok(sentWhileStalled < events, `the clients could not send everything (${sentWhileStalled} of ${events})`);
    assert.ok(stalled.backlog > HIGH && stalled.backlog < HIGH + SLACK, `backlog ${stalled.backlog}`);
  } finally {
    release();
  }
  assert.equal(await flood.exited, 0);
  await waitFor('every event recorded', () => s.server.stats().recorded === events, 30_000);
  await s.server.written();
  const after = s.server.stats();
  assert.equal(after.paused, false);
  assert.ok(after.pauses >= 1);
  assert.ok(after.maxBacklog < HIGH + SLACK, `max backlog ${after.maxBacklog}`);
  assert.deepEqual(s.findings, []);
  await s.server.close();
  assert.equal(analyzeRecording(s.server.recordingPath).trace.size, events);
});

test('while the host holds the session nothing is read and the client waits; after release everything arrives', async (t) => {
  const s = await startSession(t);
  const client = await tcpClient(s.server.port);
  client.send(s.hello('A'));
  await waitFor('the hello reply', () => client.replies.length === 1);
  const release = s.server.hold();
  const events = 300_000;
  const lines = Array.from({ length: events }, (_, i) => opLine('A', i + 1, true));
  for (let i = 0; i < events; i += 10_000) client.send(...lines.slice(i, i + 10_000));
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(s.server.stats().recorded, 0);
  assert.ok(s.server.stats().paused);
  assert.ok(client.socket.writableLength > 0, 'the client holds what the session does not read');
  release();
  await waitFor('every event recorded', () => s.server.stats().recorded === events, 30_000);
  assert.equal(client.socket.writableLength, 0);
  await s.server.close();
});
