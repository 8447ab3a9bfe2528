// Makes the CRDT document examples with the libraries themselves, the same bytes on every run
// (fixed actor and client ids, fixed times): examples/automerge-todo-offline.automerge and
// examples/yjs-shared-text.yjs.jsonl. Their stories: the .md file of the same name.
// `node --import tsx examples/make/crdt-examples.ts [FOLDER]` (default: examples/).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Automerge from '@automerge/automerge';
import * as Y from 'yjs';
import { yjsUpdateLog } from '../../client/yjs-update-log';

export const AUTOMERGE_EXAMPLE = 'automerge-todo-offline.automerge';
export const YJS_EXAMPLE = 'yjs-shared-text.yjs.jsonl';

type TodoList = { todos: Array<{ title: string; done: boolean }> };

/** The three devices' actor ids: the phone's is the highest, so its concurrent edits win Automerge's ties. */
export const DEVICES = { laptop: '1a0b0000000000000000000000000001', tablet: '2b0c0000000000000000000000000002', phone: '3c0d0000000000000000000000000003' } as const;
/** Monday 2026-03-02, 09:00 UTC, in seconds (Automerge's change times). */
const MONDAY_9AM = 1_772_442_000;
const minutes = (m: number) => MONDAY_9AM + m * 60;

/**
 * A to-do list made on the laptop and copied to the phone and the tablet; then, all three offline:
 * the phone renames "Buy milk" (09:10) and the tablet renames it too, later (09:20); the phone and
 * the laptop each add a to-do at the top of the list; the phone ticks "Book flights". At 10:00 they
 * sync. Automerge keeps the phone's title (its actor id is higher) and the tablet's as a conflict.
 */
export function todoOffline(): Automerge.Doc<TodoList> {
  let laptop = Automerge.change(Automerge.init<TodoList>({ actor: DEVICES.laptop }), { message: 'laptop: start the list', time: minutes(0) }, (d) => {
    d.todos = [
      { title: 'Buy milk', done: false },
      { title: 'Book flights', done: false },
    ];
  });
  let phone = Automerge.clone(laptop, { actor: DEVICES.phone });
  let tablet = Automerge.clone(laptop, { actor: DEVICES.tablet });
  phone = Automerge.change(phone, { message: 'phone: oat milk', time: minutes(10) }, (d) => (d.todos[0].title = 'Buy oat milk'));
  phone = Automerge.change(phone, { message: 'phone: call mum first', time: minutes(11) }, (d) => Automerge.insertAt(d.todos, 0, { title: 'Call mum', done: false }));
  laptop = Automerge.change(laptop, { message: 'laptop: passport', time: minutes(15) }, (d) => Automerge.insertAt(d.todos, 0, { title: 'Renew passport', done: false }));
  tablet = Automerge.change(tablet, { message: 'tablet: almond milk', time: minutes(20) }, (d) => (d.todos[0].title = 'Buy almond milk'));
  phone = Automerge.change(phone, { message: 'phone: flights booked', time: minutes(25) }, (d) => (d.todos[2].done = true));
  return Automerge.merge(Automerge.merge(laptop, tablet), phone);
}

/** Ann and Bob share a note, clients 1 and 2. */
export const WRITERS = { ann: 1, bob: 2 } as const;
/** 2026-03-02 14:00 UTC in milliseconds (the update log's times). */
const MONDAY_2PM = 1_772_460_000_000;

/**
 * Ann types "Lunch on Friday" (one update a word, each sent to Bob as she types). Then both type at
 * its end, their keystrokes interleaved in time, a character an update, before either sees the
 * other's: Ann " at noon", Bob " with Sam". When the updates cross, YATA keeps each run of typing
 * whole. Then Bob, seeing both, deletes "on ": a deletion only.
 */
export async function sharedText(path: string): Promise<string> {
  const log = await yjsUpdateLog(path);
  let time = MONDAY_2PM;
  const docs = Object.entries(WRITERS).map(([replica, client]) => {
    const doc = new Y.Doc();
    doc.clientID = client;
    log.capture(doc, { replica, now: () => (time += 1000) });
    return doc;
  });
  const [ann, bob] = docs;
  const text = (doc: Y.Doc) => doc.getText('note');
  const sendAll = (from: Y.Doc, to: Y.Doc) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  for (const word of ['Lunch', ' on', ' Friday']) {
    text(ann).insert(text(ann).length, word);
    sendAll(ann, bob);
  }
  const end = text(ann).length;
  const typing: Array<[Y.Doc, string]> = [
    [ann, ' at noon'],
    [bob, ' with Sam'],
  ];
  for (let i = 0; i < 9; i++) for (const [doc, words] of typing) if (i < words.length) text(doc).insert(end + i, words[i]);
  sendAll(ann, bob);
  sendAll(bob, ann);
  text(bob).delete(text(bob).toString().indexOf('on '), 3);
  sendAll(bob, ann);
  await log.close();
  return text(ann).toString();
}

/** Writes both examples into `folder`. */
export async function makeCrdtExamples(folder: string): Promise<void> {
  writeFileSync(join(folder, AUTOMERGE_EXAMPLE), Automerge.save(todoOffline()));
  await sharedText(join(folder, YJS_EXAMPLE));
}

if (require.main === module) {
  const folder = process.argv[2] ?? join(__dirname, '..');
  makeCrdtExamples(folder).then(
    () => console.log(`Wrote ${AUTOMERGE_EXAMPLE} and ${YJS_EXAMPLE} in ${folder}.`),
    (error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    },
  );
}
