// TLA+ trace-validation NDJSON (`{"N":5}` then `{"event":"<"|">"|"d","node":4,"pkt":{...,"vc":{...}}}`):
// nodes append to one shared file, so lines are not in causal order: events are ordered by their clocks,
// and each receive is linked to the send of its packet (`pkt.snd`, `pkt.rcv`, `pkt.msg`). A line with
// a `failure` (a send the implementation gave up on) is an error, and such a send delivers nothing.

import type { Json } from '../crdt/types';
import type { EventKindName, TraceFile } from '../trace/model';
import { tooDeepRecordProblem } from '../util/json-depth';
import { readClockObject } from './clock-json';
import { traceFromClocks } from './clock-trace';
import { isRecord } from './json-text';
import { LineSplitter } from './lines';
import { FindingLog, PendingEvents, type PendingExtra, quoted } from './pending';
import { matchPackets, type Packet } from './tlaplus-packets';
import type { ReadOptions, TraceFormat, TraceReader } from './types';

export const tlaplusFormat: TraceFormat = {
  id: 'tlaplus',
  title: 'TLA+ trace validation (NDJSON)',
  extensions: ['ndjson'],
  detect(head) {
    const lines = head.split('\n', 6).map((l) => l.trim());
    const header = /^\{\s*"N"\s*:\s*\d+/.test(lines[0] ?? '');
    const events = lines.filter((l) => /^\{.*"event"\s*:\s*"[<>d]".*"node"\s*:/.test(l)).length;
    if (header && events > 0) return 0.95;
    if (events > 0) return 0.8;
    return header && lines.length > 1 && lines[1] === '' ? 0.5 : 0;
  },
  createReader: (options) => new TlaReader(options),
};

const KIND: Record<string, EventKindName> = { '<': 'receive', '>': 'send', d: 'local' };

class TlaReader implements TraceReader {
  private readonly lines: LineSplitter;
  private readonly pending = new PendingEvents();
  private readonly log = new FindingLog();
  private nodes: number | undefined;
  private seenContent = false;
  private readonly sends: Packet[] = [];
  private readonly receives: Packet[] = [];

  constructor(private readonly options: ReadOptions) {
    this.lines = new LineSplitter((text, line, offset, length) => this.log.guard(line, () => this.readLine(text, line, offset, length)));
  }

  push(chunk: Uint8Array): void {
    this.lines.push(chunk);
  }

  finish(): TraceFile {
    this.lines.end();
    matchPackets(this.sends, this.receives);
    const declared = Array.from({ length: this.nodes ?? 0 }, (_, k) => String(k));
    const trace = traceFromClocks(this.pending, {
      name: this.options.name ?? '',
      header: { replicas: declared },
      sourceOrder: false,
      declared: new Set(declared),
    });
    return { format: 'tlaplus', executions: [trace], findings: this.log.flush() };
  }

  private readLine(text: string, line: number, offset: number, length: number): void {
    if (text.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(text);
    } catch (e) {
      this.log.add('error', 'parse-error', line, `Line ${line} is not valid JSON (${(e as Error).message}); expected {"event": "<" | ">" | "d", "node": n, "pkt": {..., "vc": {...}}}. The line is skipped.`);
      return;
    }
    if (!isRecord(o)) {
      this.log.add('error', 'parse-error', line, `Line ${line} should be a JSON object, found ${quoted(o)}; the line is skipped.`);
      return;
    }
    const tooDeep = tooDeepRecordProblem(o, text.length);
    if (tooDeep) {
      this.log.add('error', 'parse-error', line, `Line ${line}: ${tooDeep}; the line is skipped.`);
      return;
    }
    const first = !this.seenContent;
    this.seenContent = true;
    if (first && o['event'] === undefined && 'N' in o) {
      const n = o['N'];
      if (typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535) this.nodes = n;
      else this.log.add('warning', 'parse-error', line, `Line ${line}: the header's "N" should be the number of nodes, found ${quoted(n)}.`);
      return;
    }
    this.readEvent(o, line, offset, length);
  }

  private readEvent(o: Record<string, unknown>, line: number, offset: number, length: number): void {
    let node = o['node'];
    if (typeof node === 'string' && /^\d+$/.test(node)) node = Number(node);
    if (typeof node !== 'number' || !Number.isInteger(node) || node < 0) {
      this.log.add('error', 'parse-error', line, `Line ${line}: "node" should be the node's number, found ${quoted(node)}; the line is skipped.`);
      return;
    }
    const replica = String(node);
    if (this.nodes !== undefined && node >= this.nodes) {
      this.log.add('warning', 'unknown-replica', line, `Line ${line}: node ${node} is not one of the ${this.nodes} nodes the header declares (0 to ${this.nodes - 1}).`);
    }
    const event = o['event'];
    const kind = typeof event === 'string' ? KIND[event] : undefined;
    if (kind === undefined) {
      this.log.add('warning', 'parse-error', line, `Line ${line}: "event" should be "<" (receive), ">" (send) or "d" (deactivate), found ${quoted(event)}; its kind is inferred from the clocks.`);
    }
    const pkt = isRecord(o['pkt']) ? o['pkt'] : {};
    const vc = pkt['vc'] ?? o['vc'];
    const read = vc === undefined ? { problem: 'has no vector clock ("pkt.vc")' } : readClockObject(vc);
    if (read.problem) {
      const what = vc === undefined ? read.problem : `"vc": ${read.problem}`;
      this.log.add('warning', 'parse-error', line, `Line ${line}: the event ${what}; ${read.clock ? 'the other entries are kept' : 'it is placed by its line alone'}.`);
    }
    const fields: Record<string, Json> = {};
    for (const name in o) if (name !== 'node' && name !== 'pkt') fields[name] = o[name] as Json;
    for (const name in pkt) if (name !== 'vc') fields[name] = pkt[name] as Json;
    const msg = isRecord(pkt['msg']) ? pkt['msg'] : undefined;
    const type = msg && typeof msg['type'] === 'string' ? msg['type'] : '';
    const failure = o['failure'];
    const failed = failure !== undefined && failure !== null;
    const sender = nodeName(pkt['snd']);
    const receiver = nodeName(pkt['rcv']);
    const typed = type === '' ? '' : `${type} `;
    const label =
      kind === 'send' ? `send ${typed}to ${receiver ?? '?'}${failed ? ' (failed)' : ''}` : kind === 'receive' ? `receive ${typed}from ${sender ?? '?'}` : kind === 'local' ? 'deactivate' : String(event);
    if (failed) {
      const what = kind === 'send' ? `send of ${typed}to ${receiver ?? '?'} failed` : `${label} records a failure`;
      this.log.add('error', 'recorded-failure', line, `Line ${line}: node ${node}'s ${what}: ${quoted(failure, 120)}. Trace validation rejects a log with a failure${kind === 'send' ? '; the message is drawn as never arriving' : ''}.`);
    }
    const extra: PendingExtra | undefined = kind ? { kind } : undefined;
    this.pending.add(replica, line, { offset, length, label, fields, extra }, read.clock);
    if (!extra || !read.clock || sender === undefined || receiver === undefined) return;
    const packet = { extra, line, sender, receiver, type, message: JSON.stringify(pkt['msg'] ?? null), own: read.clock[replica] ?? 0, senderEntry: read.clock[sender] ?? 0 };
    if (kind === 'send' && !failed) {
      extra.to = [receiver];
      this.sends.push(packet);
    } else if (kind === 'receive' && receiver === replica) {
      this.receives.push(packet);
    }
  }
}

/** A node number (or numeric text) as the replica name, else undefined. */
function nodeName(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return String(value);
  return typeof value === 'string' && /^\d+$/.test(value) ? String(Number(value)) : undefined;
}
