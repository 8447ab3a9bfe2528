// The `causeway` command line: check, stats, convert and simulate traces in CI pipelines and terminals.
// Exit status: 0 clean, 1 error findings, 2 a file or the arguments could not be used (the worst
// over all files). runCli is the whole command without the process, so tests can run it in-process.

import { parseArgs } from 'node:util';
import { version } from '../package.json';
import { SimulationConfigError } from '../engine/simulate/units';
import { TRACE_FORMATS } from '../engine/format/detect';
import { ReadCancelled, TraceReadError } from '../engine/format/types';
import { displayText } from '../engine/util/display-text';
import { checkFiles, type CheckCommand } from './check';
import type { CliIO } from './cli-io';
import { runConvert } from './convert';
import { OutputRefused } from './output-file';
import { runSimulate, SIMULATE_USAGE } from './simulate';
import type { LoadOptions } from './trace-file';

const TRACE_OPTIONS = '[--format F] [--regex R] [--delimiter D] [--mapping M]';

const COMMAND_USAGE: Record<string, string> = {
  check: `  causeway check FILE... ${TRACE_OPTIONS} [--json] [--report sarif -o OUT [--force]] [--max-memory-mb N]
      Replays each trace and checks it: clocks, causal delivery, conflicts, convergence,
      recorded states; one report per file (--json: one JSON document, {"files": [...]} when
      there are several). Exit 0 when clean, 1 when any file has error findings, 2 when a
      file cannot be read. --report sarif -o OUT: also writes every file's findings to OUT as
      one SARIF 2.1.0 log, for code hosts to annotate the traces (replaces an existing OUT only
      with --force, never an input). --max-memory-mb: memory the analysis's replica tables may
      take (default 512); a trace that needs more is refused with a message saying so.`,
  stats: `  causeway stats FILE... ${TRACE_OPTIONS} [--json] [--max-memory-mb N]
      Events, replicas, messages, concurrency and conflicts, with a histogram.`,
  convert: `  causeway convert IN -o OUT [--to causeway|shiviz] [--force] ${TRACE_OPTIONS}
      Writes the trace in another format (from OUT's extension unless --to says). Never
      writes onto IN; replaces an existing OUT only with --force.
      With OUT.yjs.jsonl: IN is a folder of binary Yjs updates (*.bin, *.yjs, in file-name
      order) or a live recording of causeway/client's captureYjs; OUT is a Yjs update log.`,
  simulate: SIMULATE_USAGE,
};

const USAGE = `Usage:
${Object.values(COMMAND_USAGE).join('\n')}
  causeway COMMAND --help
      The usage of one command.
  causeway --version
      The version of Causeway.

Formats (--format): ${TRACE_FORMATS.map((f) => f.id).join(', ')}
(detected from the content when not given).
--mapping M: a JSON file mapping an NDJSON trace's fields to events, e.g.
{"replica": "nodeID", "event": "name", "sender": "msg.from", "receiver": "msg.to",
"message": ["msg.type", "msg.term"], "clock": "clock"}; without it, FILE's sidecar
NAME.causeway.json or a first line {"causeway-mapping": {...}} gives it.`;

class UsageError extends Error {}

const HELP_FLAGS = new Set(['--help', '-h']);
const VERSION_FLAGS = new Set(['--version', '-v', 'version']);

/** The usage of `command`, or of the whole CLI when it names no command. */
function usageOf(command: string | undefined): string {
  return command !== undefined && Object.hasOwn(COMMAND_USAGE, command) ? `Usage:\n${COMMAND_USAGE[command]}` : USAGE;
}

async function run(argv: string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || HELP_FLAGS.has(command)) {
    (command === undefined ? io.stderr : io.stdout).write(`${usageOf(rest[0])}\n`);
    return command === undefined ? 2 : 0;
  }
  if (VERSION_FLAGS.has(command)) {
    io.stdout.write(`causeway ${version}\n`);
    return 0;
  }
  if (!Object.hasOwn(COMMAND_USAGE, command)) throw new UsageError(`Unknown command "${command}".`);
  const endOfOptions = rest.indexOf('--');
  if ((endOfOptions < 0 ? rest : rest.slice(0, endOfOptions)).some((a) => HELP_FLAGS.has(a))) {
    io.stdout.write(`${usageOf(command)}\n`);
    return 0;
  }
  if (command === 'simulate') return runSimulate(rest, io);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      regex: { type: 'string' },
      delimiter: { type: 'string' },
      mapping: { type: 'string' },
      json: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      report: { type: 'string' },
      to: { type: 'string' },
      force: { type: 'boolean', default: false },
      'max-memory-mb': { type: 'string' },
    },
  });
  if (positionals.length === 0) throw new UsageError(`causeway ${command} needs a FILE.`);
  const load: LoadOptions = { format: values.format, regex: values.regex, delimiter: values.delimiter, mappingFile: values.mapping };
  if (command === 'convert') {
    if (!values.output) throw new UsageError('causeway convert needs -o OUT.');
    if (positionals.length > 1) throw new UsageError(`causeway convert takes one IN file (got ${positionals.length}); convert them one at a time.`);
    return runConvert(positionals[0], values.output, values.to, load, values.force);
  }
  const sarif = sarifOutput(command, values.report, values.output, values.force);
  return checkFiles(command as CheckCommand, positionals, { load, json: values.json, maxMatrixBytes: megabytes(values['max-memory-mb']), sarif }, io);
}

/** `--report sarif -o OUT` of `causeway check` (undefined without --report). */
function sarifOutput(command: string, report: string | undefined, output: string | undefined, force: boolean): { path: string; force: boolean } | undefined {
  if (command !== 'check' && (report !== undefined || output !== undefined)) throw new UsageError(`causeway ${command} takes no --report or -o; they are options of causeway check.`);
  if (report === undefined) {
    if (output !== undefined) throw new UsageError('causeway check writes a file only with --report sarif -o OUT; -o alone is not used.');
    return undefined;
  }
  if (report !== 'sarif') throw new UsageError(`--report takes sarif (a SARIF 2.1.0 log for code hosts), not "${report}".`);
  if (output === undefined) throw new UsageError('causeway check --report sarif needs -o OUT, the file to write the SARIF log to.');
  return { path: output, force };
}

/** `--max-memory-mb N` in bytes (undefined: the engine's default). */
function megabytes(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const mb = Number(text);
  if (!Number.isFinite(mb) || mb <= 0) throw new UsageError(`--max-memory-mb takes a number of megabytes above 0, not "${text}".`);
  return mb * 1024 * 1024;
}

/** Arguments the CLI cannot use: their message and the usage. */
function isUsageError(e: unknown): boolean {
  return e instanceof UsageError || (e as { code?: string } | undefined)?.code?.startsWith('ERR_PARSE_ARGS') === true;
}

/** Files and outputs the user has to fix: their message, nothing else. */
function isFileError(e: unknown): boolean {
  return e instanceof TraceReadError || e instanceof ReadCancelled || e instanceof SimulationConfigError || e instanceof OutputRefused;
}

/**
 * Runs `causeway ARGV` and resolves to its exit status (0, 1 or 2); never throws. Bad arguments
 * print the usage; unexpected errors one line saying they are a bug (and, for check and stats
 * under --json, a JSON document with the error, so the output stays one document).
 */
export async function runCli(argv: string[], io: CliIO): Promise<number> {
  try {
    return await run(argv, io);
  } catch (e) {
    const usage = isUsageError(e);
    const message = usage || isFileError(e) ? (e as Error).message : `internal error (${String(e)}); this is a bug in Causeway, please report it.`;
    io.stderr.write(`causeway: ${displayText(message)}${usage ? `\n\n${usageOf(argv[0])}` : ''}\n`);
    if (argv.includes('--json') && (argv[0] === 'check' || argv[0] === 'stats')) io.stdout.write(`${JSON.stringify({ error: message })}\n`);
    return 2;
  }
}

if (require.main === module) {
  // A reader that goes away (`causeway check big.log | head`) ends the output quietly.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE') throw e;
      process.exit(process.exitCode ?? 0);
    });
  }
  void runCli(process.argv.slice(2), process).then((status) => (process.exitCode = status));
}
