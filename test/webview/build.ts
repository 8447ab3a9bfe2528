// Builds the webview bundle (and the fixture's host stub) in memory with esbuild, with the same
// options the project's esbuild.mjs uses for the `webview` build, for tests and the benchmark.

import { build, type BuildOptions } from 'esbuild';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The options of the webview build (esbuild.mjs takes the same, with outdir dist/). */
export const WEBVIEW_BUILD: BuildOptions = {
  entryPoints: { webview: join(ROOT, 'webview', 'main.ts') },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: ['chrome120'],
  sourcemap: false,
  minify: !process.env.CAUSEWAY_WEBVIEW_DEV,
  legalComments: 'none',
  logLevel: 'silent',
};

export interface Bundle {
  /** File name (webview.js, webview.css, host-stub.js, ...) to contents. */
  files: Map<string, string>;
}

async function bundle(options: BuildOptions): Promise<Map<string, string>> {
  const result = await build({ ...options, write: false, outdir: '/virtual' });
  const files = new Map<string, string>();
  for (const f of result.outputFiles) files.set(f.path.replace('/virtual/', ''), f.text);
  return files;
}

let cached: Promise<Bundle> | null = null;

/** The webview bundle plus the host stub (and any extra entry points, e.g. the benchmark's). */
export function buildFixture(): Promise<Bundle> {
  cached ??= (async () => {
    const [webview, stub] = await Promise.all([
      bundle(WEBVIEW_BUILD),
      bundle({ ...WEBVIEW_BUILD, entryPoints: { 'host-stub': join(ROOT, 'test', 'webview', 'host-stub.ts') }, minify: false }),
    ]);
    return { files: new Map([...webview, ...stub]) };
  })();
  return cached;
}
