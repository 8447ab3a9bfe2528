// Spoofing text in the diagram, in Chromium: a trace whose names hold a bidi override or a
// zero-width space shows them escaped everywhere on the page (lanes, labels, details, findings,
// the status line), so "abc\u202eevil.exe" can never read as "abcexe.live".

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { analyzeTrace, bufferTimelines, buildTraceView, nativeFormat } from '../../engine/index';
import { toWire } from './engine-views';
import { js, loadWire, openFixture, until, useBrowser } from './page';

const SPOOF = [
  '{"format":"causeway","version":1,"description":"abc\\u202eevil.exe"}',
  '{"replica":"abc\\u202eevil.exe","kind":"send","msg":"m1","label":"hello \\u202egnp.exe"}',
  '{"replica":"ad\\u200bmin","kind":"receive","msg":"m1"}',
  '{"replica":"ad\\u200bmin","kind":"receive","msg":"m9"}',
].join('\n');

function spoofView(): unknown {
  const bytes = new TextEncoder().encode(SPOOF);
  const reader = nativeFormat.createReader({ name: 'spoof.causal.jsonl', bytes: { read: (offset, length) => bytes.subarray(offset, offset + length) } });
  reader.push(bytes);
  const analysis = analyzeTrace(reader.finish().executions[0]);
  return toWire({ view: buildTraceView(analysis, { format: 'causeway' }), buffers: bufferTimelines(analysis), details: [] });
}

describe('spoofing text in the diagram', () => {
  const browser = useBrowser({ before, after });

  it('shows bidi overrides and zero-width characters escaped, in the page and the status line', async () => {
    const page = await openFixture(browser());
    await loadWire(page, spoofView());
    await js(page, 'globalThis.causeway.nav.nextFinding(1)');
    await until(page, "document.querySelector('.status')?.textContent.includes('m9')");
    const text = await js<string>(page, 'document.body.innerText');
    assert.ok(!/[\u202e\u200b]/.test(text), 'a hidden character reached the page');
    assert.match(text, /abc\\u202eevil\.exe/);
    const status = await js<string>(page, "document.querySelector('.status').textContent");
    assert.match(status, /ad\\u200bmin:2 receives message "m9"/);
    await page.close();
  });
});
