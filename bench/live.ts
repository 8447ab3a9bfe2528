// The live-session benchmark: 16 replicas in another process stream operations and messages
// through causeway/client to a LiveServer here, which records them to a temporary file; measured
// over several seconds of sustained ingest: events recorded per second, the recording's largest
// backlog, the heap the session grew by (at its peak, garbage included, and what stays) and how
// late this event loop ran (what an editor feels).

import { fork } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { LiveServer } from '../extension/live/server';

/** Prints a figure's line and keeps it for `npm run bench`'s final JSON line. */
export type Say = (name: string, value: number, note?: string) => void;

const REPLICAS = 16;


const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The heap in use after a full collection (when run with --expose-gc, as npm run bench does). */
function collectedHeap(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** The clients' script: bundled beside the benchmark, or the TypeScript source under tsx. */
function clientsScript(): { path: string; execArgv: string[] } {
  const bundled = join(__dirname, 'live-clients.js');
  return existsSync(bundled) ? { path: bundled, execArgv: [] } : { path: join(__dirname, 'live-clients.ts'), execArgv: ['--import', 'tsx'] };
}

export async function liveBenchmarks(say: Say): Promise<void> {
  const seconds = Number(process.env.BENCH_LIVE_SECONDS ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'causeway-live-bench-'));
  const server = await LiveServer.start({ recordingPath: join(dir, 'bench.causal.jsonl') });
  const script = clientsScript();
  const clients = fork(script.path, [JSON.stringify({ port: server.port, token: server.token, replicas: REPLICAS })], { execArgv: script.execArgv });
  const exited = new Promise((resolve) => clients.once('exit', resolve));
  try {
    for (let waited = 0; server.connectionList().length < REPLICAS; waited += 50) {
      if (waited > 20_000) throw new Error(`Only ${server.connectionList().length} of ${REPLICAS} replicas connected.`);
      await sleep(50);
    }
    await sleep(1000); // warm-up
    const heapBefore = collectedHeap();
    let heapMax = heapBefore;
    const heapSampler = setInterval(() => (heapMax = Math.max(heapMax, process.memoryUsage().heapUsed)), 100);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const recordedBefore = server.stats().recorded;
    const start = performance.now();
    await sleep(seconds * 1000);
    const perSec = (server.stats().recorded - recordedBefore) / ((performance.now() - start) / 1000);
    loopDelay.disable();
    clearInterval(heapSampler);
    const stats = server.stats();
    const retained = collectedHeap() - heapBefore;
    say('liveIngestEventsPerSec', perSec, `${REPLICAS} replicas over TCP for ${seconds} s, recorded to a file (goal >= 50,000)`);
    say('liveMaxBacklogMB', stats.maxBacklog / 2 ** 20, `the recording's largest backlog; reading paused ${stats.pauses} times`);
    say('liveHeapPeakGrowthMB', (heapMax - heapBefore) / 2 ** 20, 'heap above its collected size while ingesting, garbage included');
    say('liveHeapRetainedMB', retained / 2 ** 20, 'heap the session still holds while ingesting (after a collection)');
    say('liveLoopDelayMsP99', loopDelay.percentile(99) / 1e6, 'how late timers ran on the session\'s event loop');
    if (stats.lost + stats.repeated > 0) throw new Error(`The session reported ${stats.lost} lost and ${stats.repeated} repeated events.`);
  } finally {
    clients.send('stop');
    await exited;
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
