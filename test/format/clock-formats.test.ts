// The clock-based JSON importers: DistributedClocks tracing lines, TLA+ trace validation NDJSON
// and P traces, each on a small hand-written fixture with the format's known quirks.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dclocksFormat } from '../../engine/format/dclocks';
import { pFormat } from '../../engine/format/p';
import { tlaplusFormat } from '../../engine/format/tlaplus';
import { TraceReadError } from '../../engine/format/types';
import { assertCausalIndexOrder, edgeList, eventsPerKind, eventsPerReplica, findingsOf, FORMAT_FIXTURES, fixtureText, readTraceText } from './helpers';

describe('DistributedClocks tracing JSON lines', () => {
  const text = fixtureText(FORMAT_FIXTURES, 'dclocks.jsonl');

  it('reads tracers as replicas, tags as labels, and edges from the vector clocks', () => {
    const file = readTraceText(dclocksFormat, text, { name: 'dclocks.jsonl' });
    assert.equal(file.format, 'dclocks');
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { client1: 3, server: 3 });
    assert.deepEqual(edgeList(t), ['client1:2->server:1', 'server:3->client1:3']);
    assert.deepEqual(eventsPerKind(t), { local: 2, send: 2, receive: 2 });
    assert.equal(t.event(t.eventIndex('server:1')).label, 'ReceiveTokenTrace');
    assert.deepEqual(findingsOf(file), []);
    assertCausalIndexOrder(t);
  });

  it('keeps TraceID and Body exactly as written, beyond 2^53', () => {
    const t = readTraceText(dclocksFormat, text).executions[0];
    assert.equal(t.event(t.eventIndex('client1:1')).fields?.['TraceID'], '4733983094015607429');
    const handle = t.event(t.eventIndex('server:2'));
    assert.equal(handle.fields?.['TraceID'], '18446744073709551615');
    assert.equal(handle.fields?.['Body'], '{"Count": 12345678901234567890}');
    assert.equal(handle.line, 4);
  });

  it('reports a broken line and a line without a tracer, and keeps the rest', () => {
    const broken = `${text}{"TracerIdentity":"server","VectorClock":\n{"Tag":"x","VectorClock":{"a":1}}\n`;
    const file = readTraceText(dclocksFormat, broken);
    assert.deepEqual(findingsOf(file, 'parse-error').map((f) => f.line), [7, 8]);
    assert.equal(file.executions[0].size, 6);
  });
});

describe('TLA+ trace validation NDJSON', () => {
  const text = fixtureText(FORMAT_FIXTURES, 'tlaplus.ndjson');

  it('orders events by their clocks, not by line, keeping each event on its own line', () => {
    const file = readTraceText(tlaplusFormat, text);
    const t = file.executions[0];
    assert.deepEqual(t.replicas.all(), ['0', '1', '2']);
    assert.deepEqual(eventsPerReplica(t), { '0': 2, '1': 3, '2': 1 });
    // Node 1's own entries are 1 (line 4), 2 (line 2), 5 (line 6): clock order, not line order.
    assert.deepEqual([1, 2, 3].map((n) => t.event(t.eventIndex(`1:${n}`)).line), [4, 2, 6]);
    assert.deepEqual(edgeList(t), ['0:2->1:2', '1:3->2:1']);
    assert.deepEqual(
      ['0:1', '0:2', '1:1', '1:2', '1:3', '2:1'].map((id) => t.event(t.eventIndex(id)).kind),
      ['local', 'send', 'local', 'receive', 'send', 'receive'],
    );
    assert.equal(t.event(t.eventIndex('1:3')).label, 'send tok to 2');
    assert.deepEqual(t.event(t.eventIndex('1:3')).to, ['2']);
    assertCausalIndexOrder(t);
  });

  it('treats missing clock entries as 0 and reports the gap in node 1 as a warning', () => {
    const file = readTraceText(tlaplusFormat, text);
    const gaps = findingsOf(file, 'clock-gap');
    assert.deepEqual(gaps.map((f) => [f.severity, f.line, f.events]), [['warning', 6, ['1:2', '1:3']]]);
    assert.equal(findingsOf(file).filter((f) => f.severity === 'error').length, 0);
    assert.deepEqual(file.executions[0].event(file.executions[0].eventIndex('1:1')).clock, { '1': 1 });
  });

  it('reports a repeated own clock entry as a regression', () => {
    const dup = '{"N":1}\n{"event":"d","node":0,"pkt":{"vc":{"0":1}}}\n{"event":"d","node":0,"pkt":{"vc":{"0":1}}}\n';
    const [f] = findingsOf(readTraceText(tlaplusFormat, dup), 'clock-regression');
    assert.equal(f.severity, 'error');
    assert.deepEqual(f.events, ['0:1', '0:2']);
  });

  it('reports a node outside the header and a line that is not JSON', () => {
    const bad = '{"N":1}\n{"event":"d","node":3,"pkt":{"vc":{"3":1}}}\nnot json\n';
    const file = readTraceText(tlaplusFormat, bad);
    assert.equal(findingsOf(file, 'unknown-replica')[0].line, 2);
    assert.equal(findingsOf(file, 'parse-error')[0].line, 3);
  });
});

describe('P language JSON traces', () => {
  const text = fixtureText(FORMAT_FIXTURES, 'p-trace.json');

  it('reads machines and monitors as replicas, sends and dequeues linked by their clocks', () => {
    const file = readTraceText(pFormat, text);
    assert.equal(file.format, 'p');
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { 'Client(4)': 2, 'Server(3)': 3, Safety: 2 });
    assert.deepEqual(edgeList(t), ['Client(4):2->Server(3):2', 'Server(3):3->Safety:2']);
    const send = t.event(t.eventIndex('Client(4):2'));
    assert.equal(send.kind, 'send');
    assert.deepEqual(send.to, ['Server(3)']);
    assert.equal(send.label, "'Client(4)' in state 'Init' sent event 'eRequest' to 'Server(3)'.");
    assert.deepEqual(send.fields?.['payload'], { id: 7 });
    assert.equal(t.event(t.eventIndex('Server(3):2')).kind, 'receive');
    assert.equal(send.line, 4);
    assertCausalIndexOrder(t);
  });

  it('makes the assertion failure an error on its line, not an event of the machine that ran last', () => {
    const file = readTraceText(pFormat, text);
    const [failure] = findingsOf(file, 'recorded-failure');
    assert.deepEqual([failure.severity, failure.line], ['error', 9]);
    assert.match(failure.message, /request 7 was lost/);
    const t = file.executions[0];
    assert.equal(t.eventIndex('Safety:3'), -1);
    assert.ok([...Array(t.size).keys()].every((i) => t.event(i).fields?.['type'] !== 'AssertionFailure'));
  });

  it('leaves out an entry of no machine and no clock (the strategy that found the bug), saying so', () => {
    const strategy = '{"type": "StrategyDescription", "details": {"log": "Found bug using \'random\' strategy.", "strategy": "random"}}';
    const file = readTraceText(pFormat, text.replace(/\]\s*$/, `,\n  ${strategy}\n]\n`));
    assert.equal(file.executions[0].size, 7);
    const [skipped] = findingsOf(file, 'skipped-text');
    assert.deepEqual([skipped.severity, skipped.line], ['info', 11]);
    assert.match(skipped.message, /StrategyDescription/);
  });

  it('keeps the entries before a cut-off end and says where the file broke', () => {
    const cut = text.slice(0, text.indexOf('{"type": "StateTransition"') + 30);
    const file = readTraceText(pFormat, cut);
    assert.equal(file.executions[0].size, 4);
    assert.equal(findingsOf(file, 'parse-error')[0].line, 6);
  });

  it('rejects a document that is not an array with TraceReadError', () => {
    assert.throws(() => readTraceText(pFormat, '{"type":"SendEvent"}'), TraceReadError);
  });
});
