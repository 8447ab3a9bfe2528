// Launches Debian's Chromium through playwright-core for the webview tests and benchmark:
// headless, no sandbox (root in CI), no network side traffic, a fresh user data dir each time.
// Installs Chromium first when it is missing (test/harness/ensure-browser.sh).

import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let ensured = false;

/** Runs ensure-browser.sh once per process (instant when Chromium is installed). */
export function ensureBrowser(): void {
  if (ensured) return;
  execFileSync('bash', [join(__dirname, 'ensure-browser.sh')], { stdio: ['ignore', 'inherit', 'inherit'] });
  ensured = true;
}

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(options: { width?: number; height?: number; extraArgs?: string[] } = {}): Promise<Chromium> {
  ensureBrowser();
  const userDataDir = mkdtempSync(join(tmpdir(), 'causeway-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    viewport: { width: options.width ?? 1400, height: options.height ?? 820 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
