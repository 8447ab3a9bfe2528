// The debug sessions the trace worker runs beside its analysis (extension/debug/worker-runtime.ts):
// each session keeps its own place, an ended one says so in words, and every reply is plain data.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyzeTrace } from '../engine/analysis/analyze';
import { loadTraceFile } from '../cli/trace-file';
import type { DebugAnswer, DebugRequest, StopReport } from '../extension/debug/debug-protocol';
import { DebugSessions } from '../extension/debug/worker-runtime';

const SIBLINGS = join(__dirname, '..', 'examples', 'mv-register-siblings.causal.jsonl');

function sessionsOf(path: string): DebugSessions {
  return new DebugSessions(loadTraceFile(path).executions.map((trace) => analyzeTrace(trace)));
}

/** One session's requests, each reply structured-cloned as when it crosses from the worker. */
function client(sessions: DebugSessions, session: number, execution = 0) {
  return (request: DebugRequest): DebugAnswer => structuredClone(sessions.answer({ session, execution, request }));
}

const reply = <T>(answer: DebugAnswer): T => {
  if ('error' in answer) assert.fail(answer.error);
  return answer.reply as T;
};

test('two sessions on one trace keep their own places', () => {
  const sessions = sessionsOf(SIBLINGS);
  const [first, second] = [client(sessions, 1), client(sessions, 2)];
  for (const ask of [first, second]) {
    reply(ask({ op: 'launch', order: 'causal' }));
    assert.equal(reply<StopReport>(ask({ op: 'start', stopOnEntry: true })).kind, 'entry');
  }
  const firstStep = reply<StopReport>(first({ op: 'move', movement: 'next' }));
  const firstAgain = reply<StopReport>(first({ op: 'move', movement: 'next' }));
  const secondStep = reply<StopReport>(second({ op: 'move', movement: 'next' }));
  assert.equal(secondStep.event, firstStep.event, 'the second session steps from its own entry');
  assert.notEqual(firstAgain.event, firstStep.event);
  assert.match(firstAgain.described, /line \d+/);
});

test('a session that ended says to start debugging again, and a missing execution says how many there are', () => {
  const sessions = sessionsOf(SIBLINGS);
  const ask = client(sessions, 7);
  reply(ask({ op: 'launch', order: 'causal' }));
  reply(ask({ op: 'end' }));
  assert.deepEqual(ask({ op: 'move', movement: 'next' }), { error: 'This debug session has ended, or its trace was read again: start debugging again.' });
  assert.deepEqual(client(sessions, 8, 3)({ op: 'launch', order: 'causal' }), { error: 'The trace has no execution 3 (it has 1).' });
});

test("a variable's reference expands it until the next stop", () => {
  const ask = client(sessionsOf(SIBLINGS), 1);
  reply(ask({ op: 'launch', order: 'causal' }));
  const entry = reply<StopReport>(ask({ op: 'start', stopOnEntry: true }));
  const [replica] = reply<{ variablesReference: number }[]>(ask({ op: 'scopes', replica: entry.thread - 1, event: entry.event }));
  const objects = reply<{ name: string }[]>(ask({ op: 'variables', reference: replica.variablesReference }));
  assert.ok(objects.some((v) => v.name === 'clock'), 'the replica scope lists its clock');
  reply(ask({ op: 'move', movement: 'next' }));
  assert.deepEqual(reply(ask({ op: 'variables', reference: replica.variablesReference })), []);
});

test("a session pauses and shows its call stack without the state replay, which runs once a replica's states are shown", () => {
  const [analysis] = loadTraceFile(SIBLINGS).executions.map((trace) => analyzeTrace(trace));
  let replays = 0;
  const states = analysis.states;
  analysis.states = () => {
    replays++;
    return states();
  };
  const ask = client(new DebugSessions([analysis]), 1);
  reply(ask({ op: 'launch', order: 'causal' }));
  reply(ask({ op: 'start', stopOnEntry: true }));
  const stop = reply<StopReport>(ask({ op: 'move', movement: 'next' }));
  const { frames } = reply<{ frames: unknown[] }>(ask({ op: 'stackTrace', replica: stop.thread - 1, start: 0, levels: 20 }));
  assert.ok(frames.length > 0);
  const [replica] = reply<{ variablesReference: number }[]>(ask({ op: 'scopes', replica: stop.thread - 1, event: stop.event }));
  assert.equal(replays, 0, 'no state replay before a state is shown');
  assert.ok(reply<unknown[]>(ask({ op: 'variables', reference: replica.variablesReference })).length > 0);
  assert.equal(replays, 1, 'the replay runs once a state is shown');
});
