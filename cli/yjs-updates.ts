// `causeway convert ... -o OUT.yjs.jsonl`: writes an update log Causeway opens as a Yjs history,
// from a folder of binary Yjs updates (one update a file, as a y-indexeddb, y-leveldb or
// y-websocket store dumps them; one `{"update": base64}` line per file, in the order of the files'
// names) or from a recording of causeway/client's captureYjs (each replica's own updates, with
// their replica, time and origin). Every update is checked with Yjs itself; the output is written
// safely (never onto an input, --force to replace).

import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { yjs } from '../engine/format/libraries';
import type { YjsUpdateLine } from '../client/yjs-update-log';
import { LineSplitter } from '../engine/format/lines';
import { OutputFile, OutputRefused } from './output-file';
import { groupedCount } from '../engine/util/count-text';

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
  const lines = files.map((file) => {
    const bytes = readFileSync(file);
    checkUpdate(bytes, file, 'take it out of the folder or replace it');
    return { update: bytes.toString('base64') };
  });
  writeUpdateLog(output, lines, files, force);
  return files.length;
}

/**
 * Reads a native recording of captureYjs events and writes each replica's own updates
 * (`fields.update`; the updates it applied from others are left out, they are someone's own) as
 * an update log; returns the number of updates.
 */
export function convertYjsRecording(input: string, output: string, force = false): number {
  const lines: YjsUpdateLine[] = [];
  eachLine(input, (text, line) => {
    let event: { kind?: unknown; replica?: unknown; time?: unknown; fields?: { update?: unknown; origin?: unknown } };
    try {
      event = JSON.parse(text);
    } catch {
      throw new OutputRefused(`Line ${line} of ${input} is not JSON: a recording of captureYjs holds one JSON event a line.`);
    }
    const update = event?.fields?.update;
    if (typeof update !== 'string') return;
    checkUpdate(Buffer.from(update, 'base64'), `fields.update of line ${line} of ${input}`, 'correct or remove the line');
    const converted: YjsUpdateLine = { update };
    if (typeof event.replica === 'string') converted.replica = event.replica;
    if (typeof event.time === 'number') converted.time = event.time;
    if (typeof event.fields!.origin === 'string') converted.origin = event.fields!.origin;
    lines.push(converted);
  });
  if (lines.length === 0) throw new OutputRefused(`${input} holds no Yjs updates (events with a base64 "update" in their fields, as causeway/client's captureYjs records them).`);
  writeUpdateLog(output, lines, [input], force);
  return lines.length;
}

/** Calls `visit` with each non-empty line of `path` and its number, reading the file a chunk at a time. */
function eachLine(path: string, visit: (text: string, line: number) => void): void {
  const splitter = new LineSplitter((text, line) => text.trim() !== '' && visit(text, line));
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 20);
    for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) splitter.push(chunk.subarray(0, n));
    splitter.end();
  } finally {
    closeSync(fd);
  }
}

/** Throws OutputRefused, naming `where` and what to do, unless Yjs reads `bytes` as an update. */
function checkUpdate(bytes: Uint8Array, where: string, remedy: string): void {
  try {
    yjs().decodeUpdate(bytes);
  } catch (error) {
    throw new OutputRefused(`${where} is not a Yjs update (Yjs cannot read it: ${(error as Error).message}); ${remedy}.`);
  }
}

/** Writes the update log through a temporary file that takes the output's place once complete. */
function writeUpdateLog(output: string, lines: readonly YjsUpdateLine[], inputs: readonly string[], force: boolean): void {
  const out = new OutputFile(output, { force, inputs });
  try {
    writeFileSync(out.temporary, lines.map((line) => `${JSON.stringify(line)}\n`).join(''), { flag: 'wx' });
    out.commit();
  } catch (error) {
    out.discard();
    throw error;
  }
}

/** Whether `causeway convert` writes an update log: the output is named *.yjs.jsonl. */
export function isUpdateLogName(output: string): boolean {
  return UPDATE_LOG.test(output);
}

/** `causeway convert IN -o OUT.yjs.jsonl` (IN a folder of updates or a captureYjs recording): converts and says what it wrote. */
export function runYjsConvert(input: string, output: string, force = false): number {
  const folder = statSync(input, { throwIfNoEntry: false })?.isDirectory() === true;
  const updates = folder ? convertYjsUpdateFolder(input, output, force) : convertYjsRecording(input, output, force);
  const from = folder ? `the files of ${input}, in the order of their names` : `the recording ${input}`;
  process.stderr.write(`Wrote ${output}: ${groupedCount(updates)} Yjs updates from ${from}.\n`);
  return 0;
}
