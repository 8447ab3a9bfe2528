// Elle's anomalies from `results.edn` beside a Jepsen history: each cycle an error on its
// operations' completion events, in Elle's map form and its older text form, and results that
// belong to another history or cannot be read set aside with a warning, never shown as findings.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadTraceFile } from '../../cli/trace-file';
import { jepsenFormat } from '../../engine/format/jepsen';
import { EXAMPLES, readText } from '../helpers/load';

/** Two transactions that form a G-single cycle; Elle numbers the four entries 0 to 3 when they carry no :index. */
const HISTORY = [
  '{:type :invoke, :f :txn, :value [[:append :x 1] [:append :y 1]], :process 0}',
  '{:type :invoke, :f :txn, :value [[:append :x 2] [:r :y nil]], :process 1}',
  '{:type :ok, :f :txn, :value [[:append :x 1] [:append :y 1]], :process 0}',
  '{:type :ok, :f :txn, :value [[:append :x 2] [:r :y []]], :process 1}',
].join('\n');

const readWith = (history: string, results: string | undefined) =>
  readText(history, jepsenFormat, { name: 'history.edn', sidecar: (name) => (name === 'results.edn' ? results : undefined) });

const summary = (history: string, results: string | undefined) => {
  const file = readWith(history, results);
  return file.executions[0].findings.map((f) => [f.severity, f.kind, f.line, f.events]);
};

describe("Elle's anomalies beside a Jepsen history", () => {
  test('the G-single example: its cycle is one error on both transactions, with why each precedes the other', () => {
    const file = loadTraceFile(join(EXAMPLES, 'elle-g-single', 'history.edn'));
    const [trace] = file.executions;
    assert.deepEqual(
      trace.findings.map((f) => [f.severity, f.kind, f.line, f.events]),
      [['error', 'transaction-anomaly', 4, ['1:2', '0:2']]],
    );
    const message = trace.findings[0].message;
    assert.match(message, /^Elle found G-single \(results\.edn\): T1 = txn \[\[append x 2\] \[r y \[\]\]\] by process 1 \(:index 3\), T2 = txn .* by process 0 \(:index 2\)\./);
    assert.match(message, /T1 < T2, because T1 read key y as its initial state and did not observe T2's write of 1 \(rw\); T2 < T1, because T1 wrote 2 to key x after T2 wrote 1 \(ww\)/);
  });

  test("Elle's older text form keeps its own explanation, and a history without :index is numbered by position", () => {
    const results = '{:valid? false :anomalies {:G-single ["Let:\\n  T1 = {:type :ok, :value [[:append :x 2] [:r :y]], :process 1, :index 3}\\n  T2 = {:type :ok, :process 0, :index 2}\\n\\nThen:\\n  - T1 < T2, because T1 observed the initial (nil) state of :y."]}}';
    const [trace] = readWith(HISTORY, results).executions;
    assert.deepEqual(
      trace.findings.map((f) => [f.kind, f.line, f.events]),
      [['transaction-anomaly', 3, ['1:2', '0:2']]],
    );
    assert.match(trace.findings[0].message, /Let: T1 = .* Then: - T1 < T2, because T1 observed the initial \(nil\) state of :y\.$/);
  });

  test('tagged operations nested in a Jepsen checker result are found', () => {
    const results = `{:valid? false, :workload {:anomalies {:G1c [{:cycle [#jepsen.history.Op{:type :ok, :process 0, :index 2} #jepsen.history.Op{:type :ok, :process 1, :index 3} #jepsen.history.Op{:type :ok, :process 0, :index 2}], :steps [{:type :wr, :key :x, :value 1} {:type :ww, :key :y, :value 1, :value' 2}], :type :G1c}]}}}`;
    assert.deepEqual(summary(HISTORY, results), [['error', 'transaction-anomaly', 3, ['0:2', '1:2']]]);
  });

  test('results about another history, or unreadable, are set aside with a warning and no anomaly', () => {
    const other = '{:anomalies {:G-single [{:cycle [{:index 3} {:index 40} {:index 3}], :steps [], :type :G-single}]}}';
    assert.deepEqual(summary(HISTORY, other), [['warning', 'parse-error', 0, []]]);
    assert.deepEqual(summary(HISTORY, '{:anomalies {:G-single [{:cycle'), [['warning', 'parse-error', 0, []]]);
    assert.deepEqual(summary(HISTORY, undefined), []);
    assert.deepEqual(summary(HISTORY, '{:valid? true}'), []);
  });
});
