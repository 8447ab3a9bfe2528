// The libraries that only some formats need, each loaded when a file first needs it: the Node
// bundles keep each in a file of its own (dist/lib/, built by esbuild.mjs), so that starting the
// CLI, the extension host or its worker for a native trace compiles and runs none of them.

import type * as AutomergeApi from '@automerge/automerge';
import type * as EdnApi from 'edn-data';
import type * as ProtobufApi from 'protobufjs/light';
import type * as Re2Api from 're2js';
import type * as YjsApi from 'yjs';
import { TraceReadError } from './types';

/** CommonJS's require, which esbuild resolves at build time (the webview's bundle carries what it requires). */
declare const require: (id: string) => unknown;

/**
 * A library loaded on its first use and kept. `load` must call `require` with the module's name
 * spelled out, so that the bundler sees it. A library that cannot load throws a TraceReadError
 * that names what cannot be read and why.
 */
function loadedOnFirstUse<Library>(unreadable: string, library: string, load: () => unknown): () => Library {
  let loaded: Library | undefined;
  return () => {
    if (loaded !== undefined) return loaded;
    try {
      loaded = load() as Library;
    } catch (e) {
      throw new TraceReadError(`${unreadable} cannot be read here: ${library} did not load (${e instanceof Error ? e.message : String(e)}).`);
    }
    return loaded;
  };
}

/** `@automerge/automerge`: WebAssembly, whose Node entry reads automerge_wasm_bg.wasm beside it. */
export const automerge = /* @__PURE__ */ loadedOnFirstUse<typeof AutomergeApi>('Automerge documents', 'the Automerge library (WebAssembly)', () => require('@automerge/automerge'));

/** `yjs`: decodes Yjs updates and replays them into documents. */
export const yjs = /* @__PURE__ */ loadedOnFirstUse<typeof YjsApi>('Yjs updates', 'the Yjs library', () => require('yjs'));

/** `protobufjs/light`: OTLP protobuf requests, and base64. */
export const protobuf = /* @__PURE__ */ loadedOnFirstUse<typeof ProtobufApi>('Protobuf data', 'the protobuf.js library', () => require('protobufjs/light'));

/** `edn-data`: Jepsen histories are EDN. */
export const edn = /* @__PURE__ */ loadedOnFirstUse<typeof EdnApi>('Jepsen histories (EDN)', 'the edn-data library', () => require('edn-data'));

/** `re2js`: the linear-time engine that runs regular expressions a user gives. */
export const re2 = /* @__PURE__ */ loadedOnFirstUse<typeof Re2Api>('Text with a regular expression', 'the RE2JS library', () => require('re2js'));
