// The real-trace corpus: every public trace file under test/fixtures/real/ is read and checked,
// and the reading must equal the one its manifest records, computed without Causeway's code
// (by the format's own tool, an independent script, or a count by hand the README explains).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadTraceFile, type LoadOptions } from '../../cli/trace-file';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { checkReport } from '../../engine/analysis/report';
import type { Finding } from '../../engine/trace/diagnostics';
import { REPO } from '../helpers/load';

/** What one execution of a real file must read as. */
interface ExpectedExecution {
  /** The execution's name, when the file has several. */
  name?: string;
  events: number;
  replicas: number;
  /** Events of each replica, by the name Causeway gives it (the host, service or machine name). */
  eventsPerReplica: Record<string, number>;
  messages: number;
  /** Warnings and errors genuinely in this execution, counted by kind ({} when it is clean). */
  findings: Record<string, number>;
}

interface CorpusEntry {
  /** The file's name in its folder. */
  file: string;
  source: { repo: string; path: string; commit: string; licence: string };
  /** How the file is read, as the CLI's flags say it (`format`, `regex`, `delimiter`). */
  options?: Pick<LoadOptions, 'format' | 'regex' | 'delimiter'>;
  /** How the expected figures were found, independently of Causeway. */
  how: string;
  executions: ExpectedExecution[];
  /** Warnings and errors about the file as a whole (outside every execution), by kind. */
  fileFindings?: Record<string, number>;
}

export const CORPUS = join(REPO, 'test', 'fixtures', 'real');

/** Every manifest entry of the corpus, with the folder it lives in. */
export function corpusEntries(): { group: string; entry: CorpusEntry }[] {
  const entries: { group: string; entry: CorpusEntry }[] = [];
  if (!existsSync(CORPUS)) return entries;
  for (const group of readdirSync(CORPUS, { withFileTypes: true })) {
    const manifest = join(CORPUS, group.name, 'manifest.json');
    if (!group.isDirectory() || !existsSync(manifest)) continue;
    const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { files: CorpusEntry[] };
    for (const entry of parsed.files) entries.push({ group: group.name, entry });
  }
  return entries;
}

/** Warnings and errors counted by kind. */
function countByKind(findings: readonly Finding[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of findings) if (f.severity !== 'info') counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}

describe('real public traces read as their own tools read them', () => {
  for (const { group, entry } of corpusEntries()) {
    test(`${group}/${entry.file}`, () => {
      const file = loadTraceFile(join(CORPUS, group, entry.file), { ...entry.options });
      const report = checkReport(file, file.executions.map((t) => analyzeTrace(t)));
      assert.deepEqual(countByKind(report.findings), entry.fileFindings ?? {}, 'findings about the file as a whole');
      assert.equal(report.executions.length, entry.executions.length, 'executions');
      report.executions.forEach((ex, i) => {
        const want = entry.executions[i];
        const got: ExpectedExecution = {
          ...(want.name === undefined ? {} : { name: ex.name }),
          events: ex.events,
          replicas: ex.replicas.length,
          eventsPerReplica: Object.fromEntries(ex.replicas.map((r) => [r.name, r.events])),
          messages: ex.messages,
          findings: countByKind(ex.findings),
        };
        assert.deepEqual(got, want, `execution ${i + 1} (${ex.name})`);
      });
    });
  }

  // Native traces are Causeway's own format: no public repository writes them, so the bundled
  // examples (test/engine/examples.test.ts) stand for them; every importer needs real files, but
  // DistributedClocks' tracing output: the only public ones found (student systems' trace logs)
  // carry no licence that permits copying them here, so its reader is tested on made files.
  const WITHOUT_LICENSED_PUBLIC_FILES = new Set(['dclocks']);
  test('the corpus holds at least 25 files, two or more of each format Causeway imports', () => {
    const entries = corpusEntries();
    assert.ok(entries.length >= 25, `${entries.length} files`);
    const byFormat = new Map<string, number>();
    for (const { group, entry } of entries) {
      const file = loadTraceFile(join(CORPUS, group, entry.file), { ...entry.options });
      byFormat.set(file.format, (byFormat.get(file.format) ?? 0) + 1);
    }
    for (const format of ['shiviz', 'dclocks', 'tlaplus', 'p', 'otlp', 'jaeger', 'zipkin', 'jepsen'].filter((f) => !WITHOUT_LICENSED_PUBLIC_FILES.has(f))) {
      assert.ok((byFormat.get(format) ?? 0) >= 2, `${format}: ${byFormat.get(format) ?? 0} real files`);
    }
  });
});
