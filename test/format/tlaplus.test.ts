// TLA+ trace validation NDJSON read as trace validation reads it: each receive delivers the send of
// its packet (`pkt.snd`, `pkt.rcv`, `pkt.msg`), a re-delivery and a receive nobody sent stay visible,
// a failed send is an error that delivers nothing, and the native copy of a trace checks the same.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { exportNative } from '../../engine/format/export-native';
import { tlaplusFormat } from '../../engine/format/tlaplus';
import type { Finding } from '../../engine/trace/diagnostics';
import type { TraceFile } from '../../engine/trace/model';
import { readText, REPO } from '../helpers/load';
import { edgeList, findingsOf, readTraceText } from './helpers';

/** One NDJSON line: node `node` logs `event` of a packet from `snd` to `rcv`. */
function line(event: string, node: number, snd: number, rcv: number, type: string, vc: Record<string, number>, extra: object = {}): string {
  return JSON.stringify({ event, node, pkt: { snd, rcv, msg: { type }, vc }, ...extra });
}

// Node 1 passes the token to node 0 twice with the same message; node 0 receives the second one
// first (its clock already covers both), then the first; then it receives the second again.
const REORDERED = [
  '{"N":2}',
  line('>', 1, 1, 0, 'tok', { 1: 1 }),
  line('>', 1, 1, 0, 'tok', { 1: 2 }),
  line('<', 0, 1, 0, 'tok', { 0: 1, 1: 2 }),
  line('<', 0, 1, 0, 'tok', { 0: 2, 1: 2 }),
  line('<', 0, 1, 0, 'tok', { 0: 3, 1: 2 }),
].join('\n');

const counts = (findings: readonly Finding[]) => {
  const byKind: Record<string, number> = {};
  for (const f of findings) if (f.severity !== 'info') byKind[f.kind] = (byKind[f.kind] ?? 0) + 1;
  return byKind;
};

/** The warnings and errors of every execution, counted by kind. */
const checked = (file: TraceFile) => counts(file.executions.flatMap((t) => analyzeTrace(t).findings));

describe('TLA+ trace validation: packets', () => {
  it("links each receive to the send of its packet, even when the receiver's clock covers several", () => {
    const file = readTraceText(tlaplusFormat, REORDERED);
    const t = file.executions[0];
    assert.deepEqual(edgeList(t).sort(), ['1:1->0:2', '1:2->0:1', '1:2->0:3']);
    const duplicates = findingsOf({ ...file, findings: analyzeTrace(t).findings }, 'duplicate-delivery');
    assert.deepEqual(duplicates.map((f) => [f.line, f.events]), [[6, ['0:1', '0:3']]]);
  });

  it('reports a receive of a packet no line sends, and links a node delivering to itself', () => {
    const text = ['{"N":1}', line('<', 0, 0, 0, 'tok', { 0: 1 }), line('>', 0, 0, 0, 'trm', { 0: 2 }), line('<', 0, 0, 0, 'trm', { 0: 3 })].join('\n');
    const t = readTraceText(tlaplusFormat, text).executions[0];
    assert.deepEqual(edgeList(t), ['0:2->0:3']);
    const unknown = analyzeTrace(t).findings.filter((f) => f.kind === 'unknown-message');
    assert.deepEqual(unknown.map((f) => [f.severity, f.line]), [['warning', 2]]);
  });

  it('makes a failed send an error on its line that delivers nothing', () => {
    const text = [
      '{"N":2}',
      line('>', 0, 0, 1, 'pl', { 0: 1 }, { failure: 'java.net.ConnectException: Connection refused' }),
      line('>', 0, 0, 1, 'pl', { 0: 2 }),
      line('<', 1, 0, 1, 'pl', { 0: 2, 1: 1 }),
    ].join('\n');
    const file = readTraceText(tlaplusFormat, text);
    const [failure] = findingsOf(file, 'recorded-failure');
    assert.equal(failure.severity, 'error');
    assert.equal(failure.line, 2);
    assert.match(failure.message, /ConnectException/);
    const t = file.executions[0];
    assert.deepEqual(edgeList(t), ['0:2->1:1']);
    assert.equal(t.event(t.eventIndex('0:1')).to, undefined);
    assert.equal(t.event(t.eventIndex('0:1')).label, 'send pl to 1 (failed)');
  });

  it('judges a trace and its native copy the same way (the real EWD998 log with re-deliveries included)', () => {
    const real = readFileSync(join(REPO, 'test', 'fixtures', 'real', 'tlaplus', 'trace-unstable.ndjson'), 'utf8');
    for (const text of [REORDERED, `${REORDERED}\n${line('<', 0, 1, 0, 'pl', { 0: 4, 1: 2 })}`, real]) {
      const imported = readTraceText(tlaplusFormat, text);
      const native = readText(exportNative(imported.executions));
      assert.deepEqual(checked(native), checked(imported));
      assert.notDeepEqual(checked(imported), {});
    }
  });
});
