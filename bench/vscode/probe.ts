// The extension-host half of `npm run bench:vscode`: loaded by VS Code as the extension tests'
// module, it times what the driver (bench/vscode/run.ts) cannot see from the window: the diagram's
// first frame, the host's stalls and memory, and Debug This Trace until paused and each step.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Session } from 'node:inspector';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import * as vscode from 'vscode';
import type { CausewayApi } from '../../extension/extension';
import { type BenchSignal, type ProbeResult, signalFile } from './signals';

const BENCH_DIR = process.env.CAUSEWAY_BENCH_DIR ?? '';
const POLL_MS = 50;
/** Where to write the extension host's CPU profile of each opening (CAUSEWAY_BENCH_PROFILE, as the driver writes the renderer's). */
const PROFILE_DIR = process.env.CAUSEWAY_BENCH_PROFILE;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts profiling this thread (the extension host's main thread); the returned function stops and writes the profile to `file`. */
function profileHost(file: string): () => Promise<void> {
  const session = new Session();
  session.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => session.post(method, (err, result) => (err ? reject(err) : resolve(result))));
  const started = post('Profiler.enable').then(() => post('Profiler.start'));
  return async () => {
    await started;
    const { profile } = (await post('Profiler.stop')) as { profile: object };
    writeFileSync(file, JSON.stringify(profile));
    session.disconnect();
  };
}

/** Waits for the driver's signal file `name` and returns its content. */
async function signal(name: string): Promise<BenchSignal> {
  const path = join(BENCH_DIR, name);
  while (!existsSync(path)) await sleep(POLL_MS);
  return JSON.parse(readFileSync(path, 'utf8')) as BenchSignal;
}

/** Resolves with the time `probe` first holds, checked every POLL_MS. */
async function when(probe: () => boolean, timeoutMs: number, what: string): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await sleep(POLL_MS);
  }
  return Date.now();
}

/** The peak resident memory of this process (the extension host and its worker threads) since the last reset, in MB. */
function peakRssMB(): number {
  const status = readFileSync('/proc/self/status', 'utf8');
  return Math.round(Number(/^VmHWM:\s+(\d+)/m.exec(status)?.[1] ?? 0) / 1024);
}

/**
 * Samples this process's resident size every 100 ms on a thread of its own: a read of
 * /proc/self/status on the host's main thread waited up to 71 ms while the trace worker's memory
 * changed, a stall of the bench's own that the host's event-loop delay counted.
 */
class RssSampler {
  private readonly peakKB = new Int32Array(new SharedArrayBuffer(4));
  private readonly worker = new Worker(
    `const { workerData: peak } = require('node:worker_threads');
    const { readFileSync } = require('node:fs');
    setInterval(() => {
      const kB = Number(/^VmRSS:\\s+(\\d+)/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
      if (kB > peak[0]) peak[0] = kB;
    }, 100);`,
    { eval: true, workerData: this.peakKB },
  );

  /** The largest resident size sampled so far, in MB. */
  get peakMB(): number {
    return Math.round(Atomics.load(this.peakKB, 0) / 1024);
  }

  stop(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Resets the peak resident size (Linux: "5" to clear_refs); false when the kernel refuses. */
function resetPeakMemory(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** When the Causeway debug adapter got its `launch` request, answered it, and sent each `stopped` event. */
class StopRecorder implements vscode.Disposable {
  readonly stops: number[] = [];
  /** When the adapter got each `next` request. */
  readonly nextAsked: number[] = [];
  launchAsked = 0;
  launchAnswered = 0;
  /** The thread (a replica) of the last `stopped` event. */
  stoppedThread = 1;
  private readonly registration = vscode.debug.registerDebugAdapterTrackerFactory('causeway', {
    createDebugAdapterTracker: () => ({
      onWillReceiveMessage: (message: { type?: string; command?: string }) => {
        if (message.type === 'request' && message.command === 'launch') this.launchAsked = Date.now();
        if (message.type === 'request' && message.command === 'next') this.nextAsked.push(Date.now());
      },
      onDidSendMessage: (message: { type?: string; event?: string; command?: string; body?: { threadId?: number } }) => {
        if (message.type === 'event' && message.event === 'stopped') {
          this.stops.push(Date.now());
          this.stoppedThread = message.body?.threadId ?? this.stoppedThread;
        }
        if (message.type === 'response' && message.command === 'launch') this.launchAnswered = Date.now();
      },
    }),
  });

  dispose(): void {
    this.registration.dispose();
  }
}

/**
 * The stopped replica's states as the Variables view asks for them (its top frame's first scope,
 * the replica, expanded): milliseconds until the adapter answered.
 */
async function showReplicaStates(session: vscode.DebugSession, threadId: number): Promise<number> {
  const started = Date.now();
  const { stackFrames } = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 })) as { stackFrames: { id: number }[] };
  if (stackFrames.length === 0) throw new Error(`Replica thread ${threadId} has no frame after the steps.`);
  const { scopes } = (await session.customRequest('scopes', { frameId: stackFrames[0].id })) as { scopes: { variablesReference: number }[] };
  const { variables } = (await session.customRequest('variables', { variablesReference: scopes[0].variablesReference })) as { variables: unknown[] };
  if (variables.length === 0) throw new Error('The replica scope showed no variables.');
  return Date.now() - started;
}

/**
 * Debug This Trace on the active editor's trace: time until paused on entry; then the driver clicks
 * Step Over STEPS_TIMED times, and each step is timed from its click until the adapter's `stopped`
 * event (the Variables view hidden); then the stopped replica's states are shown, with the peak memory
 * before and after.
 */
async function timeDebugger(
  uri: vscode.Uri,
  index: number,
  peakMB: () => number,
): Promise<Pick<ProbeResult, 'debugPausedMs' | 'debugLaunchAskedMs' | 'debugLaunchMs' | 'debugStepMs' | 'debugStepAdapterMs' | 'debugHostStallMs' | 'hostDebugPeakRssMB' | 'debugStatesMs'>> {
  const recorder = new StopRecorder();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  try {
    loop.enable();
    const started = Date.now();
    await vscode.commands.executeCommand('causeway.debugTrace', uri);
    const paused = await when(() => recorder.stops.length > 0, 120_000, 'the debugger to pause on entry');
    loop.disable();
    const session = vscode.debug.activeDebugSession!;
    writeFileSync(join(BENCH_DIR, signalFile('paused', index)), JSON.stringify({ path: uri.fsPath, at: paused }));
    const { clicks = [] } = await signal(signalFile('stepped', index));
    const hostDebugPeakRssMB = peakMB();
    const debugStatesMs = await showReplicaStates(session, recorder.stoppedThread);
    await vscode.debug.stopDebugging(session);
    // The stop after each click (the first stop is the entry).
    const steps = clicks.map((click, i) => recorder.stops[i + 1] - click);
    const inAdapter = clicks.map((_, i) => recorder.stops[i + 1] - recorder.nextAsked[i]);
    if (steps.some((ms) => !(ms >= 0))) throw new Error(`Step Over was clicked ${clicks.length} times, and the debugger stopped ${recorder.stops.length - 1} times after its entry.`);
    const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const { launchAsked, launchAnswered } = recorder;
    return { debugPausedMs: paused - started, debugLaunchAskedMs: launchAsked - started, debugLaunchMs: launchAnswered - launchAsked, debugStepMs: median(steps), debugStepAdapterMs: median(inAdapter), debugHostStallMs: Math.round(loop.max / 1e6), hostDebugPeakRssMB, debugStatesMs };
  } finally {
    loop.disable();
    recorder.dispose();
  }
}

/** Times one trace: the driver opens it with quick open, this side sees it drawn, then debugs it when the driver saw the views filled. */
async function timeTrace(index: number, api: CausewayApi): Promise<ProbeResult> {
  const drawn = new Map<string, { at: number; events: number }>();
  const firstViews = new Map<string, { at: number; events: number }>();
  const subscription = api.onDidDrawTrace((d) => {
    if (d.firstView) firstViews.set(d.uri.fsPath, { at: Date.now(), events: d.events });
    else if (!drawn.has(d.uri.fsPath)) drawn.set(d.uri.fsPath, { at: Date.now(), events: d.events });
  });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const peakReset = resetPeakMemory();
  const sampler = new RssSampler();
  try {
    const opening = await signal(signalFile('opening', index));
    const stopProfile = PROFILE_DIR === undefined ? undefined : profileHost(join(PROFILE_DIR, `host-${basename(opening.path)}.cpuprofile`));
    loop.enable();
    await when(() => drawn.has(opening.path), 300_000, `the diagram of ${opening.path}`);
    const whole = drawn.get(opening.path)!;
    const drawnAt = whole.at;
    const firstView = firstViews.get(opening.path) ?? whole;
    await signal(signalFile('views', index));
    loop.disable();
    const openHostStallMs = Math.round(loop.max / 1e6);
    await stopProfile?.();
    const peakMB = () => (peakReset ? Math.max(peakRssMB(), sampler.peakMB) : sampler.peakMB);
    const hostOpenPeakRssMB = peakMB();
    const debug = await timeDebugger(vscode.Uri.file(opening.path), index, peakMB);
    return { drawnAt, firstViewAt: firstView.at, firstViewEvents: firstView.events, openHostStallMs, hostOpenPeakRssMB, hostPeakRssMB: peakMB(), ...debug };
  } finally {
    await sampler.stop();
    loop.disable();
    subscription.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  }
}

/** Called by VS Code as the extension tests' entry: times each trace the driver opens, writing a result file for each. */
export async function run(): Promise<void> {
  const api = await vscode.extensions.getExtension<CausewayApi>('causeway.causeway')!.activate();
  const count = Number(process.env.CAUSEWAY_BENCH_TRACES ?? '0');
  for (let index = 0; index < count; index++) {
    let result: ProbeResult | { error: string };
    try {
      result = await timeTrace(index, api);
    } catch (err) {
      result = { error: (err as Error).message };
    }
    writeFileSync(join(BENCH_DIR, signalFile('result', index)), JSON.stringify(result));
  }
}
