// The check's second thread (cli/state-replay-thread.ts, its worker run from source through tsx):
// a report whose state replay ran there, the main thread claiming keys too, is the report of a
// replay on one thread; a job of several passes is replayed there alone; a thread stopped before
// it answers leaves its jobs to be replayed here.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { test } from 'node:test';
import { generateNativeTrace } from '../../bench/generate-native';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { checkReport } from '../../engine/analysis/report';
import { keyReplayJob, replayKeyJob } from '../../engine/replay/states-by-key';
import type { TraceFile } from '../../engine/trace/model';
import { checkFiles, type CheckOptions } from '../../cli/check';
import { StateReplayThread } from '../../cli/state-replay-thread';
import { nativeText, readText } from '../helpers/load';
import { tempDir } from '../live/helpers';

/** A generated trace of every CRDT type, with refused operations added (a negative g-counter increment, an unknown type), as text. */
function generatedText(seed: number): string {
  const lines = [...generateNativeTrace({ events: 6000, replicas: 6, keys: 24, seed })];
  const header = JSON.parse(lines[0]) as { objects: Record<string, string> };
  const counter = Object.keys(header.objects).find((key) => header.objects[key] === 'g-counter')!;
  lines.splice(100, 0, JSON.stringify({ replica: 'r01', kind: 'op', key: counter, op: { type: 'inc', value: -3 } }));
  lines.splice(2000, 0, JSON.stringify({ replica: 'r02', kind: 'op', key: counter, op: { type: 'add', value: 'x' } }));
  return `${lines.join('\n')}\n`;
}

const generated = (seed: number): TraceFile => readText(generatedText(seed));

/** The report of `file` with its state replays handed to `thread`, once the thread has answered. */
async function reportThrough(thread: StateReplayThread, file: TraceFile): Promise<ReturnType<typeof checkReport>> {
  const analyses = file.executions.map((t) => analyzeTrace(t, { measureSyncs: false, replayElsewhere: thread.replay }));
  await thread.settled();
  return checkReport(file, analyses);
}

const reportHere = (file: TraceFile) => checkReport(file, file.executions.map((t) => analyzeTrace(t, { measureSyncs: false })));

test('a report whose state replay ran on the second thread is the report of one replayed here', async () => {
  const thread = new StateReplayThread();
  try {
    for (const seed of [1, 2, 3]) {
      const file = generated(seed);
      const report = await reportThrough(thread, file);
      assert.ok(report.executions[0].findings.some((f) => f.kind === 'invalid-operation'), 'the trace has refused operations');
      assert.deepEqual(report, reportHere(file));
    }
    // Several executions in one file, one of them without objects: each job answered.
    const two = readText(
      nativeText({ replicas: ['A', 'B'], objects: { x: 'or-set' } }, [{ replica: 'A', kind: 'op', key: 'x', op: { type: 'add', value: 1 } }]) +
        nativeText({ name: 'second', replicas: ['A'] }, [{ replica: 'A', kind: 'local' }]),
    );
    assert.equal(two.executions.length, 2);
    assert.deepEqual(await reportThrough(thread, two), reportHere(two));
  } finally {
    thread.close();
  }
});

test('a job of several passes is replayed on the second thread alone, with the states of one replay here', async () => {
  const trace = generated(4).executions[0];
  const { causal, clocks, knowledge, budget } = analyzeTrace(trace);
  const job = keyReplayJob(trace, causal, clocks, knowledge, budget, 500);
  const thread = new StateReplayThread();
  try {
    const outcome = thread.replay(job);
    await thread.settled();
    const here = replayKeyJob(job);
    assert.deepEqual(
      outcome().finalStates.map((row) => row.map((s) => s.value())),
      here.finalStates.map((row) => row.map((s) => s.value())),
    );
    assert.deepEqual(outcome().refused, here.refused);
  } finally {
    thread.close();
  }
});

test('a thread stopped before it answers leaves its jobs to be replayed here', async () => {
  const file = generated(5);
  const thread = new StateReplayThread();
  const analyses = file.executions.map((t) => analyzeTrace(t, { measureSyncs: false, replayElsewhere: thread.replay }));
  thread.close();
  await thread.settled();
  assert.deepEqual(checkReport(file, analyses), reportHere(file));
});

/** What `causeway check` writes (status, stdout) with these options. */
async function check(file: string, options: Partial<CheckOptions>): Promise<{ status: number; text: string }> {
  let text = '';
  const stdout = new Writable({ write: (chunk, _encoding, done) => ((text += String(chunk)), done()) });
  const stderr = new Writable({ write: (_chunk, _encoding, done) => done() });
  const status = await checkFiles('check', [file], { load: {}, json: false, ...options }, { stdout, stderr });
  return { status, text };
}

test('causeway check on a file past the size for a second thread writes what it writes on one thread, in text and JSON', async () => {
  const file = join(tempDir(), 'generated.causal.jsonl');
  writeFileSync(file, generatedText(6));
  for (const json of [false, true]) {
    const oneThread = await check(file, { json, replayThreadMinBytes: Infinity });
    const twoThreads = await check(file, { json, replayThreadMinBytes: 0 });
    assert.equal(oneThread.status, 1, 'the refused operations are errors');
    assert.deepEqual(twoThreads, oneThread);
  }
});
