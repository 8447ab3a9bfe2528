// Real CRDT libraries streamed into Causeway with causeway/client's capture adapters: three
// devices edit an Automerge to-do list offline and then sync through Automerge's own sync
// protocol (automergeSyncPeer), and two writers type in one Yjs text (captureYjs), a round at a
// time, so a live session shows them converge. Streams to a live session (--port/--token, or
// CAUSEWAY_PORT/CAUSEWAY_TOKEN) or writes a trace file (--file).
'use strict';

const Automerge = require('@automerge/automerge');
const Y = require('yjs');
const { automergeSyncPeer, captureYjs, fileSink, liveSink } = require('causeway/client');

function parseArguments(argv) {
  const options = { port: Number(process.env.CAUSEWAY_PORT ?? 0), token: process.env.CAUSEWAY_TOKEN ?? '', delayMs: 200 };
  for (let i = 0; i < argv.length; i += 2) {
    const [name, value] = [argv[i], argv[i + 1]];
    if (name === '--file') options.file = value;
    else if (name === '--port') options.port = Number(value);
    else if (name === '--token') options.token = value;
    else if (name === '--delay') options.delayMs = Number(value);
    else throw new Error(`Unknown option ${name}. Use --file PATH, or --port N --token T; --delay MS.`);
  }
  if (!options.file && !(options.port > 0 && options.token)) {
    throw new Error('Say where the events go: --file out.causal.jsonl, or --port N --token T of a live session (Causeway: Start Live Session).');
  }
  return options;
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** When the story's first change was made: 2023-11-14 22:13:20 UTC. */
const STORY_START = 1_700_000_000;

/** Three devices edit offline, then sync a round at a time until a round sends nothing; returns the list and the peers to close. */
async function todoList(sinkFor, delayMs) {
  // Fixed times (Unix seconds): a change's hash covers its time, and Automerge's sync messages depend on the
  // hashes, so with the clock's times a run that crossed a second could sync in more messages than another.
  const at = (minute) => ({ time: STORY_START + 60 * minute });
  const start = Automerge.change(Automerge.init({ actor: '1a0b' }), { message: 'laptop: start the list', ...at(0) }, (d) => {
    d.todos = [{ title: 'Buy milk', done: false }, { title: 'Book flights', done: false }];
  });
  const peers = [['laptop', '1a0b'], ['tablet', '2b0c'], ['phone', '3c0d']].map(([name, actor]) =>
    automergeSyncPeer(Automerge, name === 'laptop' ? start : Automerge.clone(start, { actor }), { replica: name, sink: sinkFor(name), wallTime: true }),
  );
  const [laptop, tablet, phone] = peers;
  phone.change((d) => (d.todos[0].title = 'Buy oat milk'), { message: 'phone: oat milk', ...at(1) });
  laptop.change((d) => Automerge.insertAt(d.todos, 0, { title: 'Renew passport', done: false }), { message: 'laptop: passport', ...at(2) });
  tablet.change((d) => (d.todos[0].title = 'Buy almond milk'), { message: 'tablet: almond milk', ...at(3) });
  for (let sent = true; sent; await pause(delayMs)) {
    sent = false;
    for (const from of peers) {
      for (const to of peers) {
        const message = to === from ? undefined : from.generateMessage(to.replica);
        if (message) to.receiveMessage(message);
        sent ||= message !== undefined;
      }
    }
  }
  return { result: Automerge.toJS(laptop.doc).todos.map((t) => t.title).join(', '), closers: peers };
}

/** Two writers type at one place at once, a character at a time; their updates cross at the end. Returns the text and the captures to close. */
async function sharedText(sinkFor, delayMs) {
  const names = ['ann', 'bob'];
  const docs = names.map((_, i) => Object.assign(new Y.Doc(), { clientID: i + 1 })); // fixed client ids: every run types the same note
  const captures = docs.map((doc, i) => captureYjs(doc, { replica: names[i], replicaOf: (client) => names[client - 1] ?? String(client), sink: sinkFor(names[i]) }));
  const exchange = (from, to) => Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
  docs[0].getText('note').insert(0, 'Lunch on Friday');
  exchange(docs[0], docs[1]);
  const typing = [' at noon', ' with Sam'];
  for (let i = 0; i < 9; i++, await pause(delayMs / 4)) {
    docs.forEach((doc, d) => i < typing[d].length && doc.getText('note').insert(15 + i, typing[d][i]));
  }
  exchange(docs[0], docs[1]);
  exchange(docs[1], docs[0]);
  return { result: docs[0].getText('note').toString(), closers: captures };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const file = options.file ? await fileSink(options.file, { name: 'CRDT peers', description: 'An Automerge to-do list synced between three devices, and a Yjs text typed by two writers.' }) : undefined;
  const onError = (error) => console.error(error.message);
  const sinkFor = () => file ?? liveSink({ port: options.port, token: options.token, onError });
  const todos = await todoList(sinkFor, options.delayMs);
  console.log(`to-do list: ${todos.result}`);
  const note = await sharedText(sinkFor, options.delayMs);
  console.log(`note: ${note.result}`);
  // Closed together: a shared file sink closes its file once every tracer and capture has let go.
  await Promise.all([...todos.closers, ...note.closers].map((closer) => closer.close()));
  console.log(file ? `wrote ${options.file}` : 'streamed to the live session');
}

main().catch((error) => {
  console.error(error.message);
  process.exit(2);
});
