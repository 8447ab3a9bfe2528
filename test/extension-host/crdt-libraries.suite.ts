// Extension-host check that Automerge's WebAssembly and Yjs load from a bundle in the real VS Code
// server: in the extension host itself and in a worker thread (where the trace worker reads files),
// and that the extension's own bundles that carry Automerge have its WebAssembly beside them.

import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AUTOMERGE_WASM, bundleProbe, decodeInWorker } from '../client/bundled-libraries';
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

  it("has Automerge's WebAssembly beside each extension bundle that loads it", () => {
    for (const name of ['extension.js', 'trace-worker.js']) {
      const carries = readFileSync(repoPath('dist', name), 'utf8').includes(AUTOMERGE_WASM);
      if (carries) assert.ok(existsSync(repoPath('dist', AUTOMERGE_WASM)), `dist/${name} loads ${AUTOMERGE_WASM}, which is not in dist/`);
    }
  });
});
