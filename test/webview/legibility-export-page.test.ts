// The HTML export as a bug report's reader opens it: a file:// page, no VS Code, no network. It
// draws the same diagram from the embedded trace, answers clicks with the event's fields, and
// breaks no rule of its strict Content Security Policy.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { exportPage } from '../../extension/export-page';
import { buildFixture } from './build';
import { engineView } from './engine-views';
import { js, until, useBrowser } from './page';
import { THEMES } from './themes';

describe('HTML export', () => {
  const context = useBrowser({ before, after });

  it('opens from a file:// URL, draws the trace, shows fields on a click, loads nothing and breaks no CSP rule', async () => {
    const { files } = await buildFixture();
    const ev = engineView('or-set-race.causal.jsonl');
    const theme = THEMES['light-2026'];
    const html = exportPage({
      title: 'or-set-race — Causeway',
      script: files.get('webview.js')!,
      style: files.get('webview.css')!,
      theme: { bodyClass: theme.bodyClass, variables: Object.fromEntries(Object.entries(theme.vars).map(([k, v]) => [`--vscode-${k}`, v])) },
      view: ev.view,
      buffers: ev.buffers,
      details: ev.details,
    });
    const file = join(mkdtempSync(join(tmpdir(), 'causeway-page-')), 'or-set-race.html');
    writeFileSync(file, html);

    const page = await context().newPage();
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.addInitScript(() => {
      const w = globalThis as unknown as { __csp: string[]; addEventListener(t: string, cb: (e: { violatedDirective: string }) => void): void };
      w.__csp = [];
      w.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.violatedDirective));
    });
    await page.goto(pathToFileURL(file).href);
    await until(page, 'globalThis.causeway && globalThis.causeway.diagram.lastStats && globalThis.causeway.diagram.lastStats.glyphs > 0');
    assert.equal(await js(page, 'globalThis.causeway.t.view.size'), ev.view.size);
    assert.equal(await js(page, 'globalThis.causeway.diagram.lastStats.glyphs'), ev.view.size, 'every event is drawn');

    await js(page, 'globalThis.causeway.select(4)');
    await until(page, "document.querySelector('.details') && document.querySelector('.details').textContent.includes('basket')");
    assert.deepEqual(await js(page, 'globalThis.__csp'), []);
    assert.deepEqual(errors, []);
    assert.deepEqual(requests.filter((u) => !u.startsWith('file:') && !u.startsWith('data:')), [], 'nothing loaded from a network');
    await page.close();
  });
});
