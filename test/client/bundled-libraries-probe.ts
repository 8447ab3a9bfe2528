// Bundled by bundled-libraries.test.ts (and the extension-host suite) the way esbuild.mjs bundles
// the CLI and the trace worker: it loads a saved Automerge document and a Yjs update with the
// bundled libraries and answers with their contents, in a worker thread or to whoever requires it.

import { parentPort, workerData } from 'node:worker_threads';
import * as Automerge from '@automerge/automerge';
import * as Y from 'yjs';

export interface Samples {
  automerge: Uint8Array;
  yjs: Uint8Array;
}

export interface DecodedSamples {
  automerge: unknown;
  automergeChanges: number;
  yjs: string;
}

/** A to-do document of two changes (saved) and a text "t" holding "hello" (as one update), made with the libraries. */
export function sampleDocuments(): Samples {
  let doc = Automerge.from<{ todos: string[]; done?: boolean }>({ todos: ['milk'] }, { actor: 'aa01' });
  doc = Automerge.change(doc, (d) => {
    d.todos.push('eggs');
    d.done = true;
  });
  const ydoc = new Y.Doc();
  ydoc.clientID = 1;
  ydoc.getText('t').insert(0, 'hello');
  return { automerge: Automerge.save(doc), yjs: Y.encodeStateAsUpdate(ydoc) };
}

/** Loads `automerge` (Automerge.save bytes) and applies `yjs` (an update with a text "t") to a fresh document. */
export function decodeSamples(automerge: Uint8Array, yjs: Uint8Array): DecodedSamples {
  const doc = Automerge.load(automerge);
  const ydoc = new Y.Doc();
  Y.applyUpdate(ydoc, yjs);
  return { automerge: Automerge.toJS(doc), automergeChanges: Automerge.getAllChanges(doc).length, yjs: ydoc.getText('t').toString() };
}

if (parentPort && workerData) {
  const { automerge, yjs } = workerData as Samples;
  parentPort.postMessage(decodeSamples(automerge, yjs));
}
