// A live session's seq bookkeeping: a jump is reported with how many are missing, late events that
// fill the gap are taken, only a number already taken is a repeat, and past MAX_TRACKED_GAPS open
// gaps the lowest is given up (a late event there is "untracked", never wrongly a repeat or new).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MAX_TRACKED_GAPS, SequenceTracker } from '../../extension/live/sequence';

test('seq 1, 2, 4294967295, 3, 4, 5: a jump, then late events that are taken; a second 3 is a repeat', () => {
  const tracker = new SequenceTracker();
  const kinds = [1, 2, 4294967295, 3, 4, 5, 3].map((seq) => tracker.check('A', seq));
  assert.deepEqual(kinds, [{ kind: 'next' }, { kind: 'next' }, { kind: 'jump', after: 2, missing: 4294967292 }, { kind: 'late' }, { kind: 'late' }, { kind: 'late' }, { kind: 'repeat' }]);
  assert.equal(tracker.highestOf('A'), 4294967295);
  assert.deepEqual(tracker.takeRepeats(), [{ replica: 'A', from: 3, to: 3 }]);
});

test('law: a number is a repeat exactly when it was taken before, whatever the order', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 200 }), (seqs) => {
      const tracker = new SequenceTracker();
      const taken = new Set<number>();
      for (const seq of seqs) {
        const verdict = tracker.check('A', seq);
        assert.equal(verdict.kind === 'repeat', taken.has(seq), `seq ${seq} after ${[...taken].join(',')}`);
        taken.add(seq);
        assert.equal(tracker.highestOf('A'), Math.max(...taken));
      }
    }),
    { numRuns: 500 },
  );
});

test('past the tracked gaps, the lowest gap is given up: a late event there is untracked, and recorded numbers stay repeats', () => {
  const tracker = new SequenceTracker();
  for (let i = 0; i <= MAX_TRACKED_GAPS; i++) tracker.check('A', 2 * i + 1);
  tracker.check('A', 2 * MAX_TRACKED_GAPS + 3);
  assert.deepEqual(tracker.check('A', 2), { kind: 'untracked', below: 4 });
  assert.equal(tracker.check('A', 1).kind, 'repeat');
  assert.equal(tracker.check('A', 6).kind, 'late');
  assert.equal(tracker.check('A', 2 * MAX_TRACKED_GAPS + 3).kind, 'repeat');
});
