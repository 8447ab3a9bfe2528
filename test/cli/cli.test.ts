// The causeway CLI as CI pipelines use it: exit codes, the stable --json shape, clear errors.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { REPO } from '../helpers/load';
import { cliInProcess } from './in-process';

function causeway(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'cli/main.ts'), ...args], { cwd: REPO, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check of a clean example exits 0 and prints a summary', () => {
  const r = causeway('check', 'examples/shopping-cart.causal.jsonl');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /14 events|13 events/);
  assert.match(r.stdout, /converged/);
});

test('check --json prints one object in the documented shape', () => {
  const r = causeway('check', 'examples/or-set-race.causal.jsonl', '--json');
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.format, 'causeway');
  assert.equal(report.executions.length, 1);
  const [ex] = report.executions;
  assert.deepEqual(Object.keys(ex).sort(), ['conflicts', 'converged', 'description', 'events', 'findings', 'messages', 'metrics', 'name', 'replicas']);
  assert.equal(ex.metrics.operations, 4);
  assert.equal(ex.metrics.sync.syncs, 3);
  assert.deepEqual(ex.replicas[0], { name: 'alice', events: 6, state: { basket: ['eggs', 'milk'] } });
  assert.equal(ex.conflicts[0].strategy, 'add-wins');
  assert.equal(ex.converged, true);
});

test('check exits 1 when there are error findings', () => {
  const r = causeway('check', 'examples/buggy-merge.causal.jsonl', '--json');
  assert.equal(r.status, 1);
  const kinds = JSON.parse(r.stdout).executions[0].findings.map((f: { kind: string }) => f.kind);
  assert.ok(kinds.includes('merge-not-join'));
});

test('check exits 2 with a clear message when the file cannot be read', () => {
  const r = causeway('check', 'no/such/file.causal.jsonl');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Cannot open no\/such\/file\.causal\.jsonl: no such file/);
});

test('check exits 2 for content no format recognises', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-'));
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'just some words\nnothing like a trace\n');
  const r = causeway('check', file);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /not a trace format Causeway recognises/);
});

test('an unknown command prints usage and exits 2', () => {
  const r = causeway('frobnicate', 'x');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Usage:/);
});

test('a folder is refused with a clear message, exit 2', () => {
  const r = causeway('check', 'examples');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /examples is a folder, not a trace file/);
});

test('control characters from a trace never reach the terminal raw', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-'));
  const file = join(dir, 'hostile.causal.jsonl');
  writeFileSync(file, '{"format":"causeway","version":1,"description":"\\u001b[2J wiped"}\n{"replica":"A\\u001b[31m","kind":"local"}\n');
  const r = causeway('check', file);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(!r.stdout.includes('\u001b'), 'an escape sequence reached the terminal');
  assert.match(r.stdout, /A\\u001b\[31m/);
});

test('an empty file is a warning, not a crash', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-'));
  const file = join(dir, 'empty.causal.jsonl');
  writeFileSync(file, '');
  const r = causeway('check', file, '--json');
  assert.equal(r.status, 0);
  assert.match(JSON.parse(r.stdout).executions[0].findings[0].message, /no header and no events/);
});

test('a bidi override or zero-width space in a name is shown escaped, and --json keeps the exact name', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-'));
  const file = join(dir, 'spoof.causal.jsonl');
  writeFileSync(file, '{"format":"causeway","version":1}\n{"replica":"abc\\u202eevil.exe","kind":"local"}\n{"replica":"ad\\u200bmin","kind":"local"}\n');
  const text = await cliInProcess('check', file);
  assert.equal(text.status, 0, text.stderr);
  assert.ok(!/[\u202e\u200b]/.test(text.stdout), 'a hidden character reached the terminal');
  assert.match(text.stdout, /abc\\u202eevil\.exe/);
  assert.match(text.stdout, /ad\\u200bmin/);
  const json = JSON.parse((await cliInProcess('check', file, '--json')).stdout);
  assert.deepEqual(json.executions[0].replicas.map((r: { name: string }) => r.name), ['abc\u202eevil.exe', 'ad\u200bmin']);
});
