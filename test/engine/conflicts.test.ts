// Conflicts: sets of at least two concurrent writes a replica saw side by side; a write that a
// replica learns together with the writes it overwrites is no conflict on its own.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { nativeText, readText } from '../helpers/load';

test('a replica that learns two concurrent writes and the write that overwrote both in one receive sees no conflict', () => {
  const file = readText(
    nativeText({ replicas: ['A', 'B', 'C'], objects: { x: 'mv-register' } }, [
      { replica: 'A', kind: 'op', key: 'x', op: { type: 'set', value: 'a' } },
      { replica: 'B', kind: 'op', key: 'x', op: { type: 'set', value: 'b' } },
      { replica: 'A', kind: 'send', msg: 'a-to-b', to: 'B' },
      { replica: 'A', kind: 'send', msg: 'a-to-c', to: 'C' },
      { replica: 'B', kind: 'receive', msg: 'a-to-b' },
      { replica: 'B', kind: 'op', key: 'x', op: { type: 'set', value: 'c' } },
      { replica: 'C', kind: 'receive', msg: 'a-to-c' },
      { replica: 'B', kind: 'send', msg: 'b-to-c', to: 'C' },
      { replica: 'C', kind: 'receive', msg: 'b-to-c' },
    ]),
  );
  const a = analyzeTrace(file.executions[0]);
  assert.deepEqual(
    a.conflicts.map((c) => [c.id, c.events.map((e) => a.trace.eventId(e))]),
    [['c1', ['A:1', 'B:1']]],
  );
});
