// The esbuild plugin that puts Automerge's WebAssembly beside each Node bundle that carries it
// (lib/automerge.js, see esbuild-libraries.mjs). Bundles take `@automerge/automerge`'s Node entry,
// whose glue reads `automerge_wasm_bg.wasm` from its own folder (`__dirname`): in a bundle that is
// the bundle's folder (dist/lib/, bench/out/lib/).

import { copyFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The file the Node glue reads, and the path endings that say a bundle carries the glue (imported as ESM, or required as CommonJS). */
export const AUTOMERGE_WASM = 'automerge_wasm_bg.wasm';
const NODE_GLUES = ['wasm_bindgen_output/nodejs/automerge_wasm.cjs', '@automerge/automerge/dist/cjs/fullfat_node.cjs'];

/** Where the installed package keeps the Node glue's WebAssembly. */
function installedWasm() {
  const entry = createRequire(import.meta.url).resolve('@automerge/automerge');
  return join(dirname(entry), '..', 'mjs', 'wasm_bindgen_output', 'nodejs', AUTOMERGE_WASM);
}

/** Copies the WebAssembly to the build's output folder after every build whose bundles import Automerge. */
export function automergeWasm() {
  return {
    name: 'automerge-wasm',
    setup(build) {
      build.initialOptions.metafile = true;
      const { outdir, outfile } = build.initialOptions;
      const folder = outdir ?? dirname(outfile);
      build.onEnd(async (result) => {
        const carried = Object.keys(result.metafile?.inputs ?? {}).some((input) => NODE_GLUES.some((glue) => input.replaceAll('\\', '/').endsWith(glue)));
        if (!carried) return;
        try {
          await mkdir(folder, { recursive: true });
          await copyFile(installedWasm(), join(folder, AUTOMERGE_WASM));
        } catch (error) {
          return { errors: [{ text: `Automerge's WebAssembly could not be put beside the bundle in ${folder}: ${error.message}` }] };
        }
        return undefined;
      });
    },
  };
}
