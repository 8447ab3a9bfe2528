// The HTML export: one self-contained page holding the diagram webview's own bundle, the theme's
// colours and the trace, under a strict CSP (no network: every script and style inline by nonce),
// so it opens from a file:// URL, attached to a bug report, and draws the same interactive diagram.
// No vscode import: the page is built from plain data (tests build it without VS Code).

import { randomBytes } from 'node:crypto';
import type { TraceView } from '../engine/view/model';
import type { BufferTimeline, EventDetails, PageTheme } from '../webview/protocol';

export interface PageParts {
  title: string;
  /** The webview bundle: dist/webview.js and dist/webview.css. */
  script: string;
  style: string;
  theme: PageTheme;
  view: TraceView;
  buffers: BufferTimeline[];
  /** Each event's fields (the page cannot read the trace file), or none for a large trace. */
  details: EventDetails[];
}

const TYPED = ['replica', 'kind', 'line', 'key', 'step', 'order', 'depth', 'clocks', 'edgeStart', 'edgeFrom', 'labelStart'] as const;

/** JSON that is safe inside a <script> element: no `<` that could close it or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The page's stand-in for VS Code, as plain script text: answers the webview's `ready` with the
 * embedded trace (typed arrays rebuilt) and its `requestDetails` from the embedded fields; keeps
 * the webview's state in memory.
 */
const PAGE_HOST = `(() => {
  const data = JSON.parse(document.getElementById('causeway-trace').textContent);
  const ctors = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array };
  for (const [key, value] of Object.entries(data.view)) {
    if (value && typeof value === 'object' && typeof value.typed === 'string' && Array.isArray(value.data)) data.view[key] = new ctors[value.typed](value.data);
  }
  const details = new Map(data.details.map((d) => [d.event, d]));
  let state;
  const send = (message) => window.postMessage(message, '*');
  window.acquireVsCodeApi = () => ({
    postMessage(message) {
      if (message.type === 'ready') send({ type: 'load', view: data.view, buffers: data.buffers });
      if (message.type === 'requestDetails') {
        send({ type: 'eventDetails', requestId: message.requestId, details: message.events.map((e) => details.get(e)).filter(Boolean) });
      }
    },
    getState: () => state,
    setState(next) { state = next; },
  });
})();`;

/** The page's HTML. */
export function exportPage(parts: PageParts): string {
  const nonce = randomBytes(16).toString('base64');
  const view: Record<string, unknown> = { ...parts.view };
  for (const key of TYPED) view[key] = { typed: parts.view[key].constructor.name, data: Array.from(parts.view[key]) };
  const csp = ["default-src 'none'", 'img-src data:', `style-src 'nonce-${nonce}'`, `script-src 'nonce-${nonce}'`, 'font-src data:'].join('; ');
  const variables = Object.entries(parts.theme.variables)
    .filter(([name]) => /^--vscode-[\w-]+$/.test(name))
    .map(([name, value]) => `${name}: ${value.replace(/[;{}<]/g, '')};`)
    .join('\n');
  const inline = (text: string) => text.replace(/<\/(script|style)/gi, '<\\/$1');
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const data = scriptJson({ view, buffers: parts.buffers, details: parts.details });
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    `<head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="${csp}"><title>${escape(parts.title)}</title>`,
    `<style nonce="${nonce}">\n:root {\n${variables}\n}\n${inline(parts.style)}\n</style></head>`,
    `<body class="${escape(parts.theme.bodyClass)}">`,
    `<script nonce="${nonce}" type="application/json" id="causeway-trace">${data}</script>`,
    `<script nonce="${nonce}">${PAGE_HOST}</script>`,
    `<script nonce="${nonce}">\n${inline(parts.script)}\n</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

