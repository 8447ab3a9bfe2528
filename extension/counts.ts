// Counts in words for the extension's views, status bar and messages: "1 event", "2 events",
// "1 error, 2 warnings" (every string through vscode.l10n.t, singular and plural each).

import * as vscode from 'vscode';
import { groupedCount } from '../engine/util/count-text';

export function eventCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 event') : vscode.l10n.t('{0} events', groupedCount(n));
}

export function replicaCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 replica') : vscode.l10n.t('{0} replicas', groupedCount(n));
}

export function conflictCount(n: number): string {
  return n === 1 ? vscode.l10n.t('1 conflict') : vscode.l10n.t('{0} conflicts', groupedCount(n));
}

/** "1 error, 2 warnings, 0 info in the file" for the severities of a file's findings. */
export function findingCounts(counts: { error: number; warning: number; info: number }): string {
  const errors = counts.error === 1 ? vscode.l10n.t('1 error') : vscode.l10n.t('{0} errors', groupedCount(counts.error));
  const warnings = counts.warning === 1 ? vscode.l10n.t('1 warning') : vscode.l10n.t('{0} warnings', groupedCount(counts.warning));
  const info = vscode.l10n.t('{0} info', groupedCount(counts.info));
  return vscode.l10n.t('{0}, {1}, {2} in the file', errors, warnings, info);
}
