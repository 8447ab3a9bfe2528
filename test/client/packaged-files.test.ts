// What the VSIX carries for the libraries some formats need and for Automerge and Yjs documents
// (vsce's own file list, as `npm run package` makes it): the libraries' bundles in dist/lib/ with
// Automerge's WebAssembly, the CRDT examples and their stories, and not the scripts that made them.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { listFiles, PackageManager } from '@vscode/vsce';
import { libraryFiles } from './bundled-libraries';
import { REPO } from '../helpers/load';

test("the VSIX carries the libraries' bundles with Automerge's WebAssembly in dist/lib/, the CRDT examples with their stories, and not the scripts that made them", async () => {
  const libraries = (await libraryFiles()).map((name) => `dist/lib/${name}`);
  // The builds put them there; until then, stand-ins show what vsce would take.
  const standIns = libraries.filter((file) => !existsSync(join(REPO, file)));
  mkdirSync(join(REPO, 'dist', 'lib'), { recursive: true });
  for (const file of standIns) writeFileSync(join(REPO, file), '');
  try {
    const files = new Set(await listFiles({ cwd: REPO, packageManager: PackageManager.None }));
    for (const file of [...libraries, 'examples/automerge-todo-offline.automerge', 'examples/automerge-todo-offline.md', 'examples/yjs-shared-text.yjs.jsonl', 'examples/yjs-shared-text.md']) {
      assert.ok(files.has(file), `${file} is not packaged`);
    }
    assert.deepEqual([...files].filter((f) => f.startsWith('examples/make/')), []);
  } finally {
    for (const file of standIns) rmSync(join(REPO, file));
  }
});
