// What the trace worker (extension/trace-worker.ts) hands the extension host: a long file's first
// view, a summary of each execution (counts, the conflicts the side bar lists, lines and causal
// order), never the view, which it keeps and cuts in parts for the webview (and for an HTML export)
// when asked; the reasons of conflicts past the worded ones come with their events' details.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { serialize } from 'node:v8';
import { generateNativeTrace } from '../bench/generate-native';
import { analyzeTrace } from '../engine/analysis/analyze';
import { decodedView } from '../engine/view/view-parts';
import { PartsDecoder } from '../engine/view/wire';
import { loadTraceFile } from '../cli/trace-file';
import { labelOf, type TraceView } from '../engine/view/model';
import { LISTED_CONFLICTS, type LoadRequest, type WorkerJob, type WorkerMessage, type WorkerRequest } from '../extension/worker-protocol';

const dir = mkdtempSync(join(tmpdir(), 'causeway-worker-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A generated trace with more conflicts than the side bar lists. */
function generatedTrace(): string {
  const path = join(dir, 'trace.causal.jsonl');
  writeFileSync(path, `${[...generateNativeTrace({ events: 20_000, replicas: 8, keys: 5, seed: 7 })].join('\n')}\n`);
  return path;
}

const NONE = Symbol('none');

/** What `message` resolves to if it does within `ms`, else NONE. */
function within(message: Promise<unknown>, ms: number): Promise<unknown> {
  return Promise.race([message, new Promise((resolve) => setTimeout(() => resolve(NONE), ms))]);
}

/**
 * Starts the worker on `path` (loading it, or for `firstLines` only its first lines): its messages
 * are awaited by type, requests sent, the thread stopped. `spare`: started without a job, as a
 * spare worker is, and sent it as its first message.
 */
function worker(
  path: string,
  options: Omit<LoadRequest, 'path'> = {},
  { spare = false, job = 'load', gate }: { spare?: boolean; job?: WorkerJob['type']; gate?: Int32Array } = {},
): { next(type: WorkerMessage['type']): Promise<WorkerMessage>; ask(request: WorkerRequest): void; stop(): Promise<number>; exited: Promise<number> } {
  // The worker's TypeScript runs through tsx's require hook, as this test's does.
  const source = `require('tsx/cjs'); require(${JSON.stringify(join(__dirname, '..', 'extension', 'trace-worker.ts'))});`;
  const request = { path, ...options };
  const started: WorkerJob = job === 'load' ? { type: job, request, ...(gate ? { gate } : {}) } : { type: job, request };
  const thread = new Worker(source, { eval: true, workerData: spare ? undefined : started });
  if (spare) thread.postMessage(started);
  const exited = new Promise<number>((resolve) => thread.once('exit', resolve));
  const received: WorkerMessage[] = [];
  const waiting: (() => void)[] = [];
  thread.on('message', (message: WorkerMessage) => {
    received.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    async next(type) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const at = received.findIndex((m) => m.type === type);
        if (at >= 0) return received.splice(at, 1)[0];
        if (Date.now() > deadline) throw new Error(`The worker sent no '${type}' message within 60 s.`);
        await new Promise<void>((resolve) => {
          waiting.push(resolve);
          setTimeout(resolve, 1000);
        });
      }
    },
    ask: (request) => thread.postMessage(request),
    stop: () => thread.terminate(),
    exited,
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

    const view = await decode((await viewParts(trace)).batches.flat());
    assert.equal(view.labelStart.length - 1, 20_000, 'the parts carry the whole view');
    const first = execution.conflicts[0];
    assert.deepEqual(first.lines, first.events.map((e) => view.line[e]), "a listed conflict's lines are its events'");
    assert.deepEqual(first.labels, first.events.map((e) => labelOf(view, e)), "a listed conflict's labels are its events'");
    const viewBytes = serialize(view).byteLength;
    const summaryBytes = serialize(loaded.summary).byteLength;
    // The summary's 1,000 worded conflicts are most of it; the view's events, clocks and labels stay in the worker.
    assert.ok(summaryBytes * 3 < viewBytes, `the summary (${summaryBytes} bytes) is under a third of the view (${viewBytes} bytes)`);
    assert.ok(!serialize(loaded.summary).includes(Buffer.from(labelOf(view, 19_999))), 'no label of an unlisted event crosses');
  } finally {
    await trace.stop();
  }
});

async function decode(parts: Uint8Array[]): Promise<TraceView> {
  const decoder = new PartsDecoder();
  for (const part of parts) decoder.add(part);
  const view = await decodedView(decoder);
  return { ...view, conflicts: view.conflicts.list() };
}

/** Asks for the first execution's view in parts as the host does, batch after batch of `stream`, until the worker says it sent the last. */
async function viewParts(trace: ReturnType<typeof worker>, stream = 1): Promise<{ batches: Uint8Array[][]; count: number }> {
  const batches: Uint8Array[][] = [];
  for (let id = 1000 * stream; ; id++) {
    trace.ask({ type: 'parts', id, execution: 0, stream });
    const reply = await trace.next('parts');
    if (reply.type !== 'parts') throw new Error(reply.type);
    batches.push(reply.parts);
    if (reply.done) return { batches, count: reply.count };
  }
}

test("a conflict past the worded ones crosses without its reason, and its events' details say it", async () => {
  const path = generatedTrace();
  const trace = worker(path);
  try {
    await trace.next('loaded');
    const view = await decode((await viewParts(trace)).batches.flat());
    assert.equal(typeof view.conflicts[LISTED_CONFLICTS - 1].reason, 'string');
    const late = view.conflicts[LISTED_CONFLICTS + 5];
    assert.equal(late.reason, undefined);
    trace.ask({ type: 'details', id: 2, execution: 0, events: [late.events[0]] });
    const details = await trace.next('details');
    if (details.type !== 'details') return assert.fail(details.type);
    const expected = analyzeTrace(loadTraceFile(path).executions[0]).conflicts[LISTED_CONFLICTS + 5];
    assert.equal(expected.id, late.id);
    assert.equal(details.details[0].conflictReasons?.[late.id], expected.reason);
  } finally {
    await trace.stop();
  }
});

test('a spare worker, started before any file is opened, loads the file it is then sent', async () => {
  const spare = worker(generatedTrace(), { firstView: true }, { spare: true });
  try {
    const loaded = await spare.next('loaded');
    if (loaded.type !== 'loaded') return assert.fail(loaded.type);
    assert.equal(loaded.summary.executions[0].size, 20_000);
    spare.ask({ type: 'find', id: 1, execution: 0, query: 'nowhere' });
    assert.deepEqual(await spare.next('found'), { type: 'found', id: 1, event: -1 }, 'a later message is a look-up, not another file');
  } finally {
    await spare.stop();
  }
});

test("a long file's first lines, read in a worker of their own before the load, make a view of their own without conflicts or findings; a reload gets none", async () => {
  const path = join(dir, 'long.causal.jsonl');
  writeFileSync(path, `${[...generateNativeTrace({ events: 36_000, replicas: 16, keys: 100, seed: 3 })].join('\n')}\n`);
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const firstLines = worker(path, { firstView: true, maxTraceBytes: 1 << 30 }, { job: 'firstLines' });
  const opening = worker(path, { firstView: true }, { gate });
  try {
    const first = await firstLines.next('firstView');
    if (first.type !== 'firstView') return assert.fail(first.type);
    const view = await decode(first.parts);
    assert.ok(view.size > 1000 && view.size < 10_000, `${view.size} events in the first view`);
    assert.deepEqual([view.conflicts, view.findings], [[], []]);
    assert.deepEqual(await firstLines.next('firstLinesRead'), { type: 'firstLinesRead' }, 'the whole fits');
    assert.equal(await firstLines.exited, 0, 'the first lines\' thread ends once it has sent them');
    assert.equal(await within(opening.next('reading'), 300), NONE, 'the load waits at its gate');
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
    const loaded = await opening.next('loaded');
    if (loaded.type !== 'loaded') return assert.fail(loaded.type);
    const whole = loaded.summary.executions[0];
    assert.equal(whole.size, 36_000);
    assert.deepEqual(Array.from(view.line), Array.from(whole.line.subarray(0, view.size)), 'the first view holds the file\'s first events');
    assert.equal(await within(opening.next('firstView'), 100), NONE, 'the load itself sends no first view');
  } finally {
    await Promise.all([firstLines.stop(), opening.stop()]);
  }
  const reload = worker(path, {}, { job: 'firstLines' });
  assert.equal(await Promise.race([reload.next('firstView'), reload.exited.then(() => NONE)]), NONE, 'no first view unless asked');
  const short = worker(generatedTrace(), { firstView: true }, { job: 'firstLines' });
  assert.equal(await Promise.race([short.next('firstView'), short.exited.then(() => NONE)]), NONE, 'a short file is drawn whole at once');
});

test('the view crosses to the host a batch of a few megabytes at a time, as the host asks, and a stopped send leaves nothing behind', async () => {
  const trace = worker(longTrace());
  try {
    await trace.next('loaded');
    const { batches, count } = await viewParts(trace);
    const bytes = batches.map((batch) => batch.reduce((sum, p) => sum + p.byteLength, 0));
    assert.ok(batches.length > 1, `${batches.length} batches of ${bytes.join(', ')} bytes`);
    assert.ok(Math.max(...bytes) < 3.5 * 1024 * 1024, `batches of ${bytes.join(', ')} bytes`);
    assert.equal(batches.flat().length, count);
    assert.equal((await decode(batches.flat())).size, 36_000);
    trace.ask({ type: 'parts', id: 1, execution: 0, stream: 2 });
    const first = await trace.next('parts');
    trace.ask({ type: 'stopParts', stream: 2 });
    trace.ask({ type: 'parts', id: 2, execution: 0, stream: 2 });
    const again = await trace.next('parts');
    if (first.type !== 'parts' || again.type !== 'parts') return assert.fail('no parts');
    assert.deepEqual(again.parts.map((p) => p.byteLength), first.parts.map((p) => p.byteLength), 'a stream asked for again after it stopped starts over');
  } finally {
    await trace.stop();
  }
});

/** A long file (36,000 events, about 9 MB): it gets a first view, and an estimate when a memory limit is set. */
function longTrace(): string {
  const path = join(dir, 'long-estimated.causal.jsonl');
  writeFileSync(path, `${[...generateNativeTrace({ events: 36_000, replicas: 16, keys: 100, seed: 3 })].join('\n')}\n`);
  return path;
}

test('a long file estimated past the memory limit is not read whole: its first lines say how large it is and which range fits', async () => {
  const limit = 8 * 1024 * 1024;
  const firstLines = worker(longTrace(), { firstView: true, maxTraceBytes: limit }, { job: 'firstLines' });
  try {
    await firstLines.next('firstView');
    const tooLarge = await firstLines.next('tooLarge');
    if (tooLarge.type !== 'tooLarge') return assert.fail(tooLarge.type);
    const { estimate } = tooLarge;
    assert.ok(Math.abs(estimate.events - 36_000) < 36_000 * 0.05, `about ${estimate.events} events estimated of 36,000`);
    assert.ok(estimate.neededBytes > limit && estimate.limitBytes === limit);
    assert.ok(estimate.rangeEvents < 36_000 && estimate.rangeEvents >= estimate.sampleEvents, `${estimate.rangeEvents} events offered`);
    await firstLines.exited;
    assert.equal(await within(firstLines.next('firstLinesRead'), 50), NONE, 'the load is not let go on');
  } finally {
    await firstLines.stop();
  }
  const fits = worker(longTrace(), { maxTraceBytes: 1024 * 1024 * 1024 }, { job: 'firstLines' });
  assert.equal((await Promise.race([fits.next('tooLarge'), fits.next('firstLinesRead')])).type, 'firstLinesRead', 'a file that fits gets no estimate');
});

test('a range opens the whole lines of the first bytes, and its findings leave out what lies past it instead of reporting it', async () => {
  const path = longTrace();
  const firstBytes = 3 * 1024 * 1024;
  const range = worker(path, { firstBytes, maxTraceBytes: 1 });
  try {
    const loaded = await range.next('loaded');
    if (loaded.type !== 'loaded') return assert.fail(loaded.type);
    const [execution] = loaded.summary.executions;
    const expected = loadTraceFile(path, { firstBytes }).executions[0];
    assert.equal(execution.size, expected.size, 'the events of the whole lines within the first bytes, despite the tiny limit');
    const checked = await range.next('checked');
    if (checked.type !== 'checked') return assert.fail(checked.type);
    const kinds = checked.findings.map((f) => f.kind);
    // The same events checked as a whole trace: replicas that have not caught up yet are reported.
    assert.ok(analyzeTrace(expected).findings.some((f) => f.kind === 'not-converged'), 'cut anywhere, replicas have not caught up');
    assert.ok(!kinds.includes('not-converged') && !kinds.includes('unknown-message'), `no finding about what lies past the range: ${kinds.join(', ')}`);
    assert.ok(!kinds.includes('still-recording'), 'the range is not a recording that may grow');
    const said = checked.findings.find((f) => f.kind === 'opened-range');
    assert.match(said?.message ?? '', new RegExp(`Only the first ${expected.size.toLocaleString('en-US')} events of .* are open: the whole lines of its first 3 MB of 9 MB`));
  } finally {
    await range.stop();
  }
});
