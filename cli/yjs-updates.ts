// `causeway convert FOLDER -o OUT.yjs.jsonl`: a folder of binary Yjs updates (one update a file,
// as a y-indexeddb, y-leveldb or y-websocket store dumps them) becomes an update log Causeway
// opens, one `{"update": base64}` line per file, in the order of the files' names. Each file is
// checked with Yjs itself; the output is written safely (never onto an input, --force to replace).

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Y from 'yjs';
import { OutputFile, OutputRefused } from './output-file';

/** The files of a folder that hold one binary update each. */
const UPDATE_FILE = /\.(bin|yjs)$/i;
/** The output's name: an update log. */
const UPDATE_LOG = /\.yjs\.jsonl$/i;

/** File names in update order: by name, numbers within names compared as numbers (2.bin before 10.bin). */
export function updateFileOrder(names: readonly string[]): string[] {
  const collator = new Intl.Collator('en', { numeric: true });
  return names.filter((name) => UPDATE_FILE.test(name)).sort(collator.compare);
}

/** Reads every update file of `folder` (checking each with Yjs) and writes the update log `output`; returns the number of updates. */
export function convertYjsUpdateFolder(folder: string, output: string, force = false): number {
  if (!UPDATE_LOG.test(output)) {
    throw new OutputRefused(`${folder} is a folder: causeway convert reads a folder as binary Yjs updates (*.bin, *.yjs) and writes them as an update log; name the output *.yjs.jsonl.`);
  }
  const files = updateFileOrder(readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name)).map((name) => join(folder, name));
  if (files.length === 0) throw new OutputRefused(`${folder} holds no binary Yjs updates (files named *.bin or *.yjs).`);
  const lines = files.map((file) => `${JSON.stringify({ update: checkedUpdate(file).toString('base64') })}\n`);
  const out = new OutputFile(output, { force, inputs: files });
  try {
    writeFileSync(out.temporary, lines.join(''), { flag: 'wx' });
    out.commit();
  } catch (error) {
    out.discard();
    throw error;
  }
  return files.length;
}

/** The bytes of `file`, once Yjs has read them as an update. */
function checkedUpdate(file: string): Buffer {
  const bytes = readFileSync(file);
  try {
    Y.decodeUpdate(bytes);
  } catch (error) {
    throw new OutputRefused(`${file} is not a Yjs update (Yjs cannot read it: ${(error as Error).message}); take it out of the folder or replace it.`);
  }
  return bytes;
}

/** `causeway convert FOLDER -o OUT.yjs.jsonl`: converts and says what it wrote. */
export function runYjsFolderConvert(folder: string, output: string, force = false): number {
  const updates = convertYjsUpdateFolder(folder, output, force);
  process.stderr.write(`Wrote ${output}: ${updates.toLocaleString('en-US')} Yjs updates from ${folder}, in the order of their file names.\n`);
  return 0;
}
