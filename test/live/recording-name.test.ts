// Naming a new live recording: by the time it starts, never over an earlier recording, also when
// two sessions start within one second.

import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { test } from 'node:test';
import { newRecordingPath } from '../../extension/live/recording';
import { tempDir } from './helpers';

test('a recording is named for its start, and a second one within the same second gets a number', () => {
  const folder = tempDir();
  const now = new Date(2026, 10, 24, 6, 15, 2);
  const first = newRecordingPath(folder, now);
  assert.equal(basename(first), 'live-2026-11-24-061502.causal.jsonl');
  writeFileSync(first, '');
  const second = newRecordingPath(folder, now);
  assert.equal(basename(second), 'live-2026-11-24-061502-2.causal.jsonl');
  writeFileSync(second, '');
  assert.equal(basename(newRecordingPath(folder, now)), 'live-2026-11-24-061502-3.causal.jsonl');
});
