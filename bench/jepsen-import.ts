// The Jepsen import figure for `npm run bench`: a 100,000-operation register history (5 processes,
// read/write/cas, `:time` and `:index` as Jepsen writes them) read in full, linearizability check
// included, in operations per second.

import { jepsenFormat } from '../engine/format/jepsen';
import type { RegisterOperation } from '../engine/analysis/register-model';
import { NO_VALUE } from '../engine/analysis/register-model';
import { linearizableRegisterHistory } from './linearizability';
import type { Say } from './live';

function ednValue(json: string | undefined): string {
  return json === undefined || json === NO_VALUE ? 'nil' : json;
}

/** The history as Jepsen's `history.edn`: one map per line, invocations and completions in time order. */
export function registerHistoryEdn(ops: readonly RegisterOperation[], processes: number): string {
  const lines: { at: number; text: (index: number) => string }[] = [];
  for (const op of ops) {
    const { f } = op.input;
    const process = op.id % processes;
    const value = f === 'cas' ? `[${ednValue(op.input.from)} ${ednValue(op.input.to)}]` : f === 'write' ? ednValue(op.input.value) : 'nil';
    const time = (t: number) => Math.round(t * 1e6);
    lines.push({ at: op.call, text: (index) => `{:type :invoke, :f :${f}, :value ${value}, :process ${process}, :time ${time(op.call)}, :index ${index}}` });
    const { output } = op;
    const type = output.status === 'unknown' ? 'info' : output.status;
    const result = f === 'read' && output.status === 'ok' ? ednValue(output.value) : value;
    const ret = op.ret === Infinity ? op.call + 30 : op.ret;
    lines.push({ at: ret, text: (index) => `{:type :${type}, :f :${f}, :value ${result}, :process ${process}, :time ${time(ret)}, :index ${index}}` });
  }
  return lines.sort((a, b) => a.at - b.at).map((l, index) => l.text(index)).join('\n') + '\n';
}

function importOnce(bytes: Uint8Array): number {
  const start = performance.now();
  const reader = jepsenFormat.createReader({ name: 'history.edn' });
  for (let at = 0; at < bytes.length; at += 4 << 20) reader.push(bytes.subarray(at, at + (4 << 20)));
  const file = reader.finish();
  if (file.executions[0].findings.some((f) => f.severity === 'error')) throw new Error('the generated history should check clean');
  return performance.now() - start;
}

export function jepsenImportBenchmarks(say: Say): void {
  const operations = 100_000;
  // Timed-out writes only (a timed-out process would otherwise invoke again before its info).
  const ops = linearizableRegisterHistory(operations, 5, 11, 0);
  const bytes = new TextEncoder().encode(registerHistoryEdn(ops, 5));
  const times = [0, 1, 2].map(() => importOnce(bytes)).sort((a, b) => a - b);
  say('jepsenImportOpsPerSec', operations / (times[1] / 1000), `100,000-operation register history.edn (${(bytes.length / 1e6).toFixed(1)} MB), read and checked, median of 3 (goal >= 500,000)`);
}
