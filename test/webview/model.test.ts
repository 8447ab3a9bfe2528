// The webview's data layer in Node (no browser): causal shading against the definition on
// random traces, the ordered/concurrent explanation, layout and collapse, the edge range index,
// edges through hidden lanes, search, timelines, and SVG text escaping.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { causalPath, relationOf, shadingOf, standing } from '../../webview/model/causality';
import { EdgeIndex, transitiveSources } from '../../webview/model/edges';
import { Annotations, conflictOutcome } from '../../webview/model/conflicts';
import { explain } from '../../webview/model/explain';
import { Layout } from '../../webview/model/layout';
import { search } from '../../webview/model/search';
import { buildTraceView } from '../../engine/view/build';
import { ConflictTable } from '../../engine/view/conflict-table';
import { packLabels } from '../../engine/view/model';
import { stateText, Timelines, valueText } from '../../webview/model/timelines';
import { TraceIndex } from '../../webview/model/trace-index';
import { xmlEscape } from '../../webview/render/text';
import { analyzeExample } from '../helpers/load';
import { EXAMPLES } from './examples';
import { generateTrace } from './random-trace';

/** Happened-before straight from the definition: a's own entry is within b's clock. */
function before(index: TraceIndex, a: number, b: number): boolean {
  const { view, R } = index;
  return a !== b && view.clocks[b * R + view.replica[a]] >= view.clocks[a * R + view.replica[a]];
}

describe('causal shading', () => {
  it('marks exactly the causal past, future and concurrent events, on random traces', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2, max: 6 }), fc.nat(), (seed, replicas, pick) => {
        const { view } = generateTrace({ events: 150, replicas, seed, timelines: false });
        const index = new TraceIndex(view);
        const e = pick % view.size;
        const sh = shadingOf(index, e);
        let past = 0;
        let future = 0;
        for (let j = 0; j < view.size; j++) {
          if (j === e) continue;
          const want = before(index, j, e) ? 'past' : before(index, e, j) ? 'future' : 'concurrent';
          assert.equal(standing(sh, view.replica[j], index.lanePos[j]), want, `event ${j} relative to ${e}`);
          if (want === 'past') past++;
          if (want === 'future') future++;
        }
        assert.deepEqual([sh.past, sh.future, sh.concurrent], [past, future, view.size - past - future - 1]);
      }),
      { numRuns: 60 },
    );
  });

  it('relates events the way the clocks say', () => {
    const { view } = EXAMPLES['shopping-cart']();
    const index = new TraceIndex(view);
    for (let a = 0; a < view.size; a++) {
      for (let b = 0; b < view.size; b++) {
        const want = a === b ? 'same' : before(index, a, b) ? 'before' : before(index, b, a) ? 'after' : 'concurrent';
        assert.equal(relationOf(index, a, b), want);
      }
    }
  });

  it('finds a causal path made of lane steps and message edges', () => {
    const { view } = generateTrace({ events: 400, replicas: 5, seed: 11, timelines: false });
    const index = new TraceIndex(view);
    let checked = 0;
    for (let a = 0; a < view.size; a += 7) {
      for (let b = a + 1; b < view.size; b += 13) {
        if (!before(index, a, b)) continue;
        const path = causalPath(index, a, b);
        assert.equal(path[0], a);
        assert.equal(path[path.length - 1], b);
        for (let k = 1; k < path.length; k++) {
          const [x, y] = [path[k - 1], path[k]];
          const sameLane = view.replica[x] === view.replica[y] && index.lanePos[x] <= index.lanePos[y];
          const message = Array.from(view.edgeFrom.subarray(view.edgeStart[y], view.edgeStart[y + 1])).includes(x);
          assert.ok(sameLane || message, `hop ${x} -> ${y} is neither a lane step nor a message`);
        }
        checked++;
      }
    }
    assert.ok(checked > 100);
  });
});

describe('the trace index', () => {
  it('built in stages, a task each, is the index built at once', async () => {
    for (const seed of [1, 2, 3]) {
      const { view } = generateTrace({ events: 400, replicas: 4, seed, timelines: false });
      let stages = 0;
      const staged = await TraceIndex.buildInStages(view, () => {
        stages++;
        return Promise.resolve();
      });
      const whole = new TraceIndex(view);
      assert.ok(stages >= 2, 'it yields between its parts');
      for (const part of ['laneStart', 'laneEvents', 'lanePos', 'edgeTo', 'outStart', 'outTo'] as const) assert.deepEqual(staged[part], whole[part], part);
      for (let e = 0; e < view.size; e += 37) assert.equal(staged.eventAtLine(view.line[e]), whole.eventAtLine(view.line[e]));
    }
  });
});

describe('explanation in words', () => {
  const { view } = EXAMPLES['shopping-cart']();
  const index = new TraceIndex(view);
  const name = (e: number) => index.defaultId(e);
  const alice1 = index.eventByDefaultId('alice:1');
  const bob2 = index.eventByDefaultId('bob:2');
  const bob1 = index.eventByDefaultId('bob:1');

  it('says why an earlier event happened before a later one, entry by entry and by which path', () => {
    const x = explain(index, alice1, bob2, name);
    assert.equal(x.relation, 'before');
    assert.equal(x.summary, 'alice:1 happened before bob:2.');
    assert.equal(x.reasons[0], "bob:2 has seen alice:1: bob:2 knows 3 of alice's events, alice:1 is alice's 1st.");
    assert.match(x.reasons.join(' '), /by message to bob:2/);
    assert.deepEqual(
      x.entries.map((e) => `${e.replica} ${e.a}${e.cmp}${e.b}`),
      ['alice 1<3', 'bob 0<2', 'carol 0=0'],
    );
  });

  it('says why two events are concurrent in plain words: what each knows of the other\'s replica', () => {
    const x = explain(index, alice1, bob1, name);
    assert.equal(x.relation, 'concurrent');
    assert.equal(x.summary, 'alice:1 and bob:1 are concurrent: neither could have influenced the other.');
    assert.equal(x.reasons[0], "bob:1 has not seen alice:1: bob:1 knows 0 of alice's events, alice:1 is alice's 1st.");
    assert.equal(x.reasons[1], "alice:1 has not seen bob:1: alice:1 knows 0 of bob's events, bob:1 is bob's 1st.");
  });

  it('explains the reversed order too', () => {
    assert.equal(explain(index, bob2, alice1, name).summary, 'alice:1 happened before bob:2.');
    assert.equal(explain(index, bob2, alice1, name).relation, 'after');
  });
});

describe('conflict outcomes in words', () => {
  const names = (e: number) => ['A:1', 'B:2', 'C:1'][e];
  const conflict = (events: number[], winners: number[], rule: string) => ({ id: 'c1', key: 'color', events, winners, rule, reason: '' });

  it('says siblings are all kept, none won', () => {
    assert.equal(conflictOutcome(conflict([0, 1], [0, 1], 'multi-value'), names), 'multi-value: both kept (A:1, B:2)');
    assert.equal(conflictOutcome(conflict([0, 1, 2], [0, 1, 2], 'multi-value'), names), 'multi-value: all 3 kept (A:1, B:2, C:1)');
    assert.equal(conflictOutcome(conflict([0, 1, 2], [0, 2], 'add-wins'), names), 'add-wins: A:1, C:1 kept, B:2 lost');
  });

  it('names the one winner and what it won over', () => {
    assert.equal(conflictOutcome(conflict([0, 1], [1], 'last-writer-wins'), names), 'last-writer-wins: B:2 won over A:1');
    assert.equal(conflictOutcome(conflict([0, 1], [], 'remove-wins'), names), 'remove-wins: none kept');
  });
});

describe('conflicts on the diagram', () => {
  it("finds each event's conflicts and each conflict's extent on the time axis as a scan of the list does, on random traces", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2, max: 6 }), fc.boolean(), (seed, replicas, folds) => {
        const { view } = generateTrace({ events: 300, replicas, seed, conflictRate: 0.6 });
        const list = view.conflicts;
        assert.ok(list.length > 0, 'the trace has conflicts');
        const annotations = new Annotations({ ...view, conflicts: ConflictTable.of(list) });
        for (let e = 0; e < view.size; e++) {
          assert.deepEqual(annotations.conflictsOf(e), list.flatMap((c, n) => (c.events.includes(e) ? [n] : [])), `event ${e}`);
        }
        const layout = new Layout(new TraceIndex(view), folds ? 'step' : 'depth', new Set(), folds);
        annotations.place(layout);
        const extent = list.map((c) => [Math.min(...c.events.map((e) => layout.pos(e))), Math.max(...c.events.map((e) => layout.pos(e)))]);
        extent.forEach(([lo], n) => assert.equal(annotations.conflictStart(n), lo));
        const [pLo, pHi] = [layout.maxPos / 3, layout.maxPos / 2];
        const overlapping = extent.flatMap(([lo, hi], n) => (hi >= pLo && lo <= pHi ? [n] : []));
        assert.deepEqual(annotations.conflictsIn(pLo, pHi, Infinity), overlapping);
        assert.deepEqual(annotations.conflictsIn(pLo, pHi, 3), overlapping.slice(0, 3));
      }),
      { numRuns: 40 },
    );
  });
});

describe('layout', () => {
  const { view } = generateTrace({ events: 3000, replicas: 6, seed: 5, timelines: false });
  const index = new TraceIndex(view);

  it('keeps positions increasing along every lane, with and without collapse', () => {
    for (const layout of [new Layout(index, 'depth', new Set(), false), new Layout(index, 'step', new Set([1]), true)]) {
      for (let r = 0; r < index.R; r++) {
        for (let m = 1; m < index.laneSize(r); m++) assert.ok(layout.pos(index.laneEvent(r, m)) >= layout.pos(index.laneEvent(r, m - 1)));
      }
    }
  });

  it('folds runs of local events into their first event and drops columns that only held folded events', () => {
    const open = new Layout(index, 'step', new Set(), false);
    const folded = new Layout(index, 'step', new Set(), true);
    let runs = 0;
    let hidden = 0;
    for (let e = 0; e < view.size; e++) {
      if (folded.runLength![e] > 1) runs++;
      if (folded.folded![e]) {
        hidden++;
        assert.equal(view.kind[e], 3);
        const head = folded.shown(e);
        assert.equal(view.kind[head], 3);
        assert.ok(folded.runLength![head] >= 2);
      }
    }
    assert.ok(runs > 50 && hidden > runs);
    assert.equal(folded.maxPos, open.maxPos - hidden);
  });

  it('finds the nearest shown event and the lane range of a position range', () => {
    const layout = new Layout(index, 'depth', new Set(), true);
    for (let r = 0; r < index.R; r++) {
      const [lo, hi] = layout.laneRange(r, 100, 200);
      for (let m = 0; m < index.laneSize(r); m++) {
        const p = layout.pos(index.laneEvent(r, m));
        assert.equal(m >= lo && m < hi, p >= 100 && p <= 200);
      }
      const e = layout.nearest(r, 150, Infinity);
      assert.ok(e >= 0 && !layout.folded![e]);
    }
  });
});

describe('edges', () => {
  const { view } = generateTrace({ events: 2000, replicas: 5, seed: 9, timelines: false });
  const index = new TraceIndex(view);

  it('returns every edge overlapping a column range, and only those', () => {
    const edges = new EdgeIndex(index, view.depth);
    for (const [lo, hi] of [[0, 10], [50, 60], [100, 400], [390, 391]]) {
      const got = new Set<number>();
      edges.query(lo, hi, Infinity, (j) => got.add(j));
      for (let j = 0; j < view.edgeFrom.length; j++) {
        const a = view.depth[view.edgeFrom[j]];
        const b = view.depth[index.edgeTo[j]];
        assert.equal(got.has(j), Math.max(a, b) >= lo && Math.min(a, b) <= hi, `edge ${j} [${a}, ${b}] vs [${lo}, ${hi}]`);
      }
    }
  });

  it('stands for a path through a hidden replica by the latest events the receiver learns of', () => {
    const { view: v } = EXAMPLES['shopping-cart']();
    const idx = new TraceIndex(v);
    const layout = new Layout(idx, 'depth', new Set([1]), false); // bob hidden
    const carolReceive = idx.eventByDefaultId('carol:3'); // receives m2 from bob, who had alice's m1
    const bobSend = v.edgeFrom[v.edgeStart[carolReceive]];
    assert.equal(v.replica[bobSend], 1);
    assert.deepEqual(transitiveSources(layout, bobSend, carolReceive).map((e) => idx.defaultId(e)), ['alice:3']);
  });

  it('keeps outgoing edges consistent with incoming ones', () => {
    let n = 0;
    for (let s = 0; s < view.size; s++) {
      for (let j = index.outStart[s]; j < index.outStart[s + 1]; j++) {
        const r = index.outTo[j];
        assert.ok(Array.from(view.edgeFrom.subarray(view.edgeStart[r], view.edgeStart[r + 1])).includes(s));
        n++;
      }
    }
    assert.equal(n, view.edgeFrom.length);
  });
});

describe('search', () => {
  const { view } = EXAMPLES['shopping-cart']();
  const index = new TraceIndex(view);
  const ids = (q: string) => Array.from(search(index, q).events, (e) => index.defaultId(e));

  it('matches fields, words and regular expressions, all terms together', () => {
    assert.deepEqual(ids('kind:send replica:bob'), ['bob:4', 'bob:9']);
    assert.deepEqual(ids('key:title'), ['bob:3', 'carol:2']);
    assert.deepEqual(ids('/^receive m[34]/'), ['alice:8', 'bob:5', 'bob:6', 'carol:7']);
    assert.deepEqual(ids('MILK remove'), ['carol:4']);
    assert.deepEqual(ids('id:carol:4'), ['carol:4']);
    assert.deepEqual(ids(`line:${view.line[index.eventByDefaultId('alice:2')]}`), ['alice:2']);
  });

  it('explains a query it cannot read', () => {
    assert.match(search(index, '/(/').error ?? '', /The search \/\(\/ is not a valid regular expression/);
    assert.match(search(index, 'kind:bogus').error ?? '', /Unknown kind "bogus"/);
    assert.match(search(index, '/(a)\\1/').error ?? '', /backreference/);
  });

  it('runs a regular expression in linear time: a pattern that backtracks for ever natively answers at once', () => {
    const label = `${'a'.repeat(40)}!`;
    const hostile = new TraceIndex({ ...view, ...packLabels(Array.from({ length: view.size }, () => label)) });
    const start = performance.now();
    assert.equal(search(hostile, '/^(a+)+$/').events.length, 0);
    assert.ok(performance.now() - start < 2000, `${performance.now() - start} ms`);
  });
});

describe('timelines', () => {
  const g = EXAMPLES['shopping-cart']();
  const t = new Timelines(g.view, g.buffers);

  it('gives each replica’s state at a step from its change points', () => {
    const index = new TraceIndex(g.view);
    const carolRemove = index.eventByDefaultId('carol:4');
    const state = Object.fromEntries(t.stateAt(2, g.view.step[carolRemove]).map((s) => [s.label, s.value]));
    assert.deepEqual(state, { cart: ['eggs'], visits: 2, title: 'Weekly groceries' });
    const alice = (e: string) => Object.fromEntries(t.stateAt(0, g.view.step[index.eventByDefaultId(e)]).map((s) => [s.label, s.value]));
    assert.deepEqual(alice('alice:8').buffer, ['carol:4 remove "milk" (needs bob:1 add "eggs")']);
    assert.deepEqual(alice('alice:11'), { cart: ['eggs', 'milk'], visits: 5, title: 'Weekly groceries', buffer: [] });
  });

  it("shows the value a replica recorded beside the replay where they differ: buggy-merge's lost 800 views", () => {
    const view = buildTraceView(analyzeExample('buggy-merge.causal.jsonl'), { format: 'causeway' });
    const index = new TraceIndex(view);
    const merge = index.eventByDefaultId('edge-1:2');
    const views = new Timelines(view).stateAt(0, view.step[merge]).find((s) => s.label === 'views')!;
    assert.equal(stateText(views.value, views.recorded), 'recorded 1000 · replay 1800');
    // Where the record agrees with the replay, only the value shows.
    assert.equal(new Timelines(view).stateAt(0, view.step[index.eventByDefaultId('edge-1:1')]).find((s) => s.label === 'views')?.recorded, undefined);
  });

  it('shows a row per key and one for the causal buffer, and reads values as short text', () => {
    assert.deepEqual(t.rows(-1).map((r) => r.label), ['cart', 'visits', 'title', 'buffer']);
    assert.deepEqual(t.rows(1).map((r) => [r.label, r.counter]), [['visits', true], ['buffer', false]]);
    assert.equal(valueText(['a', 'b']), '{a, b}');
    assert.equal(valueText('x'.repeat(300), 10), '"xxxxxxxx…');
    assert.equal(valueText(null), '∅');
  });
});

describe('SVG text', () => {
  it('escapes markup and drops characters XML cannot hold', () => {
    assert.equal(xmlEscape('<img src="x" onerror=\'y\'>&'), '&lt;img src=&quot;x&quot; onerror=&#39;y&#39;&gt;&amp;');
    assert.equal(xmlEscape('a\u0000b\u0007c\ud800d\tе'), 'a\ufffdb\ufffdc\ufffdd\tе');
  });
});
