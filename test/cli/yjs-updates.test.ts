// `causeway convert IN -o OUT.yjs.jsonl`: a folder of binary Yjs updates becomes an update log,
// one line per file in the order of their names (numbers as numbers), and so does a recording of
// captureYjs (each replica's own updates); files Yjs cannot read, an empty folder, a recording
// without updates, another output name and an existing output (without --force) are refused.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import * as Y from 'yjs';
import { captureYjs, fileSink } from '../../client/index';
import { updateFileOrder } from '../../cli/yjs-updates';
import { EXAMPLES } from '../helpers/load';
import { cliInProcess } from './in-process';

/** A folder of three updates (typing "a", "b", "c" in turn) as 1.bin, 2.bin and 10.bin, and a file that is not an update. */
function updateFolder(): { dir: string; updates: Uint8Array[] } {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-yjs-'));
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const letter of 'abc') doc.getText('t').insert(doc.getText('t').length, letter);
  ['1.bin', '2.bin', '10.bin'].forEach((name, i) => writeFileSync(join(dir, name), updates[i]));
  writeFileSync(join(dir, 'README.txt'), 'not an update');
  return { dir, updates };
}

test('file names sort with numbers as numbers, and only *.bin and *.yjs files count', () => {
  assert.deepEqual(updateFileOrder(['10.bin', 'b.yjs', '2.bin', 'notes.txt', '1.BIN', 'a.yjs.jsonl']), ['1.BIN', '2.bin', '10.bin', 'b.yjs']);
});

test('convert FOLDER -o OUT.yjs.jsonl writes one line per update, in name order, that rebuild the document', async () => {
  const { dir, updates } = updateFolder();
  const out = join(dir, 'typing.yjs.jsonl');
  const r = await cliInProcess('convert', dir, '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { update: string });
  assert.deepEqual(
    lines.map((l) => l.update),
    updates.map((u) => Buffer.from(u).toString('base64')),
  );
  const rebuilt = new Y.Doc();
  for (const line of lines) Y.applyUpdate(rebuilt, Buffer.from(line.update, 'base64'));
  assert.equal(rebuilt.getText('t').toString(), 'abc');

  const again = await cliInProcess('convert', dir, '-o', out);
  assert.equal(again.status, 2);
  assert.match(again.stderr, /already exists; pass --force/);
  assert.equal((await cliInProcess('convert', dir, '-o', out, '--force')).status, 0);
});

test('a file Yjs cannot read, an empty folder and an output that is not an update log are refused, writing nothing', async () => {
  const { dir } = updateFolder();
  writeFileSync(join(dir, '3.bin'), 'hello world');
  const out = join(dir, 'out.yjs.jsonl');
  const bad = await cliInProcess('convert', dir, '-o', out);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /3\.bin is not a Yjs update/);
  assert.equal(existsSync(out), false);

  const empty = mkdtempSync(join(tmpdir(), 'causeway-yjs-'));
  assert.match((await cliInProcess('convert', empty, '-o', join(empty, 'out.yjs.jsonl'))).stderr, /holds no binary Yjs updates/);
  assert.match((await cliInProcess('convert', dir, '-o', join(dir, 'out.causal.jsonl'))).stderr, /name the output \*\.yjs\.jsonl/);
});

test("a recording of captureYjs converts to the update log of each replica's own updates, with replica, time and origin", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-yjs-'));
  const recording = join(dir, 'note.causal.jsonl');
  const sink = await fileSink(recording);
  const [ann, bob] = [1, 2].map((client) => {
    const doc = new Y.Doc();
    doc.clientID = client;
    return doc;
  });
  const captures = [captureYjs(ann, { sink, replica: 'ann' }), captureYjs(bob, { sink, replica: 'bob' })];
  ann.transact(() => ann.getText('t').insert(0, 'Hi'), 'keyboard');
  Y.applyUpdate(bob, Y.encodeStateAsUpdate(ann));
  bob.getText('t').insert(2, '!');
  Y.applyUpdate(ann, Y.encodeStateAsUpdate(bob));
  await Promise.all(captures.map((c) => c.close()));

  const out = join(dir, 'note.yjs.jsonl');
  const r = await cliInProcess('convert', recording, '-o', out);
  assert.equal(r.status, 0, r.stderr);
  const lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { update: string; replica: string; time: number; origin?: string });
  assert.deepEqual(
    lines.map(({ replica, origin }) => [replica, origin]),
    [
      ['ann', 'keyboard'],
      ['bob', undefined],
    ],
  );
  assert.ok(lines.every((l) => typeof l.time === 'number'));
  const rebuilt = new Y.Doc();
  for (const line of lines) Y.applyUpdate(rebuilt, Buffer.from(line.update, 'base64'));
  assert.equal(rebuilt.getText('t').toString(), 'Hi!');

  const none = await cliInProcess('convert', join(EXAMPLES, 'or-set-race.causal.jsonl'), '-o', join(dir, 'none.yjs.jsonl'));
  assert.equal(none.status, 2);
  assert.match(none.stderr, /holds no Yjs updates/);
});
