// causeway/client's Yjs captures: a Y.Doc's updates stream into a live session as sends and
// receives that link up by Yjs's own state vectors (concurrent typing drawn concurrent), keeping
// the bytes to rebuild the document; and an update log holds every update, one JSON line each.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { captureYjs, liveSink, yjsUpdateLog, type YjsUpdateLine } from '../../client/index';
import { relationOf } from '../../engine/analysis/causality';
import { analyzeRecording, startSession, tempDir, waitFor } from './helpers';

/** A line of the recording, as far as these tests read it. */
interface RecordedEvent {
  replica?: string;
  kind?: string;
  msg?: string;
  label?: string;
  fields: { update?: string; appliedUpdate?: string; stateVector?: Record<string, number> };
}

/** Two documents (clients 1 and 2) whose own updates wait in a queue until deliver() applies them to the other. */
function twoReplicas() {
  const docs = [new Y.Doc(), new Y.Doc()];
  docs.forEach((doc, i) => (doc.clientID = i + 1));
  const queued: Array<{ to: Y.Doc; update: Uint8Array }> = [];
  docs.forEach((doc, i) => doc.on('update', (update: Uint8Array, origin: unknown) => origin !== 'network' && queued.push({ to: docs[1 - i], update })));
  const deliver = () => queued.splice(0).forEach(({ to, update }) => Y.applyUpdate(to, update, 'network'));
  return { docs, deliver, text: (i: number) => docs[i].getText('note') };
}

/** Two clients type at the same place at once, then one deletes: the history of both tests. */
function typeConcurrently({ deliver, text }: ReturnType<typeof twoReplicas>): void {
  text(0).insert(0, 'Hi');
  deliver();
  text(0).insert(2, ' Ann');
  text(1).insert(2, ' Bob');
  deliver();
  text(1).delete(0, 1);
  deliver();
}

test('a Y.Doc capture streams sends and receives into a live session that orders them as Yjs did and keeps the updates', async (t) => {
  const s = await startSession(t);
  const replicas = twoReplicas();
  const names = ['ann', 'bob'];
  const captures = replicas.docs.map((doc, i) =>
    captureYjs(doc, { replica: names[i], replicaOf: (client) => names[client - 1], sink: liveSink({ port: s.server.port, token: s.server.token, onError: (e) => assert.fail(e) }) }),
  );
  typeConcurrently(replicas);
  assert.equal(replicas.text(0).toString(), replicas.text(1).toString());
  await Promise.all(captures.map((c) => c.close()));
  // ann: send Hi, send " Ann", receive " Bob", local (bob's deletion); bob: receive Hi, send " Bob", receive " Ann", local (deletion).
  await waitFor('8 events', () => s.events.length === 8);

  const lines = readFileSync(s.server.recordingPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as RecordedEvent);
  // Each replica's events in its order (the two connections' events interleave as they arrive).
  const events = [...lines.filter((l) => l.replica === 'ann'), ...lines.filter((l) => l.replica === 'bob')];
  assert.deepEqual(
    events.map((e) => `${e.replica} ${e.kind} ${e.msg ?? ''}`.trim()),
    ['ann send yjs:1:2', 'ann send yjs:1:6', 'ann receive yjs:2:4', 'ann local', 'bob receive yjs:1:2', 'bob send yjs:2:4', 'bob receive yjs:1:6', 'bob local'],
  );
  assert.equal(events[4].label, "applies ann's edits up to clock 2");
  assert.deepEqual(events[6].fields.stateVector, { '1': 6, '2': 4 });

  const analysis = analyzeRecording(s.server.recordingPath);
  assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'info').map((f) => f.message), []);
  const at = (line: number) => [...analysis.trace.line].indexOf(lines.indexOf(events[line]) + 1);
  assert.equal(relationOf(analysis, at(1), at(5)), 'concurrent', "ann's and bob's typing at one place are concurrent");
  assert.equal(relationOf(analysis, at(0), at(5)), 'before', "bob typed after he had ann's Hi");
  assert.equal(relationOf(analysis, at(5), at(2)), 'before', "ann applied bob's typing");

  // Every edit is in the recording once, as its maker's `update`: applied to a fresh document in any order, they give the text both replicas have.
  const rebuilt = new Y.Doc();
  for (const e of events.filter((e) => e.fields.update).reverse()) Y.applyUpdate(rebuilt, Buffer.from(e.fields.update!, 'base64'));
  assert.equal(rebuilt.getText('note').toString(), replicas.text(1).toString());
  assert.deepEqual(
    events.map((e) => Object.keys(e.fields)[0]),
    ['update', 'update', 'appliedUpdate', 'appliedUpdate', 'appliedUpdate', 'update', 'appliedUpdate', 'update'],
  );
});

test('an update log holds each document update once, with its replica, time and origin, and rebuilds the document', async () => {
  const path = join(tempDir(), 'note.yjs.jsonl');
  const log = await yjsUpdateLog(path);
  const replicas = twoReplicas();
  let time = 1_700_000_000_000;
  replicas.docs.forEach((doc, i) => log.capture(doc, { replica: ['ann', 'bob'][i], now: () => (time += 1000) }));
  replicas.docs[0].transact(() => replicas.text(0).insert(0, 'Hi'), 'keyboard');
  replicas.deliver();
  typeConcurrently(replicas);
  await log.close();

  const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as YjsUpdateLine);
  assert.deepEqual(
    lines.map(({ replica, time, origin }) => ({ replica, time, origin })),
    [
      { replica: 'ann', time: 1_700_000_001_000, origin: 'keyboard' },
      { replica: 'ann', time: 1_700_000_002_000, origin: undefined },
      { replica: 'ann', time: 1_700_000_003_000, origin: undefined },
      { replica: 'bob', time: 1_700_000_004_000, origin: undefined },
      { replica: 'bob', time: 1_700_000_005_000, origin: undefined },
    ],
  );
  const rebuilt = new Y.Doc();
  for (const line of lines) Y.applyUpdate(rebuilt, Buffer.from(line.update, 'base64'));
  assert.equal(rebuilt.getText('note').toString(), replicas.text(0).toString());
});
