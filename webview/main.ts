// Entry point of the diagram webview (bundled to dist/webview.js): creates the app, wires host
// messages through an exhaustive switch, keyboard and theme changes, then says it is ready.

import './style.css';
import { decodedView } from '../engine/view/view-parts';
import { PartsDecoder } from '../engine/view/wire';
import { App, nextTask } from './app';
import type { HostToWebview } from './protocol';
import { watchTheme } from './render/theme';
import type { VsCodeApi } from './state';
import { handleKey } from './ui/keyboard';
import { OpeningView } from './ui/opening';

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const app = new App(api);
const opening = new OpeningView((message) => api.postMessage(message));
document.body.append(app.element, opening.element);
/** The view arriving in parts, and when its first part arrived. */
let arriving: { decoder: PartsDecoder; arrived: number } | null = null;
/** Whether a long file's first view is shown (the host sends it twice: early, and when this page is ready). */
let firstViewShown = false;

function decoderOf(parts: Uint8Array[]): PartsDecoder {
  const decoder = new PartsDecoder();
  for (const part of parts) decoder.add(part);
  return decoder;
}

/** Handles one message from the host; a long trace's load resolves when it is drawn. */
async function handle(msg: HostToWebview, arrived: number): Promise<void> {
  switch (msg.type) {
    case 'opening':
      // The stages after the analysis only move a progress already shown: a trace drawn already (another execution chosen) stays in view.
      if ((msg.stage === 'checking' || msg.stage === 'drawing') && !opening.shown) break;
      opening.showProgress(msg);
      break;
    case 'notOpened':
      arriving = null;
      firstViewShown = false;
      opening.showNotOpened(msg);
      break;
    case 'tooLarge':
      opening.showTooLarge(msg);
      break;
    case 'load':
      firstViewShown = false;
      await app.load(msg, arrived);
      opening.hide();
      break;
    case 'loadPart':
      if (msg.index === 0) arriving = { decoder: new PartsDecoder(), arrived };
      arriving?.decoder.add(msg.part);
      if (opening.shown) opening.showDrawing(msg.index + 1, msg.count);
      break;
    case 'loadParts': {
      if (msg.firstView && firstViewShown) break;
      // A small view (a first view) brings its parts along; a big one came before, in `loadPart` messages.
      const view = msg.parts ? { decoder: decoderOf(msg.parts), arrived } : arriving;
      arriving = null;
      if (!view) break;
      firstViewShown = msg.firstView === true;
      // Put together in short tasks, the window's other tasks running between them.
      const { buffers, ...traceView } = await decodedView(view.decoder, nextTask);
      const { parts: _parts, ...load } = msg;
      await app.load({ ...load, type: 'load', view: traceView, buffers }, view.arrived);
      // A first view is drawn under the opening's progress, which stays until the whole trace is.
      if (msg.firstView) opening.showOverDiagram(traceView.size);
      else opening.hide();
      break;
    }
    case 'setStep':
      app.setStep(msg.step, 'host', msg.reveal !== false);
      break;
    case 'reveal':
      app.nav.reveal(msg.event, !!msg.select, msg.query);
      break;
    case 'eventDetails':
      app.receiveDetails(msg.details);
      break;
    case 'settings':
      app.controls.applySettings(msg);
      break;
    case 'export':
      void app.exportAs(msg.format, { range: msg.range ?? 'whole', asShown: !!msg.asShown });
      break;
    default: {
      const unknown: never = msg;
      api.postMessage({ type: 'error', message: `Unknown message from the host: ${JSON.stringify((unknown as { type?: unknown }).type)}` });
    }
  }
}

/** The messages handled so far: each waits for the one before. */
let handled = Promise.resolve();

window.addEventListener('message', (event: MessageEvent) => {
  const arrived = performance.now();
  const msg = event.data as HostToWebview | undefined;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  // In order: a message that follows a long load (a step, a reveal) waits until the trace is shown.
  handled = handled
    .then(() => handle(msg, arrived))
    .catch((err: Error) => api.postMessage({ type: 'error', message: `${msg.type}: ${err.stack ?? String(err)}` }));
});

document.addEventListener('keydown', (e) => {
  const active = document.activeElement;
  const diagramFocused = active === app.diagram.canvas || active === document.body || active === null;
  if (handleKey(e, app.nav, diagramFocused)) e.preventDefault();
});

watchTheme(document, () => app.themeChanged());
window.addEventListener('error', (e) => api.postMessage({ type: 'error', message: String(e.message) }));

/** For tests and the benchmark: the running app. */
(window as unknown as { causeway: App }).causeway = app;

api.postMessage({ type: 'ready' });

/** Tells the host the diagram's size, once now and after each resize settles. */
const sendViewport = () => api.postMessage({ type: 'viewport', width: window.innerWidth, height: window.innerHeight });
let viewportTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(viewportTimer);
  viewportTimer = window.setTimeout(sendViewport, 100);
});
sendViewport();
