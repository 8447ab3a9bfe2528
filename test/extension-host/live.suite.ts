// Extension-host tests of traces that grow while shown: "Follow File" redraws a trace file as
// lines are appended to it; a live session records what a replica streams over TCP, and what the
// simulator streams into it, and redraws it as events arrive.

import * as assert from 'node:assert/strict';
import { appendFileSync, copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { LiveSessionInfo } from '../../extension/live/live-session';
import type { SimulateResult } from '../../extension/live/simulate-command';
import type { DrawnTrace } from '../../extension/trace-panel';
import { causeway, closeAllEditors, repoPath, waitFor } from './helpers';

/** Collects what the diagrams of `uri` draw, until disposed. */
async function drawings(uri: vscode.Uri): Promise<{ drawn: DrawnTrace[]; dispose(): void }> {
  const drawn: DrawnTrace[] = [];
  const subscription = (await causeway()).onDidDrawTrace((d) => {
    if (d.uri.toString() === uri.toString()) drawn.push(d);
  });
  return { drawn, dispose: () => subscription.dispose() };
}

describe('Follow File', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('causeway.stopFollowing');
    await closeAllEditors();
  });

  it('redraws a trace as events are appended to its file', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'causeway-follow-')), 'growing.causal.jsonl');
    copyFileSync(repoPath('examples', 'shopping-cart.causal.jsonl'), path);
    const before = readFileSync(path, 'utf8').trim().split('\n').length - 1;
    const uri = vscode.Uri.file(path);
    const seen = await drawings(uri);
    try {
      assert.equal(await vscode.commands.executeCommand('causeway.followFile', uri), true);
      await waitFor('the first drawing', () => seen.drawn.find((d) => d.events === before));
      appendFileSync(path, '{"replica":"phone","kind":"op","key":"cart","op":{"type":"inc","value":1}}\n{"replica":"laptop","kind":"local","label":"appended"}\n');
      await waitFor('the drawing with the appended events', () => seen.drawn.find((d) => d.events === before + 2));
    } finally {
      seen.dispose();
    }
  });
});

describe('Live session', () => {
  before(() => vscode.workspace.getConfiguration('causeway.live').update('recordingFolder', mkdtempSync(join(tmpdir(), 'causeway-recordings-')), vscode.ConfigurationTarget.Global));
  after(() => vscode.workspace.getConfiguration('causeway.live').update('recordingFolder', undefined, vscode.ConfigurationTarget.Global));
  afterEach(async () => {
    await vscode.commands.executeCommand('causeway.stopLiveSession');
    await closeAllEditors();
  });

  it('records and draws the events a replica streams over TCP, and refuses a wrong token', async () => {
    const session = await vscode.commands.executeCommand<LiveSessionInfo>('causeway.startLiveSession');
    assert.ok(session.port > 0);
    assert.match(session.token, /^[\w-]{20,}$/);
    const seen = await drawings(session.recording);
    try {
      const refused = await exchange(session.port, [{ causeway: 'live', version: 1, token: 'wrong', replica: 'A' }]);
      assert.match(refused, /"error":"unauthorized"/);
      const events = [1, 2, 3].map((seq) => ({ kind: 'op', key: 'visits', op: { type: 'inc' }, clock: { A: seq }, seq }));
      const reply = await exchange(session.port, [{ causeway: 'live', version: 1, token: session.token, replica: 'A', objects: { visits: 'g-counter' } }, ...events]);
      assert.match(reply, /"ok":"hello"/);
      await waitFor('the three events drawn', () => seen.drawn.find((d) => d.events === 3));
      const recorded = readFileSync(session.recording.fsPath, 'utf8');
      assert.match(recorded, /"declare":\{"objects":\{"visits":"g-counter"\}\}/);
      assert.doesNotMatch(recorded, /wrong/);
    } finally {
      seen.dispose();
    }
  });

  it('notes a receive whose send has not arrived while it records, and warns of it once the session stops', async () => {
    const session = await vscode.commands.executeCommand<LiveSessionInfo>('causeway.startLiveSession');
    const seen = await drawings(session.recording);
    const codes = () => vscode.languages.getDiagnostics(session.recording).map((d) => String(d.code));
    try {
      const receive = { kind: 'receive', msg: 'm9', clock: { A: 1, B: 1 }, seq: 1 };
      await exchange(session.port, [{ causeway: 'live', version: 1, token: session.token, replica: 'B' }, receive]);
      await waitFor('the receive drawn', () => seen.drawn.find((d) => d.events === 1));
      const only = (present: string, absent: string) => codes().includes(present) && !codes().includes(absent);
      await waitFor('a still-recording note and no warning', () => only('still-recording', 'unknown-message'));
      await vscode.commands.executeCommand('causeway.stopLiveSession');
      await waitFor('the unknown message warned of, and no note', () => only('unknown-message', 'still-recording'));
    } finally {
      seen.dispose();
    }
  });

  it('streams a simulated preset into the session in real time and draws its events as they arrive', async () => {
    const session = await vscode.commands.executeCommand<LiveSessionInfo>('causeway.startLiveSession');
    const seen = await drawings(session.recording);
    try {
      const result = await vscode.commands.executeCommand<SimulateResult>('causeway.simulate', { preset: 'partition-heals', target: 'live' });
      assert.equal(result.trace.toString(), session.recording.toString());
      assert.ok(result.events > 10, `${result.events} events`);
      await waitFor('every simulated event drawn', () => seen.drawn.find((d) => d.events === result.events));
      const counts = seen.drawn.map((d) => d.events);
      assert.ok(counts.some((n) => n > 0 && n < result.events), `drawn while arriving: ${counts.join(', ')}`);
    } finally {
      seen.dispose();
    }
  });
});

/** Sends `messages` as TCP lines to a live session and returns what it answered by the time it closes or 1 s passes. */
function exchange(port: number, messages: object[]): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(messages.map((m) => `${JSON.stringify(m)}\n`).join('')));
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => (answer += text));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    setTimeout(() => socket.end(), 1000);
  });
}
