// `causeway check` end to end, as users run it: the bundled CLI in a process of its own, timed
// in pairs with the parse floor (floor, check, floor, check, ...) and its peak resident memory
// (the child's own high-water mark, printed at exit by a preloaded script).

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Say } from './live';
import { OUT, parseFloor } from './trace-files';

const CLI = join(process.cwd(), 'dist', 'cli.js');
const PEAK_MARK = 'causeway-bench-peak-rss-kb=';

/** Builds dist/cli.js as it is shipped (minified, like `npm run package`); returns the preload that reports peak RSS. */
export function bundleCli(): string {
  execFileSync(process.execPath, ['esbuild.mjs', 'cli', '--production'], { stdio: 'inherit' });
  mkdirSync(OUT, { recursive: true });
  const preload = join(OUT, 'peak-rss.cjs');
  // The process's own high-water mark (VmHWM): getrusage's maxRSS keeps, across fork and exec, the
  // resident size of the parent it was forked from (this benchmark's, 186 MB by the time it checks 10k).
  const peakKB = `(/^VmHWM:\\s+(\\d+)/m.exec(require('node:fs').readFileSync('/proc/self/status', 'utf8')) ?? [0, process.resourceUsage().maxRSS])[1]`;
  writeFileSync(preload, `process.on('exit', () => process.stderr.write('\\n${PEAK_MARK}' + ${peakKB} + '\\n'));\n`);
  return preload;
}

export interface CheckRun {
  ms: number;
  peakRssMB: number;
  status: number | null;
  /** What the CLI wrote to stderr, without the peak line. */
  stderr: string;
}

/** Runs the bundled `causeway check FILE` (its text report discarded) under the preload. */
export function runCheck(preload: string, path: string, args: string[] = []): CheckRun {
  const start = performance.now();
  const child = spawnSync(process.execPath, ['-r', preload, CLI, 'check', ...args, path], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  const ms = performance.now() - start;
  const stderr = child.stderr.toString();
  const mark = stderr.lastIndexOf(PEAK_MARK);
  const peakKB = mark < 0 ? NaN : Number.parseInt(stderr.slice(mark + PEAK_MARK.length), 10);
  return { ms, peakRssMB: peakKB / 1024, status: child.status, stderr: mark < 0 ? stderr : stderr.slice(0, mark).trim() };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * `runs` pairs of the floor and the check on `path` (after one uncounted pair that warms the page
 * cache); says `check<label>Ms`, the floor, the median of the pairs' ratios and the peak RSS.
 */
export function checkAgainstFloor(say: Say, preload: string, path: string, label: string, runs: number): void {
  const floors: number[] = [];
  const checks: CheckRun[] = [];
  for (let run = -1; run < runs; run++) {
    const floor = parseFloor(path);
    const check = runCheck(preload, path);
    if (check.status !== 0 && check.status !== 1) throw new Error(`causeway check ${path} failed (status ${check.status}): ${check.stderr}`);
    if (run < 0) continue;
    floors.push(floor);
    checks.push(check);
  }
  const ratios = checks.map((c, n) => c.ms / floors[n]);
  say(`checkFloorMs${label}`, median(floors), `read + JSON.parse of every line, in the same pairs`);
  say(`checkMs${label}`, median(checks.map((c) => c.ms)), `the bundled \`causeway check\`, start-up included (median of ${runs})`);
  say(`checkFloorRatio${label}`, median(ratios), `check ÷ floor, median of the pairs' ratios: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
  say(`checkPeakRssMB${label}`, Math.max(...checks.map((c) => c.peakRssMB)), 'peak resident memory of the check process');
}
