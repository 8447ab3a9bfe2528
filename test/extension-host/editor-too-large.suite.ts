// Extension-host test of a trace too large for the editor's memory limit (a small file and a small
// causeway.maxEditorMemoryMB stand in for ten million events): the editor says so before reading
// it whole, never failing, and opens the range of its first events that fits, whose findings say
// what the range leaves out.

import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { generateNativeTrace } from '../../bench/generate-native';
import type { OpeningState } from '../../extension/trace-document';
import { causeway, closeAllEditors, waitFor } from './helpers';

type TooLarge = Extract<OpeningState, { state: 'tooLarge' }>;

describe('Opening a trace too large for the editor', () => {
  let dir: string;
  let uri: vscode.Uri;
  const config = () => vscode.workspace.getConfiguration('causeway');

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'causeway-too-large-'));
    // 36,000 events in about 9 MB: long enough for a first view and an estimate, far more than 8 MB once open.
    uri = vscode.Uri.file(join(dir, 'too-large.causal.jsonl'));
    writeFileSync(uri.fsPath, `${[...generateNativeTrace({ events: 36_000, replicas: 16, keys: 100, seed: 5 })].join('\n')}\n`);
    await config().update('maxEditorMemoryMB', 8, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await config().update('maxEditorMemoryMB', undefined, vscode.ConfigurationTarget.Global);
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(closeAllEditors);

  it('says it is too large before reading it whole, then opens the range of its first events that fits, whose findings say what it leaves out', async () => {
    const api = await causeway();
    const states: OpeningState[] = [];
    const drawn: { events: number; firstView: boolean }[] = [];
    const subscriptions = [
      api.onDidProgressOpening((p) => p.uri.toString() === uri.toString() && states.push(p.opening)),
      api.onDidDrawTrace((d) => d.uri.toString() === uri.toString() && drawn.push({ events: d.events, firstView: d.firstView })),
    ];
    try {
      await vscode.commands.executeCommand('vscode.openWith', uri, 'causeway.trace');
      const { estimate } = await waitFor('the offer of a range', () => states.find((s): s is TooLarge => s.state === 'tooLarge'), 30_000);
      assert.ok(!states.some((s) => s.state === 'failed' || s.state === 'open' || (s.state === 'opening' && s.stage === 'reading')), `read whole or failed: ${JSON.stringify(states)}`);
      assert.ok(Math.abs(estimate.events - 36_000) < 1800, `about ${estimate.events} events estimated`);
      assert.ok(estimate.rangeEvents < 36_000, `${estimate.rangeEvents} events offered`);
      for (const [view, listed] of Object.entries(api.viewLabels() ?? {})) assert.deepEqual(listed, ['too-large.causal.jsonl is too large to open whole: choose a range in its editor'], view);

      api.openRange(uri, estimate.rangeBytes);
      const whole = await waitFor('the range drawn', () => drawn.find((d) => !d.firstView), 60_000);
      assert.ok(Math.abs(whole.events - estimate.rangeEvents) < estimate.rangeEvents * 0.15, `${whole.events} events drawn, about ${estimate.rangeEvents} offered`);
      const findings = await waitFor('the findings of the range', () => {
        const listed = api.viewLabels()?.['causeway.findings'];
        return listed?.some((label) => label.startsWith('Only the first')) ? listed : undefined;
      });
      assert.ok(findings.some((label) => label.includes(`Only the first ${whole.events.toLocaleString('en-US')} events of too-large.causal.jsonl are open`)), findings.join('\n'));
      assert.ok(!findings.some((label) => /not received every|never sent|still differ/i.test(label)), `a finding about what lies past the range: ${findings.join('\n')}`);
    } finally {
      for (const s of subscriptions) s.dispose();
    }
  });
});
