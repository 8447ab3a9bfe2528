// The esbuild plugin that keeps the libraries only some formats need (engine/format/libraries.ts)
// out of a Node bundle: each import of one becomes `require("./lib/NAME.js")`, a bundle of that
// library alone built beside it (dist/lib/, bench/out/lib/), which Node compiles only when a file needs it.

import { dirname, join } from 'node:path';
import * as esbuild from 'esbuild';
import { automergeWasm } from './esbuild-wasm.mjs';

/** Each separately bundled library: the module the engine requires, and its bundle's name in lib/. */
export const SEPARATE_LIBRARIES = {
  '@automerge/automerge': 'automerge',
  yjs: 'yjs',
  'protobufjs/light': 'protobufjs-light',
  'edn-data': 'edn-data',
  re2js: 're2js',
};

const escaped = Object.keys(SEPARATE_LIBRARIES).map((name) => name.replace(/[./]/g, '\\$&'));
const LIBRARY_IMPORT = new RegExp(`^(${escaped.join('|')})$`);

/** The library bundles being built, by output folder: bundles that share a folder (cli, extension) build them once. */
const built = new Map();

/** Builds every library's bundle into `folder`/lib (with Automerge's WebAssembly beside its bundle). */
function buildLibraries(folder, production) {
  if (!built.has(folder)) {
    built.set(
      folder,
      esbuild.build({
        entryPoints: Object.fromEntries(Object.entries(SEPARATE_LIBRARIES).map(([name, file]) => [file, name])),
        outdir: join(folder, 'lib'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        minify: production,
        logLevel: 'silent',
        plugins: [automergeWasm()],
      }),
    );
  }
  return built.get(folder);
}

/** Makes each separate library external to the bundle (required from ./lib/) and builds its bundle there. */
export function separateLibraries({ production }) {
  return {
    name: 'separate-libraries',
    setup(build) {
      const { outdir, outfile } = build.initialOptions;
      const folder = outdir ?? dirname(outfile);
      build.onResolve({ filter: LIBRARY_IMPORT }, (args) => ({ path: `./lib/${SEPARATE_LIBRARIES[args.path]}.js`, external: true }));
      build.onEnd(async () => {
        try {
          await buildLibraries(folder, production);
        } catch (error) {
          return { errors: [{ text: `The libraries' bundles could not be built in ${join(folder, 'lib')}: ${error.message}` }] };
        }
        return undefined;
      });
    },
  };
}
