// Teaching presets: one simulation per walkthrough step (happens-before and clocks, concurrent
// writes, G-Counter merge, the LWW lost update, the OR-Set race, causal delivery, a partition that
// heals). Scripted operations make each lesson happen whatever the seed; the network stays random.

import type { ScriptedOp, SimulationConfig } from './config';

/** Each is named after the example trace (examples/<name>.causal.jsonl) and walkthrough step it simulates. */
export interface SimulationPreset {
  readonly name: string;
  /** A short title for pickers. */
  readonly title: string;
  readonly config: SimulationConfig;
}

/** What the lessons share unless they say otherwise: a second of scripted writes, a clean network. */
const LESSON: Omit<SimulationConfig, 'description' | 'replicas' | 'objects' | 'latency' | 'sync'> = {
  rate: { opsPerSecond: 0, perReplica: false },
  durationMs: 1000,
  loss: 0,
  duplication: 0,
  partitions: [],
  syncIntervalMs: 100,
  seed: 1,
};

type Lesson = Partial<SimulationConfig> & Pick<SimulationConfig, 'description' | 'replicas' | 'objects' | 'latency' | 'sync'>;

/** A scripted write: at `atMs`, `replica` applies `type` with `value` to `key`. */
function write(atMs: number, replica: string, key: string, type: string, value: string): ScriptedOp {
  return { atMs, replica, key, op: { type, value } };
}

function teaching(name: string, title: string, lesson: Lesson): SimulationPreset {
  return { name, title, config: { ...LESSON, name, ...lesson } };
}

export const PRESETS: readonly SimulationPreset[] = [
  teaching('shopping-cart', 'Happens-before and vector clocks', {
    description: 'Three devices edit one cart (a PN-Counter): select an event to shade its causal past and future; what stays plain is concurrent with it.',
    replicas: ['phone', 'laptop', 'tablet'],
    objects: { cart: { type: 'pn-counter' } },
    rate: { opsPerSecond: 3, perReplica: false },
    durationMs: 3000,
    latency: { kind: 'uniform', minMs: 20, maxMs: 120 },
    sync: 'ops',
    syncIntervalMs: 200,
  }),
  teaching('mv-register-siblings', 'Concurrent writes kept as siblings', {
    description: 'A sets red while B sets blue: the writes are concurrent, so the multi-value register keeps both until C, having seen both, writes purple.',
    replicas: ['A', 'B', 'C'],
    objects: { colour: { type: 'mv-register' } },
    latency: { kind: 'uniform', minMs: 20, maxMs: 80 },
    sync: 'state',
    script: [
      write(100, 'A', 'colour', 'set', 'red'),
      write(100, 'B', 'colour', 'set', 'blue'),
      write(600, 'C', 'colour', 'set', 'purple'),
    ],
  }),
  teaching('cdn-edge-counters', 'G-Counter merge keeps every replica', {
    description: "edge-1 cannot reach edge-3 for 2 s yet learns edge-3's views through edge-2's state: a G-Counter merge keeps the entry of every replica, even one never heard from.",
    replicas: ['edge-1', 'edge-2', 'edge-3'],
    objects: { views: { type: 'g-counter' } },
    rate: { opsPerSecond: 6, perReplica: false },
    durationMs: 3000,
    latency: { kind: 'uniform', minMs: 20, maxMs: 80 },
    partitions: [{ groups: [['edge-1'], ['edge-3']], fromMs: 0, toMs: 2000 }],
    sync: 'state',
    syncIntervalMs: 200,
  }),
  teaching('lww-lost-update', 'A lost update under last-writer-wins', {
    description: "A's wall clock runs 5 s fast: B edits the title after seeing A's draft, but B's timestamp is older, so last-writer-wins keeps the draft (a lost-update warning).",
    replicas: ['A', 'B'],
    objects: { title: { type: 'lww-register' } },
    latency: { kind: 'uniform', minMs: 20, maxMs: 60 },
    sync: 'state',
    clockSkewMs: { A: 5000 },
    script: [
      write(100, 'A', 'title', 'set', 'draft'),
      write(500, 'B', 'title', 'set', 'final'),
    ],
  }),
  teaching('or-set-race', 'An OR-Set add/remove race', {
    description: "bob removes milk while alice, who has not seen the removal, adds milk again: the writes are concurrent and the OR-Set's add wins.",
    replicas: ['alice', 'bob'],
    objects: { basket: { type: 'or-set' } },
    latency: { kind: 'uniform', minMs: 20, maxMs: 80 },
    sync: 'delta',
    script: [
      write(50, 'alice', 'basket', 'add', 'eggs'),
      write(100, 'alice', 'basket', 'add', 'milk'),
      write(600, 'bob', 'basket', 'remove', 'milk'),
      write(600, 'alice', 'basket', 'add', 'milk'),
    ],
  }),
  teaching('causal-delivery', 'Causal delivery buffers an early operation', {
    description: "A cannot reach C until 500 ms: C gets B's answer before A's question, holds it in its causal buffer, and delivers both when A's retransmission arrives.",
    replicas: ['A', 'B', 'C'],
    objects: { thread: { type: 'g-set' } },
    latency: { kind: 'uniform', minMs: 10, maxMs: 40 },
    partitions: [{ groups: [['A'], ['C']], fromMs: 0, toMs: 500 }],
    sync: 'ops',
    script: [
      write(100, 'A', 'thread', 'add', 'question?'),
      write(300, 'B', 'thread', 'add', 'answer!'),
    ],
  }),
  teaching('partition-heals', 'A partition that heals', {
    description: 'A,B and C,D are cut apart from 1 s to 3 s and keep writing; after the partition heals, delta-state anti-entropy brings every replica to the same state.',
    replicas: ['A', 'B', 'C', 'D'],
    objects: { cart: { type: 'pn-counter' }, tags: { type: 'or-set' } },
    rate: { opsPerSecond: 6, perReplica: false },
    durationMs: 4000,
    latency: { kind: 'uniform', minMs: 10, maxMs: 50 },
    loss: 0.05,
    partitions: [{ groups: [['A', 'B'], ['C', 'D']], fromMs: 1000, toMs: 3000 }],
    sync: 'delta',
  }),
];

export function findPreset(name: string): SimulationPreset | undefined {
  return PRESETS.find((p) => p.name === name);
}
