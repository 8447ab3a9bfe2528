// The CRDT document import figures for `npm run bench`: a 100,000-change Automerge document and a
// log of 100,000 Yjs updates (5 replicas typing and setting keys, syncing now and then), read by
// Causeway, beside each library's own load of the same bytes in the same run (the ratio's goal:
// at most 3).

import type * as AutomergeApi from '@automerge/automerge';
import * as Y from 'yjs';
import { automerge } from '../engine/format/libraries';
import { automergeFormat } from '../engine/format/automerge';
import type { TraceFormat } from '../engine/format/types';
import { yjsLogFormat } from '../engine/format/yjs';
import { prng } from '../engine/util/prng';
import type { Say } from './live';

const CHANGES = Number(process.env['CAUSEWAY_BENCH_CRDT_CHANGES'] ?? 100_000);
const REPLICAS = 5;
/** Every this many changes a replica merges another's document (concurrency, then convergence). */
const SYNC_EVERY = 50;

function automergeDocument(am: typeof AutomergeApi): Uint8Array {
  const random = prng(14);
  const base = am.from<{ text: string; keys: Record<string, number> }>({ text: '', keys: {} }, { actor: '00'.repeat(16) });
  const docs = Array.from({ length: REPLICAS }, (_, r) => am.clone(base, { actor: `${r + 1}`.repeat(32) }));
  for (let n = 1; n < CHANGES; n++) {
    const r = n % REPLICAS;
    if (n % SYNC_EVERY === 0) {
      const from = docs[Math.floor(random() * REPLICAS)];
      if (from !== docs[r]) [docs[r]] = am.applyChanges(docs[r], am.getChanges(docs[r], from));
    }
    docs[r] = am.change(docs[r], { time: 1_700_000_000 + n }, (d) => {
      if (random() < 0.5) d.keys[`k${Math.floor(random() * 100)}`] = n;
      else am.splice(d, ['text'], Math.floor(random() * (d.text.length + 1)), 0, 'x');
    });
  }
  return am.save(docs.reduce((a, b) => am.applyChanges(a, am.getChanges(a, b))[0]));
}

function yjsLog(): { text: string; lines: string[] } {
  const random = prng(15);
  const docs = Array.from({ length: REPLICAS }, (_, r) => {
    const doc = new Y.Doc();
    doc.clientID = r + 1;
    return doc;
  });
  const lines: string[] = [];
  docs.forEach((doc, r) => doc.on('update', (u: Uint8Array, origin: unknown) => origin !== 'sync' && lines.push(JSON.stringify({ update: Buffer.from(u).toString('base64'), replica: `r${r}`, time: lines.length }))));
  for (let n = 0; lines.length < CHANGES; n++) {
    const doc = docs[n % REPLICAS];
    if (n % SYNC_EVERY === 0) {
      const from = docs[Math.floor(random() * REPLICAS)];
      Y.applyUpdate(doc, Y.encodeStateAsUpdate(from, Y.encodeStateVector(doc)), 'sync');
    } else if (random() < 0.5) doc.getMap('keys').set(`k${Math.floor(random() * 100)}`, n);
    else doc.getText('text').insert(Math.floor(random() * (doc.getText('text').length + 1)), 'x');
  }
  return { text: `${lines.join('\n')}\n`, lines };
}

/** Milliseconds `format` takes to read `bytes` (pushed in 4 MiB chunks). */
function importMs(format: TraceFormat, bytes: Uint8Array): number {
  const start = performance.now();
  const reader = format.createReader({});
  for (let at = 0; at < bytes.length; at += 4 << 20) reader.push(bytes.subarray(at, at + (4 << 20)));
  if (reader.finish().executions[0].size === 0) throw new Error('nothing imported');
  return performance.now() - start;
}

/** Medians of 3 alternating runs of Causeway's import and the library's own load. */
function paired(ours: () => number, library: () => number): { ours: number; library: number } {
  const runs = [0, 1, 2].map(() => ({ library: library(), ours: ours() }));
  const middle = (xs: number[]) => xs.sort((a, b) => a - b)[1];
  return { ours: middle(runs.map((r) => r.ours)), library: middle(runs.map((r) => r.library)) };
}

function timed(work: () => void): number {
  const start = performance.now();
  work();
  return performance.now() - start;
}

export function automergeImportBenchmarks(say: Say): void {
  // The bench bundle requires Automerge from bench/out/lib/, where esbuild.mjs puts its WebAssembly too.
  const am = automerge();
  const saved = automergeDocument(am);
  const a = paired(() => importMs(automergeFormat, saved), () => timed(() => am.load(saved)));
  say('automergeImportChangesPerSec', CHANGES / (a.ours / 1000), `${CHANGES.toLocaleString('en-US')}-change Automerge document (${(saved.length / 1e6).toFixed(1)} MB, 5 actors), median of 3`);
  say('automergeImportRatio', a.ours / a.library, `(goal <= 3) our import / Automerge.load of the same bytes (${a.library.toFixed(0)} ms)`);
}

export function yjsImportBenchmarks(say: Say): void {
  const log = yjsLog();
  const bytes = new TextEncoder().encode(log.text);
  const loadLog = () => {
    const doc = new Y.Doc();
    for (const line of log.text.split('\n')) if (line) Y.applyUpdate(doc, Buffer.from((JSON.parse(line) as { update: string }).update, 'base64'));
  };
  const y = paired(() => importMs(yjsLogFormat, bytes), () => timed(loadLog));
  say('yjsImportUpdatesPerSec', CHANGES / (y.ours / 1000), `log of ${CHANGES.toLocaleString('en-US')} Yjs updates (${(bytes.length / 1e6).toFixed(1)} MB, 5 clients), median of 3`);
  say('yjsImportRatio', y.ours / y.library, `(goal <= 3) our import / JSON.parse + base64 + Y.applyUpdate of every line into a fresh Y.Doc (${y.library.toFixed(0)} ms)`);
}

export function crdtImportBenchmarks(say: Say): void {
  automergeImportBenchmarks(say);
  yjsImportBenchmarks(say);
}
