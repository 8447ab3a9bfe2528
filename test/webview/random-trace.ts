// Random traces of any size for the benchmark and the scale tests: replicas doing operations,
// sending and receiving (sometimes out of order), syncing, and running bursts of local events.

import type { FindingKind, Severity } from '../../engine/trace/diagnostics';
import { prng as random } from '../../engine/util/prng';
import { ViewAccumulator, type GeneratedTrace, type OpSpec } from './generate';


export interface RandomOptions {
  events: number;
  replicas: number;
  seed?: number;
  /** Probability that a detected concurrent write is reported as a conflict (default 0.2). */
  conflictRate?: number;
  /** One finding per this many events (default 2,000). */
  findingEvery?: number;
  /** Keep per-replica timelines and buffers (default true). */
  timelines?: boolean;
}

const FINDING_SAMPLES: [Severity, FindingKind, string][] = [
  ['warning', 'clock-gap', 'The replica’s own clock entry jumps by more than one.'],
  ['error', 'causal-delivery-violation', 'A message was delivered before one that causally precedes it.'],
  ['warning', 'lost-update', 'Last-writer-wins kept a causally older write (clock skew).'],
  ['info', 'unknown-field', 'A field the format does not define was kept.'],
];

/** A random trace of `events` events on `replicas` replicas: ops, sends, receives, syncs, runs of local events. */
export function generateTrace(options: RandomOptions): GeneratedTrace {
  const { events: N, replicas: R, seed = 1, conflictRate = 0.2, findingEvery = 2000, timelines = true } = options;
  const rand = random(seed);
  const replicas = Array.from({ length: R }, (_, r) => `replica-${String.fromCharCode(65 + (r % 26))}${r >= 26 ? r : ''}`);
  const keys = timelines ? ['visits', 'title', 'tags', 'owner'] : [];
  const keyTypes = timelines ? ['g-counter', 'lww-register', 'g-set', 'lww-register'] : [];
  const acc = new ViewAccumulator(replicas, keys, keyTypes, N, conflictRate, rand);
  const inbox: number[][] = replicas.map(() => []);
  const elements = ['red', 'green', 'blue', 'amber', 'violet'];
  let msg = 0;
  const nextFinding = () => Math.floor(findingEvery * (0.5 + rand()));
  let findingAt = nextFinding();
  while (acc.n < N) {
    const r = Math.floor(rand() * R);
    const p = rand();
    if (inbox[r].length > 0 && p < 0.35) {
      // Mostly in order; sometimes a later message overtakes an earlier one, and waits in the
      // causal buffer until the replica's next receive.
      const j = rand() < 0.9 ? 0 : Math.floor(rand() * Math.min(3, inbox[r].length));
      const s = inbox[r].splice(j, 1)[0];
      const i = acc.add(r, 'receive', -1, undefined, [s], `receive m${s} from ${replicas[acc.replica[s]]}`);
      acc.setBuffer(r, i, j > 0 && timelines ? [`m${s} from ${replicas[acc.replica[s]]}`] : []);
    } else if (p < 0.65) {
      const k = keys.length ? Math.floor(rand() * keys.length) : -1;
      const type = k < 0 ? 'noop' : keyTypes[k];
      const op: OpSpec = type.endsWith('counter')
        ? { type: 'inc', value: 1 + Math.floor(rand() * 3) }
        : type.endsWith('set')
          ? { type: 'add', value: elements[Math.floor(rand() * elements.length)] }
          : { type: 'set', value: `v${Math.floor(rand() * 1000)}` };
      const label = k < 0 ? 'op' : op.type === 'set' ? `set ${keys[k]} = ${String(op.value)}` : `${op.type} ${String(op.value)} ${op.type === 'inc' ? 'to' : op.type === 'add' ? 'to' : 'from'} ${keys[k]}`;
      acc.add(r, 'op', k, op, [], label);
    } else if (p < 0.88) {
      const to = [(r + 1 + Math.floor(rand() * (R - 1))) % R];
      if (rand() < 0.15 && R > 2) to.push((to[0] + 1 + Math.floor(rand() * (R - 2))) % R);
      const uniq = [...new Set(to.filter((q) => q !== r))];
      const i = acc.add(r, 'send', -1, undefined, [], `send m${acc.n} to ${uniq.map((q) => replicas[q]).join(', ')}`);
      for (const q of uniq) inbox[q].push(i);
      msg++;
    } else if (p < 0.96) {
      const run = 1 + Math.floor(rand() * 5);
      for (let j = 0; j < run && acc.n < N; j++) acc.add(r, 'local', -1, undefined, [], `tick ${j + 1}`);
    } else {
      const q = (r + 1 + Math.floor(rand() * (R - 1))) % R;
      const from = acc.lastOf(q);
      acc.add(r, 'sync', -1, undefined, from >= 0 ? [from] : [], `sync from ${replicas[q]}`);
    }
    if (acc.n >= findingAt && acc.n > 0) {
      const [severity, kind, message] = FINDING_SAMPLES[Math.floor(rand() * FINDING_SAMPLES.length)];
      acc.addFinding(severity, kind, message, [acc.n - 1]);
      findingAt = acc.n + nextFinding();
    }
  }
  void msg;
  return acc.finish(`random-${N}x${R}`, 'causeway', `${N} random events on ${R} replicas (seed ${seed})`);
}
