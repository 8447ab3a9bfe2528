// Property tests for every importer on hostile input: random bytes, mutated fixtures, truncated
// lines, wrong types, deep nesting, huge numbers, HTML, control characters and 10 kB strings.
// Laws: reading ends (no hang), throws nothing but TraceReadError, every finding has a line >= 0
// and a message, and every trace it returns has its message edges pointing forward in index order.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dclocksFormat } from '../../engine/format/dclocks';
import { jaegerFormat } from '../../engine/format/jaeger';
import { otlpFormat } from '../../engine/format/otlp';
import { pFormat } from '../../engine/format/p';
import { shivizFormat } from '../../engine/format/shiviz';
import { tlaplusFormat } from '../../engine/format/tlaplus';
import { type ReadOptions, type TraceFormat, TraceReadError } from '../../engine/format/types';
import { zipkinFormat } from '../../engine/format/zipkin';
import { FINDING_KINDS } from '../../engine/trace/diagnostics';
import type { TraceFile } from '../../engine/trace/model';
import { lines, mutated } from '../fuzz/generators';
import { findingsOf, FORMAT_FIXTURES, fixtureText, readTraceText, SHIVIZ_FIXTURES } from './helpers';

const facebookRegex = (JSON.parse(fixtureText(SHIVIZ_FIXTURES, 'manifest.json')) as { logs: { file: string; regex: string }[] }).logs.find(
  (l) => l.file === 'facebook.log',
)!.regex;

interface Case {
  format: TraceFormat;
  options: ReadOptions;
  /** A valid sample to mutate. */
  sample: string;
}

const CASES: Record<string, Case> = {
  'shiviz (default regex)': { format: shivizFormat, options: {}, sample: 'hello\nA {"A":1}\nworld\nB {"B":1, "A":1}\n' },
  'shiviz (GoVector header, delimiter)': {
    format: shivizFormat,
    options: { delimiter: '^=== (?<trace>.*) ===$' },
    sample: '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\n=== one ===\nA {"A":1}\nsend\nB {"A":1,"B":1}\nrecv\n=== two ===\nC {"C":1}\nx\n',
  },
  'shiviz (facebook regex)': { format: shivizFormat, options: { regex: facebookRegex }, sample: fixtureText(SHIVIZ_FIXTURES, 'facebook.log').slice(0, 1500) },
  dclocks: { format: dclocksFormat, options: {}, sample: fixtureText(FORMAT_FIXTURES, 'dclocks.jsonl') },
  tlaplus: { format: tlaplusFormat, options: {}, sample: fixtureText(FORMAT_FIXTURES, 'tlaplus.ndjson') },
  p: { format: pFormat, options: {}, sample: fixtureText(FORMAT_FIXTURES, 'p-trace.json') },
  otlp: { format: otlpFormat, options: {}, sample: fixtureText(FORMAT_FIXTURES, 'otlp.json') },
  jaeger: { format: jaegerFormat, options: {}, sample: fixtureText(FORMAT_FIXTURES, 'jaeger.json') },
  zipkin: { format: zipkinFormat, options: {}, sample: fixtureText(FORMAT_FIXTURES, 'zipkin.json') },
};

const KINDS: readonly string[] = FINDING_KINDS;

/** Reads and checks the laws; returns the file, or undefined when the reader refused it properly. */
function readChecked(c: Case, input: string | Uint8Array, seed: number): TraceFile | undefined {
  let file: TraceFile;
  try {
    file = readTraceText(c.format, input, c.options, seed, 97);
  } catch (e) {
    if (e instanceof TraceReadError) {
      assert.ok(e.line >= 0 && Number.isInteger(e.line), 'TraceReadError has a line >= 0');
      assert.ok(e.message.length > 0);
      return undefined;
    }
    throw e;
  }
  assert.ok(file.executions.length >= 1, 'at least one execution');
  for (const f of findingsOf(file)) {
    assert.ok(Number.isInteger(f.line) && f.line >= 0, `finding line ${f.line}`);
    assert.ok(f.endLine === undefined || f.endLine >= f.line);
    assert.ok(KINDS.includes(f.kind), `known kind ${f.kind}`);
    assert.ok(['error', 'warning', 'info'].includes(f.severity));
    assert.ok(typeof f.message === 'string' && f.message.length > 0);
  }
  for (const t of file.executions) {
    for (let i = 0; i < t.size; i++) {
      assert.ok(t.line[i] >= 1, 'events have a line');
      for (let k = t.edgeStart[i]; k < t.edgeStart[i + 1]; k++) assert.ok(t.edgeFrom[k] >= 0 && t.edgeFrom[k] < i, 'edges point forward');
    }
    if (t.size > 0) t.event(t.size - 1);
  }
  return file;
}

const RUNS = 200;

describe('importers on hostile input', () => {
  for (const [name, c] of Object.entries(CASES)) {
    describe(name, () => {
      it('reads the valid sample without errors', () => {
        const file = readChecked(c, c.sample, 1);
        assert.ok(file);
        assert.ok(file.executions.some((t) => t.size > 0));
      });

      it('survives random bytes', { timeout: 120_000 }, () => {
        fc.assert(fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(), (bytes, seed) => void readChecked(c, bytes, seed)), { numRuns: RUNS });
      });

      it('survives mutated samples (truncated lines, inserted garbage, duplicates)', { timeout: 120_000 }, () => {
        fc.assert(fc.property(mutated(c.sample), fc.nat(), (text, seed) => void readChecked(c, text, seed)), { numRuns: RUNS });
      });

      it('survives lines of wrong types, deep nesting, huge numbers and hostile strings', { timeout: 120_000 }, () => {
        fc.assert(fc.property(lines(c.sample), fc.nat(), (text, seed) => void readChecked(c, text, seed)), { numRuns: RUNS });
      });
    });
  }
});
