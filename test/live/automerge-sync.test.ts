// causeway/client's Automerge sync capture: three peers edit a to-do list concurrently and sync
// through the library's own sync protocol; a live session records every change, send and receive,
// clocks order each receive after its send, and the heads and change clocks show them converge.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import * as Automerge from '@automerge/automerge';
import { automergeSyncPeer, liveSink, syncPeers } from '../../client/index';
import { compareClocks, type VectorClock } from '../../engine/clock/vector';
import { analyzeRecording, startSession, waitFor } from './helpers';

type TodoList = {
  todos: Array<{ title: string; done: boolean }>;
};

interface RecordedEvent {
  replica: string;
  kind: string;
  msg?: string;
  label?: string;
  clock: VectorClock;
  fields: { heads: string[]; changeClock: Record<string, number> };
}

const ACTORS = { alice: 'aa', bob: 'bb', carol: 'cc' } as const;

test('three peers syncing through the capture stream changes, sends and receives whose clocks order them, until their heads agree', async (t) => {
  const s = await startSession(t);
  const start = Automerge.from<TodoList>({ todos: [{ title: 'milk', done: false }] }, { actor: ACTORS.alice });
  const [alice, bob, carol] = (Object.keys(ACTORS) as Array<keyof typeof ACTORS>).map((name) =>
    automergeSyncPeer(Automerge, name === 'alice' ? start : Automerge.clone(start, { actor: ACTORS[name] }), {
      replica: name,
      sink: liveSink({ port: s.server.port, token: s.server.token, onError: (e) => assert.fail(e) }),
    }),
  );
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  alice.change((d) => (d.todos[0].title = 'oat milk'), 'oat milk');
  bob.change((d) => (d.todos[0].title = 'soy milk'), 'soy milk');
  // A change the application made itself, taken in by adopt().
  carol.adopt(Automerge.change(carol.doc, 'eggs', (d) => Automerge.insertAt(d.todos, 0, { title: 'eggs', done: false })));

  const exchanged = syncPeers([alice, bob, carol]);
  assert.ok(exchanged >= 6, `${exchanged} messages`);
  const heads = Automerge.getHeads(alice.doc);
  for (const peer of [bob, carol]) {
    assert.deepEqual(Automerge.getHeads(peer.doc), heads);
    assert.deepEqual(Automerge.toJS(peer.doc), Automerge.toJS(alice.doc));
  }
  assert.deepEqual(alice.clock, { aa: 2, bb: 1, cc: 1 });
  assert.deepEqual(carol.clock, alice.clock);
  await Promise.all([alice, bob, carol].map((p) => p.close()));
  await waitFor(`${3 + 2 * exchanged} events`, () => s.events.length === 3 + 2 * exchanged);

  const events = readFileSync(s.server.recordingPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RecordedEvent).filter((e) => e.kind);
  assert.deepEqual(events.find((e) => e.replica === 'carol')!.label?.replace(/[0-9a-f]{8}/, 'HASH'), 'change HASH: eggs');
  const sends = new Map(events.filter((e) => e.kind === 'send').map((e) => [e.msg, e]));
  const receives = events.filter((e) => e.kind === 'receive');
  assert.equal(receives.length, exchanged);
  for (const receive of receives) assert.equal(compareClocks(sends.get(receive.msg)!.clock, receive.clock), 'before', `${receive.msg} is received after it is sent`);
  // Each peer's last event holds the heads and change clock they all reached.
  for (const name of Object.keys(ACTORS)) {
    const last = events.filter((e) => e.replica === name).at(-1)!;
    assert.deepEqual([last.fields.heads, last.fields.changeClock], [heads, { aa: 2, bb: 1, cc: 1 }], name);
  }
  const analysis = analyzeRecording(s.server.recordingPath);
  assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'info').map((f) => f.message), []);
  assert.equal(analysis.metrics.messages, exchanged);
});
