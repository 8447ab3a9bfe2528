// The extension's manifest and strings, checked without VS Code: every %key% of package.json has
// its text in package.nls.json (and no text is unused), the l10n bundle lists every vscode.l10n.t
// string of extension/, commands carry the Causeway category, and walkthrough media exist.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const ROOT = join(__dirname, '..');
const manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as {
  contributes: { commands: { command: string; category: string }[]; walkthroughs: { steps: { media: { markdown: string } }[] }[] };
};
const nls = JSON.parse(readFileSync(join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;

test('every %key% in package.json has a text in package.nls.json, and every text is used', () => {
  const keys = new Set([...manifestText.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  assert.deepEqual([...keys].filter((k) => !(k in nls)), []);
  assert.deepEqual(Object.keys(nls).filter((k) => !keys.has(k)), []);
});

test('every command is in the Causeway category', () => {
  assert.deepEqual(manifest.contributes.commands.filter((c) => c.category !== 'Causeway'), []);
});

test('every walkthrough step has its media', () => {
  const media = manifest.contributes.walkthroughs.flatMap((w) => w.steps.map((s) => s.media.markdown));
  assert.deepEqual(media.filter((m) => !existsSync(join(ROOT, m))), []);
});

test('l10n/bundle.l10n.json lists every vscode.l10n.t string of extension/ (npm run l10n)', () => {
  const out = mkdtempSync(join(tmpdir(), 'causeway-l10n-'));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'vscode-l10n-dev'), ['export', '--outDir', out, join(ROOT, 'extension')], { stdio: 'ignore' });
  const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'bundle.l10n.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual(read(join(ROOT, 'l10n')), read(out));
});
