// The seed document's two measurement tables, reproduced with the simulator and measured by the
// engine on the traces it writes: convergence after the last write for 2 to 64 replicas on a
// local network, and delta-state against full-state bytes after 1 to 100 updates of a ~10 KB
// state. Prints both tables with the seed's figures beside ours; returns the figures for the
// final JSON line of `npm run bench`. Alone: `node --import tsx bench/simulate.ts`.

import { analyzeTrace, type Analysis } from '../engine/analysis/analyze';
import { nativeFormat } from '../engine/format/native';
import { type ScriptedOp, type SimulationConfig, SYNC_MODES, type SyncMode } from '../engine/simulate/config';
import { Simulation } from '../engine/simulate/simulation';
import { SIMULATION_EPOCH_US } from '../engine/simulate/trace-lines';
import { prng } from '../engine/util/prng';

const REPLICA_COUNTS = [2, 5, 10, 20, 64];
/** The seed's convergence bounds (ms) on a local network, per replica count. */
const SEED_CONVERGENCE_MS: Record<number, number> = { 2: 100, 5: 300, 10: 500, 20: 800, 64: 1000 };
const SEEDS = [1, 2, 3];
const UPDATE_COUNTS = [1, 10, 50, 100];
/** The seed's delta-state savings (% fewer bytes than the full state), per number of updates. */
const SEED_SAVING_PCT: Record<number, number> = { 1: 95, 10: 80, 50: 40, 100: 10 };

/** A local network: one-way latency 0.5 to 2 ms; timers every 50 ms. */
const LOCAL_NETWORK: Pick<SimulationConfig, 'latency' | 'duplication' | 'syncIntervalMs'> = {
  latency: { kind: 'uniform', minMs: 0.5, maxMs: 2 },
  duplication: 0,
  syncIntervalMs: 50,
};
/** Convergence is measured without loss, then with 1% of message copies lost (repaired by the timers). */
const LOSSES = [0, 0.01];

function simulateAndAnalyze(config: SimulationConfig): Analysis {
  const lines = [...new Simulation(config).lines()].map((line) => line.text);
  const reader = nativeFormat.createReader({});
  reader.push(new TextEncoder().encode(`${lines.join('\n')}\n`));
  return analyzeTrace(reader.finish().executions[0], { measureSyncs: true });
}

interface Convergence {
  events: number;
  ms: number;
}

/** Convergence after the last write, the worst of several seeds: 100 writes/s for 1 s on a cart and a tag set. */
function convergenceAfterLastWrite(replicas: number, sync: SyncMode, loss: number): Convergence {
  let worst: Convergence = { events: 0, ms: 0 };
  for (const seed of SEEDS) {
    const { convergence } = simulateAndAnalyze({
      ...LOCAL_NETWORK,
      replicas,
      objects: { cart: { type: 'pn-counter' }, tags: { type: 'or-set' } },
      rate: { opsPerSecond: 100, perReplica: false },
      durationMs: 1000,
      loss,
      partitions: [],
      sync,
      seed,
    }).metrics;
    if (!convergence.converged) throw new Error(`${replicas} replicas, ${sync} sync, seed ${seed}: did not converge`);
    const ms = Number(convergence.wallMs!.toFixed(3));
    if (ms > worst.ms) worst = { events: convergence.events, ms };
  }
  return worst;
}

const FIELDS = 100;
const field = (k: number) => `field-${String(k).padStart(3, '0')}`;
const text = (k: number, revision: number) => `document-paragraph-${String(k).padStart(3, '0')}-rev-${String(revision).padStart(4, '0')}`;

/**
 * Delta against full state: A writes a document of 100 fields (an LWW-Map, ~10 KB) that B
 * receives; a partition then cuts them apart while A makes `updates` writes to random fields;
 * after it heals, A's delta sync brings B up to date. The engine measures that sync: the bytes of
 * the join of the deltas B lacked, against A's whole state.
 */
function deltaAgainstFull(updates: number): { deltaBytes: number; fullBytes: number } {
  const pick = prng(updates);
  const script: ScriptedOp[] = [
    ...Array.from({ length: FIELDS }, (_, k) => ({ atMs: k, replica: 'A', key: 'doc', op: { type: 'set', field: field(k), value: text(k, 0) } })),
    ...Array.from({ length: updates }, (_, n) => {
      const k = Math.floor(pick() * FIELDS);
      return { atMs: 1000 + n, replica: 'A', key: 'doc', op: { type: 'set', field: field(k), value: text(k, n + 1) } };
    }),
  ];
  const healMs = 2000;
  const analysis = simulateAndAnalyze({
    ...LOCAL_NETWORK,
    replicas: ['A', 'B'],
    objects: { doc: { type: 'lww-map' } },
    rate: { opsPerSecond: 0, perReplica: false },
    durationMs: 1000 + updates + 1,
    loss: 0,
    partitions: [{ groups: [['A'], ['B']], fromMs: 900, toMs: healMs }],
    sync: 'delta',
    seed: 1,
    script,
  });
  const { trace } = analysis;
  const afterHeal = analysis.states().replay.syncs.filter((s) => s.deltaBytes > 0 && trace.time[s.event] >= SIMULATION_EPOCH_US / 1000 + healMs);
  if (afterHeal.length !== 1) throw new Error(`${updates} updates: expected one sync after the partition, found ${afterHeal.length}`);
  return afterHeal[0];
}

const pad = (value: string | number, width: number) => String(value).padStart(width);

/** Runs both tables, prints them, and returns their figures by name. */
export function simulationBenchmarks(print: (line: string) => void = console.log): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const loss of LOSSES) {
    print('');
    print(`Convergence after the last write (simulated local network: latency uniform:0.5-2ms, ${loss * 100}% loss; 100 writes/s for 1 s; worst of ${SEEDS.length} seeds)`);
    print(`${pad('replicas', 8)} ${pad('seed', 9)} ${SYNC_MODES.map((m) => `${pad(`${m}: events`, 14)} ${pad('ms', 7)}`).join(' ')}`);
    for (const replicas of REPLICA_COUNTS) {
      const cells = SYNC_MODES.map((sync) => {
        const { events, ms } = convergenceAfterLastWrite(replicas, sync, loss);
        const name = `simConverge_${sync}_${replicas}r${loss > 0 ? `_loss${loss * 100}` : ''}`;
        figures[`${name}_ms`] = ms;
        figures[`${name}_events`] = events;
        return `${pad(events, 14)} ${pad(ms.toFixed(1), 7)}`;
      });
      print(`${pad(replicas, 8)} ${pad(`<${SEED_CONVERGENCE_MS[replicas]} ms`, 9)} ${cells.join(' ')}`);
    }
  }
  print('');
  print(`Delta-state vs full-state bytes (an LWW-Map of ${FIELDS} fields; updates to random fields; measured by the engine on the simulated sync)`);
  print(`${pad('updates', 7)} ${pad('full bytes', 10)} ${pad('delta bytes', 11)} ${pad('saving', 7)} ${pad('seed', 6)}`);
  for (const updates of UPDATE_COUNTS) {
    const { deltaBytes, fullBytes } = deltaAgainstFull(updates);
    const saving = 100 * (1 - deltaBytes / fullBytes);
    figures[`deltaSavingPct_${updates}`] = Number(saving.toFixed(1));
    figures[`deltaBytes_${updates}`] = deltaBytes;
    figures[`fullStateBytes_${updates}`] = fullBytes;
    print(`${pad(updates, 7)} ${pad(fullBytes, 10)} ${pad(deltaBytes, 11)} ${pad(`${saving.toFixed(1)}%`, 7)} ${pad(`${SEED_SAVING_PCT[updates]}%`, 6)}`);
  }
  return figures;
}

if (process.argv[1]?.endsWith('simulate.ts')) console.log(JSON.stringify(simulationBenchmarks()));
