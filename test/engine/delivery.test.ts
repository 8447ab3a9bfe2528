// Delivery checks: a message received twice by one replica is a duplicate delivery (the same
// message received once by each of several replicas is not), and the causal-delivery findings are
// exactly the violations a brute-force happens-before oracle finds on small random histories.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { otlpFormat } from '../../engine/format/otlp';
import { nativeText, readText } from '../helpers/load';

test('a message received twice by one replica is reported once per repeat, a broadcast is not', () => {
  const file = readText(
    nativeText({ replicas: ['A', 'B', 'C'] }, [
      { replica: 'A', kind: 'send', msg: 'm1', to: ['B', 'C'] },
      { replica: 'B', kind: 'receive', msg: 'm1' },
      { replica: 'C', kind: 'receive', msg: 'm1' },
      { replica: 'C', kind: 'receive', msg: 'm1' },
      { replica: 'B', kind: 'receive', msg: 'm1' },
      { replica: 'A', kind: 'send', msg: 'm2', to: 'C' },
      { replica: 'C', kind: 'receive', msg: 'm2' },
    ]),
  );
  const duplicates = analyzeTrace(file.executions[0]).findings.filter((f) => f.kind === 'duplicate-delivery');
  assert.deepEqual(
    duplicates.map((f) => [f.line, f.events]),
    [
      [5, ['C:1', 'C:2']],
      [6, ['B:1', 'B:2']],
    ],
  );
});

test('two receives of one send by a replica are a duplicate, never a causal-delivery finding', () => {
  // A span with several children in one service: the parent's message reaches B twice.
  const file = readText(
    nativeText({ replicas: ['A', 'B'] }, [
      { replica: 'A', kind: 'send', msg: 'm1', to: 'B' },
      { replica: 'B', kind: 'receive', msg: 'm1' },
      { replica: 'B', kind: 'receive', msg: 'm1' },
      { replica: 'A', kind: 'send', msg: 'm2', to: 'B' },
      { replica: 'B', kind: 'receive', msg: 'm2' },
    ]),
  );
  const findings = analyzeTrace(file.executions[0]).findings;
  assert.deepEqual(findings.map((f) => f.kind), ['duplicate-delivery']);
});

test('a span with several children in another service gives no causal-delivery finding', () => {
  const span = (spanId: string, name: string, start: number, parentSpanId?: string) => ({
    traceId: 'a'.repeat(32),
    spanId,
    ...(parentSpanId ? { parentSpanId } : {}),
    name,
    kind: 2,
    startTimeUnixNano: String(start),
    endTimeUnixNano: String(start + 500),
  });
  const service = (name: string, spans: object[]) => ({
    resource: { attributes: [{ key: 'service.name', value: { stringValue: name } }] },
    scopeSpans: [{ spans }],
  });
  const parent = '1'.repeat(16);
  const children = [2, 3, 4].map((k) => span(`${k}`.repeat(16), `child ${k}`, k * 1000, parent));
  const otlp = { resourceSpans: [service('front', [{ ...span(parent, 'GET /', 1000), endTimeUnixNano: '9000' }]), service('back', children)] };
  const trace = readText(JSON.stringify(otlp), otlpFormat).executions[0];
  assert.equal(trace.size, 8);
  assert.deepEqual(analyzeTrace(trace).findings, []);
});

/** One step of a random history: a send to some replicas, a receive of an earlier send (any, again too), or a local event. */
type Step = { kind: 'send'; replica: number; payload: 'ops' | 'none' } | { kind: 'receive'; replica: number; send: number } | { kind: 'local'; replica: number };

const NAMES = ['A', 'B', 'C'];

const steps = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('send' as const), replica: fc.nat(2), payload: fc.constantFrom('ops' as const, 'none' as const) }),
    fc.record({ kind: fc.constant('receive' as const), replica: fc.nat(2), send: fc.nat(30) }),
    fc.record({ kind: fc.constant('local' as const), replica: fc.nat(2) }),
  ),
  { maxLength: 24 },
);

interface History {
  /** Event ids as the trace names them (`A:1`, ...), in file order. */
  id: string[];
  replica: number[];
  payload: (string | undefined)[];
  /** For a receive, the event index of its send; else -1. */
  sendOf: number[];
  lines: object[];
}

/** Keeps the steps that make sense (a receive needs an earlier send) and numbers the events. */
function history(list: Step[]): History {
  const h: History = { id: [], replica: [], payload: [], sendOf: [], lines: [] };
  const sends: number[] = [];
  const count = [0, 0, 0];
  for (const step of list) {
    const from = step.kind === 'receive' ? (sends.length === 0 ? -1 : sends[step.send % sends.length]) : -1;
    if (step.kind === 'receive' && from < 0) continue;
    const i = h.id.length;
    h.id.push(`${NAMES[step.replica]}:${++count[step.replica]}`);
    h.replica.push(step.replica);
    h.sendOf.push(from);
    h.payload.push(step.kind === 'send' ? step.payload : undefined);
    if (step.kind === 'send') {
      sends.push(i);
      h.lines.push({ replica: NAMES[step.replica], kind: 'send', msg: `m${i}`, payload: step.payload });
    } else if (step.kind === 'receive') {
      h.lines.push({ replica: NAMES[step.replica], kind: 'receive', msg: `m${from}` });
    } else {
      h.lines.push({ replica: NAMES[step.replica], kind: 'local' });
    }
  }
  return h;
}

/** Happens-before from first principles: program order and message edges, closed transitively. */
function happensBefore(h: History): boolean[][] {
  const n = h.id.length;
  const hb = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < j; i++) if (h.replica[i] === h.replica[j]) hb[i][j] = true;
    if (h.sendOf[j] >= 0) hb[h.sendOf[j]][j] = true;
  }
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (hb[i][k]) for (let j = 0; j < n; j++) if (hb[k][j]) hb[i][j] = true;
  return hb;
}

/**
 * The violations by brute force: on each replica, first receives e2 (of s2) then e1 (of s1), with
 * s1 -> s2, s1 not received there before e2, and s1 carrying operations when s2 does.
 */
function violations(h: History): Map<number, Set<number>> {
  const hb = happensBefore(h);
  const found = new Map<number, Set<number>>();
  const n = h.id.length;
  const first = (e: number) => h.sendOf[e] >= 0 && !h.sendOf.some((s, x) => x < e && s === h.sendOf[e] && h.replica[x] === h.replica[e]);
  for (let e2 = 0; e2 < n; e2++) {
    if (!first(e2)) continue;
    for (let e1 = e2 + 1; e1 < n; e1++) {
      if (!first(e1) || h.replica[e1] !== h.replica[e2]) continue;
      const s1 = h.sendOf[e1];
      const s2 = h.sendOf[e2];
      if (!hb[s1][s2] || (h.payload[s2] === 'ops' && h.payload[s1] !== 'ops')) continue;
      if (!found.has(e2)) found.set(e2, new Set());
      found.get(e2)!.add(e1);
    }
  }
  return found;
}

test('causal-delivery findings are exactly the brute-force violations, one per violating receive', () => {
  fc.assert(
    fc.property(steps, (list) => {
      const h = history(list);
      const trace = readText(nativeText({ replicas: NAMES }, h.lines)).executions[0];
      const findings = analyzeTrace(trace).findings.filter((f) => f.kind === 'causal-delivery-violation');
      const expected = violations(h);
      const index = new Map(h.id.map((id, i) => [id, i]));
      assert.deepEqual(findings.map((f) => f.events[2]).sort(), [...expected.keys()].map((e) => h.id[e]).sort());
      for (const f of findings) {
        const [s1, s2, e2, e1] = f.events.map((id) => index.get(id)!);
        assert.equal(new Set(f.events).size, 4, `a finding names one event twice: ${f.message}`);
        assert.ok(expected.get(e2)?.has(e1), `not a violation: ${f.message}`);
        assert.equal(h.sendOf[e1], s1);
        assert.equal(h.sendOf[e2], s2);
      }
    }),
    { numRuns: 500 },
  );
});

test('a network that reorders thousands of messages gets 500 causal-delivery findings and one summary', () => {
  const sends = Array.from({ length: 601 }, (_, k) => ({ replica: 'A', kind: 'send', msg: `m${k}`, to: 'B' }));
  const receives = sends.map((s) => ({ replica: 'B', kind: 'receive', msg: s.msg })).reverse();
  const trace = readText(nativeText({ replicas: ['A', 'B'] }, [...sends, ...receives])).executions[0];
  const findings = analyzeTrace(trace).findings.filter((f) => f.kind === 'causal-delivery-violation');
  assert.equal(findings.length, 501);
  assert.match(findings.find((f) => f.line === 0)!.message, /^100 more message/);
});
