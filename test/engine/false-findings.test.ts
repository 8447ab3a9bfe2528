// The false-finding guard: a trace with nothing wrong checks with zero warnings and errors. Every
// bundled example does, except the ones there to teach a defect (which show exactly that defect),
// and so does every simulator preset run with causal delivery (operations sync), whatever the seed.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import { allFindings } from '../../engine/analysis/report';
import { PRESETS } from '../../engine/simulate/presets';
import type { Finding } from '../../engine/trace/diagnostics';
import { analyzeExample, EXAMPLES } from '../helpers/load';
import { simulateAndReplay } from '../simulate/helpers';

/** The kinds of the warnings and errors, each once. */
const serious = (findings: readonly Finding[]) => [...new Set(findings.filter((f) => f.severity !== 'info').map((f) => f.kind))].sort();

/** The examples (and presets) that exist to show a defect, and exactly the kinds of finding that show it. */
const TEACHES_A_DEFECT: Record<string, string[]> = {
  'lww-lost-update': ['lost-update'],
  'buggy-merge': ['merge-not-join', 'divergence', 'not-converged'],
};

describe('no false findings', () => {
  for (const name of readdirSync(EXAMPLES).filter((f) => f.endsWith('.causal.jsonl'))) {
    test(`example ${name} shows only the defect it teaches`, () => {
      const a = analyzeExample(name);
      assert.deepEqual(serious([...allFindings(a), ...a.states().findings]), (TEACHES_A_DEFECT[name.replace('.causal.jsonl', '')] ?? []).sort());
    });
  }

  for (const preset of PRESETS) {
    for (const seed of [1, 2, 3]) {
      test(`simulator preset ${preset.name} (seed ${seed}) run with causal delivery checks clean`, () => {
        const run = simulateAndReplay({ ...preset.config, sync: 'ops', seed });
        assert.deepEqual(serious(run.findings), (TEACHES_A_DEFECT[preset.name] ?? []).sort());
      });
    }
  }
});
