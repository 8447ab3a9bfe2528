// Test helpers: read a trace from a string through a format's streaming reader, in chunks of
// random sizes (so chunk boundaries fall everywhere), and analyse the bundled examples.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeTrace, type Analysis } from '../../engine/analysis/analyze';
import { nativeFormat } from '../../engine/format/native';
import type { ReadOptions, TraceFormat } from '../../engine/format/types';
import type { TraceFile } from '../../engine/trace/model';

export const REPO = join(__dirname, '..', '..');
export const EXAMPLES = join(REPO, 'examples');

/** Pushes `text` through `format`'s reader in chunks whose sizes come from `seed`. */
export function readText(text: string, format: TraceFormat = nativeFormat, options: ReadOptions = {}, seed = 1): TraceFile {
  const bytes = new TextEncoder().encode(text);
  const reader = format.createReader({
    ...options,
    bytes: { read: (offset, length) => bytes.subarray(offset, offset + length) },
  });
  let state = seed;
  for (let at = 0; at < bytes.length; ) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const size = 1 + (state % 97);
    reader.push(bytes.slice(at, at + size));
    at += size;
  }
  return reader.finish();
}

/** Reads and analyses one bundled example. */
export function analyzeExample(name: string): Analysis {
  const file = readText(readFileSync(join(EXAMPLES, name), 'utf8'));
  return analyzeTrace(file.executions[0]);
}

/** Native trace text from a header and events. */
export function nativeText(header: object, events: object[]): string {
  return [{ format: 'causeway', version: 1, ...header }, ...events].map((e) => JSON.stringify(e)).join('\n') + '\n';
}
