// `causeway simulate` as people and scripts use it: traces to a file or stdout that `check`
// accepts, the same bytes for the same seed, presets listed, bad arguments refused with exit 2.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTraceFile } from '../../cli/trace-file';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { PRESETS } from '../../engine/simulate/presets';
import { LiveServer } from '../../extension/live/server';
import { REPO } from '../helpers/load';

function causeway(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'cli/main.ts'), ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('simulate -o writes a preset trace that check accepts, and says what happened', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'causeway-sim-')), 'race.causal.jsonl');
  const r = causeway('simulate', '--preset', 'or-set-race', '--seed', '3', '-o', out);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Wrote .*race\.causal\.jsonl: 2 replicas: \d+ events, 4 operations, \d+ sends .*; converged [\d.]+ ms after the last write\.\n$/);
  const check = causeway('check', out, '--json');
  assert.equal(check.status, 0, check.stderr);
  const [execution] = JSON.parse(check.stdout).executions;
  assert.equal(execution.converged, true);
  assert.deepEqual(execution.conflicts.map((c: { strategy: string }) => c.strategy), ['add-wins']);
  assert.match(readFileSync(out, 'utf8').split('\n')[0], /"name":"or-set-race"/);
});

test('simulate writes to stdout without -o, the same bytes for the same seed', () => {
  const args = ['simulate', '--replicas', '3', '--objects', 'cart:pn-counter,tags:or-set', '--duration', '500ms', '--loss', '10%', '--sync', 'delta', '--states'];
  const first = causeway(...args, '--seed', '4');
  assert.equal(first.status, 0, first.stderr);
  const lines = first.stdout.trim().split('\n');
  assert.deepEqual(JSON.parse(lines[0]).replicas, ['A', 'B', 'C']);
  assert.ok(lines.length > 10 && lines.slice(1).some((line) => line.includes('"state":')));
  assert.equal(causeway(...args, '--seed', '4').stdout, first.stdout);
  assert.notEqual(causeway(...args, '--seed', '5').stdout, first.stdout);
});

test('simulate --speed paces the output', () => {
  const started = Date.now();
  const r = causeway('simulate', '--preset', 'lww-lost-update', '--speed', '2');
  assert.equal(r.status, 0, r.stderr);
  assert.ok(Date.now() - started >= 250, 'a second of virtual time at speed 2 took less than a quarter second');
  assert.match(r.stdout, /"value":"final"/);
});

test('simulate --list-presets names every preset', () => {
  const r = causeway('simulate', '--list-presets');
  assert.equal(r.status, 0, r.stderr);
  for (const preset of PRESETS) assert.match(r.stdout, new RegExp(`^${preset.name} +${preset.title}$`, 'm'));
});

test('simulate refuses bad arguments with exit 2 and a message naming the bad part', () => {
  const cases: [string[], RegExp][] = [
    [['--partition', 'A,B | C from 1s to 2s; A | X from 1s to 2s'], /^causeway: partition 2 "A \| X from 1s to 2s": unknown replica "X"/],
    [['--preset', 'nope'], /^causeway: preset: unknown preset "nope"/],
    [['--loss', '2'], /^causeway: loss: "2" is not a probability/],
    [['--latency', 'gauss:3ms'], /^causeway: latency: unknown distribution "gauss"/],
    [['--replicas', '65'], /^causeway: replicas: 65 is not a whole number from 2 to 64/],
    [['--duration', '5'], /^causeway: duration: "5" needs a unit/],
    [['--speed', '0'], /^causeway: speed: "0" is not a positive number/],
    [['trace.causal.jsonl'], /^causeway: simulate takes no FILE \("trace.causal.jsonl"\)/],
    [['--bogus'], /^causeway: Unknown option '--bogus'[\s\S]*Usage:[\s\S]*causeway simulate/],
  ];
  for (const [args, message] of cases) {
    const r = causeway('simulate', ...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stdout, '');
  }
});

test('simulate --live streams the same events into a live session, each replica on its own connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-sim-live-'));
  const server = await LiveServer.start({ recordingPath: join(dir, 'live.causal.jsonl') });
  try {
    const args = ['simulate', '--preset', 'causal-delivery', '--seed', '2'];
    const streamed = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = execFile(process.execPath, ['--import', 'tsx', join(REPO, 'cli/main.ts'), ...args, '--live', String(server.port), '--token', server.token, '--speed', '50'], { cwd: REPO });
      let stderr = '';
      child.stderr!.on('data', (text: string) => (stderr += text));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    assert.equal(streamed.code, 0, streamed.stderr);
    assert.match(streamed.stderr, /^Streamed to the live session on 127\.0\.0\.1:\d+: 3 replicas/);
    await server.written();
    const expected = causeway(...args).stdout.trim().split('\n').slice(1).map((line) => JSON.parse(line));
    const recorded = loadTraceFile(server.recordingPath).executions[0];
    assert.equal(recorded.size, expected.length);
    const analysis = analyzeTrace(recorded);
    assert.equal(analysis.findings.filter((f) => f.severity === 'error').length, 0);
  } finally {
    await server.close();
  }
});

test('simulate --live without --token, or with -o too, is refused with exit 2', () => {
  assert.equal(causeway('simulate', '--live', '4000').status, 2);
  assert.match(causeway('simulate', '--live', '4000', '--token', 't', '-o', 'x.causal.jsonl').stderr, /not both/);
  assert.match(causeway('simulate', '--live', 'http', '--token', 't').stderr, /not a port number/);
});
