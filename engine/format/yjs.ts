// Yjs histories, decoded by `yjs` itself: a lone binary update (`Y.encodeStateAsUpdate`, `*.yjs`,
// `*.ydoc`) and a log of updates (`*.yjs.jsonl`: one JSON object a line, `{"update": base64,
// "replica"?: string, "time"?: epoch ms, "origin"?: string}`, as the capture adapter writes it).

import { protobuf, yjs } from './libraries';
import type { TraceFile } from '../trace/model';
import { WholeFileReader } from './binary-file';
import { FindingLog } from './pending';
import { decodeYjsUpdate, type YjsStep, yjsTrace } from './yjs-history';
import { snapshotSteps } from './yjs-snapshot';
import { type ReadOptions, type TraceFormat, TraceReadError } from './types';

const EXPECTED_UPDATE = 'a Yjs update as `Y.encodeStateAsUpdate` writes it';
const EXPECTED_LOG = 'Yjs updates, one JSON object a line: {"update": "<base64>", "replica": "...", "time": <epoch ms>, "origin": "..."}';

/** Bytes of a buffer that the decoded updates of a log share. */
const SHARED_BUFFER_BYTES = 1 << 16;

/**
 * The decoded updates of a log, written one after another into shared buffers: an ArrayBuffer per
 * line (a hundred thousand of them in a long log) costs the garbage collector far more than its bytes.
 */
class DecodedUpdates {
  private buffer = new Uint8Array(0);
  private used = 0;

  /** The bytes of base64 text, or undefined when it is not base64. */
  fromBase64(text: string): Uint8Array | undefined {
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) return undefined;
    const length = protobuf().util.base64.length(text);
    if (this.used + length > this.buffer.length) {
      this.buffer = new Uint8Array(Math.max(SHARED_BUFFER_BYTES, length));
      this.used = 0;
    }
    const bytes = this.buffer.subarray(this.used, this.used + length);
    protobuf().util.base64.decode(text, this.buffer, this.used);
    this.used += length;
    return bytes;
  }
}

/** The first line is an object whose `update` is base64 that Yjs decodes. */
function detectLog(head: string): number {
  const first = head.slice(0, head.indexOf('\n') < 0 ? head.length : head.indexOf('\n')).trim();
  if (!first.startsWith('{') || !first.includes('"update"')) return 0;
  try {
    const line: unknown = JSON.parse(first);
    const update = typeof line === 'object' && line !== null ? (line as { update?: unknown }).update : undefined;
    const bytes = typeof update === 'string' ? new DecodedUpdates().fromBase64(update) : undefined;
    if (!bytes) return 0;
    yjs().decodeUpdate(bytes);
    return 0.9;
  } catch {
    return 0;
  }
}

function readLog(bytes: Uint8Array, options: ReadOptions): TraceFile {
  const log = new FindingLog();
  const steps: YjsStep[] = [];
  const updates = new DecodedUpdates();
  new TextDecoder().decode(bytes).split('\n').forEach((lineText, n) => {
    const line = n + 1;
    if (lineText.trim() === '') return;
    log.guard(line, () => {
      const entry: unknown = JSON.parse(lineText);
      const fields = (typeof entry === 'object' && entry !== null && !Array.isArray(entry) ? entry : {}) as Record<string, unknown>;
      const update = typeof fields['update'] === 'string' ? updates.fromBase64(fields['update']) : undefined;
      if (!update) {
        log.add('error', 'parse-error', line, `Line ${line} has no "update" in base64; it is skipped.`);
        return;
      }
      const content = decodeYjsUpdate(update, line, log);
      if (!content) return;
      const text = (key: string) => (typeof fields[key] === 'string' ? (fields[key] as string) : undefined);
      const time = typeof fields['time'] === 'number' && Number.isFinite(fields['time']) ? fields['time'] : undefined;
      // Every step built with the same fields in the same order: one shape, read fast later on.
      steps.push({ structs: content.structs, deletes: content.deletes, bytes: update, line, replica: text('replica'), origin: text('origin'), time });
    });
  });
  if (steps.length === 0 && log.list.length > 0) throw new TraceReadError(`${log.list[0].message} Expected ${EXPECTED_LOG}.`, log.list[0].line);
  return { format: 'yjs-log', executions: [yjsTrace(options.name ?? '', steps, log)], findings: log.flush() };
}

function readUpdate(bytes: Uint8Array, options: ReadOptions): TraceFile {
  const log = new FindingLog();
  const content = decodeYjsUpdate(bytes, 1, log);
  if (!content) throw new TraceReadError(`${log.list[0].message} Expected ${EXPECTED_UPDATE}.`, 0);
  const description = 'One Yjs update: each client’s run of items is an event; the update does not say when its deletions happened, so the document is shown after the last run.';
  return { format: 'yjs', executions: [yjsTrace(options.name ?? '', snapshotSteps(bytes, content), log, description)], findings: log.flush() };
}

export const yjsUpdateFormat: TraceFormat = {
  id: 'yjs',
  title: 'Yjs update',
  expected: EXPECTED_UPDATE,
  extensions: ['yjs', 'ydoc'],
  extensionsDecide: true,
  // Binary: its head as text shows nothing reliable, so the file name decides.
  detect: () => 0,
  createReader: (options) => new WholeFileReader((bytes) => readUpdate(bytes, options), { library: 'Yjs', expected: EXPECTED_UPDATE }),
};

export const yjsLogFormat: TraceFormat = {
  id: 'yjs-log',
  title: 'Yjs update log (JSON Lines)',
  expected: EXPECTED_LOG,
  extensions: ['yjs.jsonl'],
  detect: detectLog,
  createReader: (options) => new WholeFileReader((bytes) => readLog(bytes, options), { library: 'Yjs', expected: EXPECTED_LOG }),
};
