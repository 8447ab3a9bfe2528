// examples/live-service: the example service, run as users run it (node, after the client is
// built), writes a trace file and streams the same history to a live session.

import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { promisify } from 'node:util';
import { REPO } from '../helpers/load';
import { analyzeRecording, startSession, tempDir } from './helpers';

const SERVICE = join(REPO, 'examples', 'live-service', 'cart-service.js');
const run = (...args: string[]) => promisify(execFile)(process.execPath, [SERVICE, ...args], { cwd: REPO, encoding: 'utf8' });

before(() => execFileSync(process.execPath, ['esbuild.mjs', 'client'], { cwd: REPO }));

test('the example service writes a trace that replays to the states it printed', async () => {
  const path = join(tempDir(), 'cart.causal.jsonl');
  const { stdout } = await run('--file', path, '--rounds', '40', '--delay', '2');
  const analysis = analyzeRecording(path);
  assert.deepEqual(analysis.findings.filter((f) => f.severity !== 'info'), []);
  assert.ok(analysis.metrics.convergence.converged);
  const items = [...stdout.matchAll(/items=(-?\d+)/g)].map((m) => Number(m[1]));
  assert.equal(items.length, 3);
  assert.ok(items.every((n) => n === items[0]), stdout);
});

test('the example service streams the same history to a live session', async (t) => {
  const s = await startSession(t);
  const file = join(tempDir(), 'cart.causal.jsonl');
  await run('--file', file, '--rounds', '40', '--delay', '2');
  const { stdout, stderr } = await run('--port', String(s.server.port), '--token', s.server.token, '--rounds', '40', '--delay', '2');
  assert.equal(stderr, '');
  assert.match(stdout, /streamed to the live session/);
  await s.server.close();
  const live = analyzeRecording(s.server.recordingPath);
  assert.equal(live.trace.size, analyzeRecording(file).trace.size);
  assert.deepEqual(s.findings, []);
  assert.deepEqual(live.findings.filter((f) => f.severity !== 'info'), []);
});

test('the example service says how to use it when it is not told where events go', async () => {
  await assert.rejects(run(), (error: { code: number; stderr: string }) => error.code === 2 && /--file out\.causal\.jsonl, or --port N --token T/.test(error.stderr));
});
