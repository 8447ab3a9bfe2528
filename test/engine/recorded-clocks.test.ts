// Recorded vector clocks stand in for computed ones only when they equal them: the fast check
// (recorded rows compared in place) must agree with computing every clock from the trace's edges.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { MemoryBudget } from '../../engine/analysis/limits';
import { computeClocks } from '../../engine/replay/clocks';
import { causalOrder } from '../../engine/replay/order';
import type { Trace } from '../../engine/trace/model';
import { nativeText, readText } from '../helpers/load';

const REPLICAS = ['A', 'B', 'C'];

/** Random sends, receives and local events of three replicas (no recorded clocks). */
const arbitraryEvents = fc.array(fc.tuple(fc.nat(2), fc.nat(5)), { minLength: 1, maxLength: 40 }).map((steps) => {
  const events: { replica: string; kind: string; msg?: string; to?: string }[] = [];
  const inFlight: { msg: string; to: string }[] = [];
  for (const [r, action] of steps) {
    const replica = REPLICAS[r];
    const waiting = inFlight.findIndex((m) => m.to === replica);
    if (action < 2 && waiting >= 0) events.push({ replica, kind: 'receive', msg: inFlight.splice(waiting, 1)[0].msg });
    else if (action < 4) {
      const msg = `m${events.length}`;
      const to = REPLICAS[(r + 1 + (action % 2)) % 3];
      inFlight.push({ msg, to });
      events.push({ replica, kind: 'send', msg, to });
    } else events.push({ replica, kind: 'local' });
  }
  return events;
});

/** Every entry and Lamport clock of every event, with the bytes the clocks took from the budget. */
function clocksOf(trace: Trace): { entries: number[][]; lamport: number[]; reserved: number } {
  const budget = new MemoryBudget();
  const clocks = computeClocks(trace, causalOrder(trace), budget);
  const entries = Array.from({ length: trace.size }, (_, i) => REPLICAS.map((_, r) => clocks.entry(i, r)));
  return { entries, lamport: Array.from(clocks.lamport), reserved: budget.used };
}

test('law: clocks computed from recorded clocks equal those computed from the edges, and the recorded ones serve only when exact', () => {
  fc.assert(
    fc.property(arbitraryEvents, fc.nat(), fc.integer({ min: -1, max: 1 }), (events, pick, change) => {
      const header = { replicas: REPLICAS };
      const truth = clocksOf(readText(nativeText(header, events)).executions[0]);
      // The true clocks, recorded; one entry of one event moved by `change` (0: all exact).
      const recorded = events.map((e, i) => ({ ...e, clock: Object.fromEntries(REPLICAS.map((name, r) => [name, truth.entries[i][r]])) }));
      const altered = recorded[pick % recorded.length].clock;
      const name = REPLICAS[pick % 3];
      altered[name] = Math.max(0, altered[name] + change);
      const exact = truth.entries[pick % recorded.length][pick % 3] === altered[name];
      const fromRecorded = clocksOf(readText(nativeText(header, recorded)).executions[0]);
      assert.deepEqual(fromRecorded.entries, truth.entries);
      assert.deepEqual(fromRecorded.lamport, truth.lamport);
      // Exact recorded clocks are the answer as they stand: no computed matrix is reserved.
      assert.equal(fromRecorded.reserved === 0, exact);
    }),
    { numRuns: 500 },
  );
});
