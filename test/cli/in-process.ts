// Runs the causeway CLI in this process through runCli, collecting what it writes, so tests and
// the fuzz suite can try many inputs without starting a process for each.

import { Writable } from 'node:stream';
import { runCli } from '../../cli/main';

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it as text. */
class TextSink extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** `causeway ...args`, in-process: its exit status and its output. */
export async function cliInProcess(...args: string[]): Promise<CliRun> {
  const stdout = new TextSink();
  const stderr = new TextSink();
  const status = await runCli(args, { stdout, stderr });
  return { status, stdout: stdout.text, stderr: stderr.text };
}
