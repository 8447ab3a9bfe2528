// The seeded fuzz suite of `npm test`, bounded to about a minute: every property of properties.ts
// with a few runs in-process through runCli, and a few inputs as real processes (hostile regexes,
// many replicas under a 1 GB heap) for exit codes, one JSON document and no abort.
// `npm run fuzz` runs the same properties far longer (test/fuzz/run.ts).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from '../helpers/load';
import { HOSTILE_REGEXES, manyReplicasTrace } from './generators';
import { assertCliLaws, fuzzProperties, runProperty } from './properties';

/** The suite's seed: the same inputs on every run (the long run picks its own and prints it). */
const SEED = 20261206;

describe('causeway check on hostile input (in-process)', () => {
  for (const property of fuzzProperties()) {
    it(property.name, { timeout: 120_000 }, async () => {
      const { failure } = await runProperty(property, property.runs, SEED);
      assert.equal(failure, undefined, failure);
    });
  }
});

/** `causeway ARGS` as a process with a 1 GB heap and a time limit. */
function cliProcess(args: string[], timeout: number) {
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--max-old-space-size=1024', '--import', 'tsx', join(REPO, 'cli/main.ts'), ...args], { cwd: REPO, encoding: 'utf8', timeout, maxBuffer: 1 << 28 });
  assert.equal(r.error, undefined, `causeway ${args.join(' ')}: ${r.error?.message}`);
  assert.equal(r.signal, null, `causeway ${args.join(' ')} ended by ${r.signal}`);
  assert.doesNotMatch(r.stderr, /heap out of memory|Allocation failed/);
  return { run: { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }, ms: performance.now() - started };
}

describe('causeway check on hostile input (processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-fuzz-process-'));

  HOSTILE_REGEXES.forEach(({ args, input }, i) => {
    it(`hostile regex ${args.join(' ')} ends within seconds with a report or a clear error`, () => {
      const file = join(dir, `regex-${i}.log`);
      writeFileSync(file, input);
      const { run, ms } = cliProcess(['check', file, '--format', 'shiviz', ...args, '--json'], 8_000);
      assertCliLaws(run, true, ms);
    });
  });

  it('many replicas stay within a 1 GB heap, and several files give one JSON document', { timeout: 300_000 }, () => {
    const big = join(dir, 'replicas.causal.jsonl');
    writeFileSync(big, manyReplicasTrace(5000));
    const { run, ms } = cliProcess(['check', big, join(dir, 'missing.causal.jsonl'), '--json'], 240_000);
    assertCliLaws(run, true, ms);
    assert.deepEqual((JSON.parse(run.stdout) as { files: { status: number }[] }).files.map((f) => f.status).slice(1), [2]);
  });
});
