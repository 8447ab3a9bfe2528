// What the VSIX carries for Automerge and Yjs documents (vsce's own file list, as `npm run
// package` makes it): the Automerge WebAssembly beside the bundles, the CRDT examples and their
// stories, and not the TypeScript scripts that made them.

import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listFiles, PackageManager } from '@vscode/vsce';
import { AUTOMERGE_WASM } from './bundled-libraries';
import { REPO } from '../helpers/load';

test("the VSIX carries Automerge's WebAssembly in dist/, the CRDT examples with their stories, and not the scripts that made them", async () => {
  const wasm = join(REPO, 'dist', AUTOMERGE_WASM);
  // The builds put it there once a bundle imports Automerge; until then, a stand-in shows what vsce would take.
  const standIn = !existsSync(wasm);
  if (standIn) {
    mkdirSync(join(REPO, 'dist'), { recursive: true });
    copyFileSync(require.resolve('@automerge/automerge/automerge.wasm'), wasm);
  }
  try {
    const files = new Set(await listFiles({ cwd: REPO, packageManager: PackageManager.None }));
    for (const file of [`dist/${AUTOMERGE_WASM}`, 'examples/automerge-todo-offline.automerge', 'examples/automerge-todo-offline.md', 'examples/yjs-shared-text.yjs.jsonl', 'examples/yjs-shared-text.md']) {
      assert.ok(files.has(file), `${file} is not packaged`);
    }
    assert.deepEqual([...files].filter((f) => f.startsWith('examples/make/')), []);
  } finally {
    if (standIn) rmSync(wasm);
  }
});
