// Laws of the analysis on random traces: conflicts are exactly the concurrent colliding writes a
// brute-force pairwise check finds; the cursor agrees with a fresh replay at every step, in any
// seek order; replicas that delivered the same operations hold the same states.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { freshStatesAfter } from '../helpers/fresh-replay';
import { nativeText, readText } from '../helpers/load';

const REPLICAS = ['A', 'B', 'C'];
const OBJECTS = { reg: 'lww-register', mv: 'mv-register', set: 'or-set', n: 'pn-counter' } as const;

/** A random execution: ops on a few objects, sends carrying state or ops, receives of sent messages. */
const arbitraryTrace = fc
  .record({
    payload: fc.constantFrom('state', 'ops', 'delta'),
    steps: fc.array(fc.tuple(fc.nat(2), fc.nat(9), fc.nat(3), fc.nat(2)), { minLength: 1, maxLength: 40 }),
  })
  .map(({ payload, steps }) => {
    const events: object[] = [];
    const inFlight: { msg: string; to: string }[] = [];
    let messages = 0;
    for (const [r, action, object, value] of steps) {
      const replica = REPLICAS[r];
      const waiting = inFlight.findIndex((m) => m.to === replica);
      if (action < 3 && waiting >= 0) {
        events.push({ replica, kind: 'receive', msg: inFlight.splice(waiting, 1)[0].msg });
      } else if (action < 6) {
        const to = REPLICAS[(r + 1 + (value % 2)) % 3];
        const msg = `m${++messages}`;
        inFlight.push({ msg, to });
        events.push({ replica, kind: 'send', msg, to });
      } else {
        const key = Object.keys(OBJECTS)[object];
        const op =
          key === 'set'
            ? { type: value === 0 ? 'remove' : 'add', value: `e${value % 2}` }
            : key === 'n'
              ? { type: 'inc', value: value + 1 }
              : { type: 'set', value: `v${value}` };
        events.push({ replica, kind: 'op', key, op, time: 1000 + value * 10 });
      }
    }
    return nativeText({ replicas: REPLICAS, objects: OBJECTS, sync: payload }, events);
  });

test('conflicts are exactly the sibling sets a brute-force scan of every replica view finds', () => {
  fc.assert(
    fc.property(arbitraryTrace, (text) => {
      const a = analyzeTrace(readText(text).executions[0]);
      const { trace, clocks, knowledge, causal } = a;
      const before = (x: number, y: number) => x !== y && clocks.entry(y, trace.replica[x]) >= clocks.entry(x, trace.replica[x]);
      const target = (i: number) => {
        const op = trace.opOf(i)!;
        return trace.keys.name(trace.key[i]) === 'set' ? `set:${JSON.stringify(op.value)}` : trace.keys.name(trace.key[i]);
      };
      const collide = (x: number, y: number) => (target(x).startsWith('set:') ? trace.opOf(x)!.type !== trace.opOf(y)!.type : true);
      // Every replica's view after every event: the writes it made or delivered so far. A sibling
      // set is reported unless the same replica's next sibling set on that target contains it.
      const views = REPLICAS.map(() => [] as number[]);
      const lastOf = new Map<string, string[]>();
      const reported = new Map<string, number>();
      for (let s = 0; s < trace.size; s++) {
        const i = causal.order[s];
        const r = trace.replica[i];
        const view = views[r];
        if (knowledge.opOfEvent[i] >= 0) view.push(i);
        for (let d = knowledge.deliveredStart[i]; d < knowledge.deliveredStart[i + 1]; d++) view.push(knowledge.opEvent[knowledge.delivered[d]]);
        const writes = view.filter((w) => trace.keys.name(trace.key[w]) !== 'n');
        for (const t of new Set(writes.map(target))) {
          const onTarget = writes.filter((w) => target(w) === t);
          const maximal = onTarget.filter((w) => !onTarget.some((v) => before(w, v))).sort((x, y) => x - y);
          if (maximal.length < 2 || !maximal.some((x) => maximal.some((y) => collide(x, y)))) continue;
          const set = `${t}|${maximal.join(',')}`;
          const slot = `${r}|${t}`;
          const previous = lastOf.get(slot);
          if (previous?.[0] === set) continue;
          reported.set(set, (reported.get(set) ?? 0) + 1);
          if (previous && previous[1].split(',').every((e) => maximal.includes(Number(e)))) reported.set(previous[0], reported.get(previous[0])! - 1);
          lastOf.set(slot, [set, maximal.join(',')]);
        }
      }
      const expected = [...reported].filter(([, owners]) => owners > 0).map(([set]) => set);
      const found = a.conflicts.map((c) => `${target(c.events[0])}|${[...c.events].sort((x, y) => x - y).join(',')}`);
      assert.deepEqual(found.sort(), expected.sort());
    }),
    { numRuns: 300 },
  );
});

test('the cursor gives the states of a fresh forward replay at any step, in any seek order', () => {
  fc.assert(
    fc.property(arbitraryTrace, fc.array(fc.nat(), { minLength: 1, maxLength: 8 }), (text, seeks) => {
      const a = analyzeTrace(readText(text).executions[0]);
      const { trace } = a;
      const cursor = a.states().cursor();
      for (const raw of seeks) {
        const step = raw % trace.size;
        cursor.seek(step);
        const fresh = freshStatesAfter(a, step);
        for (let r = 0; r < trace.replicas.size; r++) {
          for (let k = 0; k < trace.keys.size; k++) assert.ok(cursor.state(r, k).equals(fresh[r][k]), `step ${step}`);
        }
      }
    }),
    { numRuns: 200 },
  );
});

test('replicas that delivered the same operations hold equal states', () => {
  fc.assert(
    fc.property(arbitraryTrace, (text) => {
      const a = analyzeTrace(readText(text).executions[0]);
      const { finalStates } = a.states().replay;
      const seen = a.knowledge.seen.map((row) => row.join(','));
      for (let x = 0; x < seen.length; x++) {
        for (let y = x + 1; y < seen.length; y++) {
          if (seen[x] !== seen[y]) continue;
          finalStates[x].forEach((state, k) => assert.deepEqual(state.value(), finalStates[y][k].value()));
        }
      }
    }),
    { numRuns: 300 },
  );
});

test('a replica that saw two of three concurrent writes first reports one conflict of all three', () => {
  const text = nativeText({ objects: { reg: 'mv-register' } }, [
    { replica: 'A', kind: 'op', key: 'reg', op: { type: 'set', value: 'a' } },
    { replica: 'B', kind: 'op', key: 'reg', op: { type: 'set', value: 'b' } },
    { replica: 'C', kind: 'op', key: 'reg', op: { type: 'set', value: 'c' } },
    { replica: 'A', kind: 'send', msg: 'm1', to: 'B' },
    { replica: 'B', kind: 'receive', msg: 'm1' },
    { replica: 'C', kind: 'send', msg: 'm2', to: 'B' },
    { replica: 'B', kind: 'receive', msg: 'm2' },
  ]);
  const a = analyzeTrace(readText(text).executions[0]);
  assert.deepEqual(a.conflicts.map((c) => c.events.map((e) => a.trace.line[e])), [[2, 3, 4]]);
});
