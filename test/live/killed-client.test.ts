// A client killed in the middle of its stream: every whole line it handed to the OS before it
// died is in the recording, in order and once; a half line it was cut off in is reported.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { analyzeRecording, startFlood, startSession, waitFor } from './helpers';

test('everything a killed client sent before it died is in the recording', async (t) => {
  const s = await startSession(t);
  const flood = startFlood(s.server.port, s.server.token, 1, 10_000_000);
  t.after(() => flood.kill());
  await waitFor('20,000 events sent', () => (flood.written.get('R1') ?? 0) >= 20_000, 15_000);
  flood.kill();
  await flood.exited;
  const sentBeforeDeath = flood.written.get('R1')!;
  await waitFor('the connection closed', () => s.logs.some((l) => /closed after/.test(l.message)));
  await s.server.written();

  const lines = readFileSync(s.server.recordingPath, 'utf8').split('\n');
  assert.equal(lines.pop(), '', 'the recording ends with a whole line');
  const seqs = lines.slice(1).map((line) => (JSON.parse(line) as { seq: number }).seq);
  assert.ok(seqs.length >= sentBeforeDeath, `${seqs.length} recorded, ${sentBeforeDeath} sent`);
  assert.deepEqual(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), 'every event once, in order');
  // Every write of the client stops half-way through a line, but the OS may have passed on only
  // part of the last one, ending anywhere: a half line is reported when there is one, once.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const cutOff = s.findings.filter((f) => f.kind === 'parse-error');
  assert.ok(cutOff.length <= 1, `${cutOff.length} half lines reported`);
  for (const f of cutOff) assert.match(f.message, /ended in the middle of this line/);
  assert.deepEqual(s.findings.filter((f) => f.kind !== 'parse-error'), [], 'nothing else is reported');
  await s.server.close();
  assert.equal(analyzeRecording(s.server.recordingPath).trace.size, seqs.length);
});
