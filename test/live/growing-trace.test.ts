// How often a growing trace is reloaded while its file keeps growing, on mocked timers: at most
// once per interval while reloads are quick, and with a pause as long as the reload once they
// take longer, so a large live recording is reloaded at most half of the time.

import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { GrowingTrace } from '../../extension/live/growing-trace';

/** Starts of the reloads of a document whose reload takes `reloadMs`, while its file grows every 50 ms for `forMs`. */
async function reloadStarts(reloadMs: number, forMs: number): Promise<number[]> {
  mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  try {
    const starts: number[] = [];
    const document = {
      name: 'recording.causal.jsonl',
      reload: () => {
        starts.push(Date.now());
        return new Promise<void>((resolve) => setTimeout(resolve, reloadMs));
      },
    };
    const growing = new GrowingTrace(document, { warn: () => undefined });
    for (let now = 0; now < forMs; now += 50) {
      growing.grew();
      mock.timers.tick(50);
      // Let the reload's promise and what follows it run before the clock moves on.
      for (let k = 0; k < 5; k++) await Promise.resolve();
    }
    growing.dispose();
    return starts;
  } finally {
    mock.timers.reset();
  }
}

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
