// Entry of the extension-host tests: VS Code (server or desktop) loads it from test/out/ and calls
// run(); mocha runs every suite bundled beside it (*.suite.js) with the spec reporter.

import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/**
 * Also writes the report, line by line, to the file this variable names: the web workbench's
 * console mangles mocha's format strings, so the server runner prints this file instead.
 */
const REPORT_FILE = process.env.CAUSEWAY_TEST_REPORT;

export function run(): Promise<void> {
  if (REPORT_FILE) {
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
      const line = format(...args);
      appendFileSync(REPORT_FILE, `${line}\n`);
      console.log(line);
    };
  }
  // CAUSEWAY_TEST_GREP runs only the tests whose titles match it (while working on one suite).
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 120_000, grep: process.env.CAUSEWAY_TEST_GREP });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.suite.js')).sort()) mocha.addFile(join(__dirname, file));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} extension-host test(s) failed.`)) : resolve()));
  });
}
