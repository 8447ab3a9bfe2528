// Runs the same extension-host suites in desktop VS Code through @vscode/test-electron, for machines
// that can download it (developers' laptops, public CI). `npm run test:desktop`. Offline machines use
// run-extension-tests.ts (the VS Code server) instead.

import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildExtensionAndTests, TESTS_INDEX } from './build-extension';
import { ROOT } from './vscode-server';

async function main(): Promise<void> {
  await buildExtensionAndTests();
  await runTests({
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: TESTS_INDEX,
    launchArgs: [join(ROOT, 'examples'), '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((err: Error) => {
  console.error(`Desktop extension tests failed: ${err.message}`);
  process.exit(1);
});
