// How to read a file that does not say it itself: a text log's parser regex and execution
// delimiter (ShiViz / GoVector shapes), or an NDJSON trace's mapping of its fields to events.
// Asked once per file (a text log without GoVector's regex header; JSON lines no format
// recognises and no sidecar maps), or when the user runs Choose Log Format, and remembered in the
// workspace per file; the settings' regex wins for text logs.

import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { basename, extname } from 'node:path';
import * as vscode from 'vscode';
import { sidecarPaths } from '../cli/trace-file';
import { detectFormat } from '../engine/format/detect';
import { isRecord } from '../engine/format/json-text';
import { compileShivizRegex, SHIVIZ_DELIMITER, SHIVIZ_REGEX_PRESETS } from '../engine/format/shiviz-regex';
import { askMapping } from './log-mapping';
import { importOptions } from './settings';
import type { LoadRequest } from './worker-protocol';

type LogFormat = Pick<LoadRequest, 'format' | 'regex' | 'delimiter' | 'mapping'>;

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

/** The first 64 KiB of the file, as text. */
function readHead(path: string): string {
  const head = Buffer.alloc(64 * 1024);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Whether a text log reads without a regex: it starts with GoVector's regex header, or its content is another format's. */
function readsWithoutRegex(head: string, path: string): boolean {
  if (/^\(\?<\w+>/.test(head)) return true;
  const format = detectFormat(head, basename(path));
  return format !== undefined && format.id !== 'shiviz';
}

/** JSON lines that no format recognises and no sidecar maps: they need a mapping to be read. */
function needsMapping(head: string, path: string): boolean {
  if (sidecarPaths(path).some((p) => existsSync(p)) || detectFormat(head, basename(path)) !== undefined) return false;
  const first = head.split('\n').find((line) => line.trim() !== '');
  try {
    return first !== undefined && isRecord(JSON.parse(first));
  } catch {
    return false;
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

async function askTextLog(name: string): Promise<LogFormat> {
  const format: LogFormat = { regex: await askRegex(name) };
  const delimiter = importOptions().delimiter ?? (await askDelimiter(name));
  if (delimiter) format.delimiter = delimiter;
  return format;
}

const nameOf = (uri: vscode.Uri) => uri.path.split('/').pop() ?? uri.fsPath;

/** How to read `uri`: the settings' regex (text logs), the workspace's memory, the user's answer, or nothing more than the settings. */
export async function logFormatFor(uri: vscode.Uri, memory: vscode.Memento): Promise<LogFormat> {
  const configured = importOptions();
  const textLog = TEXT_LOG_EXTENSIONS.has(extname(uri.fsPath).toLowerCase());
  if (configured.regex && textLog) return configured;
  const remembered = memory.get<LogFormat>(memoryKey(uri));
  if (remembered) return { ...configured, ...remembered };
  const head = readHead(uri.fsPath);
  let format: LogFormat;
  if (textLog && !readsWithoutRegex(head, uri.fsPath)) format = await askTextLog(nameOf(uri));
  else if (!textLog && needsMapping(head, uri.fsPath)) format = { mapping: await askMapping(head, nameOf(uri)) };
  else return configured;
  await memory.update(memoryKey(uri), format);
  return format;
}

/**
 * Choose Log Format: asks how `uri` is read (a text log's regex, an NDJSON mapping, or detection
 * from the content) and remembers it. Resolves to false when the user dismissed a question.
 */
export async function chooseLogFormat(uri: vscode.Uri, memory: vscode.Memento): Promise<boolean> {
  const name = nameOf(uri);
  const regex = { label: vscode.l10n.t('Text log with a parser regex'), detail: vscode.l10n.t('ShiViz, GoVector, TSViz or a regex of your own'), way: 'regex' };
  const mapping = { label: vscode.l10n.t('NDJSON with a mapping'), detail: vscode.l10n.t('pick the fields of the replica, the event, the sender, the receiver, the message id and the clock'), way: 'mapping' };
  const detect = { label: vscode.l10n.t('Detect from the content'), detail: vscode.l10n.t('forget the format chosen for this file'), way: 'detect' };
  const textLog = TEXT_LOG_EXTENSIONS.has(extname(uri.fsPath).toLowerCase());
  const picked = await vscode.window.showQuickPick(textLog ? [regex, mapping, detect] : [mapping, regex, detect], { title: vscode.l10n.t('How is {0} read?', name) });
  if (!picked) return false;
  let format: LogFormat | undefined;
  try {
    if (picked.way === 'regex') format = { format: 'shiviz', ...(await askTextLog(name)) };
    else if (picked.way === 'mapping') format = { mapping: await askMapping(readHead(uri.fsPath), name) };
  } catch (e) {
    if (e instanceof vscode.CancellationError) return false;
    throw e;
  }
  await memory.update(memoryKey(uri), format);
  return true;
}
