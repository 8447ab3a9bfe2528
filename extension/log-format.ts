// How to read a text log (ShiViz / GoVector shapes): the parser regex and the execution
// delimiter. Asked once per file with presets for the common shapes, remembered in the
// workspace, and skipped when the settings name one, the log carries GoVector's regex header, or
// its content is another format's (a Jepsen text log, say).

import { closeSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';
import * as vscode from 'vscode';
import { detectFormat } from '../engine/format/detect';
import { compileShivizRegex, SHIVIZ_DELIMITER, SHIVIZ_REGEX_PRESETS } from '../engine/format/shiviz-regex';
import { importOptions } from './settings';
import type { LoadRequest } from './worker-protocol';

type LogFormat = Pick<LoadRequest, 'regex' | 'delimiter'>;

const TEXT_LOG_EXTENSIONS = new Set(['.log', '.txt']);
const memoryKey = (uri: vscode.Uri) => `causeway.logFormat:${uri.fsPath}`;

/** Regex presets: the shapes GoVector, ShiViz and TSViz write, and a one-line shape. */
function regexPresets(): { label: string; detail: string; regex: string }[] {
  return [
    { label: vscode.l10n.t('GoVector'), detail: vscode.l10n.t('a line with the host and its clock, then the event line'), regex: SHIVIZ_REGEX_PRESETS.govector },
    { label: vscode.l10n.t('ShiViz default'), detail: vscode.l10n.t('the event line, then a line with the host and its clock'), regex: SHIVIZ_REGEX_PRESETS.shiviz },
    { label: vscode.l10n.t('One line'), detail: vscode.l10n.t('host, clock and event on each line'), regex: SHIVIZ_REGEX_PRESETS.oneLine },
    { label: vscode.l10n.t('TSViz'), detail: vscode.l10n.t('a timestamp and the event, then the host and its clock'), regex: SHIVIZ_REGEX_PRESETS.tsviz },
  ];
}

/** Why `text` is not a usable parser regex (compiled as the import will: bounded cost, named groups), or undefined when it is. */
function regexProblem(text: string): string | undefined {
  try {
    compileShivizRegex(text, 'parser', 'typed in Choose Log Format');
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/**
 * Whether the file reads without a regex: it starts with GoVector's regex header line, or its
 * content is recognised as a format other than a ShiViz log.
 */
function readsWithoutRegex(path: string): boolean {
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(path, 'r');
  try {
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
    if (/^\(\?<\w+>/.test(text)) return true;
    const format = detectFormat(text, basename(path));
    return format !== undefined && format.id !== 'shiviz';
  } finally {
    closeSync(fd);
  }
}

async function askRegex(name: string): Promise<string> {
  const custom = { label: vscode.l10n.t('Custom regex...'), detail: vscode.l10n.t('named groups host, clock and event; others become fields'), regex: '' };
  const picked = await vscode.window.showQuickPick([...regexPresets(), custom], {
    title: vscode.l10n.t('How are the events of {0} written?', name),
    placeHolder: vscode.l10n.t('Pick the parser regex (it is remembered for this file)'),
  });
  if (!picked) throw new vscode.CancellationError();
  if (picked !== custom) return picked.regex;
  const regex = await vscode.window.showInputBox({
    title: vscode.l10n.t('Parser regex for {0}', name),
    prompt: vscode.l10n.t('A regex with the named groups host, clock and event; \\n in it spans lines.'),
    validateInput: (text) => regexProblem(text),
  });
  if (regex === undefined) throw new vscode.CancellationError();
  return regex;
}

async function askDelimiter(name: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('One execution'), detail: vscode.l10n.t('no delimiter'), delimiter: undefined },
      { label: '=== name ===', detail: SHIVIZ_DELIMITER, delimiter: SHIVIZ_DELIMITER },
    ],
    { title: vscode.l10n.t('Does {0} hold several executions?', name) },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.delimiter;
}

/** The regex and delimiter to read `uri` with: from the settings, the workspace's memory, or the user. */
export async function logFormatFor(uri: vscode.Uri, memory: vscode.Memento): Promise<LogFormat> {
  const configured = importOptions();
  if (configured.regex || !TEXT_LOG_EXTENSIONS.has(extname(uri.fsPath).toLowerCase())) return configured;
  const remembered = memory.get<LogFormat>(memoryKey(uri));
  if (remembered) return remembered;
  if (readsWithoutRegex(uri.fsPath)) return configured;
  const name = uri.path.split('/').pop() ?? uri.fsPath;
  const format: LogFormat = { regex: await askRegex(name) };
  const delimiter = configured.delimiter ?? (await askDelimiter(name));
  if (delimiter) format.delimiter = delimiter;
  await memory.update(memoryKey(uri), format);
  return format;
}

/** Forgets the remembered format of `uri`, so the next load asks again. */
export function forgetLogFormat(uri: vscode.Uri, memory: vscode.Memento): Thenable<void> {
  return memory.update(memoryKey(uri), undefined);
}
