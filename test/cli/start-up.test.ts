// What the CLI spends before and beside its answer: the bundled CLI loads the libraries only some
// formats need (Automerge, Yjs, protobuf.js, edn-data, RE2JS) from their own bundles in lib/, only
// for a file that needs one; a text check measures nothing only --json reports.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { SyncMeter } from '../../engine/replay/sync-bytes';
import { bundleForNode } from '../client/bundled-libraries';
import { REPO } from '../helpers/load';
import { tempDir } from '../live/helpers';
import { cliInProcess } from './in-process';

let cli: string;
let preload: string;

before(async () => {
  const folder = tempDir();
  cli = await bundleForNode('cli/main.ts', join(folder, 'cli.js'));
  // Prints, as the process exits, the library bundles it loaded.
  preload = join(folder, 'report-libraries.js');
  writeFileSync(preload, `process.on('exit', () => process.stderr.write('libraries: ' + Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(join(folder, 'lib'))})).map((f) => f.slice(${join(folder, 'lib').length + 1})).sort().join(' ') + '\\n'));\n`);
});

/** The library bundles `causeway check FILE` loaded. */
function librariesLoaded(file: string): string[] {
  const { status, stderr } = spawnSync(process.execPath, ['--require', preload, cli, 'check', file, '--json'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  // 1: the check ran and found errors (the Jepsen example's lost update).
  assert.ok(status === 0 || status === 1, stderr);
  const line = /^libraries: (.*)$/m.exec(stderr);
  assert.ok(line, stderr);
  return line[1].split(' ').filter((name) => name !== '');
}

test('checking a native trace loads none of the libraries', () => {
  assert.deepEqual(librariesLoaded('examples/or-set-race.causal.jsonl'), []);
});

test('checking an Automerge document, a Yjs log or a Jepsen history loads its library, and only it', () => {
  assert.deepEqual(librariesLoaded('examples/automerge-todo-offline.automerge'), ['automerge.js']);
  assert.deepEqual(librariesLoaded('examples/lost-update-register.history.edn'), ['edn-data.js']);
  assert.deepEqual(librariesLoaded('examples/yjs-shared-text.yjs.jsonl'), ['protobufjs-light.js', 'yjs.js']);
});

test('check measures the bytes of state and delta syncs for --json only (the text never prints them)', async (t) => {
  const measured = t.mock.method(SyncMeter.prototype, 'measure');
  await cliInProcess('check', join(REPO, 'examples/or-set-race.causal.jsonl'));
  assert.equal(measured.mock.callCount(), 0, 'the text check measured syncs');
  const json = JSON.parse((await cliInProcess('check', join(REPO, 'examples/or-set-race.causal.jsonl'), '--json')).stdout);
  assert.ok(measured.mock.callCount() > 0);
  assert.equal(json.executions[0].metrics.sync.syncs, 3);
});
