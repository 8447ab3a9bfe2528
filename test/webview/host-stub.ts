// Runs in the fixture page before the webview bundle: stubs acquireVsCodeApi (recording every
// message the webview posts and keeping its state), plays the extension host (answers details
// and id look-ups from the generated trace), applies themes, and counts CSP violations.

import type { Json } from '../../engine/crdt/types';
import type { TraceView } from '../../engine/view/model';
import { encodeView } from '../../engine/view/view-parts';
import type { BufferTimeline, EventDetails, HostToWebview, LoadPartsMessage, WebviewToHost } from '../../webview/protocol';
import { EXAMPLES } from './examples';
import { KIND_NAMES, type GeneratedTrace } from './generate';
import { generateTrace, type RandomOptions } from './random-trace';
import { probe } from './probe';
import { THEMES, type ThemeName } from './themes';

// The root tsconfig has no DOM types (it checks Node code); the little DOM used here is typed locally.
interface PageStyle {
  length: number;
  [i: number]: string;
  setProperty(name: string, value: string): void;
  removeProperty(name: string): void;
}
interface PageDocument {
  addEventListener(type: 'securitypolicyviolation', cb: (e: { violatedDirective: string; blockedURI: string; sample: string }) => void): void;
  documentElement: { style: PageStyle };
  body: { classList: { contains(c: string): boolean; add(...c: string[]): void; remove(...c: string[]): void }; dataset: Record<string, string> };
}
interface StubWindow {
  acquireVsCodeApi?: () => unknown;
  __posted: WebviewToHost[];
  __state: unknown;
  __initialState?: unknown;
  __cspViolations: string[];
  /** The theme the fixture page opened in (page.ts sets it before any script runs). */
  __theme?: ThemeName;
  host: typeof host;
  postMessage(message: unknown, targetOrigin: string, transfer?: unknown[]): void;
}

const w = globalThis as unknown as StubWindow;
const document = (globalThis as unknown as { document: PageDocument }).document;
w.__posted = [];
w.__cspViolations = [];
w.__state = w.__initialState;
document.addEventListener('securitypolicyviolation', (e) => {
  w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`);
});

/** The trace the stub host shows; `details` when an engine view brought the events' own fields. */
let current: (GeneratedTrace & { details?: Map<number, EventDetails> }) | null = null;
let acquired = false;
const postListeners: ((type: string) => void)[] = [];

/** An engine view as page.evaluate carries it (see engine-views.ts toWire). */
interface WireTrace {
  view: Record<string, unknown>;
  buffers: BufferTimeline[];
  details: EventDetails[];
}

/** The trace a wire view describes, its typed arrays rebuilt. */
function fromWire(wire: WireTrace): GeneratedTrace & { details: Map<number, EventDetails> } {
  const ctors: Record<string, new (data: number[]) => unknown> = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array };
  const view = { ...wire.view };
  for (const [k, v] of Object.entries(view)) {
    const t = v as { typed?: string; data?: number[] };
    if (t && typeof t === 'object' && typeof t.typed === 'string' && Array.isArray(t.data)) view[k] = new ctors[t.typed](t.data);
  }
  return {
    view: view as unknown as TraceView,
    buffers: wire.buffers,
    fields: new Map(wire.details.map((d) => [d.event, d.fields])),
    ids: new Map(wire.details.map((d) => [d.event, d.id])),
    details: new Map(wire.details.map((d) => [d.event, d])),
  };
}

w.acquireVsCodeApi = () => {
  if (acquired) throw new Error('acquireVsCodeApi can only be called once');
  acquired = true;
  return {
    postMessage(message: WebviewToHost) {
      w.__posted.push(message);
      for (const l of postListeners.splice(0)) l(message.type);
      setTimeout(() => answer(message), 0);
    },
    getState: () => w.__state,
    setState(state: unknown) {
      w.__state = state;
    },
  };
};

function send(message: HostToWebview, transfer: ArrayBufferLike[] = []): void {
  w.postMessage(message, '*', transfer);
}

function detailsOf(g: GeneratedTrace & { details?: Map<number, EventDetails> }, e: number): EventDetails {
  const own = g.details?.get(e);
  if (own) return own;
  const v = g.view;
  const R = v.replicas.length;
  const clock: Record<string, Json> = {};
  v.replicas.forEach((r, q) => (clock[r] = v.clocks[e * R + q]));
  const fields: Record<string, Json> = {
    replica: v.replicas[v.replica[e]],
    kind: KIND_NAMES[v.kind[e]],
    line: v.line[e],
    clock,
    ...(g.fields.get(e) ?? {}),
  };
  if (v.key[e] >= 0) fields.key = v.keys[v.key[e]];
  return { event: e, id: g.ids.get(e) ?? `${v.replicas[v.replica[e]]}:${v.clocks[e * R + v.replica[e]]}`, fields };
}

function answer(message: WebviewToHost): void {
  if (!current) return;
  switch (message.type) {
    case 'requestDetails':
      send({ type: 'eventDetails', requestId: message.requestId, details: message.events.map((e) => detailsOf(current!, e)) });
      break;
    case 'findEvent': {
      let event = -1;
      for (const [e, id] of current.ids) if (id === message.query) event = e;
      send({ type: 'reveal', event, select: true, query: message.query });
      break;
    }
    default:
      break;
  }
}

const host = {
  /** Loads a scripted example by name (forgetting the webview's saved state unless `keepState`). */
  loadExample(name: string, step?: number, keepState = false): number {
    if (!keepState) w.__state = undefined;
    current = EXAMPLES[name]();
    send({ type: 'load', view: current.view, buffers: current.buffers, step });
    return current.view.size;
  },
  /**
   * Loads a view built by the engine in Node (test/webview/engine-views.ts), its typed arrays
   * sent as plain arrays; details are answered from the event fields it carries.
   */
  loadWire(wire: WireTrace, keepState = false): number {
    if (!keepState) w.__state = undefined;
    current = fromWire(wire);
    send({ type: 'load', view: current.view, buffers: current.buffers });
    return current.view.size;
  },
  /**
   * Shows the same trace as `loadWire`, sent as the extension sends it: in parts (base64 here), then
   * `loadParts` (with `last`'s fields: a first view, say); `inline`: the parts within `loadParts`, as a first view crosses.
   */
  loadInParts(wire: WireTrace, base64Parts: string[], last: Partial<LoadPartsMessage> = {}, inline = false): number {
    w.__state = undefined;
    current = fromWire(wire);
    const parts = base64Parts.map((text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
    const buffers = parts.map((part) => part.buffer as ArrayBuffer);
    if (inline) send({ ...last, type: 'loadParts', parts }, buffers);
    else {
      parts.forEach((part, index) => send({ type: 'loadPart', index, count: parts.length, part }, [buffers[index]]));
      send({ ...last, type: 'loadParts' });
    }
    return current.view.size;
  },
  /** Generates a random trace in the page and loads it; returns the generation time. */
  loadRandom(options: RandomOptions): { size: number; generateMs: number } {
    w.__state = undefined;
    const t0 = performance.now();
    current = generateTrace(options);
    const generateMs = performance.now() - t0;
    send({ type: 'load', view: current.view, buffers: current.buffers });
    return { size: current.view.size, generateMs };
  },
  /** Generates a random trace named "growing" and sends it as the shown trace with events appended (a live session). */
  loadGrowing(options: RandomOptions): number {
    current = generateTrace(options);
    current.view.name = 'growing';
    send({ type: 'load', view: current.view, buffers: current.buffers, growing: true });
    return current.view.size;
  },
  /**
   * Generates a trace and sends it as the extension does, in parts (transferred), keeping no
   * reference to it: for the benchmark's load and memory figures. The parts are made before
   * `sentAt` and not counted.
   */
  loadRandomTransferred(options: RandomOptions): { size: number; generateMs: number; sentAt: number } {
    const t0 = performance.now();
    const g = generateTrace(options);
    const generateMs = performance.now() - t0;
    const parts = encodeView(g.view, g.buffers);
    current = null;
    const sentAt = performance.now();
    parts.forEach((part, index) => send({ type: 'loadPart', index, count: parts.length, part }, [part.buffer as ArrayBuffer]));
    send({ type: 'loadParts' });
    return { size: g.view.size, generateMs, sentAt };
  },
  send,
  setStep(step: number): void {
    send({ type: 'setStep', step });
  },
  setTheme(name: ThemeName): void {
    const theme = THEMES[name];
    const root = document.documentElement.style;
    for (let i = root.length - 1; i >= 0; i--) if (root[i].startsWith('--vscode-')) root.removeProperty(root[i]);
    for (const [k, v] of Object.entries(theme.vars)) if (v) root.setProperty(`--vscode-${k}`, v);
    const classes = theme.bodyClass.split(' ');
    document.body.classList.remove('vscode-light', 'vscode-dark', 'vscode-high-contrast', 'vscode-high-contrast-light');
    document.body.classList.add(...classes);
    document.body.dataset.vscodeThemeKind = classes[classes.length - 1];
  },
  posted(type?: string): WebviewToHost[] {
    return type ? w.__posted.filter((m) => m.type === type) : w.__posted;
  },
  clearPosted(): void {
    w.__posted.length = 0;
  },
  /** Benchmark: generate, transfer, and time the first frame of a random trace. */
  loadMeasured(options: RandomOptions) {
    return probe.loadMeasured(
      () => host.loadRandomTransferred(options),
      (cb) => {
        const again = (type: string) => (type === 'loaded' ? cb(type) : postListeners.push(again));
        postListeners.push(again);
      },
    );
  },
  probe,
};

w.host = host;
host.setTheme(w.__theme ?? 'dark');
