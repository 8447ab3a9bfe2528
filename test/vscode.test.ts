// The extension in a real VS Code (the server from .cache/, its workbench in headless Chromium):
// the extension-host suites (test/extension-host/, run by test/harness/run-extension-tests.ts, which
// sets the server up the first time, minutes), then the workbench used as a person would: an example
// from the command palette, a trace through quick open, a click on an event, the status bar, the
// Conflicts view, a simulation streamed into a live session and a debug session. One file, so the two never build or start at the same time. Screenshots: test/out/ui/.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Page } from 'playwright-core';
import type { ConflictTable } from '../engine/view/conflict-table';
import { type Chromium, launchChromium } from './harness/browser';
import { buildExtension } from './harness/build-extension';
import { ensureVsCodeServer, ROOT, startVsCodeServer, type VsCodeServer } from './harness/vscode-server';
import { openWithQuickOpen, runCommand, runCommandThenPick, runCommandUntil, statusBarText, waitForWorkbench, webviewFrame } from './harness/workbench';

const SHOTS = join(ROOT, 'test', 'out', 'ui');

/** What the tests read from the webview's app (`window.causeway`). */
interface WebviewApp {
  selected: number;
  step: number;
  t: { view: { size: number; conflicts: ConflictTable } } | null;
  diagram: { pointOf(e: number): [number, number] | null };
}

async function drawnEvents(frame: Frame): Promise<number> {
  const handle = await frame.waitForFunction(() => (globalThis as unknown as { causeway?: WebviewApp }).causeway?.t?.view.size, undefined, { timeout: 30_000 });
  return (await handle.jsonValue()) as number;
}

/** Mocha's account of the failures in the runner's report (from "N failing" on), for the assertion's message. */
function failuresOf(report: string): string {
  const start = report.search(/^\s*\d+ failing/m);
  if (start < 0) return report.split('\n').slice(-40).join('\n');
  return report.slice(start).split('\n').slice(0, 120).join('\n');
}

test('the extension-host suites pass in a real VS Code', { timeout: 30 * 60_000 }, async () => {
  const runner = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test', 'harness', 'run-extension-tests.ts')], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let report = '';
  runner.stdout!.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    report += chunk.toString();
  });
  const code = await new Promise<number | null>((resolve) => runner.once('exit', resolve));
  // The failures go into the message too: a CI log shows its end, and the report is long.
  assert.equal(code, 0, `the extension-host tests failed:\n${failuresOf(report)}`);
});

describe('Causeway in the VS Code workbench', { timeout: 20 * 60_000 }, () => {
  let server: VsCodeServer;
  let browser: Chromium;
  let page: Page;

  before(async () => {
    ensureVsCodeServer();
    buildExtension();
    mkdirSync(SHOTS, { recursive: true });
    server = await startVsCodeServer();
    browser = await launchChromium({ width: 1400, height: 860 });
    page = await browser.context.newPage();
    await page.goto(server.workbenchUrl({ folder: join(ROOT, 'examples'), extensionDevelopmentPath: ROOT }));
    await waitForWorkbench(page);
    // Room for the diagram: the secondary side bar (chat) opens by default.
    await runCommand(page, 'View: Hide Secondary Side Bar');
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  test('F1 "Causeway: Open Example Trace..." opens an example and draws its diagram', async () => {
    await runCommandThenPick(page, 'Causeway: Open Example Trace...', 'or-set-race');
    const frame = await webviewFrame(page);
    assert.equal(await drawnEvents(frame), 10);
    await frame.locator('.status').filter({ hasText: '10 events on 2 replicas' }).waitFor();
    await page.locator('.part.statusbar').filter({ hasText: '10 events' }).waitFor();
    assert.match(await statusBarText(page), /10 events · 2 replicas · 1 conflict\b/);
    await page.screenshot({ path: join(SHOTS, 'or-set-race.png') });
  });

  test('clicking an event selects it and shows the fields the host reads from the file', async () => {
    const frame = await webviewFrame(page);
    const winner = await frame.evaluate(() => (globalThis as unknown as { causeway: WebviewApp }).causeway.t!.view.conflicts.winners(0)[0]);
    const point = await frame.evaluate((e) => (globalThis as unknown as { causeway: WebviewApp }).causeway.diagram.pointOf(e), winner);
    assert.ok(point, 'the winning write is on screen');
    await frame.locator('canvas.diagram-canvas').click({ position: { x: point[0], y: point[1] } });
    assert.equal(await frame.evaluate(() => (globalThis as unknown as { causeway: WebviewApp }).causeway.selected), winner);
    // The host answers `requestDetails` with the event's op as written in the trace.
    await frame.locator('.details').filter({ hasText: '"value":"milk"' }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'or-set-race-selected.png') });
  });

  test('"Causeway: Go to Step..." moves the diagram\'s step cursor', async () => {
    await runCommand(page, 'Causeway: Go to Step...');
    await page.locator('.quick-input-widget input').fill('3');
    await page.keyboard.press('Enter');
    const frame = await webviewFrame(page);
    await frame.waitForFunction(() => (globalThis as unknown as { causeway: WebviewApp }).causeway.step === 2);
    await frame.locator('.toolbar').filter({ hasText: 'step 2 of 9' }).waitFor();
  });

  test('the Conflicts view lists the conflict; clicking it reveals the write in the diagram and the file', async () => {
    await runCommand(page, 'Causeway: Focus on Conflicts View');
    const conflict = page.locator('.pane .monaco-list-row', { hasText: 'c1: basket' });
    await conflict.waitFor({ timeout: 10_000 });
    assert.match(await conflict.innerText(), /add-wins/);
    await conflict.click();
    const frame = await webviewFrame(page);
    const last = await frame.evaluate(() => {
      const { events } = (globalThis as unknown as { causeway: WebviewApp }).causeway.t!.view.conflicts.at(0)!;
      return events[events.length - 1];
    });
    await frame.waitForFunction((e) => (globalThis as unknown as { causeway: WebviewApp }).causeway.selected === e, last);
    // The trace opens as text beside the diagram, on the conflict's line (7).
    await page.locator('.monaco-editor .line-numbers.active-line-number', { hasText: /^7$/ }).waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'conflicts-view.png') });
  });

  test('the walkthrough lists its steps', async () => {
    await runCommandThenPick(page, 'Welcome: Open Walkthrough...', 'Get Started with Causeway');
    await page.locator('.getting-started-step', { hasText: 'Read a happens-before diagram' }).first().waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(SHOTS, 'walkthrough.png') });
    // The walkthrough page takes the focus as it finishes loading, which would close a quick open.
    await runCommand(page, 'View: Close All Editors');
  });

  test('quick open of a .causal.jsonl file opens it in the Causeway editor', async () => {
    await openWithQuickOpen(page, 'shopping-cart.causal.jsonl', 'shopping-cart');
    const frame = await webviewFrame(page);
    await frame.locator('.status').filter({ hasText: 'shopping-cart.causal.jsonl' }).waitFor({ timeout: 30_000 });
    assert.equal(await drawnEvents(frame), 13);
    await page.locator('.part.statusbar').filter({ hasText: '13 events' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'shopping-cart.png') });
  });
  test('"Causeway: Simulate..." streams a preset into a live session, drawn as events arrive', async () => {
    await runCommandThenPick(page, 'Causeway: Simulate...', 'A partition that heals', 'Stream into a live session');
    await page.locator('.part.statusbar').filter({ hasText: /Live :\d+ · \d+ events/ }).waitFor({ timeout: 30_000 });
    const frame = await webviewFrame(page);
    await frame.waitForFunction(() => ((globalThis as unknown as { causeway?: WebviewApp }).causeway?.t?.view.size ?? 0) > 20, undefined, { timeout: 30_000 });
    await page.screenshot({ path: join(SHOTS, 'live-session.png') });
    await runCommand(page, 'Causeway: Stop Live Session');
    await page.locator('.part.statusbar').filter({ hasText: /Live :/ }).waitFor({ state: 'hidden', timeout: 30_000 });
    // Leave the workbench as the next test expects it: no editors, no notifications, no recording.
    await runCommand(page, 'View: Close All Editors');
    await runCommand(page, 'Notifications: Clear All Notifications');
    rmSync(join(ROOT, 'examples', '.causeway'), { recursive: true, force: true });
  });

  test('"Causeway: Debug This Trace" shows the debug toolbar, and the diagram follows a step', async () => {
    await runCommandThenPick(page, 'Causeway: Open Example Trace...', 'mv-register-siblings');
    await page.locator('.part.statusbar').filter({ hasText: '12 events' }).waitFor({ timeout: 30_000 });
    await runCommandUntil(page, 'Causeway: Debug This Trace', page.locator('.debug-toolbar'));
    // Threads, stacks and variables are read through the protocol in the extension-host suite;
    // here: the Run and Debug view for the screenshot, and the diagram moving with a step. The
    // toolbar shows as the session starts; F10 only steps once it has stopped on entry (Continue shows).
    await runCommand(page, 'View: Show Run and Debug');
    await page.locator('.debug-toolbar .codicon-debug-continue').waitFor({ timeout: 30_000 });
    await page.keyboard.press('F10');
    const frame = await webviewFrame(page);
    await frame
      .locator('.toolbar')
      .filter({ hasText: 'step 1 of 11' })
      .waitFor({ timeout: 30_000 })
      .catch(async (err: Error) => {
        const shown = await frame.locator('.toolbar').innerText().catch(() => '(no toolbar)');
        throw new Error(`${err.message}\nThe diagram's toolbar shows: ${shown.replace(/\s+/g, ' ')}`);
      });
    await page.screenshot({ path: join(SHOTS, 'debugger.png') });
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 30_000 });
  });
});
