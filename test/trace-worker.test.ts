// What the trace worker (extension/trace-worker.ts) hands the extension host: a summary of each
// execution (counts, the conflicts the side bar lists, lines and causal order), never the view,
// which it keeps and cuts in parts for the webview (and for an HTML export) when asked.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { serialize } from 'node:v8';
import { generateNativeTrace } from '../bench/generate-native';
import { PartsDecoder } from '../engine/view/wire';
import type { TraceView } from '../engine/view/model';
import { LISTED_CONFLICTS, type LoadRequest, type WorkerMessage, type WorkerRequest } from '../extension/worker-protocol';

const dir = mkdtempSync(join(tmpdir(), 'causeway-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A generated trace with more conflicts than the side bar lists. */
function generatedTrace(): string {
  const path = join(dir, 'trace.causal.jsonl');
  writeFileSync(path, `${[...generateNativeTrace({ events: 20_000, replicas: 8, keys: 5, seed: 7 })].join('\n')}\n`);
  return path;
}

/** Starts the worker on `path`: its messages are awaited by type, requests sent, the thread stopped. */
function worker(path: string): { next(type: WorkerMessage['type']): Promise<WorkerMessage>; ask(request: WorkerRequest): void; stop(): Promise<number> } {
  // The worker's TypeScript runs through tsx's require hook, as this test's does.
  const source = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', 'extension', 'trace-worker.ts'))});`;
  const thread = new Worker(source, { eval: true, workerData: { path } satisfies LoadRequest });
  const received: WorkerMessage[] = [];
  const waiting: (() => void)[] = [];
  thread.on('message', (message: WorkerMessage) => {
    received.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    async next(type) {
      for (;;) {
        const at = received.findIndex((m) => m.type === type);
        if (at >= 0) return received.splice(at, 1)[0];
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
    ask: (request) => thread.postMessage(request),
    stop: () => thread.terminate(),
  };
}

test('the host gets a summary of the view, far smaller than it, and the view in parts only when it asks', async () => {
  const trace = worker(generatedTrace());
  try {
    const loaded = await trace.next('loaded');
    assert.equal(loaded.type, 'loaded');
    if (loaded.type !== 'loaded') return;
    const [execution] = loaded.summary.executions;
    assert.equal(execution.size, 20_000);
    assert.equal(execution.replicaCount, 8);
    assert.ok(execution.conflictCount > LISTED_CONFLICTS, `${execution.conflictCount} conflicts, more than the side bar lists`);
    assert.equal(execution.conflicts.length, LISTED_CONFLICTS);
    assert.equal(execution.line.length, 20_000);
    assert.ok(!('view' in execution), 'no view crosses to the host');

    trace.ask({ type: 'parts', id: 1, execution: 0 });
    const reply = await trace.next('parts');
    assert.equal(reply.type, 'parts');
    if (reply.type !== 'parts') return;
    const decoder = new PartsDecoder();
    for (const part of reply.parts) decoder.add(part);
    const view = decoder.value<TraceView>();
    assert.equal(view.labels.length, 20_000, 'the parts carry the whole view');
    const first = execution.conflicts[0];
    assert.deepEqual(first.lines, first.events.map((e) => view.line[e]), "a listed conflict's lines are its events'");
    assert.deepEqual(first.labels, first.events.map((e) => view.labels[e]), "a listed conflict's labels are its events'");
    const viewBytes = reply.parts.reduce((sum, p) => sum + p.byteLength, 0);
    const summaryBytes = serialize(loaded.summary).byteLength;
    assert.ok(summaryBytes * 4 < viewBytes, `the summary (${summaryBytes} bytes) is a small share of the view (${viewBytes} bytes)`);
  } finally {
    await trace.stop();
  }
});
