// The Automerge importer: a document read through `@automerge/automerge` itself, its changes as
// events on actor lanes, deps as edges, the library's states and conflicts, words for its patches.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as Automerge from '@automerge/automerge';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { allFindings } from '../../engine/analysis/report';
import { buildTraceView } from '../../engine/view/build';
import { automergeFormat } from '../../engine/format/automerge';
import { detectFormat } from '../../engine/format/detect';
import { TraceReadError } from '../../engine/format/types';
import { edgeList, eventsPerReplica, readTraceText } from './helpers';

type Todos = { title: string; todos: { title: string; done: boolean; priority: number }[] };

/** Alice and Bob edit offline from one base: both set `todos[0].priority`, both type at one place in `title`. */
function offlineEdits(): Automerge.Doc<Todos> {
  const base = Automerge.from<Todos>({ title: 'list', todos: [{ title: 'milk', done: false, priority: 0 }] }, { actor: 'aaaa0001' });
  let alice = Automerge.clone(base, { actor: 'aaaa0001' });
  let bob = Automerge.clone(base, { actor: 'bbbb0002' });
  alice = Automerge.change(alice, { message: 'milk first', time: 2000 }, (d) => {
    d.todos[0].priority = 1;
    Automerge.splice(d, ['title'], 4, 0, '!');
  });
  bob = Automerge.change(bob, { message: 'milk second', time: 1000 }, (d) => {
    d.todos[0].priority = 2;
    Automerge.splice(d, ['title'], 4, 0, '?');
  });
  return Automerge.change(Automerge.merge(alice, bob), { time: 3000 }, (d) => {
    d.todos.push({ title: 'eggs', done: false, priority: 0 });
  });
}

const read = (bytes: Uint8Array, sidecar?: Record<string, string>) =>
  readTraceText(automergeFormat, bytes, { name: 'todo.automerge', ...(sidecar ? { sidecar: (n: string) => sidecar[n] } : {}) }).executions[0];

describe('Automerge documents', () => {
  test('are detected from their magic bytes', () => {
    const head = new TextDecoder().decode(Automerge.save(offlineEdits()).slice(0, 64));
    assert.equal(detectFormat(head, 'x.bin')?.id, 'automerge');
    assert.equal(detectFormat('{"a":1}', 'x.automerge')?.id, undefined);
  });

  test('each change is an event of its actor lane and deps are happens-before edges', () => {
    const trace = read(Automerge.save(offlineEdits()));
    assert.deepEqual(eventsPerReplica(trace), { aaaa0001: 3, bbbb0002: 1 });
    assert.deepEqual(edgeList(trace), ['aaaa0001:1->bbbb0002:1', 'bbbb0002:1->aaaa0001:3']);
  });

  test('the state after each change is the library view at that change', () => {
    const doc = offlineEdits();
    const trace = read(Automerge.save(doc));
    const hashes = Automerge.getAllChanges(doc).map((c) => Automerge.decodeChange(c).hash);
    hashes.forEach((hash, i) => assert.deepEqual(trace.opOf(i)?.value, JSON.parse(JSON.stringify(Automerge.view(doc, [hash])))));
  });

  test('changes are described in words', () => {
    const trace = read(Automerge.save(offlineEdits()));
    assert.equal(trace.labels[1], "milk first: insert '!' at 4 in `title`; set `todos[0].priority` = 1");
    assert.equal(trace.labels[3], "insert {} at 1 in `todos`; set `todos[1].done` = false; set `todos[1].priority` = 0; set `todos[1].title` = ''; 1 more");
  });

  test('conflicts are the library ones: the greatest operation id shows, the other stays in getConflicts', () => {
    const doc = Automerge.load<Todos>(Automerge.save(offlineEdits()));
    const analysis = analyzeTrace(read(Automerge.save(doc)));
    const priority = analysis.conflicts.find((c) => c.target === 'todos[0].priority')!;
    assert.deepEqual(Object.values(Automerge.getConflicts(doc.todos[0], 'priority')!).sort(), [1, 2]);
    assert.equal(doc.todos[0].priority, 2);
    assert.deepEqual(priority.winners.map((e) => analysis.trace.eventId(e)), ['bbbb0002:1']);
    assert.match(priority.reason, /shows the value of the operation with the greatest id, 2 \(\d+@bbbb0002\); 1 \(\d+@aaaa0001\) stays in getConflicts/);
    assert.match(priority.reason, /wall time would have kept 1 instead \(aaaa0001:2 at 1970-01-01T00:33:20.000Z is the latest\)/);
    const title = analysis.conflicts.find((c) => c.target === 'title')!;
    assert.match(title.reason, /orders inserts after the same element by operation id, greatest first: '\?' \(\d+@bbbb0002\) before '!' \(\d+@aaaa0001\)/);
    assert.equal(doc.title, 'list?!');
    assert.equal(analysis.conflicts.length, 2);
  });

  test('a document-backed trace checks clean: no replay of its own against the library', () => {
    const analysis = analyzeTrace(read(Automerge.save(offlineEdits())));
    assert.deepEqual(allFindings(analysis), []);
  });

  test('concatenated change chunks read like the saved document', () => {
    const chunks = Automerge.getAllChanges(offlineEdits());
    const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    chunks.reduce((at, c) => (joined.set(c, at), at + c.length), 0);
    assert.equal(read(joined).size, 4);
  });

  test('actors are named from actors.json beside the document', () => {
    const trace = read(Automerge.save(offlineEdits()), { 'actors.json': '{"aaaa0001": "alice"}' });
    assert.deepEqual(trace.replicas.all(), ['alice (aaaa0001)', 'bbbb0002']);
  });

  test('actors are named by their change messages when every message starts with one name, actors.json first', () => {
    const base = Automerge.from<Todos>({ title: 'list', todos: [] }, { actor: 'aaaa0001' });
    let phone = Automerge.change(Automerge.clone(base, { actor: 'cccc0003' }), { message: 'phone: add eggs' }, (d) => void d.todos.push({ title: 'eggs', done: false, priority: 0 }));
    phone = Automerge.change(phone, { message: 'phone: tick eggs' }, (d) => void (d.todos[0].done = true));
    const mixed = Automerge.change(Automerge.clone(base, { actor: 'dddd0004' }), { message: 'laptop: rename' }, (d) => void (d.title = 'shop'));
    const other = Automerge.change(mixed, { message: 'tablet: rename again' }, (d) => void (d.title = 'shopping'));
    const doc = Automerge.merge(Automerge.merge(Automerge.clone(base), phone), other);
    assert.deepEqual(read(Automerge.save(doc)).replicas.all(), ['aaaa0001', 'phone (cccc0003)', 'dddd0004'], 'one name in every message names the lane; two names do not');
    assert.deepEqual(read(Automerge.save(doc), { 'actors.json': '{"cccc0003": "Ann\'s phone"}' }).replicas.all(), ['aaaa0001', "Ann's phone (cccc0003)", 'dddd0004']);
  });

  test('deletes concurrent with updates: the update of a key survives; edits inside a deleted object are lost with it', () => {
    const base = Automerge.from<{ todos: { title: string; done: boolean }[]; k: number }>({ todos: [{ title: 'a', done: false }, { title: 'b', done: false }], k: 1 }, { actor: 'aa01' });
    const remover = Automerge.change(Automerge.clone(base, { actor: 'bb02' }), (d) => {
      Automerge.deleteAt(d.todos, 0);
      delete (d as { k?: number }).k;
    });
    const editor = Automerge.change(Automerge.clone(base, { actor: 'cc03' }), (d) => {
      d.todos[0].done = true;
      d.k = 5;
    });
    const doc = Automerge.merge(remover, editor);
    assert.deepEqual(JSON.parse(JSON.stringify(doc)), { todos: [{ title: 'b', done: false }], k: 5 }, "Automerge's own outcome");
    const trace = read(Automerge.save(doc));
    const analysis = analyzeTrace(trace);
    const byTarget = Object.fromEntries(analysis.conflicts.map((c) => [c.target, { winners: c.winners.map((e) => trace.eventId(e)), reason: c.reason }]));
    assert.deepEqual(byTarget.k.winners, ['cc03:1'], 'the concurrent set of k is kept');
    assert.match(byTarget.k.reason, /delete concurrent with an update of `k`: bb02:1 deleted it while cc03:1 set it to 5/);
    assert.deepEqual(byTarget['todos[0]'].winners, ['bb02:1'], 'the delete of the to-do wins over the edit inside it');
    assert.match(byTarget['todos[0]'].reason, /bb02:1 deleted `todos\[0\]` while cc03:1's set of `done` changed it concurrently/);
    assert.equal(analysis.conflicts.length, 2);
  });

  test("the view names the document's one object as the library's document, not a CRDT of Causeway's", () => {
    const analysis = analyzeTrace(read(Automerge.save(offlineEdits())));
    assert.deepEqual(buildTraceView(analysis, { format: 'automerge' }).keyTypes, ['Automerge document']);
  });

  test('a delete that saw the update is no conflict', () => {
    const base = Automerge.from({ k: 1 }, { actor: 'aa01' });
    const set = Automerge.change(Automerge.clone(base, { actor: 'cc03' }), (d) => void (d.k = 5));
    const removed = Automerge.change(Automerge.clone(set, { actor: 'bb02' }), (d) => void delete (d as { k?: number }).k);
    assert.deepEqual(analyzeTrace(read(Automerge.save(removed))).conflicts, []);
  });

  test('changes whose dependencies are missing are left out, with a warning', () => {
    const chunks = Automerge.getAllChanges(offlineEdits());
    const file = readTraceText(automergeFormat, chunks[1], {});
    assert.equal(file.executions[0].size, 0);
    assert.match(file.findings[0].message, /depend on 1 change\(s\) the file does not hold/);
  });

  test('bytes that are not Automerge say what was expected', () => {
    assert.throws(() => read(new Uint8Array([0x85, 0x6f, 0x4a, 0x83, 1, 2, 3])), (e: unknown) => e instanceof TraceReadError && /not an Automerge document/.test(e.message));
  });
});
