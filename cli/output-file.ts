// Writing an output file without harming what is already there, for `convert`, `simulate -o` and
// the editor's Import/Convert: never onto an input (the same file under any name or link), never
// over an existing file unless asked, and through a temporary file beside it that takes the
// output's place only once it is complete.

import { randomBytes } from 'node:crypto';
import { realpathSync, renameSync, rmSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The output cannot or may not be written; the message says why and what to do instead. */
export class OutputRefused extends Error {}

export interface OutputOptions {
  /** Replace an existing regular file (never an input). */
  force?: boolean;
  /** Files being read for this output: the output may not be one of them. */
  inputs?: readonly string[];
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OutputRefused(`Cannot write ${path}: ${(e as Error).message}.`);
  }
}

/** Whether two existing paths name one file: same device and inode (hard links, symbolic links), or the same real path. */
function sameFile(a: Stats, aPath: string, bPath: string): boolean {
  const b = statOrUndefined(bPath);
  if (!b) return false;
  if (a.ino !== 0 && a.dev === b.dev && a.ino === b.ino) return true;
  return realpathSync(aPath) === realpathSync(bPath);
}

/** Throws OutputRefused when `path` may not be written as asked. */
export function checkOutput(path: string, options: OutputOptions = {}): void {
  const existing = statOrUndefined(path);
  if (!existing) return;
  const input = options.inputs?.find((i) => sameFile(existing, path, i));
  if (input !== undefined) {
    throw new OutputRefused(`${path} is the same file as the input ${input}: writing there would destroy the trace being read. Choose another output file.`);
  }
  if (!existing.isFile()) throw new OutputRefused(`${path} is ${existing.isDirectory() ? 'a folder' : 'not a regular file'}; name a regular file to write.`);
  if (!options.force) throw new OutputRefused(`${path} already exists; pass --force to replace it.`);
}

/** An output being written: content goes to `temporary`, which `commit` renames onto `path`. */
export class OutputFile {
  /** A new file beside the output (same folder, so the rename is atomic), created by whoever writes it. */
  readonly temporary: string;

  /** Checks that `path` may be written (see checkOutput); throws OutputRefused otherwise. */
  constructor(
    readonly path: string,
    options: OutputOptions = {},
  ) {
    checkOutput(path, options);
    this.temporary = join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  }

  /** The complete content takes the output's place. */
  commit(): void {
    renameSync(this.temporary, this.path);
  }

  /** The temporary file goes; the output is left as it was. */
  discard(): void {
    rmSync(this.temporary, { force: true });
  }
}
