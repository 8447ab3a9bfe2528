// The native .causal.jsonl reader: valid traces load whole, bad lines become findings with
// their line numbers while the rest loads, and details are re-read from byte offsets.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportNative } from '../../engine/format/export-native';
import { checkNativeEvent, nativeFormat, unknownEventFields } from '../../engine/format/native';
import { EventKind } from '../../engine/trace/model';
import { nativeText, readText } from '../helpers/load';

test('a valid trace loads every event with replica, kind, key and op', () => {
  const file = readText(
    nativeText({ objects: { cart: 'pn-counter' } }, [
      { replica: 'A', kind: 'op', key: 'cart', op: { type: 'inc', value: 2 } },
      { replica: 'A', kind: 'send', msg: 'm1', to: 'B' },
      { replica: 'B', kind: 'receive', msg: 'm1' },
    ]),
  );
  const [trace] = file.executions;
  assert.equal(trace.size, 3);
  assert.deepEqual(trace.replicas.all(), ['A', 'B']);
  assert.equal(trace.kind[0], EventKind.op);
  assert.deepEqual(trace.opOf(0), { type: 'inc', value: 2 });
  assert.equal(trace.line[2], 4);
  assert.deepEqual(Array.from(trace.edgeFrom.subarray(trace.edgeStart[2], trace.edgeStart[3])), [1]);
  assert.deepEqual(trace.findings, []);
});

test('bad lines are reported with their line numbers and the rest still loads', () => {
  const text = [
    '{"format":"causeway","version":1}',
    '{"replica":"A","kind":"local"}',
    '{"replica":"A","kind":',
    '[1,2]',
    '{"replica":"","kind":"local"}',
    '{"replica":"A","kind":"teleport"}',
    '{"replica":"A","kind":"op","key":"x"}',
    '{"replica":"A","kind":"receive"}',
    '{"replica":"A","kind":"local","clock":{"A":-1}}',
    '{"replica":"B","kind":"local"}',
  ].join('\n');
  const [trace] = readText(text).executions;
  assert.equal(trace.size, 2);
  const lines = trace.findings.filter((f) => f.kind === 'parse-error').map((f) => f.line);
  assert.deepEqual(lines, [3, 4, 5, 6, 7, 8, 9]);
  assert.match(trace.findings[0].message, /Line 3 is not valid JSON/);
  assert.match(trace.findings.find((f) => f.line === 6)!.message, /"kind" must be one of op, send, receive, local, sync, found "teleport"/);
});

test('a receive of a message nobody sent is a warning and becomes a local event', () => {
  const [trace] = readText(nativeText({}, [{ replica: 'A', kind: 'receive', msg: 'ghost' }])).executions;
  assert.equal(trace.findings[0].kind, 'unknown-message');
  assert.equal(trace.findings[0].line, 2);
  assert.equal(trace.edgeFrom.length, 0);
});

test('a file without a header is read with defaults and a warning', () => {
  const [trace] = readText('{"replica":"A","kind":"local"}\n').executions;
  assert.equal(trace.size, 1);
  assert.equal(trace.findings[0].severity, 'warning');
});

test('labels and fields are re-read from byte offsets, multi-byte text included', () => {
  const [trace] = readText(
    nativeText({}, [
      { replica: 'Zoë', kind: 'local', label: 'café ☕ first', fields: { note: 'naïve' } },
      { replica: 'Zoë', kind: 'local', label: '<img src=x onerror=alert(1)>' },
    ]),
  ).executions;
  assert.equal(trace.event(0).label, 'café ☕ first');
  assert.deepEqual(trace.event(0).fields, { note: 'naïve' });
  assert.equal(trace.event(1).label, '<img src=x onerror=alert(1)>');
});

test('chunk boundaries anywhere give the same trace', () => {
  const text = nativeText({}, Array.from({ length: 50 }, (_, i) => ({ replica: `r${i % 3}`, kind: 'local', label: `é${'x'.repeat(i)}` })));
  const a = readText(text, nativeFormat, {}, 1).executions[0];
  const b = readText(text, nativeFormat, {}, 99).executions[0];
  assert.deepEqual(Array.from(a.offset), Array.from(b.offset));
  assert.equal(a.event(49).label, b.event(49).label);
});

test('detect recognises the native header', () => {
  assert.equal(nativeFormat.detect('{"format":"causeway","version":1}\n'), 1);
  assert.equal(nativeFormat.detect('hello world\n'), 0);
});

test('the fast byte scanner and the JSON.parse path read every event identically', async () => {
  const { generateNativeTrace } = await import('../../bench/generate-native');
  const lines = [...generateNativeTrace({ events: 5000, replicas: 5, keys: 12, seed: 9 })];
  // An escape sequence in "kind" is outside the fast subset, so these lines take the JSON.parse path.
  const slowLines = lines.map((l) => l.replace(/"kind":"(.)/, (_, c: string) => `"kind":"\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  const fast = readText(`${lines.join('\n')}\n`).executions[0];
  const slow = readText(`${slowLines.join('\n')}\n`).executions[0];
  assert.equal(fast.size, 5000);
  assert.equal(slow.size, 5000);
  for (let i = 0; i < fast.size; i++) {
    const expected = JSON.parse(lines[i + 1]);
    const a = fast.event(i);
    const b = slow.event(i);
    for (const e of [a, b]) {
      assert.equal(e.replica, expected.replica);
      assert.equal(e.kind, expected.kind);
      assert.deepEqual(e.clock, expected.clock, `clock of line ${i + 2}`);
      assert.deepEqual(e.op, expected.op);
      assert.equal(e.msg, expected.msg);
      assert.deepEqual(e.to, expected.to === undefined ? undefined : [expected.to]);
      assert.equal(e.time, expected.time);
    }
  }
  assert.deepEqual(fast.values.all(), slow.values.all());
  assert.deepEqual(fast.strings.all().sort(), slow.strings.all().sort());
});

test('lines outside the fast subset are still read: escapes, nested values, spacing, numbers', () => {
  const [trace] = readText(
    [
      '{"format":"causeway","version":1,"objects":{"m":"lww-map","r":"lww-register"}}',
      '{ "replica" : "A" , "kind" : "op", "key":"r", "op":{"type":"set","value":{"x":[1,2]}} }',
      '{"replica":"A\\u0042","kind":"local","label":"tab\\there"}',
      '{"replica":"A","kind":"op","key":"m","op":{"type":"set","field":"f","value":true},"time":1.5e3}',
      '{"replica":"A","kind":"send","msg":"m1","to":["B", "C"]}',
    ].join('\n'),
  ).executions;
  assert.equal(trace.size, 4);
  assert.deepEqual(trace.opOf(0), { type: 'set', value: { x: [1, 2] } });
  assert.equal(trace.event(1).replica, 'AB');
  assert.equal(trace.event(2).time, 1500);
  assert.deepEqual(trace.event(3).to, ['B', 'C']);
  assert.deepEqual(trace.findings, []);
});

test('a line far longer than the chunks it arrives in is read without re-copying it (no hang)', { timeout: 20_000 }, async () => {
  const label = 'x'.repeat(4_000_000);
  const text = nativeText({}, [{ replica: 'A', kind: 'local', label }, { replica: 'B', kind: 'local' }]);
  const bytes = new TextEncoder().encode(text);
  const reader = nativeFormat.createReader({});
  for (let at = 0; at < bytes.length; at += 64) {
    reader.push(bytes.subarray(at, at + 64));
    // Yield now and then, so that the test's timeout can stop a reader that slows down.
    if (at % 65536 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  const [trace] = reader.finish().executions;
  assert.equal(trace.size, 2);
  assert.equal(trace.event(0).label?.length, 4_000_000);
});

test('a receive may name the events it follows with "after" instead of a message id', () => {
  const [trace] = readText(
    nativeText({}, [
      { replica: 'A', kind: 'local', id: 'a1' },
      { replica: 'B', kind: 'receive', after: ['a1'], timeText: '1700000000000000001' },
    ]),
  ).executions;
  assert.deepEqual(trace.findings, []);
  assert.deepEqual(Array.from(trace.edgeFrom), [0]);
  assert.deepEqual(trace.event(1).after, ['a1']);
});

test('seq is kept on both reading paths, written back, and a bad one is a parse error', () => {
  const file = readText(
    nativeText({}, [
      { replica: 'A', kind: 'local', seq: 1 },
      { replica: 'A', kind: 'local', seq: 2, fields: { note: 'an unusual field order goes the validating path' }, extra: true },
      { replica: 'B', kind: 'local' },
      { replica: 'B', kind: 'local', seq: 0 },
      { replica: 'B', kind: 'local', seq: 1.5 },
    ]),
  );
  const [trace] = file.executions;
  assert.equal(trace.size, 3);
  assert.deepEqual(Array.from(trace.sentSeq!), [1, 2, 0]);
  assert.equal(trace.event(1).seq, 2);
  assert.equal(trace.event(2).seq, undefined);
  assert.deepEqual(trace.findings.filter((f) => f.kind === 'parse-error').map((f) => f.line), [5, 6]);
  assert.match(trace.findings.find((f) => f.line === 5)!.message, /"seq" must be the replica's event number/);
  const again = readText(exportNative(trace)).executions[0];
  assert.deepEqual(Array.from(again.sentSeq!), [1, 2, 0]);
});

test('a trace without seq has no sequence column', () => {
  const [trace] = readText(nativeText({}, [{ replica: 'A', kind: 'local' }])).executions;
  assert.equal(trace.sentSeq, undefined);
});

test('a declaration line gives object types after the header; the first declaration stands', () => {
  const [trace] = readText(
    [
      '{"format":"causeway","version":1}',
      '{"replica":"A","kind":"op","key":"votes","op":{"type":"inc"}}',
      '{"declare":{"objects":{"votes":"g-counter","tags":{"type":"or-map","values":"pn-counter"}}}}',
      '{"declare":{"objects":{"votes":"pn-counter"}}}',
      '{"declare":"nonsense"}',
    ].join('\n'),
  ).executions;
  assert.equal(trace.size, 1);
  assert.deepEqual(trace.objects[trace.keys.find('votes')], { type: 'g-counter' });
  assert.deepEqual(trace.objects[trace.keys.find('tags')], { type: 'or-map', values: 'pn-counter' });
  const warnings = trace.findings.filter((f) => f.severity === 'warning');
  assert.deepEqual(warnings.map((f) => f.line), [4, 5]);
  assert.match(warnings[0].message, /first declaration stands/);
  assert.match(exportNative(trace), /"votes":"g-counter"/);
});

test('checkNativeEvent says what is wrong with an event in words, or normalises it', () => {
  assert.equal(checkNativeEvent({ replica: 'A' }, 'vector'), '"kind" must be one of op, send, receive, local, sync, found undefined');
  assert.match(checkNativeEvent({ replica: 'A', kind: 'local', clock: { A: 'x' } }, 'vector') as string, /"clock" should be a vector clock of whole numbers/);
  assert.deepEqual(checkNativeEvent({ replica: 'A', kind: 'send', msg: 7, to: 'B' }, 'vector'), { replica: 'A', kind: 'send', msg: '7', to: ['B'] });
  assert.deepEqual(unknownEventFields({ replica: 'A', kind: 'local', colour: 'red' }), ['colour']);
});
