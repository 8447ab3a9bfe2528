// The traces of the diagram gallery (docs/gallery) and of the legibility tests: three of ShiViz's
// example logs, a Zipkin trace of 172 spans, a 5,000-event simulator run and two examples, each
// read by the engine as the extension reads it and packed for the fixture page (engine-views.ts).

import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { loadTraceFile } from '../../cli/trace-file';
import type { Json } from '../../engine/crdt/types';
import { nativeFormat } from '../../engine/format/native';
import { analyzeTrace, bufferTimelines, buildTraceView } from '../../engine/index';
import { configFromOptions } from '../../engine/simulate/options';
import { simulationLines } from '../../engine/simulate/simulation';
import type { Trace } from '../../engine/trace/model';
import type { EventDetails } from '../../webview/protocol';
import { engineView, type EngineView } from './engine-views';

const ROOT = join(__dirname, '..', '..');
/** ShiViz's logs shared by the project (../shared from the repository root) and their parser regexes. */
const SHIVIZ_SHARED = join(ROOT, '..', 'shared', 'fixtures', 'shiviz');

export interface GalleryTrace {
  /** File-name stem of the gallery pictures. */
  name: string;
  /** What the picture shows, for the gallery's page. */
  caption: string;
  load(): EngineView;
}

function viewOf(trace: Trace, format: string): EngineView {
  const analysis = analyzeTrace(trace);
  const details = Array.from({ length: trace.size }, (_, i): EventDetails => ({
    event: i,
    id: trace.eventId(i),
    fields: JSON.parse(JSON.stringify(trace.event(i))) as Record<string, Json>,
  }));
  return { view: buildTraceView(analysis, { format }), buffers: bufferTimelines(analysis), details };
}

function shiviz(file: string): EngineView {
  const manifest = JSON.parse(readFileSync(join(SHIVIZ_SHARED, 'manifest.json'), 'utf8')) as { logs: { file: string; regex: string; delimiter: string }[] };
  const entry = manifest.logs.find((l) => l.file === file)!;
  const traceFile = loadTraceFile(join(SHIVIZ_SHARED, file), { format: 'shiviz', regex: entry.regex, delimiter: entry.delimiter || undefined });
  return viewOf(traceFile.executions[0], 'shiviz');
}

function simulated(): EngineView {
  const config = configFromOptions({ replicas: '6', objects: 'cart:pn-counter,tags:or-set', rate: '18', duration: '20s', loss: '0.05', seed: '13' });
  const text = `${[...simulationLines(config)].join('\n')}\n`;
  const bytes = new TextEncoder().encode(text);
  const reader = nativeFormat.createReader({ name: 'simulated.causal.jsonl', bytes: { read: (offset, length) => bytes.subarray(offset, offset + length) } });
  reader.push(bytes);
  return viewOf(reader.finish().executions[0], 'causeway');
}

export const GALLERY_TRACES: GalleryTrace[] = [
  {
    name: 'shiviz-voldemort',
    caption: "ShiViz's voldemort-simple-threadnames.log: 863 events on 19 threads, long local runs folded",
    load: () => shiviz('voldemort-simple-threadnames.log'),
  },
  { name: 'shiviz-facebook', caption: "ShiViz's facebook.log: 47 events of a web request", load: () => shiviz('facebook.log') },
  {
    name: 'shiviz-broadcast',
    caption: "ShiViz's simple-reliable-broadcast.log: an Akka broadcast",
    load: () => shiviz('simple-reliable-broadcast.log'),
  },
  {
    name: 'zipkin-smartthings',
    caption: 'A Zipkin trace from production: 172 spans (353 events) of an OAuth flow through 8 services',
    load: () => viewOf(loadTraceFile(join(ROOT, 'test', 'fixtures', 'real', 'zipkin', 'smartthings-oauth-authorization.json')).executions[0], 'zipkin'),
  },
  { name: 'simulated-5000', caption: 'A simulator run of 5,475 events: 6 replicas, a PN-Counter and an OR-Set, 5% loss', load: simulated },
  { name: 'example-or-set-race', caption: 'The or-set-race example: a concurrent add wins over a remove', load: () => engineView('or-set-race.causal.jsonl') },
  { name: 'example-causal-delivery', caption: 'The causal-delivery example: an early answer waits for its question', load: () => engineView('causal-delivery.causal.jsonl') },
];

/** The gallery trace named `name`. */
export function galleryTrace(name: string): GalleryTrace {
  const found = GALLERY_TRACES.find((t) => t.name === name);
  if (!found) throw new Error(`no gallery trace ${name} (${GALLERY_TRACES.map((t) => basename(t.name)).join(', ')})`);
  return found;
}
