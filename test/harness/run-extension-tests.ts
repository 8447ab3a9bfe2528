// Runs the extension-host suites (test/extension-host/) in a real VS Code: the server from .cache/
// and its workbench in headless Chromium; prints mocha's report and exits with the tests' outcome.
// `npm run test:extension`; `npm test` runs it through test/extension-host.test.ts.

import { closeSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from './browser';
import { buildExtensionAndTests, TESTS_INDEX } from './build-extension';
import { ensureVsCodeServer, ROOT, startVsCodeServer } from './vscode-server';

const RUN_TIMEOUT_MS = 10 * 60_000;
const REPORT_FILE = join(dirname(TESTS_INDEX), 'report.txt');
/** CAUSEWAY_TEST_VERBOSE=1 prints the workbench's console as it comes; else its errors are printed when a test fails. */
const VERBOSE = !!process.env.CAUSEWAY_TEST_VERBOSE;
/** Chromium's warning about every webview iframe, said of VS Code's own markup: noise in a failure's report. */
const SANDBOX_WARNING = 'can escape its sandboxing';

/** Resolves with the exit code the workbench reports when the extension tests end. */
function whenTestsExit(page: Page): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`The extension tests did not finish in ${RUN_TIMEOUT_MS / 60_000} min.`)), RUN_TIMEOUT_MS);
    void page.exposeFunction('codeAutomationExit', (code: number) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
}

/** Prints what the tests append to the report file as it grows; returns a function that stops and prints the rest. */
function followReport(): () => void {
  let printed = 0;
  const printNew = () => {
    const size = statSync(REPORT_FILE, { throwIfNoEntry: false })?.size ?? 0;
    if (size <= printed) return;
    const fd = openSync(REPORT_FILE, 'r');
    const chunk = Buffer.alloc(size - printed);
    readSync(fd, chunk, 0, chunk.length, printed);
    closeSync(fd);
    process.stdout.write(chunk);
    printed = size;
  };
  const timer = setInterval(printNew, 200);
  return () => {
    clearInterval(timer);
    printNew();
  };
}

async function main(): Promise<number> {
  const started = Date.now();
  ensureVsCodeServer();
  await buildExtensionAndTests();
  rmSync(REPORT_FILE, { force: true });
  const server = await startVsCodeServer({ env: { CAUSEWAY_TEST_REPORT: REPORT_FILE } });
  const browser = await launchChromium();
  const stopFollowing = followReport();
  let code = 1;
  /** The workbench's (and its webviews') console errors and warnings, for a failure's report. */
  const consoleProblems: string[] = [];
  try {
    const page = await browser.context.newPage();
    page.on('console', (message) => {
      if (VERBOSE) console.log(`[workbench] ${message.text()}`);
      else if ((message.type() === 'error' || message.type() === 'warning') && !message.text().includes(SANDBOX_WARNING)) consoleProblems.push(`[workbench ${message.type()}] ${message.text()}`);
    });
    const exit = whenTestsExit(page);
    console.log(`Running the extension-host tests in VS Code server ${server.port} (headless Chromium)...`);
    await page.goto(server.workbenchUrl({ folder: join(ROOT, 'examples'), extensionDevelopmentPath: ROOT, extensionTestsPath: TESTS_INDEX }));
    code = await exit;
    return code;
  } finally {
    stopFollowing();
    await browser.close();
    const logs = code !== 0 ? server.logTail(400) : '';
    await server.stop();
    if (code !== 0) {
      console.log(`The extension host's logs (last lines):\n${logs}`);
      console.log(`The workbench console's errors and warnings (last 60):\n${consoleProblems.slice(-60).join('\n')}`);
      console.log(`The VS Code server's output:\n${server.output()}`);
    }
    console.log(`Extension-host tests ${code === 0 ? 'passed' : `FAILED (exit code ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.stack ?? err.message);
    process.exit(1);
  },
);
