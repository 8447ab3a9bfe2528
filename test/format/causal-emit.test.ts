// emitCausally: buffered events and their edges handed to TraceBuilder; repeated edges (a link
// that repeats an explicit edge, the same edge twice) count once, the first one kept.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emitCausally } from '../../engine/format/causal-emit';
import { FindingLog, PendingEvents } from '../../engine/format/pending';
import { TraceBuilder } from '../../engine/trace/builder';

type Edge = [number, number];

/** The trace of events on `hosts` (one per entry) with these explicit edges and links, as plain data. */
function emitted(hosts: number[], edges: Edge[], links: Edge[]): unknown {
  const p = new PendingEvents();
  hosts.forEach((h, i) => p.add(`h${h}`, i + 1, { label: `e${i}` }, { [`h${h}`]: i + 1 }));
  const chains: number[][] = Array.from({ length: p.hosts.size }, () => []);
  hosts.forEach((_, i) => chains[p.host[i]].push(i));
  const builder = new TraceBuilder(undefined, 'x');
  const plan = {
    chains,
    edgeFrom: edges.map((e) => e[0]),
    edgeTo: edges.map((e) => e[1]),
    linkFrom: links.map((e) => e[0]),
    linkTo: links.map((e) => e[1]),
    idOf: (i: number) => `e${i}`,
  };
  const index = emitCausally(p, plan, builder, new FindingLog(builder.findings));
  const t = builder.finish();
  return { index: [...index], findings: t.findings, events: Array.from({ length: t.size }, (_, i) => t.event(i)) };
}

/** Edges without their repeats (the first kept); links also without the explicit edges they repeat. */
function withoutRepeats(edges: Edge[], links: Edge[]): [Edge[], Edge[]] {
  const seen = new Set<string>();
  const first = (list: Edge[]) => list.filter(([a, b]) => !seen.has(`${a},${b}`) && seen.add(`${a},${b}`));
  return [first(edges), first(links)];
}

describe('emitCausally', () => {
  it('counts a repeated edge once, the first one kept (a link repeating an explicit edge adds nothing)', () => {
    const index = fc.integer({ min: -1, max: 9 });
    const edge = fc.tuple(index, index);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 3 }), { minLength: 1, maxLength: 9 }), fc.array(edge, { maxLength: 12 }), fc.array(edge, { maxLength: 6 }), (hosts, edges, links) => {
        const [distinctEdges, distinctLinks] = withoutRepeats(edges, links);
        assert.deepEqual(emitted(hosts, edges, links), emitted(hosts, distinctEdges, distinctLinks));
      }),
      { numRuns: 2000 },
    );
  });
});
