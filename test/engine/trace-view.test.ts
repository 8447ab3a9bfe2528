// The TraceView handed to the webview: labels, conflicts and findings by event index, value
// timelines and causal buffers over time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTraceView, bufferTimelines } from '../../engine/view/build';
import { labelOf } from '../../engine/view/model';
import { analyzeExample } from '../helpers/load';

test('the view of an example carries every event with a label, in causal order with depths', () => {
  const a = analyzeExample('shopping-cart.causal.jsonl');
  const view = buildTraceView(a, { format: 'causeway' });
  assert.equal(view.size, 13);
  assert.deepEqual(view.replicas, ['phone', 'laptop', 'tablet']);
  assert.equal(labelOf(view, 0), 'add 3 items on the phone');
  assert.equal(labelOf(view, 4), 'send p1 → laptop, tablet');
  assert.equal(labelOf(view, 5), 'receive p1');
  assert.equal(view.depth[5], 2);
  assert.equal(view.clocks.length, 13 * 3);
});

test('value timelines record each change of a replica\'s value', () => {
  const view = buildTraceView(analyzeExample('shopping-cart.causal.jsonl'), { format: 'causeway' });
  const tablet = view.timelines.find((t) => t.key === 'cart' && view.replicas[t.replica] === 'tablet')!;
  assert.deepEqual(tablet.values, [1, 0, 3, 8]);
});

test('conflicts and findings refer to events by index', () => {
  const a = analyzeExample('or-set-race.causal.jsonl');
  const view = buildTraceView(a, { format: 'causeway' });
  assert.equal(view.conflicts.length, 1);
  assert.deepEqual(view.conflicts[0].winners.map((e) => view.line[e]), [7]);
  const lww = buildTraceView(analyzeExample('lww-lost-update.causal.jsonl'), { format: 'causeway' });
  assert.deepEqual(lww.findings.map((f) => f.events.map((e) => lww.line[e])), [[2, 5]]);
});

test('causal buffers over time show what waits and when it drains', () => {
  const a = analyzeExample('causal-delivery.causal.jsonl');
  const [buffer] = bufferTimelines(a);
  assert.equal(a.trace.replicas.name(buffer.replica), 'C');
  assert.equal(buffer.steps.length, 2);
  assert.match(JSON.stringify(buffer.values[0]), /B:2 waits for A's operation 1/);
  assert.deepEqual(buffer.values[1], []);
});

test("the view lists the file's own findings first, so the Findings tab counts what the Problems panel and the CLI count", () => {
  const a = analyzeExample('shopping-cart.causal.jsonl');
  const fileFinding = { severity: 'warning' as const, kind: 'skipped-text' as const, line: 3, message: 'Line 3 matches nothing.', events: [] };
  const view = buildTraceView(a, { format: 'causeway', fileFindings: [fileFinding] });
  assert.equal(view.findings.length, buildTraceView(a, { format: 'causeway' }).findings.length + 1);
  assert.deepEqual(view.findings[0], { severity: 'warning', kind: 'skipped-text', line: 3, message: 'Line 3 matches nothing.', events: [] });
});
