// Shared by bundled-libraries.test.ts and the extension-host suite: bundles the probe with
// esbuild.mjs's Node options and its Automerge plugin, and runs a bundle in a worker thread.
// esbuild and the plugin are imported at run time, from the repository given, not bundled.

import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DecodedSamples, Samples } from './bundled-libraries-probe';

export type { Samples };

/** The file esbuild-wasm.mjs puts beside a bundle that carries Automerge. */
export const AUTOMERGE_WASM = 'automerge_wasm_bg.wasm';

/** Bundles the probe into `folder` (as `probe.js`) with the Node options of esbuild.mjs; returns the bundle's path. */
export async function bundleProbe(folder: string, root = join(__dirname, '..', '..')): Promise<string> {
  const load = (path: string) => import(pathToFileURL(path).href);
  const esbuild = (await load(join(root, 'node_modules', 'esbuild', 'lib', 'main.js'))) as typeof import('esbuild');
  const { automergeWasm } = (await load(join(root, 'esbuild-wasm.mjs'))) as { automergeWasm: () => import('esbuild').Plugin };
  const outfile = join(folder, 'probe.js');
  await esbuild.build({
    entryPoints: [join(root, 'test', 'client', 'bundled-libraries-probe.ts')],
    outfile,
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
    plugins: [automergeWasm()],
  });
  return outfile;
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
