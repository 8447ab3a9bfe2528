// Delivery checks: a message received twice by one replica is a duplicate delivery; the same
// message received once by each of several replicas is not.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyzeTrace } from '../../engine/analysis/analyze';
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
