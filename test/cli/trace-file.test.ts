// Loading a trace file that is still being written: its last line may lack its line break (the
// writer is midway through it); such a line is left for a later read instead of being an error.

import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadTraceFile } from '../../cli/trace-file';
import type { TraceFile } from '../../engine/trace/model';

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

/** Every file under examples/ and test/fixtures/ that reads as a trace. */
function traceFiles(): string[] {
  const root = join(__dirname, '..', '..');
  const files = [join(root, 'examples'), join(root, 'test', 'fixtures')].flatMap((dir) => readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)));
  return files.filter((path) => {
    try {
      loadTraceFile(path);
      return true;
    } catch {
      return false;
    }
  });
}

/** What a reader made of a file: each execution's events, names, clocks, labels and findings. */
function contentOf(file: TraceFile): unknown {
  return {
    findings: file.findings,
    executions: file.executions.map((t) => ({
      names: [t.replicas.all(), t.keys.all(), t.values.all(), t.messages.all()],
      columns: [t.replica, t.kind, t.line, t.offset, t.key, t.clockStart, t.clockValue, t.edgeFrom].map((column) => Array.from(column)),
      events: Array.from({ length: t.size }, (_, i) => [t.eventId(i), t.opOf(i), t.recordedClock(i), t.labels?.[i]]),
      findings: t.findings,
    })),
  };
}

test('a file read in small chunks through one reused buffer reads as it does in one piece, in every format', () => {
  const files = traceFiles();
  assert.ok(files.length > 40, `${files.length} trace files found`);
  for (const path of files) assert.deepEqual(contentOf(loadTraceFile(path, { chunkSize: 13 })), contentOf(loadTraceFile(path, { chunkSize: 1 << 30 })), path);
});
