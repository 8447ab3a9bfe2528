// `causeway check` in text summarises long reports: the first conflicts and findings (errors
// first), the rest counted with a pointer to --json, which still lists every one.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TEXT_LIST_LIMIT } from '../../cli/text-output';
import { REPO } from '../helpers/load';
import { cliInProcess } from './in-process';

/** A trace with `keys` concurrent-write conflicts, `orphans` receives of messages never sent (warnings), then one error. */
function longTrace(keys: number, orphans: number): string {
  const objects = Object.fromEntries(Array.from({ length: keys }, (_, k) => [`k${k}`, 'mv-register']));
  const lines: object[] = [{ format: 'causeway', version: 1, replicas: ['A', 'B'], objects }];
  for (let k = 0; k < keys; k++) {
    lines.push({ replica: 'A', kind: 'op', key: `k${k}`, op: { type: 'set', value: 1 } });
    lines.push({ replica: 'B', kind: 'op', key: `k${k}`, op: { type: 'set', value: 2 } });
  }
  lines.push({ replica: 'A', kind: 'send', msg: 'm1', to: ['B'] });
  lines.push({ replica: 'B', kind: 'receive', msg: 'm1' });
  for (let i = 0; i < orphans; i++) lines.push({ replica: 'B', kind: 'receive', msg: `lost${i}` });
  // A recorded state the replay disagrees with: an error, last in line order.
  lines.push({ replica: 'A', kind: 'op', key: 'k0', op: { type: 'set', value: 3 }, state: { k0: [99] } });
  return `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`;
}

function traceFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'causeway-summary-')), 'long.causal.jsonl');
  writeFileSync(file, text);
  return file;
}

test('text lists the first conflicts and findings and counts the rest; --json lists all', async () => {
  const keys = TEXT_LIST_LIMIT.conflicts + 7;
  const orphans = TEXT_LIST_LIMIT.findings + 12;
  const file = traceFile(longTrace(keys, orphans));
  const json = await cliInProcess('check', file, '--json');
  const [ex] = JSON.parse(json.stdout).executions;
  assert.equal(ex.conflicts.length, keys, 'every key is a conflict');
  assert.ok(ex.findings.length > TEXT_LIST_LIMIT.findings, `more findings than text lists (${ex.findings.length})`);

  const text = await cliInProcess('check', file);
  assert.equal(text.status, json.status);
  assert.equal(text.stdout.match(/^ {2}conflict /gm)?.length, TEXT_LIST_LIMIT.conflicts);
  assert.match(text.stdout, /\.\.\. and 7 more conflicts; --json lists all/);
  assert.equal(text.stdout.match(/^ {2}(?:line \d+|file): /gm)?.length, TEXT_LIST_LIMIT.findings);
  assert.match(text.stdout, new RegExp(`\\.\\.\\. and ${ex.findings.length - TEXT_LIST_LIMIT.findings} more findings; --json lists all`));
  assert.match(text.stdout, /by kind: \d+ \w+ [\w-]+/);
});

test('a short report lists everything and says nothing of more', async () => {
  const file = traceFile(longTrace(2, 1));
  const text = await cliInProcess('check', file);
  assert.equal(text.stdout.match(/^ {2}conflict /gm)?.length, 2);
  assert.doesNotMatch(text.stdout, /more conflicts|more findings|by kind/);
});

test('errors are listed before warnings when findings are cut', async () => {
  const file = traceFile(longTrace(1, TEXT_LIST_LIMIT.findings + 5));
  const json = JSON.parse((await cliInProcess('check', file, '--json')).stdout);
  const severities = json.executions[0].findings.map((f: { severity: string }) => f.severity);
  const text = (await cliInProcess('check', file)).stdout;
  const shown = [...text.matchAll(/^ {2}(?:line \d+|file): (\w+) /gm)].map((m) => m[1]);
  const rank = { error: 0, warning: 1, info: 2 } as Record<string, number>;
  assert.ok(severities.includes('error'), 'the trace has an error, last in line order');
  assert.equal(shown[0], 'error', 'the error is listed although it comes last in the file');
  assert.deepEqual(shown, [...shown].sort((a, b) => rank[a] - rank[b]), 'shown in severity order');
});

test('a library-decoded document says what its lanes are instead of whether they converged', async () => {
  const example = join(REPO, 'examples/yjs-shared-text.yjs.jsonl');
  const text = (await cliInProcess('check', example)).stdout;
  assert.match(text, /a Yjs document's history \(a lane per author/);
  assert.doesNotMatch(text, /NOT converged/);
  const json = JSON.parse((await cliInProcess('check', example, '--json')).stdout);
  assert.equal(json.executions[0].library, 'Yjs');
});
