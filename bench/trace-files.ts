// The benchmarks' generated native traces in bench/out (git-ignored), written line by line so
// ten million events never sit in memory, and the floor they are measured against: read the
// file in 4 MiB chunks and JSON.parse every line, nothing else.

import { closeSync, createWriteStream, existsSync, fstatSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { LineSplitter } from '../engine/format/lines';
import { generateNativeTrace, type NativeTraceSpec } from './generate-native';

/** Generated traces and the bundled benchmark live here (git-ignored); npm runs scripts at the root. */
export const OUT = join(process.cwd(), 'bench', 'out');

/** The path of the trace `spec` describes, generated unless it is already there. */
export async function ensureTrace(spec: NativeTraceSpec): Promise<string> {
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

/** The floor, in milliseconds: read the file in the same chunks and JSON.parse every line, nothing else. */
export function parseFloor(path: string): number {
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
