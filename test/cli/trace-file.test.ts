// Loading a trace file that is still being written: its last line may lack its line break (the
// writer is midway through it); such a line is left for a later read instead of being an error.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTraceFile } from '../../cli/trace-file';

const header = '{"format":"causeway","version":1,"replicas":["A"]}';
const event = '{"replica":"A","kind":"local"}';

function file(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'causeway-growing-')), 'recording.causal.jsonl');
  writeFileSync(path, text);
  return path;
}

const parseErrors = (path: string, completeLinesOnly: boolean) => {
  const [trace] = loadTraceFile(path, { completeLinesOnly }).executions;
  return { events: trace.size, errors: trace.findings.filter((f) => f.kind === 'parse-error').length };
};

test('a last line cut midway is an error in a finished file, and left for later in one still being written', () => {
  const path = file(`${header}\n${event}\n${event}\n{"replica":"A","ki`);
  assert.deepEqual(parseErrors(path, false), { events: 2, errors: 1 });
  assert.deepEqual(parseErrors(path, true), { events: 2, errors: 0 });
});

test('every complete line is read, also when the cut line is longer than the block read backwards', () => {
  const long = `{"replica":"A","kind":"local","label":"${'x'.repeat(200_000)}`;
  assert.deepEqual(parseErrors(file(`${header}\n${event}\n${event}\n${event}\n`), true), { events: 3, errors: 0 });
  assert.deepEqual(parseErrors(file(`${header}\n${event}\n${long}`), true), { events: 1, errors: 0 });
});
