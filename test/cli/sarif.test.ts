// `causeway check --report sarif -o OUT`: the SARIF 2.1.0 log code hosts read. It must be valid
// against the OASIS schema (as SchemaStore publishes it) and hold exactly the findings --json
// reports, file by file, kind by kind, line by line; the output is written as safely as convert's.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import type * as Sarif from 'sarif';
import { sarifLog, sarifLogText } from '../../engine/analysis/sarif';
import type { CheckReport } from '../../engine/analysis/report';
import { FINDING_KINDS, type Finding } from '../../engine/trace/diagnostics';
import { EXAMPLES, REPO } from '../helpers/load';
import { cliInProcess } from './in-process';

const SCHEMA = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')) as object;
const validateSarif = new Ajv({ allErrors: true }).compile(SCHEMA);

const REAL = join(REPO, 'test', 'fixtures', 'real');
/** Real public files with findings of several kinds, about lines and about whole files, read without options. */
const REAL_FILES = [
  'p/bug2_0_0.trace.json',
  'p/trace_0_0.trace.json',
  'jepsen/etcd_000.log',
  'jepsen/c01-bad.txt',
  'tlaplus/EWD998ChanTrace.ndjson',
  'tlaplus/trace-unstable.ndjson',
  'zipkin/skew.json',
].map((f) => join(REAL, f));
const EXAMPLE_FILES = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.causal.jsonl'))
  .map((f) => join(EXAMPLES, f));

/** A fresh path in a new temporary folder for the SARIF output. */
function outputPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'causeway-sarif-')), 'findings.sarif');
}

/** Asserts that `text` is a SARIF 2.1.0 log the schema accepts, and returns it. */
function validLog(text: string): Sarif.Log {
  const log = JSON.parse(text) as Sarif.Log;
  assert.ok(validateSarif(log), `not valid SARIF 2.1.0: ${JSON.stringify(validateSarif.errors?.slice(0, 5))}`);
  return log;
}

/** The URI a file must have in the log: its path from the working directory, with forward slashes. */
function expectedUri(file: string): string {
  return relative(process.cwd(), file).split(sep).map(encodeURIComponent).join('/');
}

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** One finding, as a line comparable between --json and SARIF. */
function findingKey(uri: string, f: Pick<Finding, 'kind' | 'line' | 'endLine' | 'message'>, level: string): string {
  return JSON.stringify([uri, f.kind, level, f.line, f.endLine ?? f.line, f.message]);
}

/** Every finding of --json's reports (file by file), sorted. */
function jsonFindings(files: readonly string[], reports: readonly CheckReport[]): string[] {
  return files
    .flatMap((file, i) => [...reports[i].findings, ...reports[i].executions.flatMap((e) => e.findings)].map((f) => findingKey(expectedUri(file), f, LEVEL[f.severity])))
    .sort();
}

/** Every result of the SARIF run, sorted, after checking each names its rule and its file as code hosts expect. */
function sarifFindings(run: Sarif.Run): string[] {
  const rules = run.tool.driver.rules ?? [];
  return (run.results ?? [])
    .map((r) => {
      assert.equal(rules[r.ruleIndex ?? -1]?.id, r.ruleId, 'ruleIndex points to the rule named by ruleId');
      const physical = r.locations?.[0]?.physicalLocation;
      assert.equal(physical?.artifactLocation?.uriBaseId, '%SRCROOT%');
      const region = physical?.region;
      const finding = { kind: r.ruleId as Finding['kind'], line: region?.startLine ?? 0, endLine: region?.endLine, message: r.message.text ?? '' };
      return findingKey(physical?.artifactLocation?.uri ?? '', finding, r.level ?? '');
    })
    .sort();
}

/** `check FILES --json` reports and exit status, and the SARIF log `check FILES --report sarif -o OUT` writes. */
async function checkBothWays(files: readonly string[], options: string[] = []): Promise<{ status: number; reports: CheckReport[]; log: Sarif.Log }> {
  const json = await cliInProcess('check', ...files, ...options, '--json');
  const parsed = JSON.parse(json.stdout) as CheckReport & { files?: CheckReport[] };
  const out = outputPath();
  const sarif = await cliInProcess('check', ...files, ...options, '--report', 'sarif', '-o', out);
  assert.equal(sarif.status, json.status, 'the exit status is the one check gives');
  return { status: sarif.status, reports: parsed.files ?? [parsed], log: validLog(readFileSync(out, 'utf8')) };
}

test('the SARIF log of the examples and of real files is valid SARIF 2.1.0 and holds exactly the --json findings, one result each', async () => {
  const files = [...EXAMPLE_FILES, ...REAL_FILES];
  const { status, reports, log } = await checkBothWays(files);
  assert.equal(status, 1);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1, 'one run for all the files');
  const [run] = log.runs;
  assert.deepEqual(run.invocations?.map((i) => i.executionSuccessful), [true]);
  const expected = jsonFindings(files, reports);
  assert.ok(expected.length > 100, `${expected.length} findings`);
  assert.deepEqual(sarifFindings(run), expected);
  assert.ok(run.results?.some((r) => r.locations?.[0].physicalLocation?.region === undefined), 'some findings concern whole files');
});

test('a real file read with a regex gives the same findings in SARIF as in --json', async () => {
  const file = join(REAL, 'shiviz', 'govector-example-Log.txt');
  const options = ['--format', 'shiviz', '--regex', '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)', '--delimiter', '^=== (?<trace>.*) ===$'];
  const { reports, log } = await checkBothWays([file], options);
  const expected = jsonFindings([file], reports);
  assert.ok(expected.length >= 5, `${expected.length} findings`);
  assert.deepEqual(sarifFindings(log.runs[0]), expected);
});

test('a file that cannot be read is an error notification of an unsuccessful invocation, and the other files still give their results', async () => {
  const missing = join(mkdtempSync(join(tmpdir(), 'causeway-sarif-')), 'missing.causal.jsonl');
  const lost = join(EXAMPLES, 'lww-lost-update.causal.jsonl');
  const out = outputPath();
  const r = await cliInProcess('check', lost, missing, '--report', 'sarif', '-o', out);
  assert.equal(r.status, 2);
  const [run] = validLog(readFileSync(out, 'utf8')).runs;
  const [invocation] = run.invocations ?? [];
  assert.equal(invocation.executionSuccessful, false);
  assert.equal(invocation.toolExecutionNotifications?.length, 1);
  assert.equal(invocation.toolExecutionNotifications?.[0].level, 'error');
  assert.match(invocation.toolExecutionNotifications?.[0].message.text ?? '', /missing\.causal\.jsonl/);
  assert.deepEqual(
    invocation.toolExecutionNotifications?.[0].locations?.[0].physicalLocation?.artifactLocation,
    { uri: pathToFileURL(missing).href },
    'a file outside the working directory is named by its absolute file: URI',
  );
  assert.ok((run.results ?? []).some((result) => result.ruleId === 'lost-update'));
});

test('every finding kind is one rule with a description, a help text and a default level', () => {
  const log = sarifLog([], { name: 'Causeway', version: '0.0.0' });
  const rules = log.runs[0].tool.driver.rules ?? [];
  assert.deepEqual(
    rules.map((r) => r.id),
    [...FINDING_KINDS],
  );
  for (const rule of rules) {
    assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.text, rule.id);
    assert.ok(['error', 'warning', 'note'].includes(rule.defaultConfiguration?.level ?? ''), rule.id);
  }
  assert.ok(validateSarif(log));
});

test('a finding about the whole file has a location without a region; a span of lines has its end line', () => {
  const finding = (line: number, endLine?: number): Finding => ({ severity: 'info', kind: 'skipped-text', line, message: 'm', events: [], ...(endLine ? { endLine } : {}) });
  const report: CheckReport = { format: 'shiviz', executions: [], findings: [finding(0), finding(3, 7)] };
  const log = sarifLog([{ uri: 'logs/a%20b.log', report }], { name: 'Causeway', version: '0.0.0' });
  assert.ok(validateSarif(log));
  const [whole, span] = (log.runs[0].results ?? []).map((r) => r.locations?.[0].physicalLocation);
  assert.deepEqual(whole, { artifactLocation: { uri: 'logs/a%20b.log', uriBaseId: '%SRCROOT%' } });
  assert.deepEqual(span?.region, { startLine: 3, endLine: 7 });
  assert.equal(log.runs[0].results?.[0].level, 'note');
});

test('--report sarif never writes onto an input nor over an existing file unless --force', async () => {
  const input = join(mkdtempSync(join(tmpdir(), 'causeway-sarif-')), 'in.causal.jsonl');
  copyFileSync(join(EXAMPLES, 'or-set-race.causal.jsonl'), input);
  const original = readFileSync(input, 'utf8');
  const onInput = await cliInProcess('check', input, '--report', 'sarif', '-o', input, '--force');
  assert.equal(onInput.status, 2);
  assert.match(onInput.stderr, /is the same file as the input/);
  assert.equal(readFileSync(input, 'utf8'), original);

  const out = outputPath();
  writeFileSync(out, 'keep me');
  const existing = await cliInProcess('check', input, '--report', 'sarif', '-o', out);
  assert.equal(existing.status, 2);
  assert.match(existing.stderr, /already exists; pass --force/);
  assert.equal(readFileSync(out, 'utf8'), 'keep me');

  const forced = await cliInProcess('check', input, '--report', 'sarif', '-o', out, '--force');
  assert.equal(forced.status, 0);
  validLog(readFileSync(out, 'utf8'));
});

test('--report sarif without -o, another report, or -o without --report are usage errors', async () => {
  const input = join(EXAMPLES, 'or-set-race.causal.jsonl');
  for (const [args, message] of [
    [['--report', 'sarif'], /needs -o OUT/],
    [['--report', 'html', '-o', outputPath()], /--report takes sarif/],
    [['-o', outputPath()], /only with --report sarif/],
  ] as const) {
    const r = await cliInProcess('check', input, ...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message);
  }
  const stats = await cliInProcess('stats', input, '--report', 'sarif', '-o', outputPath());
  assert.equal(stats.status, 2);
  assert.match(stats.stderr, /takes no --report or -o/);
});

test('the log written piece by piece is the same log, whatever the batch of results', () => {
  const finding = (line: number): Finding => ({ severity: 'warning', kind: 'clock-gap', line, message: `gap at ${line}`, events: ['a:1'] });
  const report: CheckReport = { format: 'causeway', executions: [], findings: [1, 2, 3, 4, 5].map(finding) };
  const files = [{ uri: 'a.causal.jsonl', report }, { uri: 'b.causal.jsonl', error: 'b.causal.jsonl: not a trace' }];
  const tool = { name: 'Causeway', version: '0.0.0' };
  for (const batch of [1, 2, 5, 1000]) {
    const pieces = [...sarifLogText(files, tool, batch)];
    assert.deepEqual(JSON.parse(pieces.join('')), sarifLog(files, tool), `batch ${batch}`);
  }
});
