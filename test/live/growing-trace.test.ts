// How often a growing trace is reloaded while its file keeps growing, on mocked timers: at most
// once per interval while reloads are quick, and with a pause as long as the reload once they
// take longer, so a large live recording is reloaded at most half of the time; and how it is
// checked: as a recording while it grows, as a finished trace once it is settled.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { GrowingTrace } from '../../extension/live/growing-trace';

interface Reload {
  start: number;
  recording: boolean;
}

/**
 * The reloads of a document whose reload takes `reloadMs`, while its file grows every 50 ms for
 * `forMs`; then, with `settle`, the file is complete and grows no more for `forMs` again.
 */
async function reloads(reloadMs: number, forMs: number, settle = false): Promise<Reload[]> {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const seen: Reload[] = [];
    const document = {
      name: 'recording.causal.jsonl',
      reload: ({ recording }: { recording: boolean }) => {
        seen.push({ start: Date.now(), recording });
        return new Promise<void>((resolve) => setTimeout(resolve, reloadMs));
      },
    };
    const growing = new GrowingTrace(document, { warn: () => undefined });
    const run = async (ms: number, grow: boolean) => {
      for (let now = 0; now < ms; now += 50) {
        if (grow) growing.grew();
        mock.timers.tick(50);
        // Let the reload's promise and what follows it run before the clock moves on.
        for (let k = 0; k < 5; k++) await Promise.resolve();
      }
    };
    await run(forMs, true);
    if (settle) {
      growing.settle();
      await run(forMs, false);
      growing.grew(); // after the last reload: nothing more
      await run(forMs, false);
    }
    growing.dispose();
    return seen;
  } finally {
    mock.timers.reset();
  }
}

const reloadStarts = async (reloadMs: number, forMs: number) => (await reloads(reloadMs, forMs)).map((r) => r.start);

const gaps = (starts: number[]) => starts.slice(1).map((t, k) => t - starts[k]);

test('quick reloads of a growing file run at most once per 400 ms, one after another', async () => {
  const starts = await reloadStarts(100, 4000);
  assert.ok(starts.length >= 9 && starts.length <= 11, `${starts.length} reloads`);
  for (const gap of gaps(starts)) assert.ok(gap >= 400 && gap <= 450, `gap ${gap} ms`);
});

test('a reload slower than the interval is followed by a pause as long as it took', async () => {
  const starts = await reloadStarts(1000, 10_000);
  assert.ok(starts.length >= 4 && starts.length <= 6, `${starts.length} reloads`);
  for (const gap of gaps(starts)) assert.ok(gap >= 2000 && gap <= 2100, `gap ${gap} ms`);
});

test('a growing file is checked as a recording; once settled, one last reload checks it as a finished trace', async () => {
  const seen = await reloads(100, 1000, true);
  const last = seen[seen.length - 1];
  assert.ok(seen.length >= 3, `${seen.length} reloads`);
  assert.ok(seen.slice(0, -1).every((r) => r.recording), 'every reload while the file grows is a recording');
  assert.equal(last.recording, false);
  assert.ok(last.start >= 1000, 'the last reload comes after the file stopped growing');
});
