// The Automerge and Yjs examples are what examples/make/crdt-examples.ts makes, byte for byte, and
// say what their stories say: the lost title and the insert order (Automerge), the two runs of
// typing kept whole and the final text (Yjs), as the libraries themselves read the files.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as Automerge from '@automerge/automerge';
import * as Y from 'yjs';
import { AUTOMERGE_EXAMPLE, DEVICES, makeCrdtExamples, YJS_EXAMPLE } from '../../examples/make/crdt-examples';
import { EXAMPLES } from '../helpers/load';
import { tempDir } from '../live/helpers';

test('the committed CRDT examples are what their script makes', async () => {
  const folder = tempDir();
  await makeCrdtExamples(folder);
  for (const name of [AUTOMERGE_EXAMPLE, YJS_EXAMPLE]) {
    assert.ok(readFileSync(join(folder, name)).equals(readFileSync(join(EXAMPLES, name))), `examples/${name} differs from what examples/make/crdt-examples.ts makes: run it again`);
  }
});

test("the to-do example holds the story's six changes, the tablet's title as the losing conflict and the phone's insert first", () => {
  type TodoList = { todos: Array<{ title: string; done: boolean }> };
  const doc = Automerge.load<TodoList>(readFileSync(join(EXAMPLES, AUTOMERGE_EXAMPLE)));
  const changes = Automerge.getAllChanges(doc).map((c) => Automerge.decodeChange(c));
  assert.deepEqual(changes.map((c) => c.message?.split(':')[0]).sort(), ['laptop', 'laptop', 'phone', 'phone', 'phone', 'tablet']);
  assert.deepEqual(
    doc.todos.map((t) => t.title),
    ['Call mum', 'Renew passport', 'Buy oat milk', 'Book flights'],
  );
  assert.deepEqual(Object.values(Automerge.getConflicts(doc.todos[2], 'title') ?? {}).sort(), ['Buy almond milk', 'Buy oat milk']);
  const renames = changes.filter((c) => /milk$/.test(c.message ?? ''));
  assert.deepEqual(renames.map((c) => c.actor).sort(), [DEVICES.tablet, DEVICES.phone], 'both renames are concurrent (neither depends on the other)');
  assert.ok(renames.every((c) => c.deps.length === 1 && c.deps[0] === changes[0].hash));
  assert.ok(renames.find((c) => c.actor === DEVICES.tablet)!.time > renames.find((c) => c.actor === DEVICES.phone)!.time, "the tablet's rename is the later one by wall time");
});

test('the shared-text example rebuilds, update by update, into the note of the story', () => {
  const lines = readFileSync(join(EXAMPLES, YJS_EXAMPLE), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { update: string; replica: string; time: number });
  assert.equal(lines.length, 21);
  const doc = new Y.Doc();
  const texts = lines.map((line) => {
    Y.applyUpdate(doc, Buffer.from(line.update, 'base64'));
    return doc.getText('note').toString();
  });
  assert.equal(texts[2], 'Lunch on Friday');
  assert.ok(texts.includes('Lunch on Friday at noon with Sam'));
  assert.equal(texts.at(-1), 'Lunch Friday at noon with Sam');
  assert.deepEqual(
    lines.map((l) => l.time),
    lines.map((_, i) => 1_772_460_001_000 + i * 1000),
  );
});
