// Extension-host tests of the Problems panel: a broken trace's findings appear as diagnostics on
// their lines, Rerun Checks replaces them after the file changes, and closing the editor clears them.

import * as assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { allFindings } from '../../engine/analysis/report';
import { loadTraceFile } from '../../cli/trace-file';
import { closeAllEditors, openInCauseway, repoPath, waitFor } from './helpers';

const SEVERITY_NAME: Record<vscode.DiagnosticSeverity, string> = ['error', 'warning', 'info', 'hint'];

/** The diagnostics of a file, or undefined while there are none. */
const diagnosticsOf = (uri: vscode.Uri) => {
  const found = vscode.languages.getDiagnostics(uri);
  return found.length > 0 ? found : undefined;
};

describe('Problems panel', () => {
  afterEach(closeAllEditors);

  it('shows every finding of a broken trace on its line, and clears them when the editor closes', async () => {
    const path = repoPath('test', 'fixtures', 'extension', 'broken.causal.jsonl');
    const uri = vscode.Uri.file(path);
    await openInCauseway(path);
    // Exactly the engine's findings (a whole-file finding, line 0, on the first line), once the
    // state checks have run too...
    const file = loadTraceFile(path);
    const findings = [...file.findings, ...file.executions.flatMap((trace) => allFindings(analyzeTrace(trace)))];
    const expected = findings.map((f) => `${Math.max(1, f.line)} ${f.severity} ${f.kind}: ${f.message}`).sort();
    const summary = (diagnostics: readonly vscode.Diagnostic[]) =>
      diagnostics.map((d) => `${d.range.start.line + 1} ${SEVERITY_NAME[d.severity]} ${String(d.code)}: ${d.message}`).sort();
    const diagnostics = await waitFor(`diagnostics ${JSON.stringify(expected)}`, () => {
      const found = vscode.languages.getDiagnostics(uri);
      return JSON.stringify(summary(found)) === JSON.stringify(expected) ? found : undefined;
    });
    // ...which name what is wrong with this file, where.
    for (const what of ['3 error parse-error', '4 warning unknown-message', '5 error state-mismatch']) {
      assert.ok(expected.some((d) => d.startsWith(what)), `no "${what}" in ${JSON.stringify(expected)}`);
    }
    assert.ok(diagnostics.every((d) => d.source === 'Causeway'));

    await closeAllEditors();
    await waitFor('the diagnostics to clear', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
  });

  it('re-reads the file on Rerun Checks', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'causeway-rerun-')), 'trace.causal.jsonl');
    copyFileSync(repoPath('test', 'fixtures', 'extension', 'broken.causal.jsonl'), path);
    const uri = vscode.Uri.file(path);
    await openInCauseway(path);
    await waitFor('diagnostics', () => diagnosticsOf(uri));
    copyFileSync(repoPath('examples', 'shopping-cart.causal.jsonl'), path);
    await vscode.commands.executeCommand('causeway.rerunChecks');
    await waitFor('the diagnostics of the fixed trace', () => (vscode.languages.getDiagnostics(uri).length === 0 ? true : undefined));
    writeFileSync(path, '{"format":"causeway","version":1}\n{"replica":"A","kind":"op"\n');
    await vscode.commands.executeCommand('causeway.rerunChecks');
    const [parseError] = await waitFor('the parse error', () => diagnosticsOf(uri));
    assert.equal(parseError.range.start.line, 1);
    assert.equal(parseError.code, 'parse-error');
  });
});
