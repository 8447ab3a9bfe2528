// Causal order and computed clocks: receives listed before their sends are still replayed after
// them, cycles are reported with their events, and recorded clocks are checked.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeClocks, checkRecordedClocks } from '../../engine/replay/clocks';
import { causalOrder } from '../../engine/replay/order';
import { nativeText, readText } from '../helpers/load';

test('a receive written before its send is ordered after it', () => {
  const [trace] = readText(
    nativeText({}, [
      { replica: 'B', kind: 'receive', msg: 'm' },
      { replica: 'A', kind: 'send', msg: 'm' },
    ]),
  ).executions;
  const order = causalOrder(trace);
  assert.deepEqual(Array.from(order.order), [1, 0]);
  const clocks = computeClocks(trace, order);
  assert.deepEqual(Array.from(clocks.row(0)), [1, 1]);
  assert.deepEqual(Array.from(clocks.lamport), [2, 1]);
});

test('a happens-before cycle is an error naming its events, and every event is still ordered', () => {
  const [trace] = readText(
    nativeText({}, [
      { replica: 'A', kind: 'receive', msg: 'b' },
      { replica: 'A', kind: 'send', msg: 'a' },
      { replica: 'B', kind: 'receive', msg: 'a' },
      { replica: 'B', kind: 'send', msg: 'b' },
    ]),
  ).executions;
  const order = causalOrder(trace);
  assert.equal(order.findings.length, 1);
  assert.equal(order.findings[0].kind, 'causal-cycle');
  assert.deepEqual([...order.findings[0].events].sort(), ['A:1', 'A:2', 'B:1', 'B:2']);
  assert.deepEqual(Array.from(order.order).sort(), [0, 1, 2, 3]);
});

test('recorded clocks: a regression is an error, a gap a warning, a missing dependency an anomaly', () => {
  const [trace] = readText(
    nativeText({}, [
      { replica: 'A', kind: 'send', msg: 'm', clock: { A: 1 } },
      { replica: 'A', kind: 'local', clock: { A: 4 } },
      { replica: 'A', kind: 'local', clock: { A: 4 } },
      { replica: 'B', kind: 'receive', msg: 'm', clock: { B: 1 } },
    ]),
  ).executions;
  const kinds = checkRecordedClocks(trace, causalOrder(trace)).map((f) => `${f.line}:${f.kind}`);
  assert.deepEqual(kinds, ['3:clock-gap', '4:clock-regression', '5:clock-anomaly']);
});

test('clocks with no recorded values are computed from sends and receives', () => {
  const [trace] = readText(
    nativeText({}, [
      { replica: 'A', kind: 'local' },
      { replica: 'A', kind: 'send', msg: 'm' },
      { replica: 'B', kind: 'local' },
      { replica: 'B', kind: 'receive', msg: 'm' },
    ]),
  ).executions;
  const clocks = computeClocks(trace, causalOrder(trace));
  assert.deepEqual(Array.from(clocks.row(3)), [2, 2]);
  assert.deepEqual(checkRecordedClocks(trace, causalOrder(trace)), []);
});
