// The bundles load Automerge (WebAssembly) and Yjs from bundles of their own: a module bundled with
// esbuild.mjs's options and its libraries plugin decodes real documents in a fresh Node process and
// in a worker thread (as the trace worker runs), from a folder that holds only the bundle and the
// libraries' bundles the plugin put beside it (lib/).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bundleProbe, decodeInWorker, libraryFiles } from './bundled-libraries';
import { sampleDocuments } from './bundled-libraries-probe';
import { tempDir } from '../live/helpers';

test("a bundle that imports Automerge and Yjs gets their bundles in lib/ (Automerge's WebAssembly beside its own), and decodes documents in a new process and in a worker", async () => {
  const folder = tempDir();
  const bundle = await bundleProbe(folder);
  assert.deepEqual(readdirSync(folder).sort(), ['lib', 'probe.js']);
  assert.deepEqual(readdirSync(join(folder, 'lib')).sort(), await libraryFiles());
  assert.ok(!readFileSync(bundle, 'utf8').includes('wasm_bindgen'), "the probe's bundle carries Automerge's glue itself");
  // Made by the libraries as installed (this process runs the probe's source, not its bundle).
  const samples = sampleDocuments();
  const expected = { automerge: { todos: ['milk', 'eggs'], done: true }, automergeChanges: 2, yjs: 'hello' };
  const script = `const s = require(${JSON.stringify(bundle)}).decodeSamples(Buffer.from(process.argv[1], 'base64'), Buffer.from(process.argv[2], 'base64')); console.log(JSON.stringify(s));`;
  const printed = execFileSync(process.execPath, ['-e', script, Buffer.from(samples.automerge).toString('base64'), Buffer.from(samples.yjs).toString('base64')], { cwd: folder, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(printed), expected);
  assert.deepEqual(await decodeInWorker(bundle, samples), expected);
});
