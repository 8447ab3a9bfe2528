// Entry point of the diagram webview (bundled to dist/webview.js): creates the app, wires host
// messages through an exhaustive switch, keyboard and theme changes, then says it is ready.

import './style.css';
import { App } from './app';
import type { HostToWebview } from './protocol';
import { watchTheme } from './render/theme';
import type { VsCodeApi } from './state';
import { handleKey } from './ui/keyboard';

declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const app = new App(api);
document.body.append(app.element);

function handle(msg: HostToWebview, arrived: number): void {
  switch (msg.type) {
    case 'load':
      app.load(msg, arrived);
      break;
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

window.addEventListener('message', (event: MessageEvent) => {
  const arrived = performance.now();
  const msg = event.data as HostToWebview | undefined;
  if (!msg || typeof msg !== 'object' || typeof msg.type !== 'string') return;
  try {
    handle(msg, arrived);
  } catch (err) {
    api.postMessage({ type: 'error', message: `${msg.type}: ${(err as Error).stack ?? String(err)}` });
  }
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
