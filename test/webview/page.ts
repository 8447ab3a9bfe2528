// Opens the fixture page in Chromium: serves the bundle from memory at a fake origin (the
// webview's cspSource), fills in a fresh nonce, and gives tests typed access to the host stub.

import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { WebviewToHost } from '../../webview/protocol';
import { launchChromium, type Chromium } from '../harness/browser';
import { buildFixture } from './build';
import { THEMES, type ThemeName } from './themes';

export const ORIGIN = 'https://causeway.webview.test';
const TEMPLATE = readFileSync(join(__dirname, 'fixture.html'), 'utf8');

export interface FixtureOptions {
  theme?: ThemeName;
  /** What vscode.getState() returns at start (a restored webview). */
  state?: unknown;
}

export async function openFixture(context: BrowserContext, options: FixtureOptions = {}): Promise<Page> {
  const { files } = await buildFixture();
  const page = await context.newPage();
  const nonce = randomBytes(16).toString('base64');
  const theme = options.theme ?? 'dark';
  const bodyClass = THEMES[theme].bodyClass;
  const html = TEMPLATE.replaceAll('{{cspSource}}', ORIGIN).replaceAll('{{nonce}}', nonce).replaceAll('{{bodyClass}}', bodyClass);
  await page.route(`${ORIGIN}/**`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(1);
    if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: html });
    const body = files.get(name);
    if (body === undefined) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript', body });
  });
  await page.addInitScript((name) => ((globalThis as unknown as { __theme: string }).__theme = name), theme);
  if (options.state !== undefined) await page.addInitScript((s) => ((globalThis as unknown as { __initialState: unknown }).__initialState = s), options.state);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  (page as Page & { errors: string[] }).errors = errors;
  await page.goto(`${ORIGIN}/index.html`);
  await until(page, "globalThis.__posted && globalThis.__posted.some((m) => m.type === 'ready')");
  return page;
}

/** Messages the webview posted, optionally of one type. */
export function posted<T extends WebviewToHost['type']>(page: Page, type: T): Promise<Extract<WebviewToHost, { type: T }>[]> {
  return page.evaluate((t) => (globalThis as unknown as { host: { posted(t: string): unknown[] } }).host.posted(t), type) as Promise<
    Extract<WebviewToHost, { type: T }>[]
  >;
}

/** Evaluates a JavaScript expression in the page (a string: no transpiler helpers leak in). */
export function js<T = unknown>(page: Page, expression: string): Promise<T> {
  return page.evaluate(expression) as Promise<T>;
}

/**
 * Waits until a JavaScript expression is truthy in the page. Polls from Node: Playwright's own
 * waitForFunction evaluates with eval inside the page, which the webview's CSP rightly blocks.
 */
export async function until(page: Page, expression: string, timeout = 5000): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function whenLoaded(page: Page, load: string): Promise<void> {
  const before = (await posted(page, 'loaded')).length;
  await js(page, load);
  await until(page, `globalThis.host.posted('loaded').length > ${before}`);
}

/** Loads a scripted example (with fresh webview state unless `keepState`) and waits until it is drawn. */
export function loadExample(page: Page, name: string, options: { step?: number; keepState?: boolean } = {}): Promise<void> {
  return whenLoaded(page, `globalThis.host.loadExample(${JSON.stringify(name)}, ${options.step ?? 'undefined'}, ${!!options.keepState})`);
}

/** Loads a view built by the engine (see engine-views.ts) and waits until it is drawn. */
export function loadWire(page: Page, wire: unknown, keepState = false): Promise<void> {
  return whenLoaded(page, `globalThis.host.loadWire(${JSON.stringify(wire)}, ${keepState})`);
}

/** Generates a random trace in the page and waits until it is drawn. */
export function loadRandom(page: Page, options: { events: number; replicas: number; seed?: number }): Promise<void> {
  return whenLoaded(page, `globalThis.host.loadRandom(${JSON.stringify(options)})`);
}

/** Loads a random trace as the shown trace grown to `events` (a live session's reload) and waits until it is drawn. */
export function loadGrowing(page: Page, events: number): Promise<void> {
  return whenLoaded(page, `globalThis.host.loadGrowing(${JSON.stringify({ events, replicas: 4, seed: 5 })})`);
}

/** Page coordinates of an event's glyph (it must be on screen). */
export async function pointOf(page: Page, e: number): Promise<[number, number]> {
  const p = await js<[number, number] | null>(page, `globalThis.host.probe.eventPoint(${e})`);
  if (!p) throw new Error(`event ${e} is not on screen`);
  return p;
}

/** The event index of a default id (`replica:n`). */
export function eventId(page: Page, id: string): Promise<number> {
  return js<number>(page, `globalThis.causeway.t.index.eventByDefaultId(${JSON.stringify(id)})`);
}

/** Launches one Chromium for a test file (before/after hooks) and gives each test its page. */
export function useBrowser(hooks: { before: (fn: () => Promise<void>) => void; after: (fn: () => Promise<void>) => void }): () => BrowserContext {
  let chromium: Chromium | null = null;
  hooks.before(async () => {
    chromium = await launchChromium();
  });
  hooks.after(async () => {
    await chromium?.close();
  });
  return () => {
    if (!chromium) throw new Error('the browser is not running');
    return chromium.context;
  };
}
