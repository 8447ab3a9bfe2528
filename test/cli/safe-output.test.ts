// convert and simulate -o never destroy a file: not the input (under any name or link), not an
// existing output unless --force, and never a half-written output (a temporary file is renamed).

import assert from 'node:assert/strict';
import { copyFileSync, linkSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { convertedName } from '../../cli/convert';
import { EXAMPLES } from '../helpers/load';
import { cliInProcess } from './in-process';

/** A folder holding a copy of an example as in.causal.jsonl. */
function folderWithInput(): { dir: string; input: string; original: string } {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-output-'));
  const input = join(dir, 'in.causal.jsonl');
  copyFileSync(join(EXAMPLES, 'or-set-race.causal.jsonl'), input);
  return { dir, input, original: readFileSync(input, 'utf8') };
}

test('convert IN -o IN is refused, with or without --force, and the input is left intact', async () => {
  const { input, original } = folderWithInput();
  for (const force of [[], ['--force']]) {
    const r = await cliInProcess('convert', input, '-o', input, ...force);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /is the same file as the input .*in\.causal\.jsonl/);
    assert.equal(readFileSync(input, 'utf8'), original);
  }
});

test('convert refuses an output that is the input through a symbolic or a hard link', { skip: process.platform === 'win32' }, async () => {
  const { dir, input, original } = folderWithInput();
  const symbolic = join(dir, 'symbolic.causal.jsonl');
  const hard = join(dir, 'hard.causal.jsonl');
  symlinkSync(input, symbolic);
  linkSync(input, hard);
  for (const [from, to] of [
    [input, symbolic],
    [symbolic, hard],
    [hard, input],
  ]) {
    const r = await cliInProcess('convert', from, '-o', to, '--force');
    assert.equal(r.status, 2, `${from} -> ${to}`);
    assert.match(r.stderr, /same file as the input/);
  }
  assert.equal(readFileSync(input, 'utf8'), original);
});

test('convert refuses an existing output unless --force, then replaces it whole', async () => {
  const { dir, input } = folderWithInput();
  const output = join(dir, 'out.log');
  writeFileSync(output, 'keep me\n');
  const refused = await cliInProcess('convert', input, '-o', output);
  assert.equal(refused.status, 2);
  assert.match(refused.stderr, /out\.log already exists; pass --force to replace it/);
  assert.equal(readFileSync(output, 'utf8'), 'keep me\n');
  const forced = await cliInProcess('convert', input, '-o', output, '--force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(readFileSync(output, 'utf8'), /^\(\?<host>/);
  assert.deepEqual(readdirSync(dir).sort(), ['in.causal.jsonl', 'out.log'], 'no temporary file left behind');
});

test('a convert that fails leaves no output and no temporary file', async () => {
  const { dir } = folderWithInput();
  const notTrace = join(dir, 'notes.txt');
  writeFileSync(notTrace, 'just words\n');
  const r = await cliInProcess('convert', notTrace, '-o', join(dir, 'out.causal.jsonl'));
  assert.equal(r.status, 2);
  assert.deepEqual(readdirSync(dir).sort(), ['in.causal.jsonl', 'notes.txt']);
});

test('simulate -o refuses an existing file unless --force', async () => {
  const { dir } = folderWithInput();
  const output = join(dir, 'sim.causal.jsonl');
  writeFileSync(output, 'keep me\n');
  const refused = await cliInProcess('simulate', '--duration', '1s', '-o', output);
  assert.equal(refused.status, 2);
  assert.equal(readFileSync(output, 'utf8'), 'keep me\n');
  const forced = await cliInProcess('simulate', '--duration', '1s', '-o', output, '--force');
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(readFileSync(output, 'utf8'), /^\{"format":"causeway"/);
  assert.deepEqual(readdirSync(dir).sort(), ['in.causal.jsonl', 'sim.causal.jsonl']);
});

test('the name proposed for a conversion is never the input\'s own', () => {
  assert.equal(convertedName('/t/run.causal.jsonl', 'causeway'), 'run.converted.causal.jsonl');
  assert.equal(convertedName('/t/run.log', 'shiviz'), 'run.converted.log');
  assert.equal(convertedName('/t/run.log', 'causeway'), 'run.causal.jsonl');
  assert.equal(convertedName('/t/run.causal.jsonl', 'shiviz'), 'run.log');
  assert.equal(convertedName('/t/spans.json', 'causeway'), 'spans.causal.jsonl');
});
