// Property tests of the Automerge importer against the library itself: for random histories
// made with `@automerge/automerge` (up to 5 actors editing a map, a list and a text, merging now
// and then), Causeway's happens-before is the closure of the changes' deps, its state at every
// change is `view(doc, [hash])`, and its assignment conflicts are those `getConflicts` reports,
// won by the change whose value the document shows; beyond the changes whose states it holds,
// the state it computes at sampled changes is still the view there. CAUSEWAY_LARGE_PROPERTIES=1
// runs histories of up to 500 changes.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as Automerge from '@automerge/automerge';
import fc from 'fast-check';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { relationOf } from '../../engine/analysis/causality';
import { allFindings } from '../../engine/analysis/report';
import { AUTOMERGE_STATES_HELD_UP_TO, readAutomerge } from '../../engine/format/automerge';

const LARGE = process.env['CAUSEWAY_LARGE_PROPERTIES'] === '1';
const MAX_STEPS = LARGE ? 500 : 30;
const RUNS = LARGE ? 200 : 100;

type Shared = { map: Record<string, number>; list: number[]; text: string };

const step = fc.record({
  actor: fc.integer({ min: 0, max: 4 }),
  action: fc.constantFrom('set', 'insert', 'delete', 'type', 'merge'),
  key: fc.integer({ min: 0, max: 3 }),
  from: fc.integer({ min: 0, max: 4 }),
  at: fc.nat(),
});
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never;

/** Plays the steps on five actors' copies of one document and merges them all at the end. */
function play(steps: Step[]): Automerge.Doc<Shared> {
  const base = Automerge.from<Shared>({ map: {}, list: [], text: '' }, { actor: '00000000' });
  const docs = [1, 2, 3, 4, 5].map((n) => Automerge.clone(base, { actor: `${n}`.repeat(8) }));
  let value = 0;
  steps.forEach((s, n) => {
    const d = docs[s.actor];
    const time = 1_000 + ((n * 7919) % 500);
    if (s.action === 'merge') {
      if (s.from !== s.actor) docs[s.actor] = Automerge.merge(d, Automerge.clone(docs[s.from]));
    } else
      docs[s.actor] = Automerge.change(d, { time }, (doc) => {
        if (s.action === 'set') doc.map[`k${s.key}`] = ++value;
        else if (s.action === 'insert') Automerge.insertAt(doc.list, s.at % (doc.list.length + 1), ++value);
        else if (s.action === 'delete' && doc.list.length > 0) Automerge.deleteAt(doc.list, s.at % doc.list.length);
        else Automerge.splice(doc, ['text'], s.at % (doc.text.length + 1), 0, String.fromCharCode(97 + (s.at % 26)));
      });
  });
  return docs.reduce((a, b) => Automerge.merge(a, Automerge.clone(b)));
}

describe('the Automerge importer agrees with Automerge', () => {
  test('happens-before is the deps closure, each state is the view at its change, conflicts are getConflicts', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: MAX_STEPS }), (steps) => {
        const doc = Automerge.load<Shared>(Automerge.save(play(steps)));
        const analysis = analyzeTrace(readAutomerge(Automerge.save(doc), {}).executions[0]);
        const { trace } = analysis;
        const changes = Automerge.getAllChanges(doc).map((c) => Automerge.decodeChange(c));
        assert.equal(trace.size, changes.length);
        // Deps closure, computed here from the hashes.
        const index = new Map(changes.map((c, i) => [c.hash, i]));
        const past = changes.map(() => new Set<number>());
        changes.forEach((c, j) => c.deps.forEach((h) => [index.get(h)!, ...past[index.get(h)!]].forEach((i) => past[j].add(i))));
        for (let j = 0; j < changes.length; j++) {
          assert.deepEqual(trace.opOf(j)?.value, JSON.parse(JSON.stringify(Automerge.view(doc, [changes[j].hash]))), `state after change ${j}`);
          for (let i = 0; i < changes.length; i++) if (i !== j) assert.equal(relationOf(analysis, i, j) === 'before', past[j].has(i), `${i} before ${j}`);
        }
        // Conflicts: every map key and list element with several values, won by the change whose value shows.
        const changeOf = (opId: string) => {
          const [counter, actor] = opId.split('@');
          return changes.find((c) => c.actor === actor && c.startOp <= Number(counter) && Number(counter) < c.startOp + c.ops.length)!;
        };
        const expected: string[] = [];
        const places: [object, string | number, string][] = [
          ...Object.keys(doc.map).map((k): [object, string, string] => [doc.map, k, `map.${k}`]),
          ...doc.list.map((_, i): [object, number, string] => [doc.list, i, `list[${i}]`]),
        ];
        for (const [object, prop, target] of places) {
          const found = Automerge.getConflicts(object as Automerge.Doc<unknown>, prop as string);
          if (!found || Object.keys(found).length < 2) continue;
          const shown = (object as Record<string | number, unknown>)[prop];
          const winner = changeOf(Object.entries(found).find(([, v]) => v === shown)![0]);
          expected.push(`${target} won by ${winner.actor.slice(0, 8)}:${winner.seq}`);
        }
        const reported = analysis.conflicts.filter((c) => c.reason.startsWith('Concurrent assignments')).map((c) => `${c.target} won by ${trace.eventId(c.winners[0])}`);
        assert.deepEqual(reported.sort(), expected.sort());
        assert.deepEqual(allFindings(analysis), []);
      }),
      { numRuns: RUNS },
    );
  });

  test('beyond the states it holds, the state it computes at any change is the view at that change, back and forth', () => {
    const changes = 3 * AUTOMERGE_STATES_HELD_UP_TO;
    fc.assert(
      fc.property(fc.array(step, { minLength: changes, maxLength: changes }), fc.array(fc.nat(), { minLength: 40, maxLength: 40 }), (steps, picks) => {
        const saved = Automerge.save(play(steps));
        const doc = Automerge.load<Shared>(saved);
        const hashes = Automerge.getAllChanges(doc).map((c) => Automerge.decodeChange(c).hash);
        const trace = readAutomerge(saved, {}).executions[0];
        assert.ok(trace.size > AUTOMERGE_STATES_HELD_UP_TO);
        for (const j of picks.map((p) => p % trace.size)) {
          assert.deepEqual(trace.documentStates?.after(j), JSON.parse(JSON.stringify(Automerge.view(doc, [hashes[j]]))), `state after change ${j}`);
        }
      }),
      { numRuns: 1, seed: 14, endOnFailure: true },
    );
  });
});
