// The `causeway` command line: check, stats, convert and simulate traces in CI pipelines and terminals.
// Exit status: 0 clean, 1 error findings, 2 the file or the arguments could not be used.

import { parseArgs } from 'node:util';
import { analyzeTrace } from '../engine/analysis/analyze';
import { checkReport, hasErrors } from '../engine/analysis/report';
import { ReadCancelled, TraceReadError } from '../engine/format/types';
import { SimulationConfigError } from '../engine/simulate/units';
import { runConvert } from './convert';
import { runSimulate, SIMULATE_USAGE } from './simulate';
import { formatCheckText, formatStatsText } from './text-output';
import { loadTraceFile, type LoadOptions } from './trace-file';

const USAGE = `Usage:
  causeway check FILE [--format F] [--regex R] [--delimiter D] [--json]
      Replays the trace and checks it: clocks, causal delivery, conflicts, convergence,
      recorded states. Exit 0 when clean, 1 when there are error findings, 2 when the
      file cannot be read.
  causeway stats FILE [--format F] [--regex R] [--delimiter D] [--json]
      Events, replicas, messages, concurrency and conflicts, with a histogram.
  causeway convert IN -o OUT [--to causeway|shiviz] [--format F] [--regex R] [--delimiter D]
      Writes the trace in another format (from OUT's extension unless --to says).
${SIMULATE_USAGE}

Formats (--format): causeway, shiviz, dclocks, tlaplus, p, otlp, jaeger, zipkin
(detected from the content when not given).`;

class UsageError extends Error {}

function main(argv: string[]): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === 'simulate') return runSimulate(rest);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      format: { type: 'string' },
      regex: { type: 'string' },
      delimiter: { type: 'string' },
      json: { type: 'boolean', default: false },
      output: { type: 'string', short: 'o' },
      to: { type: 'string' },
    },
  });
  const file = positionals[0];
  if (!file) throw new UsageError(`causeway ${command} needs a FILE.`);
  const load: LoadOptions = { format: values.format, regex: values.regex, delimiter: values.delimiter };
  if (process.stderr.isTTY) {
    load.onProgress = (done, total) => process.stderr.write(`\rReading ${file}: ${Math.floor((100 * done) / Math.max(total, 1))}%`);
  }
  switch (command) {
    case 'check':
    case 'stats': {
      const traceFile = loadTraceFile(file, load);
      if (load.onProgress) process.stderr.write('\r\x1b[K');
      const analyses = traceFile.executions.map((t) => analyzeTrace(t));
      const report = checkReport(traceFile, analyses);
      if (command === 'check') {
        process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatCheckText(file, report));
        return hasErrors(report) ? 1 : 0;
      }
      process.stdout.write(formatStatsText(file, traceFile, analyses, values.json));
      return 0;
    }
    case 'convert':
      if (!values.output) throw new UsageError('causeway convert needs -o OUT.');
      return runConvert(file, values.output, values.to, load);
    default:
      throw new UsageError(`Unknown command "${command}".`);
  }
}

/** Bad arguments and unreadable files: a clear message and exit status 2; anything else is a bug. */
function fail(e: unknown): void {
  if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`causeway: ${(e as Error).message}\n\n${USAGE}\n`);
  } else if (e instanceof TraceReadError || e instanceof ReadCancelled || e instanceof SimulationConfigError) {
    process.stderr.write(`causeway: ${e.message}\n`);
  } else {
    throw e;
  }
  process.exitCode = 2;
}

try {
  const status = main(process.argv.slice(2));
  if (typeof status === 'number') process.exitCode = status;
  else status.then((code) => (process.exitCode = code), fail);
} catch (e) {
  fail(e);
}
