// Recorded vector clocks on the native reader's two paths: whatever spacing, names and numbers a
// clock is written with, the byte scanner reads it as the JSON.parse path does, or leaves it to it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { readText } from '../helpers/load';

const CLOCKS = [
  '{"A":1,"B":0}',
  '{"A":2,"B":0}',
  '{ "A" : 3 , "B" : 0 }',
  '{"A":4,\t"B":0}',
  '{"B":0,"A":5}',
  '{"A":6}',
  '{"A":7,"B":0,"C":2}',
  '{"AA":1,"B":0}',
  '{"A":8,"B":01}',
  '{"A":9,"B":1.0}',
  '{"A":10,"B":1e0}',
  '{"A":11,"B":4294967296}',
  '{"A":12,"B":4294967295}',
  '{"A":13,"B":12345678901}',
  '{"A":14,"B":-1}',
  '{"A\\u0042":1}',
  '{"A":15,"B":0,}',
  '{"A":16 "B":0}',
  '{}',
  '{"A":17,"B":0}',
  '{"node-1":1,"node-22":2}',
  '{"node-1":2,"node-2":3}',
  '{"node-1":3,"node-22":4}',
  '{"node-1":4,"node-2" :5}',
  '{"node-2":5,"node-1":6}',
  // A name twice: JSON.parse keeps one entry with the last value. The third line leaves the
  // remembered order of names as A, A (its second place from the line before), so the fourth
  // matches that order at every place and still names A twice.
  '{"A":18,"A":19}',
  '{"C":1,"A":20}',
  '{"A":21}',
  '{"A":22,"A":23}',
];

test('every clock text reads the same on the fast path as on the JSON.parse path', () => {
  const line = (clock: string, kind: string) => `{"replica":"A","kind":"${kind}","clock":${clock}}`;
  const header = '{"format":"causeway","version":1,"replicas":["A","B"]}';
  // An escape sequence in "kind" is outside the fast subset: those lines take the JSON.parse path.
  const fast = readText([header, ...CLOCKS.map((c) => line(c, 'local'))].join('\n')).executions[0];
  const slow = readText([header, ...CLOCKS.map((c) => line(c, '\\u006cocal'))].join('\n')).executions[0];
  const read = (t: typeof fast) => ({
    clocks: Array.from({ length: t.size }, (_, i) => [t.line[i], t.recordedClock(i), t.clockStart[i + 1] - t.clockStart[i]]),
    replicas: t.replicas.all(),
    findings: t.findings.map((f) => `${f.line}:${f.kind}`),
  });
  assert.deepEqual(read(fast), read(slow));
  assert.equal(fast.size, 23);
  assert.deepEqual(fast.recordedClock(2), { A: 3, B: 0 });
  assert.deepEqual(fast.recordedClock(4), { B: 0, A: 5 });
  assert.deepEqual(fast.recordedClock(10), { A: 12, B: 4294967295 });
  assert.deepEqual(fast.recordedClock(15), { 'node-1': 2, 'node-2': 3 });
  assert.deepEqual(fast.recordedClock(18), { 'node-2': 5, 'node-1': 6 });
  assert.deepEqual(fast.recordedClock(22), { A: 23 });
});

test('law: clocks in id order, in other orders, cut short or on the JSON.parse path read the same in any sequence', () => {
  const header = '{"format":"causeway","version":1,"replicas":["A","B","C"]}';
  const shapes = ['{"A":1,"B":2,"C":3}', '{"A":1,"B":2}', '{"A":4}', '{"B":2,"A":1,"C":3}', '{"C":1,"B":2,"A":3}', '{"A":1,"B":2,"C":3,"D":4}', '{"D":1}', '{}', '{"A":1,"A":2}', '{"A":1.5}'];
  const line = ([shape, slow]: [number, boolean]) => `{"replica":"A","kind":"${slow ? '\\u006cocal' : 'local'}","clock":${shapes[shape]}}`;
  const read = (text: string) => {
    const t = readText(text).executions[0];
    return { replicas: t.clockReplica && Array.from(t.clockReplica), values: Array.from(t.clockValue), starts: Array.from(t.clockStart), clocks: Array.from({ length: t.size }, (_, i) => t.recordedClock(i)) };
  };
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(shapes.length - 1), fc.boolean()), { minLength: 1, maxLength: 12 }), (lines) => {
      const slowOnly = lines.map(([shape]): [number, boolean] => [shape, true]);
      assert.deepEqual(read([header, ...lines.map(line)].join('\n')), read([header, ...slowOnly.map(line)].join('\n')));
    }),
    { numRuns: 2000 },
  );
});
