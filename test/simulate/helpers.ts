// Shared by the simulator's tests: run a simulation to its lines, and replay them in the engine
// with every check (the structural ones and the state replay's), as a user's trace would be.

import { analyzeTrace, type Analysis } from '../../engine/analysis/analyze';
import type { SimulationConfig } from '../../engine/simulate/config';
import { Simulation, type SimulationStats } from '../../engine/simulate/simulation';
import type { Finding } from '../../engine/trace/diagnostics';
import { readText } from '../helpers/load';

export interface Replayed {
  lines: string[];
  stats: SimulationStats;
  analysis: Analysis;
  /** The structural findings and the state replay's. */
  findings: Finding[];
  /** Each replica's final value of every object, as JSON text. */
  finalValues: string[];
}

export function runSimulation(config: SimulationConfig): { lines: string[]; stats: SimulationStats } {
  const simulation = new Simulation(config);
  const lines = [...simulation.lines()].map((line) => line.text);
  return { lines, stats: simulation.stats };
}

/** Simulates `config` (recording states, so the engine checks them too) and replays the trace. */
export function simulateAndReplay(config: SimulationConfig): Replayed {
  const { lines, stats } = runSimulation({ ...config, recordStates: true });
  const file = readText(`${lines.join('\n')}\n`);
  const analysis = analyzeTrace(file.executions[0]);
  const states = analysis.states();
  const findings = [...file.findings, ...analysis.findings, ...states.findings];
  const finalValues = states.replay.finalStates.map((row) => JSON.stringify(row.map((crdt) => crdt.value())));
  return { lines, stats, analysis, findings, finalValues };
}

export function errorsOf(findings: readonly Finding[]): string[] {
  return findings.filter((f) => f.severity === 'error').map((f) => `${f.kind}: ${f.message}`);
}

export function kindsOf(findings: readonly Finding[]): Set<string> {
  return new Set(findings.map((f) => f.kind));
}
