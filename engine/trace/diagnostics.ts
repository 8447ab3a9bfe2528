// Findings: what the importers and the checks report about a trace, each with where (line,
// events) and why in words. Shared by the CLI's JSON, the Problems panel and the webview.

export type Severity = 'error' | 'warning' | 'info';

/** Every kind of finding, in the words the CLI's `--json` and the docs use. */
export const FINDING_KINDS = [
  'parse-error', // a line that could not be read
  'skipped-text', // text that matched no event pattern (text logs)
  'unknown-field', // a field the format does not define (kept, but probably a typo)
  'unknown-replica', // a replica that appears only inside a clock
  'clock-regression', // a replica's own clock entry does not increase
  'clock-gap', // a replica's own clock entry jumps by more than one
  'clock-anomaly', // a recorded clock that does not include what the event causally follows
  'causal-cycle', // happens-before edges that form a cycle: the trace is contradictory
  'unknown-message', // a receive of a message that was never sent
  'duplicate-delivery', // the same message received twice by one replica
  'lost-events', // a replica's event numbers (seq) jump: events were lost on the way
  'repeated-event', // a replica's event number (seq) comes again: an event sent twice
  'causal-delivery-violation', // a message delivered before another that causally precedes it
  'invalid-operation', // an operation the object's CRDT type does not support
  'lost-update', // last-writer-wins kept a causally older write (clock skew)
  'divergence', // replicas that delivered the same operations hold different recorded states
  'state-mismatch', // recorded state differs from the engine's reference replay
  'merge-not-join', // a recorded merge result that is not the join of its inputs
  'not-converged', // at the end of the trace replicas still differ
  'recorded-failure', // a failure the traced system wrote itself (a P assertion failure, a send that failed)
  'still-recording', // a trace still being written: receives that wait for their sends, replicas not caught up yet
  'not-linearizable', // a history (Jepsen) whose results no sequential order of its operations explains
  'linearizability-unknown', // a history whose linearizability the search could not decide within its budget
  'transaction-anomaly', // an anomaly (G-single, G1c, ...) Elle found in a Jepsen history, read from results.edn beside it
  'opened-range', // a file too large to open whole, of which the editor opened and checked only the first events
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export interface Finding {
  severity: Severity;
  kind: FindingKind;
  /** 1-based line in the source file (0 when the finding concerns the whole file). */
  line: number;
  /** What happened and why it matters, in plain words. */
  message: string;
  /** Event ids involved (as the trace names them). */
  events: string[];
  /** Last line of a span (skipped text), when it covers more than one line. */
  endLine?: number;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}
