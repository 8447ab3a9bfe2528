// The fuzz properties of the CLI and the live ingest, shared by the bounded suite in `npm test`
// (test/fuzz/cli.test.ts) and the long run before releases (`npm run fuzz`, test/fuzz/run.ts).
// Law for every input: `causeway check` ends in bounded time with a report or a clear error,
// exit 0, 1 or 2, no stack trace and no internal error, and under --json exactly one JSON document.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { LiveIngest } from '../../extension/live/ingest';
import { readHello } from '../../extension/live/hello';
import { RecordingWriter } from '../../extension/live/recording';
import { cliInProcess, type CliRun } from '../cli/in-process';
import { deeplyNested, hostile, hugeNumbers, lines, manyReplicas, mutated, samples, spoofingNames, type Sample } from './generators';

/** A CLI run takes at most this long on one input (a few kB to a few MB), or it counts as hanging. */
export const MAX_RUN_MS = 20_000;

/** The laws every run of `causeway check` keeps, whatever its input. */
export function assertCliLaws(run: CliRun, json: boolean, ms: number): void {
  assert.ok([0, 1, 2].includes(run.status), `exit status ${run.status}`);
  assert.doesNotMatch(run.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'a stack trace reached the user');
  assert.doesNotMatch(run.stderr, /internal error/, `an internal error: ${run.stderr.slice(0, 300)}`);
  assert.ok(ms < MAX_RUN_MS, `took ${ms.toFixed(0)} ms`);
  if (run.status === 2) assert.match(run.stderr, /^causeway: \S/, 'a failure says why');
  if (json) {
    const document = JSON.parse(run.stdout) as Record<string, unknown>;
    assert.ok('executions' in document || 'error' in document || 'files' in document, 'the documented shape');
  } else {
    assert.doesNotMatch(run.stdout.replace(/\n/g, ''), /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u, 'a hidden or bidi character reached the terminal');
    if (run.status !== 2) assert.match(run.stdout, run.status === 1 ? /check FAILED \(exit 1\)\n$/ : /check passed\n$/, 'the verdict agrees with the exit status');
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'causeway-fuzz-'));
let written = 0;

/** Writes `text` (or bytes) to a new file named like `name` and checks it; asserts the laws. */
export async function checkInput(name: string, content: string | Uint8Array, args: readonly string[], json: boolean): Promise<CliRun> {
  const file = join(scratch, `${++written}-${name}`);
  writeFileSync(file, content);
  const started = performance.now();
  const run = await cliInProcess('check', file, ...args, ...(json ? ['--json'] : []));
  assertCliLaws(run, json, performance.now() - started);
  return run;
}

/** One fuzz property: a name, and an async property fast-check runs. */
export interface FuzzProperty {
  name: string;
  property: fc.IAsyncPropertyWithHooks<unknown[]>;
  /** Runs in `npm test` (the long run multiplies it). */
  runs: number;
}

function sampleProperty(sample: Sample, how: string, input: fc.Arbitrary<string | Uint8Array>, runs: number): FuzzProperty {
  return {
    name: `${sample.name}: ${how}`,
    property: fc.asyncProperty(input, fc.boolean(), async (text, json) => void (await checkInput(sample.name, text, sample.args, json))),
    runs,
  };
}

/** A live connection's lines: the hello, then event lines valid, mutated and hostile. */
const liveLines = (events: string[]) =>
  fc.tuple(
    fc.oneof(fc.constant('{"causeway":"live","version":1,"token":"t","replica":"A"}'), hostile, mutated('{"causeway":"live","version":1,"token":"t","replica":"A"}')),
    fc.array(fc.oneof(fc.constantFrom(...events), hostile, fc.constantFrom(...events).chain(mutated), fc.nat({ max: 50 }).map((seq) => `{"replica":"A","kind":"local","seq":${seq}}`)), { maxLength: 40 }),
  );

/** Feeds one connection's lines to a live ingest; what it recorded must read back as a trace (never exit 2). */
async function ingestChecked(hello: string, eventLines: string[]): Promise<void> {
  const path = join(scratch, `${++written}-live.causal.jsonl`);
  const recording = await RecordingWriter.open(path);
  const findings: unknown[] = [];
  const ingest = new LiveIngest(recording, { events: () => undefined, findings: (f) => findings.push(...f) }, 60_000);
  const reply = readHello(hello, 't');
  const replica = 'error' in reply ? undefined : reply.replica;
  for (const line of eventLines) {
    const refused = ingest.accept(line, { id: 1, replica });
    assert.ok(refused === undefined || (typeof refused === 'string' && refused.length > 0), 'accepted, or refused with a reason');
  }
  ingest.flush();
  await recording.close();
  const started = performance.now();
  const run = await cliInProcess('check', path, '--json');
  assertCliLaws(run, true, performance.now() - started);
  assert.notEqual(run.status, 2, `the recording does not read back: ${run.stderr}`);
}

/** What a property run found: how many inputs it tried, and the first failure, shortened. */
export interface PropertyOutcome {
  tried: number;
  failure?: string;
}

/** Runs a property `runs` times from `seed`; a failure names its seed and path to replay it, and a short counterexample. */
export async function runProperty(property: FuzzProperty, runs: number, seed: number): Promise<PropertyOutcome> {
  const details = await fc.check(property.property, { numRuns: runs, seed, endOnFailure: true });
  if (!details.failed) return { tried: details.numRuns };
  const example = JSON.stringify(details.counterexample) ?? '';
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  return {
    tried: details.numRuns,
    failure:
      `${property.name}: ${error.split('\n')[0]}\n  seed ${details.seed}, path "${details.counterexamplePath}"\n` +
      `  counterexample (${example.length.toLocaleString('en-US')} characters): ${example.slice(0, 300)}${example.length > 300 ? '...' : ''}`,
  };
}

/** Every property: each sample mutated and rebuilt from its lines, random bytes, and the targeted generators. */
export function fuzzProperties(): FuzzProperty[] {
  const all = samples();
  const properties = all.flatMap((sample) => [
    sampleProperty(sample, 'mutated', mutated(sample.text), 24),
    sampleProperty(sample, 'lines of wrong types and hostile strings', lines(sample.text), 12),
  ]);
  const native: Sample = { name: 'fuzz.causal.jsonl', text: '', args: [] };
  const events = all.filter((s) => s.name.endsWith('.causal.jsonl')).flatMap((s) => s.text.split('\n').slice(1, 8)).filter((l) => l.startsWith('{'));
  properties.push(
    sampleProperty({ ...native, name: 'bytes.log' }, 'random bytes', fc.uint8Array({ maxLength: 3000 }), 80),
    sampleProperty(native, 'spoofing names', spoofingNames, 60),
    sampleProperty(native, 'huge numbers', hugeNumbers.map((h) => h.text), 60),
    sampleProperty({ ...native, name: 'huge.log' }, 'huge numbers (ShiViz)', hugeNumbers.filter((h) => h.name.endsWith('.log')).map((h) => h.text), 20),
    sampleProperty(native, 'many replicas', manyReplicas, 6),
    sampleProperty(native, 'deep nesting', deeplyNested, 8),
    { name: 'live ingest: hello and event lines', property: fc.asyncProperty(liveLines(events), async ([hello, eventLines]) => ingestChecked(hello, eventLines)), runs: 60 },
  );
  return properties;
}
