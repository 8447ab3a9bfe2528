// The Yjs importers: a log of updates and a lone update, read through `yjs` itself: updates as
// events of their replicas' lanes, origins and deletions as edges, the states Yjs gives, and
// YATA's resolutions of concurrent map sets and concurrent inserts.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import * as Y from 'yjs';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { allFindings } from '../../engine/analysis/report';
import { detectFormat } from '../../engine/format/detect';
import { TraceReadError } from '../../engine/format/types';
import { yjsLogFormat, yjsUpdateFormat } from '../../engine/format/yjs';
import { edgeList, eventsPerReplica, readTraceText } from './helpers';

const base64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/** Alice (client 12) and Bob (client 40) type at one place and set one map key while apart, then sync. */
function interleavedTyping(): { lines: string[]; updates: Uint8Array[]; alice: Y.Doc } {
  const alice = new Y.Doc();
  alice.clientID = 12;
  const bob = new Y.Doc();
  bob.clientID = 40;
  const lines: string[] = [];
  const updates: Uint8Array[] = [];
  const record = (replica: string) => (u: Uint8Array, origin: unknown) => {
    if (origin === 'sync') return;
    updates.push(u);
    lines.push(JSON.stringify({ update: base64(u), replica, time: 1_700_000_000_000 + lines.length, origin: 'typing' }));
  };
  alice.on('update', record('alice'));
  bob.on('update', record('bob'));
  alice.getText('text').insert(0, 'hello');
  Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice), 'sync');
  alice.getText('text').insert(5, 'x');
  bob.getText('text').insert(5, 'y');
  alice.getMap('settings').set('theme', 'light');
  bob.getMap('settings').set('theme', 'dark');
  Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice), 'sync');
  bob.getText('text').delete(0, 2);
  Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob), 'sync');
  return { lines, updates, alice };
}

const readLog = (text: string) => readTraceText(yjsLogFormat, text, { name: 'typing.yjs.jsonl' });

/** Alice (client 1) and Bob (client 2), each own update written to `lines` as a log line; updates applied with origin 'sync' are not. */
function twoPeersLogged(): { alice: Y.Doc; bob: Y.Doc; lines: string[] } {
  const lines: string[] = [];
  const peer = (clientID: number, replica: string) => {
    const doc = new Y.Doc();
    doc.clientID = clientID;
    doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && lines.push(JSON.stringify({ update: base64(u), replica })));
    return doc;
  };
  return { alice: peer(1, 'alice'), bob: peer(2, 'bob'), lines };
}

describe('Yjs update logs', () => {
  test('are detected from a first line whose update Yjs decodes', () => {
    const { lines } = interleavedTyping();
    assert.equal(detectFormat(lines.join('\n'), 'x.jsonl')?.id, 'yjs-log');
    assert.equal(detectFormat('{"update": "not base64!"}', 'x.jsonl')?.id, undefined);
    assert.equal(detectFormat('\u0001\u0002', 'doc.yjs')?.id, 'yjs');
  });

  test('each update is an event of its replica; origins and deletions are edges', () => {
    const trace = readLog(interleavedTyping().lines.join('\n')).executions[0];
    assert.deepEqual(eventsPerReplica(trace), { alice: 3, bob: 3 });
    assert.deepEqual(edgeList(trace), ['alice:1->bob:1', 'alice:1->bob:3']);
  });

  test('the state after each update is what Yjs gives applying the updates up to it to a fresh Y.Doc', () => {
    const { lines, updates } = interleavedTyping();
    const trace = readLog(lines.join('\n')).executions[0];
    const fresh = new Y.Doc();
    updates.forEach((u, i) => {
      Y.applyUpdate(fresh, u);
      const want: Record<string, unknown> = { text: fresh.getText('text').toString() };
      if (fresh.getMap('settings').size > 0) want['settings'] = fresh.getMap('settings').toJSON();
      assert.deepEqual(trace.opOf(i)?.value, want, `after update ${i + 1}`);
    });
  });

  test('updates are described in words', () => {
    const trace = readLog(interleavedTyping().lines.join('\n')).executions[0];
    assert.deepEqual(trace.labels, [
      "typing: insert 'hello' at 0 in `text`",
      "typing: insert 'x' at 5 in `text`",
      "typing: insert 'y' at 6 in `text`",
      'typing: set `settings` = {"theme":"light"}',
      "typing: set `settings.theme` = 'dark'",
      'typing: delete 2 at 0 in `text`',
    ]);
  });

  test("conflicts are YATA's: the map key keeps the larger client, concurrent inserts go by client id", () => {
    const { lines, alice } = interleavedTyping();
    const analysis = analyzeTrace(readLog(lines.join('\n')).executions[0]);
    assert.equal(alice.getMap('settings').get('theme'), 'dark');
    assert.equal(alice.getText('text').toString(), 'lloxy');
    const [text, theme] = analysis.conflicts;
    assert.equal(theme.target, 'settings.theme');
    assert.deepEqual(theme.winners.map((e) => analysis.trace.eventId(e)), ['bob:2']);
    assert.match(theme.reason, /Yjs keeps 'dark' \(client 40\) over 'light' \(client 12\)/);
    assert.equal(text.target, 'text');
    assert.match(text.reason, /by client id, the smaller first: 'x' \(client 12, from alice:2\) before 'y' \(client 40, from bob:1\)/);
    assert.equal(analysis.conflicts.length, 2);
    assert.deepEqual(allFindings(analysis), []);
  });

  test("a concurrent insert's reason quotes the whole run its client typed there, a long run cut with …", () => {
    const example = readFileSync(new URL('../../examples/yjs-shared-text.yjs.jsonl', import.meta.url));
    const [shared] = analyzeTrace(readTraceText(yjsLogFormat, example, { name: 'yjs-shared-text.yjs.jsonl' }).executions[0]).conflicts;
    assert.match(shared.reason, /the smaller first: ' at noon' \(client 1, from ann:4\) before ' with Sam' \(client 2, from bob:1\)\.$/);
    const { alice, bob, lines } = twoPeersLogged();
    const long = 'a sentence typed one key at a time, longer than a reason shows';
    for (const [n, char] of [...long].entries()) alice.getText('t').insert(n, char);
    bob.getText('t').insert(0, 'b');
    Y.applyUpdate(alice, Y.encodeStateAsUpdate(bob), 'sync');
    const [cut] = analyzeTrace(readLog(lines.join('\n')).executions[0]).conflicts;
    assert.match(cut.reason, /: 'a sentence typed one key at a time, lon…' \(client 1, from alice:1\) before 'b' \(client 2, from bob:1\)\.$/);
  });

  test("happens-before is what an update's bytes reference, a subset of the state-vector order: a sync with no edit that builds on it draws no edge", () => {
    const { alice, bob, lines } = twoPeersLogged();
    alice.getText('t').insert(0, 'a');
    Y.applyUpdate(bob, Y.encodeStateAsUpdate(alice), 'sync');
    // Bob has seen Alice's 'a' (his state vector covers it) but his key neither follows nor deletes it.
    bob.getMap('m').set('k', 1);
    // Bob's 'b' is placed after Alice's 'a': its origin is her item.
    bob.getText('t').insert(1, 'b');
    assert.deepEqual(edgeList(readLog(lines.join('\n')).executions[0]), ['alice:1->bob:2']);
  });

  test('a bad line is reported with its number and the rest still loads', () => {
    const { lines } = interleavedTyping();
    const file = readLog([lines[0], '{"update": "AQ=="}', 'not json', ...lines.slice(1)].join('\n'));
    assert.equal(file.executions[0].size, 6);
    assert.deepEqual(file.findings.map((f) => f.line), [2, 3]);
  });
});

describe('a lone Yjs update', () => {
  test("each client's run of items is an event after the runs it depends on; the document is shown at the end", () => {
    const { alice } = interleavedTyping();
    const file = readTraceText(yjsUpdateFormat, Y.encodeStateAsUpdate(alice), { name: 'doc.yjs' });
    const trace = file.executions[0];
    assert.deepEqual(eventsPerReplica(trace), { '12': 1, '40': 1 });
    assert.deepEqual(edgeList(trace), ['12:1->40:1']);
    assert.deepEqual(trace.opOf(trace.size - 1)?.value, { text: 'lloxy', settings: { theme: 'dark' } });
  });

  test("a real document from Yjs's compatibility tests ends in the value those tests expect", () => {
    const bytes = readFileSync(new URL('../fixtures/real/yjs/map-v1.yjs', import.meta.url));
    const trace = readTraceText(yjsUpdateFormat, bytes, { name: 'map-v1.yjs' }).executions[0];
    assert.deepEqual(trace.opOf(trace.size - 1)?.value, { map: { one: [1, 2, 3, 4], two: { deepkey: 'deepvalue' } } });
  });

  test('bytes Yjs cannot decode say what was expected', () => {
    assert.throws(() => readTraceText(yjsUpdateFormat, new Uint8Array([200, 1, 2]), {}), (e: unknown) => e instanceof TraceReadError && /Expected a Yjs update/.test(e.message));
  });
});
