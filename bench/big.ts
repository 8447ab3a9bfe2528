// `npm run bench:big`: ten million events (a 2.8 GB trace, generated into bench/out and deleted
// afterwards) checked by the bundled CLI, as a user runs it, within 4 GB of memory: prints the
// check's peak resident memory, its time and outcome, and a JSON line with `check10MPeakRssMB`.

import { rmSync, statSync } from 'node:fs';
import { bundleCli, runCheck } from './check-cli';
import { ensureTrace } from './trace-files';

const EVENTS = Number(process.env.BENCH_BIG_EVENTS ?? 10_000_000);
const LIMIT_MB = 4096;

async function main(): Promise<void> {
  const preload = bundleCli();
  const started = performance.now();
  const path = await ensureTrace({ events: EVENTS, replicas: 16, keys: 100, seed: 42 });
  console.log(`trace: ${path} (${(statSync(path).size / 1e9).toFixed(2)} GB, ${EVENTS.toLocaleString('en-US')} events), generated in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  try {
    const run = runCheck(preload, path);
    const within = run.peakRssMB <= LIMIT_MB;
    const outcome = run.status === 0 || run.status === 1 ? 'checked' : `refused or failed (status ${run.status})`;
    console.log(`causeway check: ${outcome} in ${(run.ms / 1000).toFixed(1)} s, peak RSS ${run.peakRssMB.toFixed(0)} MB: ${within ? 'within' : 'OVER'} ${LIMIT_MB} MB`);
    if (run.stderr) console.log(`its messages: ${run.stderr}`);
    console.log(JSON.stringify({ check10MPeakRssMB: Math.round(run.peakRssMB), check10MSeconds: Number((run.ms / 1000).toFixed(1)), check10MStatus: run.status, check10MWithin4GB: within }));
    if (!within || (run.status !== 0 && run.status !== 1)) process.exitCode = 1;
  } finally {
    rmSync(path, { force: true });
  }
}

void main();
