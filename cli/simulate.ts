// `causeway simulate`: runs the simulator and streams its trace into a sink (a file, stdout, or a
// live session in VS Code), optionally paced in real time, then says on stderr what happened.

import { createWriteStream } from 'node:fs';
import { parseArgs } from 'node:util';
import type { CliIO } from './cli-io';
import { OutputFile } from './output-file';
import { configFromOptions } from '../engine/simulate/options';
import { PRESETS } from '../engine/simulate/presets';
import { Simulation, type SimulationStats } from '../engine/simulate/simulation';
import { SimulationConfigError } from '../engine/simulate/units';
import { type LineSink, LiveSessionSink, StreamSink, streamSimulation } from './simulation-stream';

export const SIMULATE_USAGE = `  causeway simulate [--preset NAME] [--replicas N|NAMES] [--objects KEY:TYPE,...] [--rate R]
      [--duration D] [--latency L] [--loss P] [--dup P] [--partition "A,B | C,D from 2s to 5s"]
      [--sync ops|state|delta] [--interval D] [--seed N] [--states] [--speed X]
      [-o OUT [--force] | --live PORT --token T]
      Simulates replicas syncing CRDTs over a lossy network and writes the trace to OUT
      (stdout without -o), or streams it into a live session ("Causeway: Start Live
      Session" shows its port and token; real time unless --speed says). The same options
      and seed give the same trace. --list-presets lists the teaching presets; --speed paces
      the output (1 = real time). An existing OUT is replaced only with --force.`;

const OPTIONS = {
  preset: { type: 'string' },
  replicas: { type: 'string' },
  objects: { type: 'string' },
  rate: { type: 'string' },
  duration: { type: 'string' },
  latency: { type: 'string' },
  loss: { type: 'string' },
  dup: { type: 'string' },
  partition: { type: 'string' },
  sync: { type: 'string' },
  interval: { type: 'string' },
  seed: { type: 'string' },
  states: { type: 'boolean', default: false },
  speed: { type: 'string' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean', default: false },
  live: { type: 'string' },
  token: { type: 'string' },
  'list-presets': { type: 'boolean', default: false },
} as const;

function presetList(): string {
  const width = Math.max(...PRESETS.map((p) => p.name.length));
  return PRESETS.map((p) => `${p.name.padEnd(width)}  ${p.title}\n${' '.repeat(width + 2)}${p.config.description}`).join('\n');
}

function parseSpeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const speed = Number(text);
  if (!(speed > 0) || !Number.isFinite(speed)) throw new SimulationConfigError(`speed: "${text}" is not a positive number (1 is real time).`);
  return speed;
}

function summary(stats: SimulationStats, replicas: number): string {
  const convergence = stats.convergedMs === undefined
    ? 'did NOT converge within the time limit'
    : `converged ${(stats.convergedMs - stats.lastWriteMs).toFixed(1)} ms after the last write`;
  return (
    `${replicas} replicas: ${stats.events} events, ${stats.operations} operations, ${stats.messages} sends ` +
    `(${stats.lost} copies lost, ${stats.duplicated} duplicated, ${stats.cut} cut by partitions); ${convergence}.`
  );
}

/** The sink for the run: a live session, OUT (through its temporary file), else stdout; paced runs write each line as it comes. */
function openSink(output: OutputFile | undefined, live: { port: number; token: string } | undefined, paced: boolean, io: CliIO): LineSink {
  if (live) return new LiveSessionSink(live);
  return output === undefined ? new StreamSink(io.stdout, paced, false) : new StreamSink(createWriteStream(output.temporary, { flags: 'wx' }), paced, true);
}

/** `--live PORT --token T`, checked. */
function liveSession(port: string | undefined, token: string | undefined, output: string | undefined): { port: number; token: string } | undefined {
  if (port === undefined && token === undefined) return undefined;
  if (port === undefined || token === undefined) throw new SimulationConfigError('--live PORT and --token T go together (both are shown by "Causeway: Start Live Session").');
  if (output !== undefined) throw new SimulationConfigError('write to a file (-o) or to a live session (--live), not both.');
  const n = Number(port);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new SimulationConfigError(`live: "${port}" is not a port number (1 to 65535).`);
  return { port: n, token };
}

/** `causeway simulate ARGS`: exit 0 when the trace was written (2 for bad arguments, thrown). */
export async function runSimulate(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw new SimulationConfigError(`simulate takes no FILE ("${positionals[0]}"); write the trace with -o OUT.`);
  if (values['list-presets']) {
    io.stdout.write(`${presetList()}\n`);
    return 0;
  }
  const { states, speed: speedText, output, force, live: livePort, token, 'list-presets': _list, ...settings } = values;
  const live = liveSession(livePort, token, output);
  const speed = parseSpeed(speedText) ?? (live ? 1 : undefined);
  const simulation = new Simulation({ ...configFromOptions(settings), recordStates: states });
  const outputFile = output === undefined ? undefined : new OutputFile(output, { force });
  try {
    await streamSimulation(simulation, openSink(outputFile, live, speed !== undefined, io), { speed });
    outputFile?.commit();
  } catch (e) {
    outputFile?.discard();
    // A reader that goes away (`causeway simulate | head`) ends the run quietly.
    if ((e as { code?: string }).code === 'EPIPE') return 0;
    throw e;
  }
  io.stderr.write(`${output ? `Wrote ${output}: ` : live ? `Streamed to the live session on 127.0.0.1:${live.port}: ` : ''}${summary(simulation.stats, simulation.replicas.length)}\n`);
  return 0;
}
