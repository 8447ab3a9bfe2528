// Times as the webview shows them: ISO 8601 UTC instead of epoch milliseconds, exact nanoseconds
// kept, simulated times as seconds since the start, and only the `time` field read as a time.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldTimeText, timeText } from '../../webview/model/time-text';

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
});
