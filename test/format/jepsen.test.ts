// Jepsen histories: EDN in its shapes (maps per line, one vector or list, tagged records,
// comments), Jepsen's text log, workers as lanes, real-time order as happens-before without
// transitive edges (checked against every pair of operations), and the linearizability finding.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { detectFormat, formatById } from '../../engine/format/detect';
import { jepsenFormat } from '../../engine/format/jepsen';
import { TraceReadError } from '../../engine/format/types';
import { readTraceText } from './helpers';
import type { Trace } from '../../engine/trace/model';
import { EXAMPLES, readText } from '../helpers/load';

const read = (text: string) => readText(text, jepsenFormat, { name: 'history.edn' });

/** Whether event `a` reaches event `b` over the trace's edges and each lane's order. */
function reaches(trace: Trace, a: number, b: number): boolean {
  const seen = new Set<number>([b]);
  const stack = [b];
  while (stack.length > 0) {
    const e = stack.pop()!;
    if (e === a) return true;
    const before = [...trace.edgeFrom.subarray(trace.edgeStart[e], trace.edgeStart[e + 1])];
    for (let i = e - 1; i >= 0; i--) {
      if (trace.replica[i] === trace.replica[e]) {
        before.push(i);
        break;
      }
    }
    for (const x of before) {
      if (seen.has(x)) continue;
      seen.add(x);
      stack.push(x);
    }
  }
  return false;
}

describe('Jepsen histories', () => {
  test('reads EDN maps per line, inside a vector or a list, tagged records and comments', () => {
    const text = [
      '; a register history',
      '[{:type :invoke, :f :write, :value 1, :process 0, :time 10, :index 0}',
      ' #jepsen.history.Op{:type :ok, :f :write, :value 1, :process 0, :time 20, :index 1}',
      ' {:type :info, :f :start-partition, :value nil, :process :nemesis}',
      ' {:type :invoke, :f :read, :value nil, :process 1}',
      ' {:type :ok, :f :read, :value 1, :process 1}]',
    ].join('\n');
    const file = read(text);
    assert.equal(detectFormat(text)?.id, 'jepsen');
    const [trace] = file.executions;
    assert.equal(trace.size, 5);
    assert.deepEqual(trace.replicas.all().sort(), ['0', '1', 'nemesis']);
    assert.equal(trace.event(0).label, 'write 1');
    assert.equal(trace.event(0).fields?.['time'], 10);
    assert.deepEqual(file.findings, []);
    assert.deepEqual(trace.findings, []);
  });

  test("reads Jepsen's text log, and a crashed process's successor shares its worker's lane", () => {
    const text = [
      'INFO  jepsen.util - 0\t:invoke\t:write\t1',
      'INFO  jepsen.util - 1\t:invoke\t:write\t2',
      'INFO  jepsen.util - 0\t:ok\t:write\t1',
      'INFO  jepsen.util - 1\t:info\t:write\t:timed-out',
      'INFO  jepsen.util - 3\t:invoke\t:read\tnil',
      'INFO  jepsen.util - 3\t:ok\t:read\t2',
    ].join('\n');
    assert.equal(detectFormat(text)?.id, 'jepsen');
    const [trace] = read(text).executions;
    assert.deepEqual(trace.replicas.all().sort(), ['0', '1']);
    assert.equal(trace.event(trace.size - 1).replica, '1');
    assert.deepEqual(trace.findings, []);
  });

  test('a crashed operation (:info) precedes nothing: it may take effect at any later time', () => {
    const text = [
      '{:type :invoke, :f :write, :value 1, :process 0}',
      '{:type :info, :f :write, :value 1, :process 0}',
      '{:type :invoke, :f :read, :value nil, :process 1}',
      '{:type :ok, :f :read, :value 1, :process 1}',
    ].join('\n');
    const [trace] = read(text).executions;
    assert.equal(trace.edgeStart[trace.size], 0, 'no real-time edge from the crashed write');
    assert.deepEqual(trace.findings, []);
  });

  test('happens-before is real-time order plus lane order, and no edge is implied by the others (property)', () => {
    const history = fc
      .array(fc.record({ process: fc.integer({ min: 0, max: 3 }), outcome: fc.constantFrom('ok', 'ok', 'fail', 'info', 'none') }), { minLength: 1, maxLength: 9 })
      .chain((ops) => fc.shuffledSubarray([...ops.keys(), ...ops.keys()], { minLength: ops.length * 2, maxLength: ops.length * 2 }).map((order) => ({ ops, order })));
    fc.assert(
      fc.property(history, ({ ops, order }) => {
        // Each operation's first appearance in `order` is its call, the second its completion.
        const lines: string[] = [];
        const busy = new Set<number>();
        const called = new Set<number>();
        const where: { invoke: number; complete?: number; type?: string }[] = ops.map(() => ({ invoke: -1 }));
        for (const k of order) {
          const { process, outcome } = ops[k];
          if (!called.has(k)) {
            if (busy.has(process)) return; // a process runs one operation at a time
            called.add(k);
            busy.add(process);
            where[k].invoke = lines.length;
            lines.push(`{:type :invoke, :f :write, :value ${k}, :process ${process}}`);
          } else if (outcome !== 'none') {
            busy.delete(process);
            where[k].complete = lines.length;
            where[k].type = outcome;
            lines.push(`{:type :${outcome}, :f :write, :value ${k}, :process ${process}}`);
          } else busy.delete(process);
        }
        const [trace] = read(lines.join('\n')).executions;
        const index = (line: number) => [...Array(trace.size).keys()].find((i) => trace.line[i] === line + 1)!;
        const precedes = (a: number, b: number) => where[a].complete !== undefined && where[a].type !== 'info' && where[a].complete! < where[b].invoke;
        for (const a of ops.keys()) {
          for (const b of ops.keys()) {
            if (a === b || where[a].complete === undefined || where[b].invoke < 0) continue;
            const sameLane = trace.replica[index(where[a].complete!)] === trace.replica[index(where[b].invoke)];
            if (precedes(a, b)) assert.ok(reaches(trace, index(where[a].complete!), index(where[b].invoke)), `op ${a} before op ${b}`);
            else if (!sameLane || where[a].complete! > where[b].invoke) assert.ok(!reaches(trace, index(where[a].complete!), index(where[b].invoke)), `op ${a} not before op ${b}`);
          }
        }
        // No drawn edge is implied by the rest.
        for (let e = 0; e < trace.size; e++) {
          for (let k = trace.edgeStart[e]; k < trace.edgeStart[e + 1]; k++) {
            const from = trace.edgeFrom[k];
            const others = [...trace.edgeFrom.subarray(trace.edgeStart[e], trace.edgeStart[e + 1])].filter((x) => x !== from);
            const lanePrev = [...Array(e).keys()].reverse().find((i) => trace.replica[i] === trace.replica[e]);
            if (lanePrev !== undefined) others.push(lanePrev);
            assert.ok(!others.some((x) => reaches(trace, from, x)), `edge ${trace.eventId(from)} → ${trace.eventId(e)} is implied`);
          }
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  test('reports an unreadable line on its line and reads the rest; a file with no operation is refused', () => {
    const file = read('{:type :invoke, :f :write, :value 1, :process 0}\n{:type :ok, :f :write, :value [1 2\n{:type :ok, :f :write, :value 1, :process 0}\n');
    assert.equal(file.executions[0].size, 2);
    assert.deepEqual(
      file.findings.map((f) => [f.kind, f.line]),
      [['parse-error', 2]],
    );
    assert.throws(() => readTraceText(formatById('jepsen')!, '; a history\nhello\n'), TraceReadError);
  });

  test('names the read no order explains as a not-linearizable error on its line', () => {
    const text = [
      '{:type :invoke, :f :write, :value 0, :process 0}',
      '{:type :ok, :f :write, :value 0, :process 0}',
      '{:type :invoke, :f :read, :value nil, :process 1}',
      '{:type :ok, :f :read, :value 3, :process 1}',
    ].join('\n');
    const [trace] = read(text).executions;
    assert.deepEqual(
      trace.findings.map((f) => [f.severity, f.kind, f.line]),
      [['error', 'not-linearizable', 4]],
    );
    assert.match(trace.findings[0].message, /read → 3 by process 1 \(line 3\)/);
    assert.deepEqual(trace.findings[0].events.slice(0, 2), ['1:1', '1:2']);
  });

  test('the lost-update example: its story is the description, and the second successful cas is the one finding', () => {
    const [trace] = read(readFileSync(join(EXAMPLES, 'lost-update-register.history.edn'), 'utf8')).executions;
    assert.match(trace.header.description ?? '', /^Lost update on a compare-and-set register/);
    assert.deepEqual(
      trace.findings.map((f) => [f.kind, f.line]),
      [['not-linearizable', 7]],
    );
    assert.match(trace.findings[0].message, /cas 1→3 by process 2 \(line 5\)/);
  });
});

describe("a Jepsen history's keys and values as state", () => {
  const readHistory = (text: string) => readTraceText(jepsenFormat, text, { name: 'history.edn' }).executions[0];
  const stateOf = (trace: Trace, lane: string) => {
    const analysis = analyzeTrace(trace);
    const r = trace.replicas.find(lane);
    return Object.fromEntries(trace.keys.all().map((key, k) => [key, analysis.states().replay.finalStates[r][k].value()]));
  };

  test('each client lane holds the value it last saw; the lost update is a conflict no order resolves', () => {
    const trace = readHistory(readFileSync(join(__dirname, '../../examples/lost-update-register.history.edn'), 'utf8'));
    assert.deepEqual(stateOf(trace, '0'), { register: 3 }, 'client 0 read 3');
    assert.deepEqual(stateOf(trace, '1'), { register: 2 }, "client 1's cas set 2");
    assert.deepEqual(stateOf(trace, '2'), { register: 3 }, "client 2's cas set 3");
    const analysis = analyzeTrace(trace);
    assert.equal(analysis.conflicts.length, 1);
    const [c] = analysis.conflicts;
    assert.deepEqual(c.winners, []);
    assert.deepEqual(c.events.map((e) => trace.eventId(e)), ['1:2', '2:2']);
    assert.match(c.reason, /cas 1→2 by process 1 .* and cas 1→3 by process 2 .* overlap in time.*no order explains/);
    assert.deepEqual(analysis.findings.map((f) => f.kind), ['not-linearizable'], 'no finding about clients not converging');
  });

  test('overlapping writes of a linearizable history: the one the check orders last stayed, and nothing is found', () => {
    const trace = readHistory(
      [
        '{:type :invoke, :f :write, :value 1, :process 0}',
        '{:type :invoke, :f :write, :value 2, :process 1}',
        '{:type :ok, :f :write, :value 1, :process 0}',
        '{:type :ok, :f :write, :value 2, :process 1}',
        '{:type :invoke, :f :read, :value nil, :process 0}',
        '{:type :ok, :f :read, :value 1, :process 0}',
        '{:type :invoke, :f :write, :value 5, :process 1}',
        '{:type :ok, :f :write, :value 5, :process 1}',
      ].join('\n'),
    );
    const analysis = analyzeTrace(trace);
    assert.deepEqual([...analysis.findings, ...analysis.states().findings], []);
    assert.equal(analysis.conflicts.length, 1, 'the write of 5 overlaps nothing');
    assert.deepEqual(analysis.conflicts[0].winners.map((e) => trace.eventId(e)), ['0:2'], 'the later read of 1 says write 1 went last');
    assert.deepEqual(stateOf(trace, '0'), { register: 1 });
    assert.deepEqual(stateOf(trace, '1'), { register: 5 });
  });
});
