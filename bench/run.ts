// `npm run bench`: the engine's speed and memory figures on a generated million-event trace,
// with the JSON.parse floor measured in the same run. Prints a line per figure, and last one
// JSON object with every figure (CI and the README read it).

import { closeSync, createWriteStream, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { analyzeTrace } from '../engine/analysis/analyze';
import { createCrdt } from '../engine/crdt/registry';
import { LineSplitter } from '../engine/format/lines';
import { loadTraceFile } from '../cli/trace-file';
import { generateNativeTrace, prng, type NativeTraceSpec } from './generate-native';

const SEED_OPS_PER_SEC = 277_778;
const OUT = join(__dirname, 'out');

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function ensureTrace(spec: NativeTraceSpec): Promise<string> {
  mkdirSync(OUT, { recursive: true });
  const path = join(OUT, `trace-${spec.events}-${spec.replicas}r-${spec.keys}k.causal.jsonl`);
  if (existsSync(path) && statSync(path).size > 0) return path;
  const out = createWriteStream(path);
  let batch: string[] = [];
  for (const line of generateNativeTrace(spec)) {
    batch.push(line);
    if (batch.length === 10_000) {
      if (!out.write(`${batch.join('\n')}\n`)) await once(out, 'drain');
      batch = [];
    }
  }
  out.end(batch.length > 0 ? `${batch.join('\n')}\n` : '');
  await once(out, 'finish');
  return path;
}

/** The floor: read the file in the same chunks and JSON.parse every line, nothing else. */
function parseFloor(path: string): number {
  const start = performance.now();
  const fd = openSync(path, 'r');
  const total = fstatSync(fd).size;
  let parsed = 0;
  const splitter = new LineSplitter((text) => {
    if (text.length > 0) {
      JSON.parse(text);
      parsed++;
    }
  });
  for (let position = 0; position < total; ) {
    const chunk = Buffer.allocUnsafe(Math.min(4 << 20, total - position));
    const n = readSync(fd, chunk, 0, chunk.length, position);
    position += n;
    splitter.push(chunk.subarray(0, n));
  }
  splitter.end();
  closeSync(fd);
  if (parsed === 0) throw new Error('nothing parsed');
  return performance.now() - start;
}

function crdtOpsPerSec(): number {
  const random = prng(7);
  const counter = createCrdt({ type: 'pn-counter' });
  const set = createCrdt({ type: 'or-set' });
  const ops = 2_000_000;
  const start = performance.now();
  for (let i = 0; i < ops; i++) {
    const ctx = { dot: { replica: 'r1', seq: i + 1 }, stamp: { time: i, replica: 'r1' } };
    if (i % 2 === 0) counter.mutate(random() < 0.7 ? { type: 'inc', value: 1 } : { type: 'dec', value: 1 }, ctx);
    else set.mutate(random() < 0.6 ? { type: 'add', value: i % 64 } : { type: 'remove', value: i % 64 }, ctx);
  }
  return ops / ((performance.now() - start) / 1000);
}

async function main(): Promise<void> {
  const events = Number(process.env.BENCH_EVENTS ?? 1_000_000);
  const spec: NativeTraceSpec = { events, replicas: 16, keys: 100, seed: 42 };
  const figures: Record<string, number> = {};
  const say = (name: string, value: number, note = '') => {
    figures[name] = Number(value.toFixed(3));
    console.log(`${name.padEnd(28)} ${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}${note ? `  ${note}` : ''}`);
  };

  const path = await ensureTrace(spec);
  console.log(`trace: ${path} (${(statSync(path).size / 1e6).toFixed(0)} MB, ${events.toLocaleString('en-US')} events, 16 replicas, 100 keys)`);
  parseFloor(path); // warm the page cache and the JIT
  gc();
  const floorMs = parseFloor(path);
  gc();

  const loadStart = performance.now();
  const file = loadTraceFile(path);
  const loadedAt = performance.now();
  const analysis = analyzeTrace(file.executions[0]);
  const ingestMs = performance.now() - loadStart;
  const analyseMs = performance.now() - loadedAt;
  say('parseFloorMs', floorMs, 'read + JSON.parse of every line');
  say('loadMs', loadedAt - loadStart);
  say('analyseMs', analyseMs);
  say('ingestRatio', ingestMs / floorMs, '(goal <= 1.25)');
  say('replayEventsPerSec', events / (analyseMs / 1000), '(goal >= 5,000,000)');

  const statesStart = performance.now();
  const cursor = analysis.states().cursor();
  say('stateReplayMs', performance.now() - statesStart, 'CRDT states of every replica at every step (on demand)');
  const random = prng(3);
  const replicas = analysis.trace.replicas.size;
  const keys = analysis.trace.keys.size;
  /** Seeks to a random step and reads every object of `lanes` replicas (what the debugger shows). */
  const jump = (lanes: number) => {
    const t = performance.now();
    cursor.seek(Math.floor(random() * events));
    const first = Math.floor(random() * replicas);
    for (let n = 0; n < lanes; n++) for (let k = 0; k < keys; k++) cursor.state((first + n) % replicas, k).value();
    return performance.now() - t;
  };
  const jumps = Array.from({ length: 300 }, () => jump(1));
  say('jumpMsP50', percentile(jumps, 50), 'seek + every object of one replica');
  say('jumpMsP99', percentile(jumps, 99), '(goal <= 20)');
  const fullJumps = Array.from({ length: 30 }, () => jump(replicas));
  say('jumpAllReplicasMsP99', percentile(fullJumps, 99), 'seek + every object of every replica');

  gc();
  const memory = process.memoryUsage();
  say('heapMB', memory.heapUsed / 2 ** 20, '(goal <= 300)');
  say('externalMB', (memory.external + memory.arrayBuffers) / 2 ** 20);

  const opsPerSec = crdtOpsPerSec();
  say('crdtOpsPerSec', opsPerSec, '(goal >= 5,555,560)');
  say('crdtOpsVsSeed', opsPerSec / SEED_OPS_PER_SEC, 'times the seed document\'s 277,778 ops/s (goal >= 20)');

  console.log(JSON.stringify(figures));
}

void main();
