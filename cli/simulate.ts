// `causeway simulate`: runs the simulator and streams its trace into a sink (a file, stdout),
// optionally paced in real time, then says on stderr what happened. Sinks take whole lines, so a
// live session is one more sink.

import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { configFromOptions } from '../engine/simulate/options';
import { paced } from '../engine/simulate/pace';
import { PRESETS } from '../engine/simulate/presets';
import { type SimulatedLine, Simulation, type SimulationStats } from '../engine/simulate/simulation';
import { SimulationConfigError } from '../engine/simulate/units';

export const SIMULATE_USAGE = `  causeway simulate [--preset NAME] [--replicas N|NAMES] [--objects KEY:TYPE,...] [--rate R]
      [--duration D] [--latency L] [--loss P] [--dup P] [--partition "A,B | C,D from 2s to 5s"]
      [--sync ops|state|delta] [--interval D] [--seed N] [--states] [--speed X] [-o OUT]
      Simulates replicas syncing CRDTs over a lossy network and writes the trace to OUT
      (stdout without -o); the same options and seed give the same trace. --list-presets
      lists the teaching presets; --speed paces the output (1 = real time).`;

/** Where simulated lines go, in order; `write` resolves when the sink can take more. */
export interface LineSink {
  write(line: SimulatedLine): Promise<void>;
  close(): Promise<void>;
}

/** Lines to a Node stream, batched unless each line must leave at once (paced output). */
class StreamSink implements LineSink {
  private batch = '';
  private failure: Error | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly eachLine: boolean,
    private readonly ownsStream: boolean,
  ) {
    stream.on('error', (e: Error) => (this.failure = e));
  }

  async write(line: SimulatedLine): Promise<void> {
    this.batch += `${line.text}\n`;
    if (this.eachLine || this.batch.length >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.batch;
    this.batch = '';
    if (chunk !== '' && !this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    if (!this.ownsStream) return;
    this.stream.end();
    await once(this.stream, 'finish');
    if (this.failure) throw this.failure;
  }
}

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

/** The sink for the run: OUT, else stdout; paced runs write each line as it comes. */
function openSink(output: string | undefined, paced: boolean): LineSink {
  return output === undefined ? new StreamSink(process.stdout, paced, false) : new StreamSink(createWriteStream(output), paced, true);
}

/** `causeway simulate ARGS`: exit 0 when the trace was written (2 for bad arguments, thrown). */
export async function runSimulate(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  if (positionals.length > 0) throw new SimulationConfigError(`simulate takes no FILE ("${positionals[0]}"); write the trace with -o OUT.`);
  if (values['list-presets']) {
    process.stdout.write(`${presetList()}\n`);
    return 0;
  }
  const { states, speed: speedText, output, 'list-presets': _list, ...settings } = values;
  const speed = parseSpeed(speedText);
  const simulation = new Simulation({ ...configFromOptions(settings), recordStates: states });
  const sink = openSink(output, speed !== undefined);
  const pacing = { speed: speed ?? 1, now: () => performance.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
  try {
    if (speed === undefined) for (const line of simulation.lines()) await sink.write(line);
    else for await (const line of paced(simulation.lines(), pacing)) await sink.write(line);
    await sink.close();
  } catch (e) {
    // A reader that goes away (`causeway simulate | head`) ends the run quietly.
    if ((e as { code?: string }).code === 'EPIPE') return 0;
    throw e;
  }
  process.stderr.write(`${output ? `Wrote ${output}: ` : ''}${summary(simulation.stats, simulation.replicas.length)}\n`);
  return 0;
}
