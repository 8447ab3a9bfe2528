// The Problems panel: every finding of an open trace as a diagnostic on its line, replaced when the
// trace is reloaded and cleared when its editor closes.

import * as vscode from 'vscode';
import type { Finding, Severity } from '../engine/trace/diagnostics';
import { displayText } from '../engine/util/display-text';
import type { TraceEditorProvider } from './trace-editor';
import type { TraceDocument } from './trace-document';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function findingDiagnostic(finding: Finding): vscode.Diagnostic {
  // Line 0 concerns the whole file: shown on the first line.
  const start = Math.max(0, finding.line - 1);
  const end = Math.max(start, (finding.endLine ?? finding.line) - 1);
  const range = new vscode.Range(start, 0, end, Number.MAX_SAFE_INTEGER);
  const diagnostic = new vscode.Diagnostic(range, displayText(finding.message), SEVERITY[finding.severity]);
  diagnostic.source = 'Causeway';
  diagnostic.code = finding.kind;
  return diagnostic;
}

export class TraceDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('causeway');
  private readonly subscription: vscode.Disposable;

  constructor(editors: TraceEditorProvider) {
    this.subscription = editors.onDidOpenDocument((document) => {
      this.update(document);
      const changed = document.onDidChange(() => this.update(document));
      document.onDidDispose(() => {
        changed.dispose();
        this.collection.delete(document.uri);
      });
    });
  }

  private update(document: TraceDocument): void {
    const { summary } = document;
    const findings = [...summary.findings, ...summary.executions.flatMap((e) => e.findings), ...document.sessionFindings];
    this.collection.set(document.uri, findings.map(findingDiagnostic));
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
  }
}
