// The estimate the editor makes from a long file's first lines before reading it whole
// (extension/opening-estimate.ts), and the line sampling it rests on (cli/trace-file.ts).

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { loadTraceFile, sampledLineLength, wholeLinesWithin } from '../cli/trace-file';
import { estimateOpening, HELD_BYTES_PER_EVENT } from '../extension/opening-estimate';

const dir = mkdtempSync(join(tmpdir(), 'causeway-estimate-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const MB = 1024 * 1024;

test('a file whose estimate fits within the limit opens whole', () => {
  const sample = { bytes: MB, lines: 4000, events: 4000, tableBytes: 0, lineBytes: 262 };
  assert.equal(estimateOpening(sample, 100 * MB, 1024 * MB), undefined);
});

test('the whole is estimated from the mean line length along the file, not the first lines alone', () => {
  // The first lines are 200 bytes, the file's lines 300 on average (clocks grow): 10,000,000 events in 3,000,000,000 bytes.
  const sample = { bytes: 200 * 5000, lines: 5000, events: 5000, tableBytes: 5000 * 50, lineBytes: 300 };
  const estimate = estimateOpening(sample, 3_000_000_000, 2048 * MB);
  assert.ok(estimate);
  assert.equal(estimate.events, 10_000_000);
  assert.equal(estimate.neededBytes, 10_000_000 * (HELD_BYTES_PER_EVENT + 50));
  assert.ok(estimate.rangeEvents * (HELD_BYTES_PER_EVENT + 50) <= 2048 * MB, 'the range fits within the limit');
  assert.ok(estimate.rangeEvents >= 3_000_000, `${estimate.rangeEvents} events: close to what fits`);
  assert.equal(estimate.rangeBytes, estimate.rangeEvents * 300, 'the range is cut at the mean bytes per event');
});

test('events per line come from the first lines (a log with two lines per event)', () => {
  const estimate = estimateOpening({ bytes: 100 * 4000, lines: 4000, events: 2000, tableBytes: 0, lineBytes: 100 }, 1e9, 64 * MB);
  assert.equal(estimate?.events, 5_000_000);
});

test('the smallest range offered is the first lines already read, however small the limit', () => {
  const sample = { bytes: MB, lines: 4000, events: 4000, tableBytes: 0, lineBytes: NaN };
  const estimate = estimateOpening(sample, 50 * MB, 1);
  assert.ok(estimate);
  assert.equal(estimate.events, 200_000, 'without a mean line length, the first lines speak for the whole');
  assert.equal(estimate.rangeEvents, 4000);
  assert.equal(estimate.rangeBytes, MB);
});

test('the mean line length is sampled along the file, so lines that grow are weighed fairly', () => {
  const path = join(dir, 'growing.jsonl');
  const lines = Array.from({ length: 40_000 }, (_, i) => `{"n":${i},"pad":"${'x'.repeat(Math.floor(i / 200))}"}`);
  const text = `${lines.join('\n')}\n`;
  writeFileSync(path, text);
  const mean = Buffer.byteLength(text) / lines.length;
  const sampled = sampledLineLength(path);
  assert.ok(Math.abs(sampled - mean) / mean < 0.05, `sampled ${sampled.toFixed(1)} bytes, mean ${mean.toFixed(1)}`);
  const first = wholeLinesWithin(path, 64 * 1024);
  assert.ok(first.bytes / first.lines < mean * 0.5, 'the first lines alone would say half of it');
});

test("the range read is the whole lines within the first bytes: the loader reads exactly those", () => {
  const path = join(dir, 'range.causal.jsonl');
  const events = Array.from({ length: 100 }, (_, i) => JSON.stringify({ id: `e${i}`, replica: 'a', clock: { a: i + 1 }, kind: 'local' }));
  writeFileSync(path, `${events.join('\n')}\n`);
  const within = wholeLinesWithin(path, 1000);
  assert.ok(within.bytes <= 1000 && within.bytes > 900, `${within.bytes} bytes`);
  assert.equal(within.lines, Buffer.from(events.join('\n')).subarray(0, within.bytes).toString().split('\n').length - 1);
  assert.equal(loadTraceFile(path, { firstBytes: 1000 }).executions[0].size, within.lines);
});
