// Runs a simulation into a sink, shared by `causeway simulate` and the editor's "Causeway:
// Simulate..." command: a file or stdout (batched), or a live session (one causeway/client live
// sink per replica, so each replica's hello names it); paced in real time or not; cancellable.

import { once } from 'node:events';
import { liveSink, type LiveSink } from '../client/live-sink';
import type { TracedEvent } from '../client/sink';
import { paced } from '../engine/simulate/pace';
import type { SimulatedLine, Simulation } from '../engine/simulate/simulation';
import type { ObjectSpec } from '../engine/trace/model';

/** Where simulated lines go, in order; `write` resolves when the sink can take more. */
export interface LineSink {
  write(line: SimulatedLine): Promise<void>;
  close(): Promise<void>;
}

/** Lines to a Node stream, batched unless each line must leave at once (paced output). */
export class StreamSink implements LineSink {
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

/** Events waiting in a replica's live sink before the simulation waits for it to send them. */
const LIVE_FLUSH_EVERY = 1000;

/**
 * Lines to a live session: the header's object types go in each replica's hello, every event
 * through that replica's own live sink (which numbers it with `seq` as the simulation did).
 */
export class LiveSessionSink implements LineSink {
  private readonly sinks = new Map<string, LiveSink>();
  private objects: Record<string, ObjectSpec> = {};
  private unflushed = 0;
  private failure: Error | undefined;

  constructor(private readonly session: { port: number; token: string; host?: string }) {}

  async write(line: SimulatedLine): Promise<void> {
    if (this.failure) throw this.failure;
    if (line.replica === undefined) {
      this.objects = (JSON.parse(line.text) as { objects?: Record<string, ObjectSpec> }).objects ?? {};
      return;
    }
    const { seq: _numberedBySink, ...event } = JSON.parse(line.text) as TracedEvent & { seq?: number };
    this.sinkOf(line.replica).write(event);
    if (++this.unflushed >= LIVE_FLUSH_EVERY) {
      this.unflushed = 0;
      await Promise.all([...this.sinks.values()].map((s) => s.flush()));
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.sinks.values()].map((sink) => sink.release()));
    if (this.failure) throw this.failure;
  }

  private sinkOf(replica: string): LiveSink {
    let sink = this.sinks.get(replica);
    if (!sink) {
      sink = liveSink({ ...this.session, onError: (error) => (this.failure ??= error) });
      sink.attach(replica, this.objects);
      this.sinks.set(replica, sink);
    }
    return sink;
  }
}

export interface StreamOptions {
  /** Virtual ms per real ms (1 = real time); unpaced when absent. */
  speed?: number;
  /** Stops the run between two lines. */
  signal?: AbortSignal;
  /** After each line (progress). */
  onLine?: (line: SimulatedLine) => void;
}

/** Writes every line of the simulation into the sink and closes it (also when stopped or failing). */
export async function streamSimulation(simulation: Simulation, sink: LineSink, options: StreamOptions = {}): Promise<void> {
  const pacing = { speed: options.speed ?? 1, now: () => performance.now(), sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)) };
  const lines = options.speed === undefined ? simulation.lines() : paced(simulation.lines(), pacing);
  try {
    for await (const line of lines) {
      if (options.signal?.aborted) break;
      await sink.write(line);
      options.onLine?.(line);
    }
  } finally {
    await sink.close();
  }
}
