// `@automerge/automerge`, loaded when the first Automerge document is read: it is WebAssembly
// (its Node entry reads automerge_wasm_bg.wasm beside it), which the bundles that merely list the
// format (CLI, extension host, trace worker, bench) must not have to load when they start.

import type * as AutomergeApi from '@automerge/automerge';
import { TraceReadError } from './types';

/** CommonJS's require: the engine's readers run in Node (CLI, extension host, worker, tests), never in the webview. */
declare const require: (id: string) => unknown;

let loaded: typeof AutomergeApi | undefined;

/** The library, loaded on first use; a TraceReadError that says why when it cannot load. */
export function automerge(): typeof AutomergeApi {
  if (loaded) return loaded;
  try {
    loaded = require('@automerge/automerge') as typeof AutomergeApi;
  } catch (e) {
    throw new TraceReadError(`Automerge documents cannot be read here: the Automerge library (WebAssembly) did not load (${e instanceof Error ? e.message : String(e)}).`);
  }
  return loaded;
}
