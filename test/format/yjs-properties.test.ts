// Property tests of the Yjs log importer against Yjs itself: for random histories made with
// `yjs` (up to 5 clients editing a map, an array and a text, syncing now and then, each local
// update logged), Causeway's state after every update is what a fresh Y.Doc gives with the
// updates up to it; every happens-before it draws is in Yjs's causal order (the sending
// client's state vector covered the earlier update's items); and a map key whose last writes
// conflicted shows the value of the conflict's winner; beyond the updates whose states it holds,
// the state it computes at sampled updates, asked in any order, is still a fresh Y.Doc's.
// CAUSEWAY_LARGE_PROPERTIES=1 runs histories of up to 500 updates.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import * as Y from 'yjs';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { relationOf } from '../../engine/analysis/causality';
import { allFindings } from '../../engine/analysis/report';
import { yjsLogFormat } from '../../engine/format/yjs';
import { YJS_STATES_HELD_UP_TO } from '../../engine/format/yjs-history';
import { readTraceText } from './helpers';

const LARGE = process.env['CAUSEWAY_LARGE_PROPERTIES'] === '1';
const MAX_STEPS = LARGE ? 500 : 40;
const RUNS = LARGE ? 200 : 100;

const step = fc.record({
  client: fc.integer({ min: 0, max: 4 }),
  action: fc.constantFrom('set', 'insert', 'delete', 'type', 'sync'),
  key: fc.integer({ min: 0, max: 2 }),
  from: fc.integer({ min: 0, max: 4 }),
  at: fc.nat(),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

interface Logged {
  update: Uint8Array;
  client: number;
  /** The sending client's state vector right after the update. */
  known: Map<number, number>;
  /** The map value it set, if it set one. */
  set?: { key: string; value: string };
}

/** Plays the steps on five clients' documents, logging each local update. */
function play(steps: Step[]): Logged[] {
  const docs = [1, 2, 3, 4, 5].map((id) => {
    const doc = new Y.Doc();
    doc.clientID = id * 10;
    return doc;
  });
  const logged: Logged[] = [];
  let pending: Logged['set'];
  docs.forEach((doc, n) =>
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== 'sync') logged.push({ update, client: n, known: Y.decodeStateVector(Y.encodeStateVector(doc)), ...(pending ? { set: pending } : {}) });
    }),
  );
  steps.forEach((s, n) => {
    const doc = docs[s.client];
    pending = undefined;
    if (s.action === 'sync') Y.applyUpdate(doc, Y.encodeStateAsUpdate(docs[s.from], Y.encodeStateVector(doc)), 'sync');
    else if (s.action === 'set') {
      pending = { key: `k${s.key}`, value: `v${n}` };
      doc.getMap('map').set(pending.key, pending.value);
    } else if (s.action === 'insert') doc.getArray('list').insert(s.at % (doc.getArray('list').length + 1), [n]);
    else if (s.action === 'delete' && doc.getArray('list').length > 0) doc.getArray('list').delete(s.at % doc.getArray('list').length, 1);
    else doc.getText('text').insert(s.at % (doc.getText('text').length + 1), String.fromCharCode(97 + (s.at % 26)));
  });
  return logged;
}

const EMPTY: Record<string, unknown> = { map: {}, list: [], text: '' };

describe('the Yjs log importer agrees with Yjs', () => {
  test('states are a fresh Y.Doc with the updates up to each; happens-before is in Yjs order; map conflicts keep the winner', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: MAX_STEPS }), (steps) => {
        const logged = play(steps);
        const text = logged.map((l) => JSON.stringify({ update: Buffer.from(l.update).toString('base64'), replica: `c${l.client}` })).join('\n');
        if (logged.length === 0) return;
        const analysis = analyzeTrace(readTraceText(yjsLogFormat, text, {}, 1, 4096).executions[0]);
        const { trace } = analysis;
        assert.equal(trace.size, logged.length);
        const fresh = new Y.Doc();
        logged.forEach((l, j) => {
          Y.applyUpdate(fresh, l.update);
          const want = { map: fresh.getMap('map').toJSON(), list: fresh.getArray('list').toJSON(), text: fresh.getText('text').toString() };
          assert.deepEqual({ ...EMPTY, ...(trace.opOf(j)?.value as object) }, want, `state after update ${j}`);
          for (let i = 0; i < j; i++) {
            if (relationOf(analysis, i, j) !== 'before') continue;
            for (const s of Y.decodeUpdate(logged[i].update).structs) assert.ok((l.known.get(s.id.client) ?? 0) >= s.id.clock + s.length, `update ${i} before ${j}`);
          }
        });
        const map = fresh.getMap('map');
        for (const c of analysis.conflicts.filter((c) => c.target?.startsWith('map.'))) {
          const key = c.target!.slice(4);
          const writer = c.events.find((e) => logged[e].set?.key === key && logged[e].set?.value === map.get(key));
          if (writer !== undefined) assert.deepEqual(c.winners, [writer], `${c.target}: ${c.reason}`);
        }
        assert.deepEqual(allFindings(analysis), []);
      }),
      { numRuns: RUNS },
    );
  });

  test('beyond the states it holds, the state it computes after any update, back and forth, is a fresh Y.Doc with the updates up to it', () => {
    const updates = 3 * YJS_STATES_HELD_UP_TO;
    fc.assert(
      fc.property(fc.array(step, { minLength: updates, maxLength: updates }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (steps, picks) => {
        const logged = play(steps);
        const text = logged.map((l) => JSON.stringify({ update: Buffer.from(l.update).toString('base64'), replica: `c${l.client}` })).join('\n');
        const trace = readTraceText(yjsLogFormat, text, {}).executions[0];
        assert.ok(trace.size > YJS_STATES_HELD_UP_TO);
        const asked = picks.map((p) => p % trace.size);
        const fresh = new Y.Doc();
        const want = new Map<number, unknown>();
        logged.forEach((l, j) => {
          Y.applyUpdate(fresh, l.update);
          if (asked.includes(j)) want.set(j, { map: fresh.getMap('map').toJSON(), list: fresh.getArray('list').toJSON(), text: fresh.getText('text').toString() });
        });
        for (const j of asked) assert.deepEqual({ ...EMPTY, ...(trace.documentStates?.after(j) as object) }, want.get(j), `state after update ${j}`);
      }),
      { numRuns: 1, seed: 15, endOnFailure: true },
    );
  });
});
