// The conversion law, for every format Causeway reads: converting a trace to the native format
// and reading it back checks the same (events, replicas, messages, conflicts, findings by kind);
// converting it to ShiViz does too, or the exporter says what the ShiViz text could not carry.

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SOURCE_FINDING_KINDS } from '../../cli/convert';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { checkReport } from '../../engine/analysis/report';
import { detectFormat, formatById } from '../../engine/format/detect';
import { nativeFileLines } from '../../engine/format/export-native';
import { SHIVIZ_DELIMITER, shivizFileLines } from '../../engine/format/export-shiviz';
import type { ReadOptions } from '../../engine/format/types';
import type { EventInput, Trace, TraceFile } from '../../engine/trace/model';
import { edgeList, FORMAT_FIXTURES, fixtureText, SHIVIZ_FIXTURES } from './helpers';
import { GENERATED_FORMATS, randomFile } from './random-formats';

/** Reads `text` (or a binary file's bytes) as `format`, with the bytes at hand (as the editor and the CLI read files). */
function read(format: string, text: string | Uint8Array, options: ReadOptions = {}): TraceFile {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const reader = formatById(format)!.createReader({ ...options, bytes: { read: (offset, length) => bytes.subarray(offset, offset + length) } });
  reader.push(bytes);
  return reader.finish();
}


/**
 * What `causeway check` says of a file, in the terms the law compares. `source`: the source's own
 * findings (SOURCE_FINDING_KINDS: its text, its recorded failures and verdicts) are left out, as
 * `convert` says it does not repeat them.
 */
function checked(file: TraceFile, source = false) {
  const report = checkReport(file, file.executions.map((t) => analyzeTrace(t)));
  const byKind = (findings: readonly { severity: string; kind: string }[]) => {
    const counts: Record<string, number> = {};
    for (const f of findings) if (f.severity !== 'info' && !(source && SOURCE_FINDING_KINDS.has(f.kind))) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
    return counts;
  };
  return {
    file: byKind(report.findings),
    executions: report.executions.map((e) => ({
      events: e.events,
      // ShiViz has no display order for hosts: compared as a set.
      replicas: e.replicas.map((r) => `${r.name}: ${r.events}`).sort(),
      messages: e.messages,
      conflicts: e.conflicts.length,
      findings: byKind(e.findings),
    })),
  };
}

/** The file converted to native and read back. */
function viaNative(file: TraceFile): TraceFile {
  return read('causeway', [...nativeFileLines(file.executions), ''].join('\n'));
}

/** The file converted to ShiViz and read back, with what the exporter said it could not carry. */
function viaShiviz(file: TraceFile): { back: TraceFile; cannotCarry: string[] } {
  const cannotCarry: string[] = [];
  const text = [...shivizFileLines(file.executions, { cannotCarry }), ''].join('\n');
  return { back: read('shiviz', text, file.executions.length > 1 ? { delimiter: SHIVIZ_DELIMITER } : {}), cannotCarry };
}

/** The law for one file (`causeway convert` says when the source had findings about its text). */
function assertConvertsLosslessly(file: TraceFile, what: string): void {
  const expected = checked(file, true);
  assert.deepEqual(checked(viaNative(file)), expected, `${what} -> native checks as the original`);
  const { back, cannotCarry } = viaShiviz(file);
  // A description or a replica priority left out does not change what check says.
  const changesCheck = cannotCarry.filter((note) => !/the (description|replica priority) \(/i.test(note));
  if (changesCheck.length === 0) assert.deepEqual(checked(back), expected, `${what} -> ShiViz checks as the original (and the exporter reported no loss that matters to check)`);
}

/** An event without where it came from (lines and byte offsets change with the format). */
function portable(e: EventInput): EventInput {
  const { line: _line, offset: _offset, length: _length, ...rest } = e;
  return rest as EventInput;
}

/** native -> native keeps the header and every event member, exactly. */
function assertSameNative(a: Trace, b: Trace): void {
  // The exporter writes every replica and object type in the header, also those the original learnt from its events.
  const header = (t: Trace) => ({ ...t.header, name: t.name, replicas: t.replicas.all(), objects: t.keys.all().map((key, k) => [key, t.objects[k]]) });
  assert.deepEqual(header(b), header(a), 'header');
  assert.equal(b.size, a.size, 'events');
  for (let i = 0; i < a.size; i++) assert.deepEqual(portable(b.event(i)), portable(a.event(i)), `event ${a.eventId(i)}`);
  assert.deepEqual(edgeList(b), edgeList(a), 'message edges');
}

const CONVERT_FIXTURES = new URL('../fixtures/convert/', import.meta.url);
const REAL_CORPUS = new URL('../fixtures/real/', import.meta.url);

/** The real-trace corpus, read as its manifests say (test/format/real-corpus.test.ts). */
function corpusFixtures(): { format: string; path: URL; options?: ReadOptions }[] {
  if (!existsSync(REAL_CORPUS)) return [];
  return readdirSync(REAL_CORPUS, { withFileTypes: true })
    .filter((group) => group.isDirectory() && existsSync(new URL(`${group.name}/manifest.json`, REAL_CORPUS)))
    .flatMap((group) => {
      const manifest = JSON.parse(readFileSync(new URL(`${group.name}/manifest.json`, REAL_CORPUS), 'utf8')) as { files: { file: string; options?: ReadOptions & { format?: string } }[] };
      return manifest.files.map(({ file, options: { format = '', ...options } = {} }) => ({ format, path: new URL(`${group.name}/${file}`, REAL_CORPUS), options }));
    });
}

const FIXTURES: { format: string; path: URL; options?: ReadOptions }[] = [
  ...readdirSync(FORMAT_FIXTURES).map((name) => ({ format: '', path: new URL(name, FORMAT_FIXTURES) })),
  { format: 'zipkin', path: new URL('zipkin-yelp.json', CONVERT_FIXTURES) },
  { format: 'jaeger', path: new URL('jaeger-genai.json', CONVERT_FIXTURES) },
  ...corpusFixtures(),
  ...readdirSync(new URL('../../examples/', import.meta.url))
    .filter((name) => name.endsWith('.causal.jsonl'))
    .map((name) => ({ format: 'causeway', path: new URL(`../../examples/${name}`, import.meta.url) })),
  ...(JSON.parse(fixtureText(SHIVIZ_FIXTURES, 'manifest.json')) as { logs: { file: string; regex: string; delimiter: string }[] }).logs.map((log) => ({
    format: 'shiviz',
    path: new URL(log.file, SHIVIZ_FIXTURES),
    options: { regex: log.regex, ...(log.delimiter ? { delimiter: log.delimiter } : {}) },
  })),
];


describe('convert keeps what check says', () => {
  for (const fixture of FIXTURES) {
    const name = fixture.path.pathname.split('/').pop()!;
    it(`of ${name}`, () => {
      const bytes = readFileSync(fixture.path);
      const text = bytes.toString('utf8');
      const format = fixture.format || detectFormat(text.slice(0, 65536), name)!.id;
      const file = read(format, new Uint8Array(bytes), fixture.options);
      assertConvertsLosslessly(file, name);
      if (format === 'causeway') file.executions.forEach((t, k) => assertSameNative(t, viaNative(file).executions[k]));
    });
  }

  for (const format of GENERATED_FORMATS) {
    it(`of generated ${format} traces`, () => {
      fc.assert(
        fc.property(randomFile(format), (g) => assertConvertsLosslessly(read(g.format, g.text, g.options), `${g.format}:\n${g.text}`)),
        { numRuns: 60 },
      );
    });
  }

  it('of generated native traces, member by member (fields, description, objects, seq, edges)', () => {
    fc.assert(
      fc.property(randomFile('causeway'), (g) => {
        const file = read('causeway', g.text);
        const back = viaNative(file);
        assert.equal(back.executions.length, file.executions.length);
        file.executions.forEach((t, k) => assertSameNative(t, back.executions[k]));
      }),
      { numRuns: 100 },
    );
  });
});
