// Test helpers for the importers: feed text in chunks of random sizes (so chunk boundaries fall
// everywhere, also inside multi-byte characters), and describe traces in comparable plain terms.

import { readFileSync } from 'node:fs';
import type { ReadOptions, TraceFormat } from '../../engine/format/types';
import type { Trace, TraceFile } from '../../engine/trace/model';
import { prng as seeded } from '../../engine/util/prng';


/** Reads `text` with `format`, pushing its UTF-8 bytes as chunks of random sizes (1 to maxChunk bytes). */
export function readTraceText(format: TraceFormat, text: string | Uint8Array, options: ReadOptions = {}, seed = 1, maxChunk = 64): TraceFile {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  const reader = format.createReader(options);
  const random = seeded(seed);
  for (let at = 0; at < bytes.length; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    reader.push(bytes.subarray(at, at + size));
    at += size;
  }
  return reader.finish();
}

/** The shared ShiViz fixtures (../shared from the repository root). */
export const SHIVIZ_FIXTURES = new URL('../../../shared/fixtures/shiviz/', import.meta.url);
/** This repository's small hand-written fixtures. */
export const FORMAT_FIXTURES = new URL('../fixtures/formats/', import.meta.url);

export function fixtureText(dir: URL, name: string): string {
  return readFileSync(new URL(name, dir), 'utf8');
}

/** Message edges as "from->to" event ids, sorted. */
export function edgeList(trace: Trace): string[] {
  const edges: string[] = [];
  for (let i = 0; i < trace.size; i++) {
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) edges.push(`${trace.eventId(trace.edgeFrom[k])}->${trace.eventId(i)}`);
  }
  return edges.sort();
}

/** Number of events per replica. */
export function eventsPerReplica(trace: Trace): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < trace.size; i++) {
    const r = trace.replicas.name(trace.replica[i]);
    counts[r] = (counts[r] ?? 0) + 1;
  }
  return counts;
}

/** Number of events per kind. */
export function eventsPerKind(trace: Trace): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let i = 0; i < trace.size; i++) {
    const k = trace.event(i).kind;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return counts;
}

/** Findings of a kind, from the file and from every execution. */
export function findingsOf(file: TraceFile, kind?: string) {
  const all = [...file.findings, ...file.executions.flatMap((t) => t.findings)];
  return kind === undefined ? all : all.filter((f) => f.kind === kind);
}

/** Every edge goes from an earlier event to a later one, and each replica's events keep their recorded own clock order. */
export function assertCausalIndexOrder(trace: Trace): void {
  for (let i = 0; i < trace.size; i++) {
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) {
      if (trace.edgeFrom[k] >= i) throw new Error(`edge ${trace.eventId(trace.edgeFrom[k])} -> ${trace.eventId(i)} goes backwards in index order`);
    }
  }
}
