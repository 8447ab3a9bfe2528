// One live connection against a stand-in session: a line the session fails on (throws) is an
// error to that client and a finding, and the connection goes on (a hello it fails on refuses the
// connection); acknowledgements name the last
// line whose event the recording's file holds, never one still on its way.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LiveConnection, type LiveTransport, type SessionSide } from '../../extension/live/connection';
import type { LiveFinding } from '../../extension/live/ingest';

function standIn(accept: (text: string) => string | undefined, welcome: SessionSide['welcome'] = () => ({ ok: 'hello', session: 's', recording: 's.causal.jsonl' })) {
  const sent: Array<Record<string, unknown>> = [];
  const findings: LiveFinding[] = [];
  const recording = { handed: 1, written: 1 };
  const transport: LiveTransport = {
    kind: 'tcp',
    remote: '127.0.0.1:5000',
    send: (text) => sent.push(JSON.parse(text)),
    sendBacklog: 0,
    pauseReading: () => undefined,
    resumeReading: () => undefined,
    end: () => undefined,
    destroy: () => undefined,
  };
  const session: SessionSide = {
    token: 'secret',
    welcome,
    accept: (text) => {
      const problem = accept(text);
      if (problem === undefined) recording.handed++;
      return problem;
    },
    recordingLines: () => recording,
    turnedAway: () => 0,
    report: (finding) => findings.push(finding),
    refused: () => undefined,
    log: () => undefined,
    changed: () => undefined,
  };
  const connection = new LiveConnection(1, transport, session, { maxLineBytes: 1000, helloTimeoutMs: 10_000, maxReports: 20 }, Date.now());
  connection.setSessionPaused(false);
  const lines = (...texts: string[]) => connection.receive(Buffer.from(texts.map((l) => `${l}\n`).join('')));
  return { connection, sent, findings, recording, lines };
}

const HELLO = JSON.stringify({ causeway: 'live', version: 1, token: 'secret', replica: 'A', ack: true });

test('a line the session fails on is an error to its client and a finding; the connection goes on', (t) => {
  const c = standIn((text) => {
    if (text.includes('boom')) throw new RangeError('Maximum call stack size exceeded');
    return undefined;
  });
  t.after(() => c.connection.closed());
  c.lines(HELLO, '{"kind":"local","label":"boom"}', '{"kind":"local"}');
  assert.equal(c.connection.state, 'open');
  assert.equal(c.connection.events, 1);
  assert.deepEqual(c.sent[1], { error: 'malformed', line: 2, message: 'the session failed on this line (Maximum call stack size exceeded); it is not recorded' });
  assert.equal(c.findings.length, 1);
  assert.match(c.findings[0].message, /line 2: the session failed on this line/);
});

test('acknowledgements wait until the file holds the events; refused lines in between do not hold them back', (t) => {
  const c = standIn((text) => (text === 'bad' ? 'not valid JSON' : undefined));
  t.after(() => c.connection.closed());
  c.lines(HELLO, '{"kind":"local"}', 'bad', '{"kind":"local"}');
  assert.deepEqual(c.sent.slice(1), [{ error: 'malformed', line: 3, message: 'not valid JSON' }], 'nothing acknowledged while the file holds none of them');
  c.recording.written = 2;
  c.connection.acknowledge();
  assert.deepEqual(c.sent.at(-1), { ok: 'written', line: 3 }, 'line 2 is in the file and line 3 was refused');
  c.recording.written = 3;
  c.connection.acknowledge();
  assert.deepEqual(c.sent.at(-1), { ok: 'written', line: 4 });
  c.lines('bad');
  assert.deepEqual(c.sent.at(-1), { ok: 'written', line: 5 }, 'a refused line with nothing on its way is acknowledged at once');
});

test('a hello the session fails on refuses that connection, and only it', () => {
  const c = standIn(
    () => undefined,
    () => {
      throw new Error('cannot declare');
    },
  );
  c.lines(HELLO, '{"kind":"local"}');
  assert.equal(c.connection.state, 'closed');
  assert.equal(c.connection.events, 0);
  assert.equal(c.sent[0].error, 'unauthorized');
  assert.match(String(c.sent[0].message), /the session failed on this line \(cannot declare\)/);
});
