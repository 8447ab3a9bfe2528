// `causeway check` and `causeway stats` over every FILE a shell gives: one report per file, each
// file's failure (unreadable, unrecognised, or an unexpected error) kept to that file, and the
// worst status of all as the exit status. Under --json the output is one JSON document, written
// file by file as each is checked (conflicts worded a batch at a time, never as one string); with
// --report sarif -o FILE the findings of every file are also written to FILE as one SARIF log.

import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { version } from '../package.json';
import { analyzeTrace } from '../engine/analysis/analyze';
import { checkSummary, hasErrors, type CheckSummary } from '../engine/analysis/report';
import { reportJsonPieces } from '../engine/analysis/report-json';
import { sarifLogText, type SarifFile } from '../engine/analysis/sarif';
import { ReadCancelled, TraceReadError } from '../engine/format/types';
import { displayText } from '../engine/util/display-text';
import type { CliIO } from './cli-io';
import { OutputFile, OutputRefused } from './output-file';
import { StateReplayThread } from './state-replay-thread';
import { formatCheckText, formatStatsText, statsReport } from './text-output';
import { loadTraceFile, type LoadOptions } from './trace-file';

export type CheckCommand = 'check' | 'stats';

export interface CheckOptions {
  load: LoadOptions;
  json: boolean;
  /** How much memory the analysis's replica tables may take (--max-memory-mb), in bytes. */
  maxMatrixBytes?: number;
  /** Where to write the SARIF log of the findings (--report sarif -o FILE), replacing a file only with `force`. */
  sarif?: { path: string; force: boolean };
  /** Files from this size on have their state replay run on a second thread (default REPLAY_THREAD_MIN_BYTES). */
  replayThreadMinBytes?: number;
}

/** One file's outcome: its exit status, its JSON (the report, or the error), and the check report itself. */
interface FileOutcome {
  status: number;
  json: object;
  report?: CheckSummary;
  error?: string;
}

/** Text written to stdout at once while streaming JSON. */
const JSON_WRITE_BYTES = 1 << 20;

/**
 * Files from this size on (about 450,000 events of a native trace) have their state replay run on
 * a second thread. Measured on two cores (bench/check-cli.ts, in alternating runs): at a million
 * events it saves about 0.7 s of 4.5; at 300,000 and 100,000 events it saved nothing or cost a
 * little, both threads slowing down as they share the memory bus.
 */
const REPLAY_THREAD_MIN_BYTES = 128 << 20;

/** A second thread for the state replay, when `file` is a regular file large enough to gain from one. */
function replayThreadFor(file: string, minBytes = REPLAY_THREAD_MIN_BYTES): StateReplayThread | undefined {
  try {
    const stat = statSync(file, { throwIfNoEntry: false });
    return stat?.isFile() && stat.size >= minBytes ? new StateReplayThread() : undefined;
  } catch {
    // The load says why a file cannot be read; without a thread, the replay runs on this one.
    return undefined;
  }
}

/** The message for a file that could not be checked: the reader's words, or a bug named as one. */
function failureMessage(file: string, e: unknown): string {
  if (e instanceof TraceReadError || e instanceof ReadCancelled) return e.message;
  return `${file}: internal error (${String(e)}); this is a bug in Causeway, please report it.`;
}

/** Writes `value` as JSON to stdout in pieces of about a megabyte. */
function writeJson(io: CliIO, value: object): void {
  let pending = '';
  for (const piece of reportJsonPieces(value)) {
    pending += piece;
    if (pending.length >= JSON_WRITE_BYTES) {
      io.stdout.write(pending);
      pending = '';
    }
  }
  io.stdout.write(pending);
}

/** The part of a report SARIF needs, without the conflicts (so the file's analysis can be let go). */
function findingsOf(report: CheckSummary): CheckSummary {
  return { ...report, executions: report.executions.map((e) => ({ ...e, conflicts: [] })) };
}

/** Reads, analyses and reports one file; writes its text report unless the output is JSON. */
async function checkFile(command: CheckCommand, file: string, options: CheckOptions, io: CliIO): Promise<FileOutcome> {
  const load: LoadOptions = { ...options.load };
  if (io.stderr.isTTY) {
    load.onProgress = (done, total) => io.stderr.write(`\rReading ${displayText(file)}: ${Math.floor((100 * done) / Math.max(total, 1))}%`);
  }
  // `stats` reports no states.
  const thread = command === 'check' ? replayThreadFor(file, options.replayThreadMinBytes) : undefined;
  try {
    const traceFile = loadTraceFile(file, load);
    if (load.onProgress) io.stderr.write('\r\x1b[K');
    // The bytes of state and delta syncs are in the JSON report only: the text never prints them.
    const measureSyncs = options.json ? undefined : false;
    const analyses = traceFile.executions.map((t) => analyzeTrace(t, { maxMatrixBytes: options.maxMatrixBytes, measureSyncs, replayElsewhere: thread?.replay }));
    await thread?.settled();
    if (command === 'stats') {
      if (!options.json) io.stdout.write(formatStatsText(file, traceFile, analyses));
      return { status: 0, json: statsReport(traceFile, analyses) };
    }
    const report = checkSummary(traceFile, analyses);
    if (!options.json) io.stdout.write(formatCheckText(file, report));
    return { status: hasErrors(report) ? 1 : 0, json: report, report };
  } catch (e) {
    if (load.onProgress) io.stderr.write('\r\x1b[K');
    const error = failureMessage(file, e);
    io.stderr.write(`causeway: ${displayText(error)}\n`);
    return { status: 2, json: { file, error }, error };
  } finally {
    thread?.close();
  }
}

/**
 * Checks (or counts) every file in turn and resolves to the worst status. JSON: one file's report
 * as it is (or `{"file", "error"}`), several as `{"files": [{"file", "status", ...report or error}]}`.
 */
export async function checkFiles(command: CheckCommand, files: readonly string[], options: CheckOptions, io: CliIO): Promise<number> {
  const sarifOutput = options.sarif && new OutputFile(options.sarif.path, { force: options.sarif.force, inputs: files });
  const several = files.length > 1;
  const statuses: number[] = [];
  const sarifFiles: SarifFile[] = [];
  if (options.json && several) io.stdout.write('{"files":[');
  for (const [i, file] of files.entries()) {
    if (i > 0) io.stdout.write(options.json ? ',' : '\n');
    const outcome = await checkFile(command, file, options, io);
    if (options.json) writeJson(io, several ? { file, status: outcome.status, ...outcome.json } : outcome.json);
    statuses.push(outcome.status);
    sarifFiles.push({ uri: artifactUri(file), report: outcome.report && findingsOf(outcome.report), error: outcome.error });
  }
  if (options.json) io.stdout.write(several ? ']}\n' : '\n');
  if (sarifOutput) writeSarif(sarifOutput, sarifFiles);
  if (!options.json && several) {
    const count = (status: number) => statuses.filter((s) => s === status).length;
    io.stdout.write(`\n${files.length} files: ${count(0)} passed, ${count(1)} with errors, ${count(2)} could not be read.\n`);
  }
  return Math.max(...statuses);
}

/** A file as SARIF names it: relative to the working directory (`%SRCROOT%`) when inside it, else an absolute `file:` URI. */
function artifactUri(file: string): string {
  const path = relative(process.cwd(), resolve(file));
  if (path === '' || path === '..' || path.startsWith(`..${sep}`) || isAbsolute(path)) return pathToFileURL(resolve(file)).href;
  return path.split(sep).map(encodeURIComponent).join('/');
}

/** Writes the SARIF log of `files` piece by piece to the output, which takes its place only once complete. */
function writeSarif(output: OutputFile, files: SarifFile[]): void {
  try {
    const fd = openSync(output.temporary, 'wx');
    try {
      for (const piece of sarifLogText(files, { name: 'Causeway', version })) writeSync(fd, piece);
    } finally {
      closeSync(fd);
    }
    output.commit();
  } catch (e) {
    output.discard();
    throw new OutputRefused(`Cannot write ${output.path}: ${(e as Error).message}.`);
  }
}
