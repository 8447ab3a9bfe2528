// examples/live-crdt: the CRDT peers example, run as users run it (node, after the client is
// built), writes a trace file and streams the same history to a live session, both clean.

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { REPO } from '../helpers/load';
import { analyzeRecording, startSession, tempDir } from './helpers';

const EXAMPLE = join(REPO, 'examples', 'live-crdt', 'crdt-peers.js');
const run = (...args: string[]) => promisify(execFile)(process.execPath, [EXAMPLE, ...args], { cwd: REPO, encoding: 'utf8' });

before(() => execFileSync(process.execPath, ['esbuild.mjs', 'client'], { cwd: REPO }));

test('the CRDT peers example converges, and its file and its live session hold the same clean history', async (t) => {
  const file = join(tempDir(), 'peers.causal.jsonl');
  const written = await run('--file', file, '--delay', '1');
  assert.match(written.stdout, /to-do list: Renew passport, Buy oat milk, Book flights\nnote: Lunch on Friday at noon with Sam\n/);
  const s = await startSession(t);
  const streamed = await run('--port', String(s.server.port), '--token', s.server.token, '--delay', '1');
  assert.equal(streamed.stderr, '');
  assert.match(streamed.stdout, /streamed to the live session/);
  await s.server.close();
  const [fromFile, live] = [analyzeRecording(file), analyzeRecording(s.server.recordingPath)];
  assert.equal(live.trace.size, fromFile.trace.size);
  assert.deepEqual(live.trace.replicas.all().sort(), ['ann', 'bob', 'laptop', 'phone', 'tablet']);
  assert.deepEqual(s.findings, []);
  for (const analysis of [fromFile, live]) assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'info'), []);
  assert.equal(live.metrics.messages, fromFile.metrics.messages);
});
