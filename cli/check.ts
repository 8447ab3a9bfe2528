// `causeway check` and `causeway stats` over every FILE a shell gives: one report per file, each
// file's failure (unreadable, unrecognised, or an unexpected error) kept to that file, and the
// worst status of all as the exit status. Under --json the output is one JSON document.

import { analyzeTrace } from '../engine/analysis/analyze';
import { checkReport, hasErrors } from '../engine/analysis/report';
import { ReadCancelled, TraceReadError } from '../engine/format/types';
import { displayText } from '../engine/util/display-text';
import type { CliIO } from './cli-io';
import { formatCheckText, formatStatsText, statsReport } from './text-output';
import { loadTraceFile, type LoadOptions } from './trace-file';

export type CheckCommand = 'check' | 'stats';

export interface CheckOptions {
  load: LoadOptions;
  json: boolean;
  /** How much memory the analysis's replica tables may take (--max-memory-mb), in bytes. */
  maxMatrixBytes?: number;
}

/** One file's outcome: its exit status and its JSON (the report, or the error). */
interface FileOutcome {
  status: number;
  json: object;
}

/** The message for a file that could not be checked: the reader's words, or a bug named as one. */
function failureMessage(file: string, e: unknown): string {
  if (e instanceof TraceReadError || e instanceof ReadCancelled) return e.message;
  return `${file}: internal error (${String(e)}); this is a bug in Causeway, please report it.`;
}

/** One file's part of the JSON document; a report JSON cannot hold becomes that file's error. */
function jsonText(file: string, outcome: FileOutcome, withFile: boolean): { status: number; text: string } {
  const entry = withFile ? { file, status: outcome.status, ...outcome.json } : outcome.json;
  try {
    return { status: outcome.status, text: JSON.stringify(entry) };
  } catch (e) {
    const error = failureMessage(file, e);
    return { status: 2, text: JSON.stringify(withFile ? { file, status: 2, error } : { file, error }) };
  }
}

/** Reads, analyses and reports one file; writes its text report unless the output is JSON. */
function checkFile(command: CheckCommand, file: string, options: CheckOptions, io: CliIO): FileOutcome {
  const load: LoadOptions = { ...options.load };
  if (io.stderr.isTTY) {
    load.onProgress = (done, total) => io.stderr.write(`\rReading ${displayText(file)}: ${Math.floor((100 * done) / Math.max(total, 1))}%`);
  }
  try {
    const traceFile = loadTraceFile(file, load);
    if (load.onProgress) io.stderr.write('\r\x1b[K');
    const analyses = traceFile.executions.map((t) => analyzeTrace(t, { maxMatrixBytes: options.maxMatrixBytes }));
    if (command === 'stats') {
      if (!options.json) io.stdout.write(formatStatsText(file, traceFile, analyses));
      return { status: 0, json: statsReport(traceFile, analyses) };
    }
    const report = checkReport(traceFile, analyses);
    if (!options.json) io.stdout.write(formatCheckText(file, report));
    return { status: hasErrors(report) ? 1 : 0, json: report };
  } catch (e) {
    if (load.onProgress) io.stderr.write('\r\x1b[K');
    const error = failureMessage(file, e);
    io.stderr.write(`causeway: ${displayText(error)}\n`);
    return { status: 2, json: { file, error } };
  }
}

/**
 * Checks (or counts) every file in turn and resolves to the worst status. JSON: one file's report
 * as it is (or `{"file", "error"}`), several as `{"files": [{"file", "status", ...report or error}]}`.
 */
export function checkFiles(command: CheckCommand, files: readonly string[], options: CheckOptions, io: CliIO): number {
  const outcomes = files.map((file, i) => {
    if (i > 0 && !options.json) io.stdout.write('\n');
    return checkFile(command, file, options, io);
  });
  if (options.json) {
    if (files.length === 1) {
      const single = jsonText(files[0], outcomes[0], false);
      io.stdout.write(`${single.text}\n`);
      return single.status;
    }
    const parts = outcomes.map((o, i) => jsonText(files[i], o, true));
    io.stdout.write(`{"files":[${parts.map((p) => p.text).join(',')}]}\n`);
    return Math.max(...parts.map((p) => p.status));
  }
  if (files.length > 1) {
    const count = (status: number) => outcomes.filter((o) => o.status === status).length;
    io.stdout.write(`\n${files.length} files: ${count(0)} passed, ${count(1)} with errors, ${count(2)} could not be read.\n`);
  }
  return Math.max(...outcomes.map((o) => o.status));
}
