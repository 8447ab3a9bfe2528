// A sink that writes a native trace file (`*.causal.jsonl`): the header, a declaration of each
// tracer's objects, then the events of every tracer that shares it, numbered per replica.

import { RecordingWriter } from '../extension/live/recording';
import type { ObjectTypes } from '../extension/live/protocol';
import { lineWithSeq, type TracedEvent, type TraceSink } from './sink';

export interface FileSinkOptions {
  /** The trace's name and one-line description (the header's `name` and `description`). */
  name?: string;
  description?: string;
}

export class FileSink implements TraceSink {
  private readonly seqs = new Map<string, number>();
  private tracers = 0;

  constructor(private readonly writer: RecordingWriter) {}

  get path(): string {
    return this.writer.path;
  }

  attach(replica: string, objects?: ObjectTypes): void {
    const conflicting = objects ? this.writer.declare(objects) : [];
    if (conflicting.length > 0) throw new TypeError(`${replica} declares ${conflicting.map((key) => `"${key}"`).join(', ')} with another type than an earlier tracer of this file.`);
    this.tracers++;
  }

  write(event: TracedEvent): void {
    const seq = (this.seqs.get(event.replica) ?? 0) + 1;
    this.seqs.set(event.replica, seq);
    this.writer.append(lineWithSeq(JSON.stringify(event), seq));
  }

  flush(): Promise<void> {
    return this.writer.written();
  }

  async release(): Promise<void> {
    if (--this.tracers === 0) await this.writer.close();
    else await this.flush();
  }
}

/** Creates (or replaces) the trace file at `path`; share the sink between the tracers of one process. */
export async function fileSink(path: string, options: FileSinkOptions = {}): Promise<FileSink> {
  const header: Record<string, unknown> = {};
  if (options.name !== undefined) header['name'] = options.name;
  if (options.description !== undefined) header['description'] = options.description;
  return new FileSink(await RecordingWriter.open(path, { header }));
}
