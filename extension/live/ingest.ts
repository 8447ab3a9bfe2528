// A live session's intake: checks each event line with the native format's own check, applies the
// replica its connection speaks for, tracks `seq` (a jump is a finding, late events that fill its
// gap are recorded, a repeat of a recorded event is not), appends accepted events to the recording
// exactly as received, and hands events (once the file holds them) and findings to the host in
// batches a few times a second.

import { checkNativeEvent } from '../../engine/format/native';
import type { Finding } from '../../engine/trace/diagnostics';
import type { EventInput } from '../../engine/trace/model';
import type { RecordingWriter } from './recording';
import { MAX_TRACKED_GAPS, SequenceTracker } from './sequence';
import { groupedCount } from '../../engine/util/count-text';

/** An accepted event: `event.line` is its line in the recording. */
export interface LiveEvent {
  event: EventInput;
  /** The connection it came on. */
  connection: number;
}

/** A finding of the live session; `line` is a recording line, 0 when what it is about was not recorded. */
export interface LiveFinding extends Finding {
  connection?: number;
  replica?: string;
}

/** Where a line comes from: a connection, and the replica its hello named. */
export interface EventSource {
  id: number;
  replica?: string;
}

export interface IngestOutput {
  events(events: LiveEvent[]): void;
  findings(findings: LiveFinding[]): void;
}

export interface IngestCounts {
  /** Events recorded: in the file (an event accepted but not written yet is not counted). */
  recorded: number;
  /** Events not recorded because their seq repeated one already recorded. */
  repeated: number;
  /** Events missing: numbers skipped by seq jumps that no late event has filled. */
  lost: number;
}

export class LiveIngest {
  readonly sequences = new SequenceTracker();
  readonly counts: IngestCounts = { recorded: 0, repeated: 0, lost: 0 };
  /** Accepted events the file does not hold yet, oldest first from `unwrittenStart`. */
  private unwritten: LiveEvent[] = [];
  private unwrittenStart = 0;
  /** Events the file holds, for the next batch to the host. */
  private events: LiveEvent[] = [];
  private findings: LiveFinding[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Events recorded per replica, for their default ids (`<replica>:<n>`). */
  private readonly perReplica = new Map<string, number>();

  constructor(
    private readonly recording: RecordingWriter,
    private readonly output: IngestOutput,
    private readonly batchMs: number,
  ) {}

  /** Checks one event line and records it. Returns why it is refused (the client is told), or undefined. */
  accept(text: string, source: EventSource): string | undefined {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      return `not valid JSON (${(e as Error).message})`;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not a JSON object (an event)';
    const record = value as Record<string, unknown>;
    let recorded = text;
    if (source.replica !== undefined) {
      if (record['replica'] === undefined) {
        record['replica'] = source.replica;
        recorded = `{"replica":${JSON.stringify(source.replica)},${text.slice(text.indexOf('{') + 1)}`;
      } else if (record['replica'] !== source.replica) {
        return `the event names another replica than "${source.replica}", the one this connection's hello speaks for`;
      }
    }
    const event = checkNativeEvent(record, 'vector', text.length);
    if (typeof event === 'string') return event;
    const verdict = event.seq === undefined ? undefined : this.sequences.check(event.replica, event.seq);
    if (verdict?.kind === 'repeat') {
      this.counts.repeated++;
      this.schedule();
      return undefined;
    }
    if (verdict?.kind === 'untracked') {
      return `seq ${event.seq} is below ${verdict.below}, in gaps of ${event.replica}'s numbering the session stopped tracking (more than ${groupedCount(MAX_TRACKED_GAPS)} were open): it cannot tell whether this event was recorded`;
    }
    event.line = this.recording.append(recorded);
    const n = (this.perReplica.get(event.replica) ?? 0) + 1;
    this.perReplica.set(event.replica, n);
    this.unwritten.push({ event, connection: source.id });
    if (verdict?.kind === 'late') this.counts.lost--;
    if (verdict?.kind === 'jump') {
      this.counts.lost += verdict.missing;
      const id = event.id ?? `${event.replica}:${n}`;
      const missing = verdict.missing === 1 ? 'one event' : `${verdict.missing} events`;
      this.report({
        severity: 'warning',
        kind: 'lost-events',
        line: event.line,
        message: `${id} (line ${event.line}) has seq ${event.seq} after ${verdict.after}: ${missing} of ${event.replica} had not arrived (lost on the way, or late: late ones are still recorded).`,
        events: [id],
        connection: source.id,
        replica: event.replica,
      });
    }
    return undefined;
  }

  /** The file now holds its first `lines` lines: the events among them count as recorded and go to the host. */
  written(lines: number): void {
    const { unwritten } = this;
    let i = this.unwrittenStart;
    for (; i < unwritten.length && unwritten[i].event.line <= lines; i++) this.events.push(unwritten[i]);
    if (i === this.unwrittenStart) return;
    this.counts.recorded += i - this.unwrittenStart;
    if (i * 2 >= unwritten.length) {
      this.unwritten = unwritten.slice(i);
      this.unwrittenStart = 0;
    } else {
      this.unwrittenStart = i;
    }
    this.schedule();
  }

  /** Adds a finding to the next batch. */
  report(finding: LiveFinding): void {
    this.findings.push(finding);
    this.schedule();
  }

  /** Hands what was gathered to the host now. */
  flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const run of this.sequences.takeRepeats()) {
      const numbers = run.from === run.to ? `seq ${run.from}` : `seq ${run.from} to ${run.to}`;
      this.findings.push({
        severity: 'warning',
        kind: 'repeated-event',
        line: 0,
        message: `${run.replica} sent ${numbers} again, already recorded: an event sent twice, or the replica's numbering restarted. The repeats are not recorded.`,
        events: [],
        replica: run.replica,
      });
    }
    const events = this.events;
    const findings = this.findings;
    this.events = [];
    this.findings = [];
    if (events.length > 0) this.output.events(events);
    if (findings.length > 0) this.output.findings(findings);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), this.batchMs);
  }
}
