// Values nested deeper than the limit (256 levels) never reach anything that recurses: in any
// native field, in a span document or its causal.value tag, or through a live session's event
// check, the line becomes a finding naming the field and the limit, and the rest is read.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { dclocksFormat } from '../../engine/format/dclocks';
import { CAUSEWAY_SHIVIZ_REGEX } from '../../engine/format/export-shiviz';
import { checkNativeEvent } from '../../engine/format/native';
import { otlpFormat } from '../../engine/format/otlp';
import { shivizFormat } from '../../engine/format/shiviz';
import { tlaplusFormat } from '../../engine/format/tlaplus';
import { zipkinFormat } from '../../engine/format/zipkin';
import type { Finding } from '../../engine/trace/diagnostics';
import { MAX_JSON_DEPTH, mayNestDeeperThan, nestsDeeperThan } from '../../engine/util/json-depth';
import { LiveIngest } from '../../extension/live/ingest';
import type { RecordingWriter } from '../../extension/live/recording';
import { readTraceText } from '../format/helpers';
import { readText, REPO } from '../helpers/load';

/** JSON text of arrays nested `depth` levels deep. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
const HEADER = '{"format":"causeway","version":1,"objects":{"r":"lww-register"}}';
const PLAIN_EVENT = '{"replica":"A","kind":"op","key":"r","op":{"type":"set","value":2}}';
const LIMIT_WORDS = /nests deeper than 256 levels/;

/** An event line with `deep` (JSON text) in the named place. */
const EVENT_WITH: Record<string, (deep: string) => string> = {
  fields: (deep) => `{"replica":"A","kind":"op","key":"r","op":{"type":"set","value":1},"fields":{"x":${deep}}}`,
  op: (deep) => `{"replica":"A","kind":"op","key":"r","op":{"type":"set","value":${deep}}}`,
  state: (deep) => `{"replica":"A","kind":"local","state":{"r":${deep}}}`,
  clock: (deep) => `{"replica":"A","kind":"local","clock":{"A":${deep}}}`,
  label: (deep) => `{"replica":"A","kind":"local","label":${deep}}`,
  replica: (deep) => `{"replica":${deep},"kind":"local"}`,
};

function errors(findings: readonly Finding[]): Finding[] {
  return findings.filter((f) => f.severity === 'error');
}

describe('the nesting limit', () => {
  it('is checked without recursion, also a million levels deep', () => {
    let value: unknown[] = [];
    for (let k = 1; k < 1_000_000; k++) value = [value];
    assert.equal(nestsDeeperThan(value), true);
    assert.equal(nestsDeeperThan(JSON.parse(nested(MAX_JSON_DEPTH))), false);
    assert.equal(nestsDeeperThan(JSON.parse(nested(MAX_JSON_DEPTH + 1))), true);
    assert.equal(nestsDeeperThan({ a: [1, { b: 'x' }], c: null }, 3), false);
    assert.equal(nestsDeeperThan({ a: [1, { b: {} }] }, 3), true);
  });

  it('skips only text too short to nest deeper than the limit (law: nests deeper => long enough)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 6 }), (value, limit) => {
        if (nestsDeeperThan(value, limit)) assert.ok(mayNestDeeperThan(JSON.stringify(value).length, limit));
      }),
      { numRuns: 3000 },
    );
    assert.equal(mayNestDeeperThan(nested(3).length, 2), true);
    assert.equal(mayNestDeeperThan(nested(3).length - 1, 2), false);
  });

  for (const depth of [5_000, 100_000]) {
    for (const [field, line] of Object.entries(EVENT_WITH)) {
      it(`refuses an event whose "${field}" nests ${depth.toLocaleString('en-US')} deep, and reads the rest`, () => {
        const file = readText([HEADER, line(nested(depth)), PLAIN_EVENT].join('\n'));
        const t = file.executions[0];
        assert.equal(t.size, 1);
        const [f] = errors(t.findings);
        assert.equal(f.kind, 'parse-error');
        assert.equal(f.line, 2);
        assert.match(f.message, new RegExp(`^Line 2: "${field}" nests deeper than 256 levels .*; the event is skipped\\.$`));
      });
    }

    it(`ignores a header field nested ${depth.toLocaleString('en-US')} deep and keeps the rest of the header`, () => {
      const header = `{"format":"causeway","version":1,"objects":{"r":"lww-register"},"description":${nested(depth)}}`;
      const t = readText([header, PLAIN_EVENT].join('\n')).executions[0];
      assert.equal(t.size, 1);
      assert.deepEqual(t.header.objects, { r: 'lww-register' });
      assert.equal(t.header.description, undefined);
      const [f] = errors(t.findings);
      assert.equal(f.line, 1);
      assert.match(f.message, /the header's "description" nests deeper than 256 levels/);
    });

    it(`refuses a declaration or a line that is an array nested ${depth.toLocaleString('en-US')} deep`, () => {
      const declaration = `{"declare":{"objects":{"s":${nested(depth)}}}}`;
      const t = readText([HEADER, declaration, nested(depth), PLAIN_EVENT].join('\n')).executions[0];
      assert.equal(t.size, 1);
      assert.deepEqual(errors(t.findings).map((f) => f.line), [2, 3]);
      assert.match(errors(t.findings)[0].message, /"declare" nests deeper than 256 levels.*the declaration is skipped/);
    });
  }

  it('reads a value nested exactly 256 levels deep, and refuses 257', () => {
    // The "fields" object is the first level of the value.
    const at = (depth: number) => EVENT_WITH['fields'](nested(depth - 1));
    const t = readText([HEADER, at(MAX_JSON_DEPTH), at(MAX_JSON_DEPTH + 1)].join('\n')).executions[0];
    assert.equal(t.size, 1);
    assert.deepEqual(t.findings.map((f) => f.line), [3]);
  });

  it('refuses a live event nested 100,000 deep with words for the client, and records nothing', () => {
    const recorded: string[] = [];
    const recording = { append: (text: string) => recorded.push(text) } as unknown as RecordingWriter;
    const ingest = new LiveIngest(recording, { events: () => {}, findings: () => {} }, 1_000_000);
    try {
      for (const line of Object.values(EVENT_WITH)) {
        assert.match(ingest.accept(line(nested(100_000)), { id: 1 }) ?? '', LIMIT_WORDS);
      }
      assert.match(ingest.accept(EVENT_WITH['fields'](nested(100_000)), { id: 1, replica: 'A' }) ?? '', LIMIT_WORDS);
      assert.deepEqual(recorded, []);
      assert.equal(ingest.accept(PLAIN_EVENT, { id: 1 }), undefined);
      assert.equal(recorded.length, 1);
    } finally {
      ingest.flush();
    }
  });

  it('is the first thing the native event check looks at', () => {
    const deep = JSON.parse(nested(5_000)) as unknown;
    assert.match(checkNativeEvent({ replica: 'A', kind: deep }, 'vector') as string, /^"kind" nests deeper than 256 levels/);
  });

  describe('in span documents', () => {
    const zipkinSpan = (tags: string) => `[{"traceId":"a","id":"1","name":"x","timestamp":1,"duration":2,"localEndpoint":{"serviceName":"s"},"tags":${tags}}]`;
    const otlpSpan = (attributes: string) =>
      `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"s"}}]},"scopeSpans":[{"spans":[{"traceId":"t","spanId":"z1","name":"n","startTimeUnixNano":"5","endTimeUnixNano":"6","attributes":${attributes}}]}]}]}`;

    for (const depth of [5_000, 100_000]) {
      it(`reads a span whose causal.value tag nests ${depth.toLocaleString('en-US')} deep as a plain span, with a warning`, () => {
        const zipkin = readTraceText(zipkinFormat, zipkinSpan(JSON.stringify({ 'causal.key': 'k', 'causal.op': 'set', 'causal.value': nested(depth) })), {}, 1, 65536);
        const attribute = (key: string, value: string) => ({ key, value: { stringValue: value } });
        const otlp = readTraceText(otlpFormat, otlpSpan(JSON.stringify([attribute('causal.key', 'k'), attribute('causal.op', 'set'), attribute('causal.value', nested(depth))])), {}, 1, 65536);
        for (const file of [zipkin, otlp]) {
          const t = file.executions[0];
          assert.equal(t.size, 2);
          assert.equal(t.event(0).kind, 'local');
          const [f] = t.findings.filter((x) => x.kind === 'invalid-operation');
          assert.match(f.message, /its causal\.value nests deeper than 256 levels.*read as a plain span/);
        }
      });

      it(`skips a span document nested ${depth.toLocaleString('en-US')} deep (a causal.op or any tag), with its line, and reads the next`, () => {
        const deepOp = zipkinSpan(`{"causal.key":"k","causal.op":${nested(depth)}}`);
        const file = readTraceText(zipkinFormat, `${deepOp}\n${zipkinSpan('{}')}\n`, {}, 1, 65536);
        assert.equal(file.executions[0].size, 2);
        const [f] = errors([...file.findings, ...file.executions[0].findings]);
        assert.equal(f.kind, 'parse-error');
        assert.equal(f.line, 1);
        assert.match(f.message, /the document starting on line 1 nests deeper than 256 levels/);
        const otlp = otlpSpan(`[{"key":"causal.key","value":{"stringValue":"k"}},{"key":"causal.op","value":${nested(depth)}}]`);
        assert.throws(() => readTraceText(otlpFormat, otlp, {}, 1, 65536), LIMIT_WORDS);
      });
    }
  });

  it('gives `causeway check --json` a report and exit 1 for a file with a line nested 100,000 deep, never a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-nesting-'));
    const native = join(dir, 'deep.causal.jsonl');
    writeFileSync(native, [HEADER, EVENT_WITH['state'](nested(100_000)), PLAIN_EVENT].join('\n'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', join(REPO, 'cli/main.ts'), 'check', native, '--json'], { cwd: REPO, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.equal(r.stderr, '');
    const report = JSON.parse(r.stdout) as { executions: { events: number; findings: Finding[] }[] };
    assert.equal(report.executions[0].events, 1);
    assert.match(report.executions[0].findings[0].message, /Line 2: "state" nests deeper than 256 levels/);
  });

  it("refuses a deep member of a DistributedClocks or TLA+ line, or of a ShiViz log's causeway group, and reads the rest", () => {
    const deep = nested(5_000);
    const dclocks = readTraceText(dclocksFormat, `{"TracerIdentity":"A","Tag":"t","Body":{},"Extra":${deep},"VectorClock":{"A":1}}\n{"TracerIdentity":"A","Tag":"u","VectorClock":{"A":2}}\n`);
    const tlaplus = readTraceText(tlaplusFormat, `{"N":2}\n{"event":"d","node":0,"extra":${deep},"pkt":{"vc":{"0":1}}}\n{"event":"d","node":0,"pkt":{"vc":{"0":2}}}\n`);
    for (const file of [dclocks, tlaplus]) {
      assert.equal(file.executions[0].size, 1);
      assert.ok([...file.findings, ...file.executions[0].findings].some((f) => f.kind === 'parse-error' && LIMIT_WORDS.test(f.message)));
    }
    const shiviz = readTraceText(shivizFormat, `${CAUSEWAY_SHIVIZ_REGEX}\n\nA {"A":1}\nhello\t{"fields":{"x":${deep}}}\nA {"A":2}\nbye\n`);
    assert.equal(shiviz.executions[0].size, 2);
    assert.equal(shiviz.executions[0].event(0).fields, undefined);
    assert.ok([...shiviz.findings, ...shiviz.executions[0].findings].some((f) => LIMIT_WORDS.test(f.message)));
  });
});

