// The `causeway` debug adapter through the Debug Adapter Protocol, as VS Code drives it: the adapter
// runs in-process on a socket and @vscode/debugadapter-testsupport's DebugClient talks to it; its
// runtime answers in-process too, through the trace worker's dispatch (DebugSessions).

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, afterEach, describe, test } from 'node:test';
import { DebugClient } from '@vscode/debugadapter-testsupport';
import type { DebugProtocol } from '@vscode/debugprotocol';
import { analyzeTrace } from '../engine/analysis/analyze';
import { loadTraceFile } from '../cli/trace-file';
import { type CausewayLaunchArguments, CausewayDebugSession } from '../extension/debug/adapter';
import type { DebugTarget } from '../extension/debug/connection';
import { DebugSessions } from '../extension/debug/worker-runtime';
import { parseCondition, parseHitCondition } from '../extension/debug/conditions';
import { SHIVIZ_REGEX_PRESETS } from '../engine/format/shiviz-regex';

const example = (name: string) => join(__dirname, '..', 'examples', `${name}.causal.jsonl`);
// mv-register-siblings: line 2 A sets red, 3 B sets blue, 4 A sends m1, 5 B sends m2, 6 B receives m1,
// 7 A receives m2, 8 C receives m1, 9 C receives m2, 10 C sets purple, 11 C sends m3, 12 A and 13 B receive m3.
const SIBLINGS = example('mv-register-siblings');

/**
 * The trace analysed in-process and its debug sessions answered as the trace worker answers them;
 * every reply is structured-cloned, as it is when it crosses from the worker.
 */
async function openInProcess(args: CausewayLaunchArguments): Promise<DebugTarget> {
  const file = loadTraceFile(args.trace, { regex: args.regex, delimiter: args.delimiter });
  const sessions = new DebugSessions(file.executions.map((trace) => analyzeTrace(trace)));
  return { send: async (envelope) => structuredClone(sessions.answer(structuredClone(envelope))), close: () => void targetsClosed++ };
}
/** Targets closed so far (a worker opened for a session ends with it). */
let targetsClosed = 0;

let server: Server;
let port: number;
let dc: DebugClient;

before(async () => {
  server = createServer((socket) => {
    const session = new CausewayDebugSession(openInProcess);
    session.setRunAsServer(true);
    session.start(socket, socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(async () => {
  dc = new DebugClient('node', 'unused', 'causeway');
  await dc.start(port);
});

afterEach(() => dc.stop());

/** Launches on `trace` after setting `breakpoints` (lines) and `filters`; resolves with the first stop. */
async function launch(
  trace: string,
  options: { stopOnEntry?: boolean; order?: string; replica?: string; breakpoints?: DebugProtocol.SourceBreakpoint[]; filters?: string[] } = {},
): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await Promise.all([
    dc.initializeRequest(),
    dc.waitForEvent('initialized').then(async () => {
      await dc.setBreakpointsRequest({ source: { path: trace }, breakpoints: options.breakpoints ?? [] });
      await dc.setExceptionBreakpointsRequest({ filters: options.filters ?? [] });
      await dc.configurationDoneRequest();
    }),
    dc.launchRequest({ trace, stopOnEntry: options.stopOnEntry ?? true, order: options.order, replica: options.replica } as DebugProtocol.LaunchRequestArguments),
  ]);
  return stopped;
}

/** Runs a step request and resolves with the stop it causes. */
async function stepWith(request: (args: { threadId: number }) => Promise<unknown>): Promise<DebugProtocol.StoppedEvent> {
  const stopped = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
  await request({ threadId: 1 });
  return stopped;
}

/** The line of the top frame of `thread` (1 = the first replica). */
async function topLine(thread: number): Promise<number> {
  const { body } = await dc.stackTraceRequest({ threadId: thread, startFrame: 0, levels: 1 });
  return body.stackFrames[0].line;
}

/** Thread of the replica whose event is current, as the stop names it. */
const lineOfStop = async (stop: DebugProtocol.StoppedEvent) => topLine(stop.body.threadId ?? 1);

/** Variables of `reference` by name. */
async function variables(reference: number): Promise<Map<string, DebugProtocol.Variable>> {
  const { body } = await dc.variablesRequest({ variablesReference: reference });
  return new Map(body.variables.map((v) => [v.name, v]));
}

describe('debug adapter: launch, threads and stack', () => {
  test('stops on entry at the first event, with the replicas as threads', async () => {
    const stop = await launch(SIBLINGS);
    assert.equal(stop.body.reason, 'entry');
    assert.equal(await lineOfStop(stop), 2);
    const { body } = await dc.threadsRequest();
    assert.deepEqual(body.threads.map((t) => t.name), ['A', 'B', 'C']);
  });

  test("a replica's call stack is the causal chain of its current event, each frame at its line", async () => {
    await launch(SIBLINGS, { breakpoints: [{ line: 6 }], stopOnEntry: false });
    const { body } = await dc.stackTraceRequest({ threadId: 2 });
    assert.deepEqual(body.stackFrames.map((f) => f.line), [6, 4, 2]);
    assert.equal(body.totalFrames, 3);
    assert.match(body.stackFrames[0].source?.path ?? '', /mv-register-siblings\.causal\.jsonl$/);
  });

  test('ending the session ends what was opened for it', async () => {
    await launch(SIBLINGS);
    const before = targetsClosed;
    await dc.disconnectRequest({});
    assert.equal(targetsClosed, before + 1);
  });

  test('a launch on a missing file fails in words', async () => {
    await dc.initializeRequest();
    await assert.rejects(dc.launchRequest({ trace: example('missing') } as DebugProtocol.LaunchRequestArguments), /no such file/);
  });
});

describe('debug adapter: stepping both ways', () => {
  test('step over goes to the next event in causal order and step back returns', async () => {
    await launch(SIBLINGS);
    const next = await stepWith((a) => dc.nextRequest(a));
    assert.equal(next.body.reason, 'step');
    assert.equal(await lineOfStop(next), 3);
    assert.equal(await lineOfStop(await stepWith((a) => dc.stepBackRequest(a))), 2);
  });

  test('step into follows a send to its receive, step out goes back to the send', async () => {
    await launch(SIBLINGS, { breakpoints: [{ line: 4 }], stopOnEntry: false });
    const into = await stepWith((a) => dc.stepInRequest(a));
    assert.equal(await lineOfStop(into), 6);
    assert.match(into.body.description ?? '', /Followed A:2's message to B/);
    const out = await stepWith((a) => dc.stepOutRequest(a));
    assert.equal(await lineOfStop(out), 4);
  });

  test('continue runs to the end and terminates; reverse continue runs back to the start', async () => {
    await launch(SIBLINGS, { breakpoints: [{ line: 9 }], stopOnEntry: false });
    assert.equal(await lineOfStop(await stepWith((a) => dc.reverseContinueRequest(a))), 2);
    await Promise.all([dc.continueRequest({ threadId: 1 }), dc.waitForEvent('stopped')]);
    await Promise.all([dc.continueRequest({ threadId: 1 }), dc.waitForEvent('terminated')]);
  });

  test('pause stops where the run is, saying so', async () => {
    await launch(SIBLINGS);
    const stop = await stepWith((a) => dc.pauseRequest(a));
    assert.equal(stop.body.reason, 'pause');
    assert.match(stop.body.description ?? '', /Paused at A:1/);
  });

  test('one replica\'s view steps through that replica\'s events only', async () => {
    const stop = await launch(SIBLINGS, { order: 'replica', replica: 'C' });
    assert.equal(await lineOfStop(stop), 8);
    assert.equal(await lineOfStop(await stepWith((a) => dc.nextRequest(a))), 9);
    assert.equal(await lineOfStop(await stepWith((a) => dc.nextRequest(a))), 10);
  });
});

describe('debug adapter: breakpoints', () => {
  test('a line breakpoint stops at the event on that line, saying so', async () => {
    const stop = await launch(SIBLINGS, { breakpoints: [{ line: 9 }], stopOnEntry: false });
    assert.equal(stop.body.reason, 'breakpoint');
    assert.match(stop.body.description ?? '', /Breakpoint on line 9: C:2/);
    assert.equal(await lineOfStop(stop), 9);
  });

  test('a conditional breakpoint stops only where the event matches', async () => {
    const stop = await launch(SIBLINGS, { breakpoints: [{ line: 12, condition: 'replica == "B"' }, { line: 13, condition: 'replica == "B" && key != "x"' }], stopOnEntry: false });
    assert.equal(await lineOfStop(stop), 13);
  });

  test('a hit count stops on the n-th pass, counting passes both ways', async () => {
    await launch(SIBLINGS, { breakpoints: [{ line: 9, hitCondition: '2' }, { line: 12 }], stopOnEntry: false });
    assert.equal(await topLine(1), 12);
    assert.equal(await lineOfStop(await stepWith((a) => dc.reverseContinueRequest(a))), 9);
  });

  test('a condition that cannot be read leaves the breakpoint unverified, with why', async () => {
    await launch(SIBLINGS);
    const { body } = await dc.setBreakpointsRequest({ source: { path: SIBLINGS }, breakpoints: [{ line: 9, condition: 'replica = "B"' }, { line: 1 }] });
    assert.deepEqual(body.breakpoints.map((b) => b.verified), [false, false]);
    assert.match(body.breakpoints[1].message ?? '', /Line 1 has no event/);
  });

  test('the concurrent-write filter stops at a conflict and shows its resolution', async () => {
    const stop = await launch(SIBLINGS, { filters: ['conflict'], stopOnEntry: false });
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /Conflict c1 on color between A:1 and B:1\./);
    const { body } = await dc.stackTraceRequest({ threadId: stop.body.threadId ?? 1 });
    const scopes = (await dc.scopesRequest({ frameId: body.stackFrames[0].id })).body.scopes;
    const conflict = scopes.find((s) => s.name === 'Conflict c1');
    assert.ok(conflict);
    const fields = await variables(conflict.variablesReference);
    assert.equal(fields.get('strategy')?.value, 'multi-value');
    assert.match(fields.get('candidates')?.value ?? '', /2 concurrent writes/);
  });

  test('the causal-delivery filter stops at the violation', async () => {
    const stop = await launch(example('causal-delivery'), { filters: ['causal-delivery-violation'], stopOnEntry: false });
    assert.equal(stop.body.reason, 'exception');
    assert.equal(await lineOfStop(stop), 7);
  });
  for (const [filter, line] of [['state-mismatch', 5], ['divergence', 7]] as const) {
    test(`the ${filter} filter stops where the finding is written`, async () => {
      const stop = await launch(example('buggy-merge'), { filters: [filter], stopOnEntry: false });
      assert.equal(stop.body.reason, 'exception');
      assert.equal(await lineOfStop(stop), line);
    });
  }
  test('the clock-anomaly filter stops at a receive whose recorded clock misses its send', async () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'causeway-debug-')), 'anomaly.causal.jsonl');
    writeFileSync(
      trace,
      [
        { format: 'causeway', version: 1, replicas: ['A', 'B'] },
        { replica: 'A', kind: 'local', clock: { A: 1 } },
        { replica: 'A', kind: 'send', msg: 'm1', to: ['B'], clock: { A: 2 } },
        { replica: 'B', kind: 'receive', msg: 'm1', clock: { B: 1 } },
      ]
        .map((line) => JSON.stringify(line))
        .join('\n'),
    );
    const stop = await launch(trace, { filters: ['clock-anomaly'], stopOnEntry: false });
    assert.equal(stop.body.reason, 'exception');
    assert.match(stop.body.description ?? '', /clock of B:1 \(line 4\) does not include/);
  });
});

describe('debug adapter: variables and evaluate', () => {
  test('a replica\'s scope shows its CRDT objects, vector clock, buffer and messages', async () => {
    await launch(SIBLINGS, { breakpoints: [{ line: 6 }], stopOnEntry: false });
    const { body } = await dc.stackTraceRequest({ threadId: 2 });
    const [replica] = (await dc.scopesRequest({ frameId: body.stackFrames[0].id })).body.scopes;
    assert.equal(replica.name, 'Replica B');
    const vars = await variables(replica.variablesReference);
    assert.deepEqual([...vars.keys()], ['color', 'clock', 'buffer', 'delivered', 'in flight']);
    assert.match(vars.get('color')?.value ?? '', /mv-register \["red","blue"\]/);
    const clock = await variables(vars.get('clock')!.variablesReference);
    assert.deepEqual([...clock].map(([name, v]) => `${name}=${v.value}`), ['A=2', 'B=3', 'C=0']);
    assert.equal((await variables(vars.get('delivered')!.variablesReference)).get('m1')?.value, 'from A (send A:2)');
  });

  test('names with bidi or zero-width characters show escaped in threads and scope titles', async () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'causeway-debug-')), 'spoof.causal.jsonl');
    writeFileSync(trace, '{"format":"causeway","version":1}\n{"replica":"abc\\u202eevil.exe","kind":"local"}\n');
    await launch(trace);
    const { threads } = (await dc.threadsRequest()).body;
    assert.deepEqual(threads.map((t) => t.name), ['abc\\u202eevil.exe']);
    const { body } = await dc.stackTraceRequest({ threadId: threads[0].id });
    const names = (await dc.scopesRequest({ frameId: body.stackFrames[0].id })).body.scopes.map((s) => s.name);
    assert.deepEqual(names.slice(0, 2), ['Replica abc\\u202eevil.exe', 'Event abc\\u202eevil.exe:1']);
  });

  test('watch and hover evaluate simple paths for the frame\'s replica', async () => {
    await launch(SIBLINGS, { breakpoints: [{ line: 6 }], stopOnEntry: false });
    const { body } = await dc.stackTraceRequest({ threadId: 2 });
    const frameId = body.stackFrames[0].id;
    assert.equal((await dc.evaluateRequest({ expression: 'clock.A', frameId, context: 'watch' })).body.result, '2');
    assert.equal((await dc.evaluateRequest({ expression: 'color', frameId, context: 'hover' })).body.result, '["red","blue"]');
    assert.equal((await dc.evaluateRequest({ expression: 'kind', frameId })).body.result, '"receive"');
    await assert.rejects(dc.evaluateRequest({ expression: 'cart.apples', frameId }), /names nothing B holds here/);
  });
});

describe('debug adapter: Run to Here and Replay With Strategy', () => {
  test('Run to Here moves to the event on a line, in either direction', async () => {
    await launch(SIBLINGS);
    const forward = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.customRequest('causeway/goToEvent', { line: 10 });
    assert.equal(await lineOfStop(await forward), 10);
    const back = dc.waitForEvent('stopped') as Promise<DebugProtocol.StoppedEvent>;
    await dc.customRequest('causeway/goToEvent', { event: 'B:1' });
    assert.equal(await lineOfStop(await back), 3);
    await assert.rejects(dc.customRequest('causeway/goToEvent', { line: 1 }), /no event on line 1/);
  });

  test('Replay With Strategy offers the other strategies of conflicted keys and says how each replica would differ', async () => {
    await launch(example('or-set-race'));
    const choices = await dc.customRequest('causeway/strategyChoices');
    assert.deepEqual(choices.body, { choices: [{ key: 'basket', current: 'add-wins', others: ['remove-wins'] }] });
    const replay = await dc.customRequest('causeway/replayWithStrategy', { key: 'basket', strategy: 'remove-wins' });
    assert.deepEqual((replay.body as { lines: string[] }).lines, [
      'alice: basket would be ["eggs"] instead of ["eggs","milk"].',
      'bob: basket would be ["eggs"] instead of ["eggs","milk"].',
    ]);
    await assert.rejects(dc.customRequest('causeway/replayWithStrategy', { key: 'basket', strategy: 'coin-flip' }), /not a conflict strategy/);
  });
});

describe('breakpoint conditions', () => {
  const fields = (values: Record<string, string | number>) => (name: string) => values[name];

  test('conditions compare event fields with ==, != and combine them with &&, || and parentheses', () => {
    const event = fields({ replica: 'B', key: 'cart', line: 7 });
    assert.equal(parseCondition('replica == "B" && key == "cart"')(event), true);
    assert.equal(parseCondition("replica == 'A' || (line == 7 && key != 'x')")(event), true);
    assert.equal(parseCondition('!(replica == "B")')(event), false);
  });

  test('conditions are data, never code', () => {
    assert.throws(() => parseCondition('process.exit(1)'), /Unexpected/);
    assert.throws(() => parseCondition('replica == '), /ends too early/);
  });

  test('hit counts: a bare number means at least, and the usual operators work', () => {
    assert.deepEqual([1, 2, 3, 4].map(parseHitCondition('3')), [false, false, true, true]);
    assert.deepEqual([1, 2, 3, 4].map(parseHitCondition('%2')), [false, true, false, true]);
    assert.deepEqual([1, 2, 3].map(parseHitCondition('== 2')), [false, true, false]);
    assert.throws(() => parseHitCondition('twice'), /not a number/);
  });
});

describe('debug adapter: stops in words and imported logs', () => {
  /** The Debug Console lines the adapter writes from now on. */
  function consoleLines(): string[] {
    const lines: string[] = [];
    dc.on('output', (event: DebugProtocol.OutputEvent) => {
      if (event.body.category === 'console') lines.push(event.body.output.trim());
    });
    return lines;
  }

  test('each stop says in the Debug Console where it is and why, and the end says so', async () => {
    const lines = consoleLines();
    await launch(SIBLINGS, { breakpoints: [{ line: 6 }], stopOnEntry: false });
    await stepWith((a) => dc.nextRequest(a));
    await stepWith((a) => dc.stepBackRequest(a));
    await Promise.all([dc.continueRequest({ threadId: 1 }), dc.waitForEvent('terminated')]);
    assert.match(lines[0], /^Stopped at B:3 \(line 6, receive\).* — breakpoint on line 6\.$/);
    assert.match(lines[1], /^Stopped at .* — step\.$/);
    assert.match(lines[2], /^Stopped at B:3 .* — step back\.$/);
    assert.match(lines.at(-1) ?? '', /^Reached the end of the causal order\./);
  });

  test('a ShiViz log reads with the regex its editor was given, as every imported format debugs', async () => {
    const log = join(__dirname, 'fixtures', 'extension', 'govector-plain.log');
    const stopped = dc.waitForEvent('stopped');
    await Promise.all([
      dc.initializeRequest(),
      dc.waitForEvent('initialized').then(() => dc.configurationDoneRequest()),
      dc.launchRequest({ trace: log, regex: SHIVIZ_REGEX_PRESETS.govector } as DebugProtocol.LaunchRequestArguments),
    ]);
    await stopped;
    const { body } = await dc.threadsRequest();
    assert.deepEqual(body.threads.map((t) => t.name), ['client', 'server']);
  });
});
