// The one build script. Named builds: `node esbuild.mjs [cli] [extension] [webview] [client] [bench] [--watch] [--production]`
// (no name builds cli, extension with its trace worker, webview and client; bench only on request).
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import * as esbuild from 'esbuild';
import { separateLibraries } from './esbuild-libraries.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const requested = process.argv.slice(2).filter((a) => !a.startsWith('--'));

/** @type {Record<string, import('esbuild').BuildOptions>} */
const builds = {
  cli: {
    // state-replay-worker.js: the check's second thread (cli/state-replay-thread.ts).
    entryPoints: { cli: 'cli/main.ts', 'state-replay-worker': 'cli/state-replay-worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    plugins: [separateLibraries({ production })],
  },
  extension: {
    entryPoints: { extension: 'extension/extension.ts', 'trace-worker': 'extension/trace-worker.ts' },
    outdir: 'dist',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // ws's optional native add-ons: absent, ws uses its JavaScript fallbacks.
    external: ['vscode', 'bufferutil', 'utf-8-validate'],
    plugins: [separateLibraries({ production })],
  },
  webview: {
    entryPoints: { webview: 'webview/main.ts' },
    outdir: 'dist',
    platform: 'browser',
    format: 'iife',
    target: ['chrome120'],
  },
  // causeway/client, the instrumentation library (package.json "exports"), with its type declarations.
  client: {
    entryPoints: ['client/index.ts'],
    outfile: 'dist/client.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    plugins: [declarations('client/tsconfig.json')],
  },
  // The engine benchmarks, bundled like the code users run (tsx's per-function wrappers would skew them).
  bench: {
    // live-clients.js: the live-session benchmark's replicas, run in a process of their own.
    entryPoints: { bench: 'bench/run.ts', 'live-clients': 'bench/live-clients.ts' },
    outdir: 'bench/out',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['bufferutil', 'utf-8-validate'],
    plugins: [separateLibraries({ production })],
  },
};
const DEFAULT_BUILDS = ['cli', 'extension', 'webview', 'client'];

/** Writes a library's .d.ts files with tsc after each build (esbuild writes no types). */
function declarations(tsconfig) {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  return {
    name: 'declarations',
    setup(build) {
      build.onEnd(
        () =>
          new Promise((resolve) =>
            execFile(process.execPath, [tsc, '-p', tsconfig], (error, stdout) =>
              resolve({ errors: error ? [{ text: `tsc -p ${tsconfig} failed:\n${stdout}` }] : [] }),
            ),
          ),
      );
    },
  };
}

/** Prints errors in the shape VS Code's esbuild problem matcher reads. */
const problemMatcher = {
  name: 'problem-matcher',
  setup(build) {
    build.onStart(() => {
      if (watch) console.log('[watch] build started');
    });
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      if (watch) console.log('[watch] build finished');
    });
  },
};

const names = requested.length > 0 ? requested : DEFAULT_BUILDS;
for (const name of names) {
  if (!builds[name]) {
    console.error(`Unknown build "${name}"; builds: ${Object.keys(builds).join(', ')}`);
    process.exit(2);
  }
}
await Promise.all(
  names.map(async (name) => {
    const ctx = await esbuild.context({
      bundle: true,
      sourcemap: !production,
      minify: production,
      logLevel: 'silent',
      ...builds[name],
      plugins: [...(builds[name].plugins ?? []), problemMatcher],
    });
    if (watch) {
      await ctx.watch();
    } else {
      const result = await ctx.rebuild();
      await ctx.dispose();
      if (result.errors.length > 0) process.exitCode = 1;
    }
  }),
);
