// Times as the webview and the engine's words show them: ISO 8601 UTC instead of epoch milliseconds,
// exact nanoseconds kept, simulated times as seconds since the start, only the `time` field read as a time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allFindings } from '../../engine/analysis/report';
import { fieldTimeText, timeText } from '../../webview/model/time-text';
import { analyzeExample } from '../helpers/load';

describe('time text', () => {
  it('shows an epoch-milliseconds time in ISO form, its fraction trimmed of trailing zeros', () => {
    assert.equal(timeText(1700000002000), '2023-11-14T22:13:22Z');
    assert.equal(timeText(1700000002500), '2023-11-14T22:13:22.5Z');
    assert.equal(timeText(1700000002123.456), '2023-11-14T22:13:22.123456Z');
  });

  it('keeps nanoseconds exact from the text the trace wrote', () => {
    assert.equal(timeText(1700000002123.4568, '1700000002123456789'), '2023-11-14T22:13:22.123456789Z');
  });

  it('shows a time counted from the start (a simulator\'s) as seconds since the start', () => {
    assert.equal(timeText(2000), '+2.000 s');
    assert.equal(timeText(0), '+0.000 s');
  });

  it('reads only the time field as a time, exactly from timeText when present', () => {
    const fields = { time: 1700000002123.4568, timeText: '1700000002123456789', seq: 1700000002000 };
    assert.equal(fieldTimeText('time', fields.time, fields), '2023-11-14T22:13:22.123456789Z');
    assert.equal(fieldTimeText('seq', fields.seq, fields), undefined);
    assert.equal(fieldTimeText('timeText', fields.timeText, fields), undefined);
  });

  it("writes the wall times in the engine's words in ISO form too: the lost update under clock skew", () => {
    const analysis = analyzeExample('lww-lost-update.causal.jsonl');
    const lost = allFindings(analysis).find((f) => f.kind === 'lost-update');
    assert.match(lost?.message ?? '', /its wall time 2023-11-14T22:13:22Z is earlier than 2023-11-14T22:13:25Z/);
    const reasons = analysis.conflicts.map((c) => c.reason).join(' ');
    assert.doesNotMatch(reasons, /17000000\d{5}/);
  });
});
