// `causeway convert`: writes a trace file in another format, streaming line by line so large
// traces never sit in memory as one string. Every execution is kept: native output starts each
// with its header line, ShiViz output separates them with `=== name ===` delimiter lines.
// The output is written safely (never onto the input, never over a file unless forced).

import { closeSync, openSync, statSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { nativeFileLines } from '../engine/format/export-native';
import { SHIVIZ_DELIMITER, shivizFileLines } from '../engine/format/export-shiviz';
import type { Trace, TraceFile } from '../engine/trace/model';
import { OutputFile, OutputRefused } from './output-file';
import { loadTraceFile, type LoadOptions } from './trace-file';
import { isUpdateLogName, runYjsConvert } from './yjs-updates';
import { groupedCount } from '../engine/util/count-text';

/** Each output format's lines; `cannotCarry` receives what the format cannot carry of the traces. */
const TARGETS: Record<string, (traces: readonly Trace[], cannotCarry: string[]) => Iterable<string>> = {
  causeway: nativeFileLines,
  shiviz: (traces, cannotCarry) => shivizFileLines(traces, { cannotCarry }),
};

/** The output format: `--to`, else from OUT's name (`.causal.jsonl` native, `.log`/`.txt` ShiViz). */
function targetOf(out: string, to: string | undefined): string {
  if (to !== undefined) {
    if (!(to in TARGETS)) throw new OutputRefused(`Unknown output format "${to}"; use one of: ${Object.keys(TARGETS).join(', ')}.`);
    return to;
  }
  if (/\.causal\.jsonl$|\.jsonl$/i.test(out)) return 'causeway';
  if (/\.(log|txt)$/i.test(out)) return 'shiviz';
  throw new OutputRefused(`Cannot tell the output format from "${out}": name it *.causal.jsonl or *.log, or pass --to causeway|shiviz.`);
}

export interface Converted {
  target: string;
  events: number;
  executions: number;
  /** What the output does not carry of the input, one sentence each (empty when it carries everything). */
  notCarried: string[];
}

/** The name to propose for a conversion of `input` to `target`, in its folder: never the input's own name. */
export function convertedName(input: string, target: string): string {
  const name = basename(input);
  const stem = name.replace(/(\.causal)?\.[^.]+$/, '');
  const extension = target === 'causeway' ? '.causal.jsonl' : '.log';
  return `${stem}${extension}` === name ? `${stem}.converted${extension}` : `${stem}${extension}`;
}

/**
 * Reads `input` and writes it to `output` as `to` (or the format OUT's name says). Shared with
 * the extension. Refuses (OutputRefused) an output that is the input, or that exists unless `force`.
 */
export function convertTraceFile(input: string, output: string, to: string | undefined, load: LoadOptions, force = false): Converted {
  const target = targetOf(output, to);
  const out = new OutputFile(output, { force, inputs: [input] });
  const file = loadTraceFile(input, load);
  const notCarried = sourceFindings(file);
  const fd = openSync(out.temporary, 'wx');
  let written = false;
  try {
    let batch = '';
    const write = (line: string) => {
      batch += `${line}\n`;
      if (batch.length > 1 << 20) {
        writeSync(fd, batch);
        batch = '';
      }
    };
    for (const line of TARGETS[target](file.executions, notCarried)) write(line);
    writeSync(fd, batch);
    written = true;
  } finally {
    closeSync(fd);
    if (written) out.commit();
    else out.discard();
  }
  return { target, events: file.executions.reduce((sum, t) => sum + t.size, 0), executions: file.executions.length, notCarried };
}

/**
 * Kinds of finding that the importer makes of the source itself rather than of the replayed
 * history: its unreadable or skipped text, hosts named only in its clocks, a failure the traced
 * system recorded (P, TLA+), the verdict on a Jepsen history's linearizability, Elle's anomalies. No written trace
 * carries them.
 */
export const SOURCE_FINDING_KINDS: ReadonlySet<string> = new Set(['parse-error', 'skipped-text', 'unknown-replica', 'recorded-failure', 'not-linearizable', 'linearizability-unknown', 'transaction-anomaly']);

/** The source's own findings (see SOURCE_FINDING_KINDS) that the output will not repeat, in one note. */
function sourceFindings(file: TraceFile): string[] {
  const counts = new Map<string, number>();
  for (const f of [...file.findings, ...file.executions.flatMap((t) => t.findings)]) {
    if (f.severity !== 'info' && SOURCE_FINDING_KINDS.has(f.kind)) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  }
  if (counts.size === 0) return [];
  const listed = [...counts].map(([kind, n]) => `${n} ${kind}`).join(', ');
  return [`The source's findings about its own text or recorded history (${listed}) are not repeated: check the source for them.`];
}

/** `causeway convert`: converts and says what it wrote (a folder of Yjs updates, or to a Yjs update log: yjs-updates.ts). */
export function runConvert(input: string, output: string, to: string | undefined, load: LoadOptions, force = false): number {
  if ((to === undefined && isUpdateLogName(output)) || statSync(input, { throwIfNoEntry: false })?.isDirectory()) return runYjsConvert(input, output, force);
  const { target, events, executions, notCarried } = convertTraceFile(input, output, to, load, force);
  process.stderr.write(`Wrote ${output}: ${groupedCount(events)} events in ${executions} execution(s), as ${target}.\n`);
  for (const note of notCarried) process.stderr.write(`Not carried: ${note}\n`);
  if (target === 'shiviz' && executions > 1) {
    process.stderr.write(`Open it with the delimiter regex ${SHIVIZ_DELIMITER} (causeway --delimiter, or ShiViz's delimiter box).\n`);
  }
  return 0;
}
