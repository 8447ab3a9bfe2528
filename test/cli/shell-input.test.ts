// The CLI on what a shell gives it: several files (a glob), --help anywhere, special files, and
// unexpected errors, always with one report per file, a summary that agrees with the exit status,
// and under --json exactly one JSON document.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { eventsOnDistinctReplicas } from '../engine/hostile-traces';
import { EXAMPLES, REPO } from '../helpers/load';
import { cliInProcess } from './in-process';

const scratch = () => mkdtempSync(join(tmpdir(), 'causeway-shell-'));
const example = (name: string) => join(EXAMPLES, `${name}.causal.jsonl`);

test('check FILE... checks every file, one report each, and exits with the worst status', async () => {
  const files = [example('shopping-cart'), example('buggy-merge'), example('or-set-race')];
  const r = await cliInProcess('check', ...files);
  assert.equal(r.status, 1);
  for (const file of files) assert.ok(r.stdout.includes(`${file}: causeway trace`), `a report for ${file}`);
  assert.match(r.stdout, /3 files: 2 passed, 1 with errors, 0 could not be read\./);
  const withMissing = await cliInProcess('check', example('shopping-cart'), join(scratch(), 'missing.causal.jsonl'));
  assert.equal(withMissing.status, 2);
  assert.match(withMissing.stdout, /shopping-cart\.causal\.jsonl: causeway trace/);
  assert.match(withMissing.stderr, /missing\.causal\.jsonl: no such file/);
});

test('check --json with several files prints one document with a files array', async () => {
  const missing = join(scratch(), 'missing.causal.jsonl');
  const r = await cliInProcess('check', example('shopping-cart'), example('buggy-merge'), missing, '--json');
  assert.equal(r.status, 2);
  const document = JSON.parse(r.stdout);
  assert.deepEqual(
    document.files.map((f: { file: string; status: number }) => [f.file, f.status]),
    [
      [example('shopping-cart'), 0],
      [example('buggy-merge'), 1],
      [missing, 2],
    ],
  );
  assert.equal(document.files[0].format, 'causeway');
  assert.match(document.files[2].error, /no such file/);
});

test('stats FILE... reports every file too', async () => {
  const r = await cliInProcess('stats', example('shopping-cart'), example('or-set-race'), '--json');
  assert.equal(r.status, 0);
  assert.equal(JSON.parse(r.stdout).files.length, 2);
});

test('--help prints the usage and exits 0, for the CLI and for each command', async () => {
  for (const args of [['--help'], ['check', '--help'], ['stats', '-h'], ['convert', '--help'], ['simulate', '--help'], ['help', 'check']]) {
    const r = await cliInProcess(...args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, /^Usage:/, args.join(' '));
  }
  assert.match((await cliInProcess('convert', '--help')).stdout, /causeway convert IN -o OUT/);
});

test('--version prints the version from package.json and exits 0', async () => {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
  for (const flag of ['--version', '-v', 'version']) {
    const r = await cliInProcess(flag);
    assert.equal(r.status, 0, flag);
    assert.equal(r.stdout, `causeway ${version}\n`, flag);
  }
});

test('the summary counts the findings about the file as a whole, and agrees with the exit status', async () => {
  const log = join(scratch(), 'skipped.log');
  // Lines 1 and 4 match no regex (findings about the file); A's own entry goes back from 2 to 1 (an error).
  writeFileSync(log, 'noise\nA {"A":1}\nsend\nnoise again\nA {"A":2}\nmore\nA {"A":1}\nback\n');
  const r = await cliInProcess('check', log);
  const json = JSON.parse((await cliInProcess('check', log, '--json')).stdout);
  const all = [...json.findings, ...json.executions.flatMap((e: { findings: unknown[] }) => e.findings)] as { severity: string }[];
  const count = (severity: string) => all.filter((f) => f.severity === severity).length;
  assert.ok(json.findings.length > 0, 'the log has findings about the file as a whole');
  const errors = count('error');
  assert.ok(errors > 0);
  assert.equal(r.status, 1);
  const total = r.stdout.trim().split('\n').at(-1)!;
  assert.equal(
    total,
    `total: ${errors} error${errors === 1 ? '' : 's'}, ${count('warning')} warning${count('warning') === 1 ? '' : 's'}, ${count('info')} info (${json.findings.length} findings about the file as a whole): check FAILED (exit 1)`,
  );
});

test('a clean file ends with a passed verdict and exit 0', async () => {
  const r = await cliInProcess('check', example('shopping-cart'));
  assert.equal(r.status, 0);
  assert.match(r.stdout, /\ntotal: 0 errors, 0 warnings, 0 info: check passed\n$/);
});

test('a FIFO with no writer is refused at once, not waited on', { skip: process.platform === 'win32' }, async () => {
  const fifo = join(scratch(), 'pipe.causal.jsonl');
  execFileSync('mkfifo', [fifo]);
  // A process of its own: opening a FIFO blocks the whole thread, so only a timeout can tell.
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'cli/main.ts'), 'check', fifo], { cwd: REPO, encoding: 'utf8', timeout: 20_000 });
  assert.equal(r.error, undefined, 'the check did not end');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /pipe\.causal\.jsonl is not a regular file/);
});

test('an unexpected error in one file is one clear line naming it, exit 2, and still one JSON document', async () => {
  const deep = join(scratch(), 'deep.causal.jsonl');
  writeFileSync(deep, `{"format":"causeway","version":1}\n{"replica":"A","kind":"local","label":${'['.repeat(200_000)}${']'.repeat(200_000)}}\n`);
  for (const json of [false, true]) {
    const r = await cliInProcess('check', example('shopping-cart'), deep, ...(json ? ['--json'] : []));
    assert.ok(r.status === 1 || r.status === 2, `status ${r.status}`);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    if (json) assert.equal(JSON.parse(r.stdout).files.length, 2);
    else assert.match(r.stdout, /shopping-cart\.causal\.jsonl: causeway trace/);
  }
});

test('usage errors under --json still print one JSON document', async () => {
  const r = await cliInProcess('check', '--json');
  assert.equal(r.status, 2);
  assert.match(JSON.parse(r.stdout).error, /needs a FILE/);
});

test('a command named like a built-in property is still unknown, exit 2', async () => {
  for (const command of ['constructor', 'toString', '__proto__']) {
    const r = await cliInProcess(command, 'x.causal.jsonl');
    assert.equal(r.status, 2, command);
    assert.match(r.stderr, new RegExp(`Unknown command "${command}"`));
  }
});

test('--max-memory-mb sets the analysis budget: a wide trace is refused under it, naming the flag, and checked above it', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'causeway-budget-')), 'wide.causal.jsonl');
  writeFileSync(file, eventsOnDistinctReplicas(3000));
  const refused = await cliInProcess('check', file, '--max-memory-mb', '8');
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /memory limit of 8 MB.*--max-memory-mb/s);
  const checked = await cliInProcess('check', file, '--max-memory-mb', '200', '--json');
  assert.notEqual(checked.status, 2, checked.stderr);
  assert.equal((JSON.parse(checked.stdout) as { executions: { events: number }[] }).executions[0].events, 3000);
  const bad = await cliInProcess('check', file, '--max-memory-mb', 'lots');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--max-memory-mb takes a number of megabytes/);
});

test('stats on a long chain of events (200,000 causal depths) reports instead of overflowing the stack', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'causeway-stats-')), 'chain.causal.jsonl');
  writeFileSync(file, `{"format":"causeway","version":1}\n${'{"replica":"A","kind":"local"}\n'.repeat(200_000)}`);
  const r = await cliInProcess('stats', file, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal((JSON.parse(r.stdout) as { executions: { concurrency: { max: number } }[] }).executions[0].concurrency.max, 1);
});
