// Any NDJSON trace read through a user's mapping (ndjson-mapping.ts), given as the file's first line
// `{"causeway-mapping": {...}}`, or in ReadOptions.mapping (a sidecar NAME.causeway.json, --mapping).
// Also the reader of built-in mappings (etcd-raft.ts).
//
// Message identity: a send and a receive carry the same message when they name the same sender and
// receiver and their values at the mapping's `message` paths are equal (the whole value, as JSON).
// Without a clock, receives take the sends of their message first in, first out, in line order (one
// process wrote the file, in the order things happened); a receive beyond the sends of its message
// is a re-delivery of the last one. With a clock, a receive takes the latest undelivered send its
// clock covers (tlaplus-packets.ts). Only a receive for which the file holds no send of its message
// at all gets an id of its own, reported as a receive of an unknown message.

import type { Json } from '../crdt/types';
import type { TraceFile } from '../trace/model';
import { tooDeepRecordProblem } from '../util/json-depth';
import { readClockObject } from './clock-json';
import { traceFromClocks } from './clock-trace';
import { isRecord } from './json-text';
import { LineSplitter } from './lines';
import { MAPPING_KEY, type NdjsonMapping, parseMapping, parseMappingText, valueAt } from './ndjson-mapping';
import { FindingLog, PendingEvents, type PendingExtra, quoted } from './pending';
import { matchPackets, type Packet } from './tlaplus-packets';
import type { ReadOptions, TraceFormat, TraceReader } from './types';
import { TraceReadError } from './types';

export const ndjsonMappedFormat: TraceFormat = {
  id: 'ndjson',
  title: 'NDJSON trace with a Causeway mapping',
  expected: 'JSON lines read through a mapping: a first line {"causeway-mapping": {"replica": "nodeID", ...}} or a sidecar NAME.causeway.json',
  extensions: [],
  detect: (head) => (new RegExp(`^[\\s\\uFEFF]*\\{\\s*"${MAPPING_KEY}"\\s*:`).test(head) ? 1 : 0),
  createReader: (options) => new MappedNdjsonReader('ndjson', options.mapping === undefined ? undefined : parseMappingText(options.mapping, 'The mapping'), options),
};

/** A replica name from a JSON value: text, or a number written as text. */
function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  return typeof value === 'number' && Number.isFinite(value) ? String(value) : undefined;
}

export class MappedNdjsonReader implements TraceReader {
  private readonly lines: LineSplitter;
  private readonly pending = new PendingEvents();
  private readonly log = new FindingLog();
  private readonly sends: Packet[] = [];
  private readonly receives: Packet[] = [];
  private seenContent = false;

  /** `mapping` undefined: the file's first line must hold it. */
  constructor(
    private readonly format: string,
    private mapping: NdjsonMapping | undefined,
    private readonly options: ReadOptions,
  ) {
    this.lines = new LineSplitter((text, line, offset, length) => this.readLine(text, line, offset, length));
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  finish(): TraceFile {
    this.lines.end();
    if (this.mapping?.clock) matchPackets(this.sends, this.receives);
    else pairInLineOrder(this.sends, this.receives);
    const trace = traceFromClocks(this.pending, { name: this.options.name ?? '', sourceOrder: this.mapping?.clock === undefined });
    return { format: this.format, executions: [trace], findings: this.log.flush() };
  }

  private readLine(text: string, line: number, offset: number, length: number): void {
    if (text.trim() === '') return;
    const first = !this.seenContent;
    this.seenContent = true;
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (e) {
      if (first && this.mapping === undefined) throw new TraceReadError(`Line ${line} should hold the mapping {"${MAPPING_KEY}": {...}}, but it is not valid JSON (${(e as Error).message}).`, line);
      this.log.add('error', 'parse-error', line, `Line ${line} is not valid JSON (${(e as Error).message}); the line is skipped.`);
      return;
    }
    if (first && isRecord(o) && o[MAPPING_KEY] !== undefined) {
      // A mapping given outside the file (sidecar, --mapping) is the user's choice: it wins.
      if (this.mapping === undefined) this.mapping = withLine(() => parseMapping(o), line);
      return;
    }
    if (this.mapping === undefined) throw new TraceReadError(`Line ${line}: this file has no mapping; its first line should be {"${MAPPING_KEY}": {"replica": ..., "event": ...}}, or a sidecar NAME.causeway.json should give it.`, line);
    const problem = isRecord(o) ? tooDeepRecordProblem(o, text.length) : `the line should be a JSON object, found ${quoted(o)}`;
    if (problem !== undefined || !isRecord(o)) {
      this.log.add('error', 'parse-error', line, `Line ${line}: ${problem}; the line is skipped.`);
      return;
    }
    this.log.guard(line, () => this.readEvent(this.mapping!, o, line, offset, length));
  }

  private readEvent(mapping: NdjsonMapping, o: Record<string, unknown>, line: number, offset: number, length: number): void {
    const replica = nameOf(valueAt(o, mapping.replica));
    if (replica === undefined) {
      this.log.add('warning', 'parse-error', line, `Line ${line} has no replica at "${mapping.replica.join('.')}" (found ${quoted(valueAt(o, mapping.replica))}); the line is skipped.`);
      return;
    }
    const name = mapping.event ? nameOf(valueAt(o, mapping.event)) ?? '' : '';
    const sender = mapping.sender ? nameOf(valueAt(o, mapping.sender)) : undefined;
    const receiver = mapping.receiver ? nameOf(valueAt(o, mapping.receiver)) : undefined;
    const kind = kindOf(mapping, name, replica, sender, receiver);
    let clock: Record<string, number> | undefined;
    if (mapping.clock) {
      const value = valueAt(o, mapping.clock);
      const read = value === undefined ? { problem: `has no vector clock at "${mapping.clock.join('.')}"` } : readClockObject(value);
      if (read.problem) this.log.add('warning', 'parse-error', line, `Line ${line}: the event ${value === undefined ? read.problem : `clock: ${read.problem}`}.`);
      clock = read.clock;
    }
    const holder = valueAt(o, mapping.replica.slice(0, -1));
    const fields: Record<string, Json> = {};
    if (isRecord(holder)) for (const key in holder) fields[key] = holder[key] as Json;
    const extra: PendingExtra | undefined = kind === 'local' ? undefined : { kind };
    if (kind !== 'local' && (sender === undefined || receiver === undefined)) {
      const missing = sender === undefined ? `sender at "${mapping.sender?.join('.') ?? '(no "sender" path)'}"` : `receiver at "${mapping.receiver?.join('.') ?? '(no "receiver" path)'}"`;
      this.log.add('warning', 'parse-error', line, `Line ${line}: the ${kind} "${name}" names no ${missing}; it is drawn without its message.`);
    }
    const label = kind === 'send' && receiver ? `${name} to ${receiver}` : kind === 'receive' && sender ? `${name} from ${sender}` : name || '(event)';
    this.pending.add(replica, line, { offset, length, label, fields, extra }, clock);
    if (!extra || sender === undefined || receiver === undefined) return;
    const message = JSON.stringify((mapping.message ?? []).map((path) => valueAt(o, path) ?? null));
    const own = clock ? clock[replica] ?? 0 : line;
    const packet: Packet = { extra, line, sender, receiver, type: name, message, own, senderEntry: clock ? clock[sender] ?? 0 : line };
    if (kind === 'send') {
      extra.to = [receiver];
      this.sends.push(packet);
    } else if (receiver === replica) {
      this.receives.push(packet);
    }
  }
}

/**
 * Send, receive or local: by the mapping's `send`/`receive` name patterns when it has them, else a
 * send when the replica is the sender (and not the receiver) and a receive when it is the receiver.
 */
function kindOf(mapping: NdjsonMapping, name: string, replica: string, sender?: string, receiver?: string): 'send' | 'receive' | 'local' {
  if (mapping.send || mapping.receive) return mapping.send?.find(name, 0) ? 'send' : mapping.receive?.find(name, 0) ? 'receive' : 'local';
  if (sender === undefined || receiver === undefined || sender === receiver) return 'local';
  return replica === sender ? 'send' : replica === receiver ? 'receive' : 'local';
}

/** First in, first out: the k-th receive of a message takes its k-th send (the last one past those). */
function pairInLineOrder(sends: readonly Packet[], receives: readonly Packet[]): void {
  const key = (p: Packet) => `${p.sender}\u0000${p.receiver}\u0000${p.message}`;
  const byKey = new Map<string, { sends: Packet[]; taken: number }>();
  for (const send of sends) {
    send.extra.msg = `${send.type} ${send.sender}->${send.receiver} (line ${send.line})`;
    const queue = byKey.get(key(send)) ?? { sends: [], taken: 0 };
    queue.sends.push(send);
    byKey.set(key(send), queue);
  }
  for (const receive of receives) {
    const queue = byKey.get(key(receive));
    const send = queue?.sends[Math.min(queue.taken++, queue.sends.length - 1)];
    receive.extra.msg = send ? send.extra.msg : `${receive.type} ${receive.sender}->${receive.receiver} (never sent; received at line ${receive.line})`;
  }
}

/** Runs `parse`, adding the line to the TraceReadError it may throw. */
function withLine<T>(parse: () => T, line: number): T {
  try {
    return parse();
  } catch (e) {
    if (e instanceof TraceReadError) throw new TraceReadError(`Line ${line}: ${e.message}`, line);
    throw e;
  }
}
