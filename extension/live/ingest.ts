// A live session's intake: checks each event line with the native format's own check, applies the
// replica its connection speaks for, tracks `seq` (lost and repeated events become findings, a
// repeat is not recorded), appends accepted events to the recording exactly as received, and
// hands events and findings to the host in batches a few times a second.

import { checkNativeEvent } from '../../engine/format/native';
import type { Finding } from '../../engine/trace/diagnostics';
import type { EventInput } from '../../engine/trace/model';
import type { RecordingWriter } from './recording';
import { SequenceTracker } from './sequence';

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
  /** Events recorded. */
  recorded: number;
  /** Events not recorded because their seq repeated one already recorded. */
  repeated: number;
  /** Events a seq jump says were lost on the way. */
  lost: number;
}

export class LiveIngest {
  readonly sequences = new SequenceTracker();
  readonly counts: IngestCounts = { recorded: 0, repeated: 0, lost: 0 };
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
    event.line = this.recording.append(recorded);
    const n = (this.perReplica.get(event.replica) ?? 0) + 1;
    this.perReplica.set(event.replica, n);
    this.counts.recorded++;
    this.events.push({ event, connection: source.id });
    if (verdict?.kind === 'jump') {
      this.counts.lost += verdict.lost;
      const id = event.id ?? `${event.replica}:${n}`;
      const lost = verdict.lost === 1 ? 'one event' : `${verdict.lost} events`;
      this.report({
        severity: 'warning',
        kind: 'lost-events',
        line: event.line,
        message: `${id} (line ${event.line}) has seq ${event.seq} after ${verdict.after}: ${lost} of ${event.replica} never arrived.`,
        events: [id],
        connection: source.id,
        replica: event.replica,
      });
    }
    this.schedule();
    return undefined;
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
        message: `${run.replica} sent ${numbers} again (${run.highest} was already recorded): an event sent twice, or the replica's numbering restarted. The repeats are not recorded.`,
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
