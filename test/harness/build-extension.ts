// Builds what VS Code loads for the extension tests: the extension and webview (esbuild.mjs's
// named builds) and the extension-host suites, bundled to test/out/extension-host/ (one file each).

import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { ROOT } from './vscode-server';

const SUITES = join(ROOT, 'test', 'extension-host');
const OUT = join(ROOT, 'test', 'out', 'extension-host');
/** The module whose `run()` VS Code calls to run the suites. */
export const TESTS_INDEX = join(OUT, 'index.js');

/** The extension and its webview, through esbuild.mjs (`production`: minified, as users install it). */
export function buildExtension(options: { production?: boolean } = {}): void {
  const args = [join(ROOT, 'esbuild.mjs'), 'extension', 'webview', ...(options.production ? ['--production'] : [])];
  execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
}

export async function buildExtensionAndTests(): Promise<void> {
  buildExtension();
  // Start clean: the index runs every suite it finds beside it.
  rmSync(OUT, { recursive: true, force: true });
  await build({
    entryPoints: readdirSync(SUITES)
      .filter((f) => f === 'index.ts' || f.endsWith('.suite.ts'))
      .map((f) => join(SUITES, f)),
    outdir: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    // Mocha comes from node_modules at run time; vscode from the extension host.
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
}
