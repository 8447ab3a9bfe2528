// Shared by bundled-libraries.test.ts and the extension-host suite: bundles the probe with
// esbuild.mjs's Node options and its plugin that keeps the libraries in bundles of their own
// (lib/), and runs a bundle in a worker thread. esbuild and the plugin are imported at run time,
// from the repository given, not bundled.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DecodedSamples, Samples } from './bundled-libraries-probe';

export type { Samples };

/** The file esbuild-wasm.mjs puts beside the bundle of Automerge (lib/automerge.js). */
export const AUTOMERGE_WASM = 'automerge_wasm_bg.wasm';

/** The files the libraries plugin of esbuild.mjs puts in a bundle's lib/ folder: each library's bundle, and Automerge's WebAssembly. */
export async function libraryFiles(root = join(__dirname, '..', '..')): Promise<string[]> {
  const { SEPARATE_LIBRARIES } = (await import(pathToFileURL(join(root, 'esbuild-libraries.mjs')).href)) as { SEPARATE_LIBRARIES: Record<string, string> };
  return [AUTOMERGE_WASM, ...Object.values(SEPARATE_LIBRARIES).map((name) => `${name}.js`)].sort();
}

/** Bundles `entry` (a path in the repository) as `outfile` with the Node options of esbuild.mjs and its libraries plugin; returns `outfile`. */
export async function bundleForNode(entry: string, outfile: string, root = join(__dirname, '..', '..')): Promise<string> {
  const load = (path: string) => import(pathToFileURL(path).href);
  const esbuild = (await load(join(root, 'node_modules', 'esbuild', 'lib', 'main.js'))) as typeof import('esbuild');
  const { separateLibraries } = (await load(join(root, 'esbuild-libraries.mjs'))) as { separateLibraries: (options: { production: boolean }) => import('esbuild').Plugin };
  await esbuild.build({
    entryPoints: [join(root, entry)],
    outfile,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    plugins: [separateLibraries({ production: true })],
  });
  return outfile;
}

/** Bundles the probe into `folder` (as `probe.js`); returns the bundle's path. */
export function bundleProbe(folder: string, root = join(__dirname, '..', '..')): Promise<string> {
  return bundleForNode(join('test', 'client', 'bundled-libraries-probe.ts'), join(folder, 'probe.js'), root);
}

/** Runs the bundle in a worker thread, as the trace worker runs, and resolves with what it decoded. */
export function decodeInWorker(bundle: string, samples: Samples): Promise<DecodedSamples> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(bundle, { workerData: samples });
    worker.once('message', (decoded: DecodedSamples) => {
      resolve(decoded);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`The worker exited (code ${code}) without answering.`)));
  });
}
