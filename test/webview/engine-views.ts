// The project's example traces as the extension will show them: read with the native reader,
// analysed, turned into a TraceView by the engine's buildTraceView, with every event's details,
// and packed so page.evaluate can carry them (typed arrays as plain arrays, rebuilt in the page).

import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Json } from '../../engine/crdt/types';
import { analyzeTrace, bufferTimelines, buildTraceView, nativeFormat } from '../../engine/index';
import type { TimelineView, TraceView } from '../../engine/view/model';
import type { EventDetails } from '../../webview/protocol';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');

export function exampleFiles(): string[] {
  return readdirSync(EXAMPLES_DIR)
    .filter((f) => f.endsWith('.causal.jsonl'))
    .sort();
}

export interface EngineView {
  view: TraceView;
  buffers: TimelineView[];
  details: EventDetails[];
}

/** Reads, analyses and builds the view of one example file (its first execution). */
export function engineView(file: string): EngineView {
  const bytes = readFileSync(join(EXAMPLES_DIR, file));
  const reader = nativeFormat.createReader({ name: basename(file), bytes: { read: (offset, length) => bytes.subarray(offset, offset + length) } });
  reader.push(bytes);
  const trace = reader.finish().executions[0];
  const analysis = analyzeTrace(trace);
  const view = buildTraceView(analysis, { format: 'causeway' });
  const details = Array.from({ length: trace.size }, (_, i): EventDetails => ({
    event: i,
    id: trace.eventId(i),
    fields: JSON.parse(JSON.stringify(trace.event(i))) as Record<string, Json>,
  }));
  return { view, buffers: bufferTimelines(analysis), details };
}

const TYPED = ['replica', 'kind', 'line', 'key', 'step', 'order', 'depth', 'clocks', 'edgeStart', 'edgeFrom', 'labelStart'] as const;

/** The view with its typed arrays as `{ typed, data }` pairs (page.evaluate carries JSON only). */
export function toWire(v: EngineView): unknown {
  const view: Record<string, unknown> = { ...v.view };
  for (const k of TYPED) view[k] = { typed: v.view[k].constructor.name, data: Array.from(v.view[k]) };
  return { view, buffers: v.buffers, details: v.details };
}
