// Extension-host check that Automerge's WebAssembly and Yjs load from a bundle in the real VS Code
// server: in the extension host itself and in a worker thread (where the trace worker reads files),
// and that the libraries the extension's own bundles require are in dist/lib/ (Automerge's
// WebAssembly beside its bundle).

import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTOMERGE_WASM, bundleProbe, decodeInWorker, libraryFiles } from '../client/bundled-libraries';
import type * as Probe from '../client/bundled-libraries-probe';
import { repoPath } from './helpers';

describe('CRDT libraries in the extension host', () => {
  const expected = { automerge: { todos: ['milk', 'eggs'], done: true }, automergeChanges: 2, yjs: 'hello' };

  it('loads Automerge (WebAssembly) and Yjs from a bundle, in the host and in a worker thread', async () => {
    const bundle = await bundleProbe(mkdtempSync(join(tmpdir(), 'causeway-bundle-')), repoPath());
    const probe = createRequire(__filename)(bundle) as typeof Probe;
    const samples = probe.sampleDocuments();
    assert.deepEqual(probe.decodeSamples(samples.automerge, samples.yjs), expected);
    assert.deepEqual(await decodeInWorker(bundle, samples), expected);
  });

  it("has every library the extension's bundles require in dist/lib/, and Automerge's WebAssembly beside its bundle", async () => {
    for (const name of ['extension.js', 'trace-worker.js']) {
      const bundle = readFileSync(repoPath('dist', name), 'utf8');
      assert.ok(!bundle.includes(AUTOMERGE_WASM), `dist/${name} carries Automerge itself instead of requiring dist/lib/automerge.js`);
      for (const library of await libraryFiles(repoPath())) {
        if (bundle.includes(`./lib/${library}`)) assert.ok(existsSync(repoPath('dist', 'lib', library)), `dist/${name} requires ./lib/${library}, which is not in dist/lib/`);
      }
    }
    assert.ok(existsSync(repoPath('dist', 'lib', AUTOMERGE_WASM)), `${AUTOMERGE_WASM} is not in dist/lib/`);
  });
});
