// Counts in words for the extension's views, status bar and messages: "1 event", "2 events",
// "1 error, 2 warnings" (every string through vscode.l10n.t, singular and plural each).

import * as vscode from 'vscode';

export function eventCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 event') : vscode.l10n.t('{0} events', n.toLocaleString());
}

export function replicaCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 replica') : vscode.l10n.t('{0} replicas', n.toLocaleString());
}

export function conflictCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 conflict') : vscode.l10n.t('{0} conflicts', n.toLocaleString());
}

/** "1 error, 2 warnings, 0 info in the file" for the severities of a file's findings. */
export function findingCounts(counts: { error: number; warning: number; info: number }): string {
  const errors = counts.error === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', counts.error.toLocaleString());
  const warnings = counts.warning === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', counts.warning.toLocaleString());
  const info = vscode.l10n.t('{0} info', counts.info.toLocaleString());
  return vscode.l10n.t('{0}, {1}, {2} in the file', errors, warnings, info);
}
