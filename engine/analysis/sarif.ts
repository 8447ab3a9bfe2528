// Check reports as a SARIF 2.1.0 log, the format code hosts (GitHub code scanning and others) read
// to annotate files in a pull request: one run, one rule per finding kind, one result per finding.

import type * as Sarif from 'sarif';
import { FINDING_KINDS, type Finding, type FindingKind, type Severity } from '../trace/diagnostics';
import type { CheckSummary } from './report';

/** What each finding kind means (the rule's description) and what to do about it (its help). */
interface RuleText {
  level: Severity;
  summary: string;
  help: string;
}

/** One rule per finding kind; the level is the kind's usual one, each result carries its own. */
const RULE_TEXTS: Record<FindingKind, RuleText> = {
  'parse-error': { level: 'error', summary: 'A line that could not be read.', help: 'Fix the line so it follows the format; the message says what was done with it (an unreadable line is skipped, the rest of the trace is still read).' },
  'skipped-text': { level: 'info', summary: 'Text that matched no event pattern (text logs).', help: 'If the text holds events, pass a --regex that matches them; otherwise it can be ignored.' },
  'unknown-field': { level: 'info', summary: 'A field the format does not define (kept, but probably a typo).', help: 'Check the field name against the format; free-form data belongs in "fields".' },
  'unknown-replica': { level: 'warning', summary: 'A replica that appears only inside a clock.', help: 'A replica named in a clock has no events of its own in the trace: its events were not recorded, or the clock names it wrongly.' },
  'clock-regression': { level: 'error', summary: "A replica's own clock entry does not increase.", help: "Every event must raise its replica's own clock entry; the recorder ticked wrongly or events were reordered." },
  'clock-gap': { level: 'warning', summary: "A replica's own clock entry jumps by more than one.", help: 'Events of this replica were not recorded between the two clocks, or the clock ticks more than once per event.' },
  'clock-anomaly': { level: 'warning', summary: 'A recorded clock that does not include what the event causally follows.', help: 'The recorded clock misses an event the trace says happened before it; the usual cause is a receive that did not merge the sender\'s clock.' },
  'causal-cycle': { level: 'error', summary: 'Happens-before edges that form a cycle: the trace is contradictory.', help: 'No order of the events agrees with the trace; look for a message or parent reference that points back in time.' },
  'unknown-message': { level: 'warning', summary: 'A receive of a message that was never sent.', help: 'The send is missing from the trace (not recorded, or in another file), or the message id is wrong.' },
  'duplicate-delivery': { level: 'warning', summary: 'The same message received twice by one replica.', help: 'The transport delivered a message twice; an operation that is not idempotent would be applied twice.' },
  'lost-events': { level: 'warning', summary: "A replica's event numbers (seq) jump: events were lost on the way.", help: 'Some events of this replica never reached the trace; the reading around the gap is incomplete.' },
  'repeated-event': { level: 'warning', summary: "A replica's event number (seq) comes again: an event sent twice.", help: 'The recorder sent the same event twice, or two events of this replica carry the same number.' },
  'causal-delivery-violation': { level: 'error', summary: 'A message delivered before another that causally precedes it.', help: 'Causal delivery delivers an operation only after everything it depends on; buffer it until then.' },
  'invalid-operation': { level: 'error', summary: "An operation the object's CRDT type does not support.", help: "Use an operation of the object's declared type, or declare the object with the type it is used as." },
  'lost-update': { level: 'warning', summary: 'Last-writer-wins kept a causally older write (clock skew).', help: 'Wall-clock timestamps let an older write win; stamp writes with a hybrid logical clock or a Lamport clock with a replica-id tie-break.' },
  'divergence': { level: 'error', summary: 'Replicas that delivered the same operations hold different recorded states.', help: 'The usual causes: a merge that is not deterministic, or recorded states that are not the replicas\' real states.' },
  'state-mismatch': { level: 'error', summary: "Recorded state differs from the engine's reference replay.", help: "The system's state after this event is not what its CRDT type gives for the operations it received; check its merge and apply code." },
  'merge-not-join': { level: 'error', summary: 'A recorded merge result that is not the join of its inputs.', help: 'A state-based merge must be commutative, associative and idempotent (a join); this one loses or invents data.' },
  'not-converged': { level: 'error', summary: 'At the end of the trace replicas still differ.', help: 'Replicas that end the trace with different states did not exchange everything, or their merge does not converge.' },
  'recorded-failure': { level: 'error', summary: 'A failure the traced system wrote itself (a P assertion failure, a send that failed).', help: 'The system reported this failure in its own trace; see the message for what failed.' },
  'still-recording': { level: 'info', summary: 'A trace still being written: receives that wait for their sends, replicas not caught up yet.', help: 'Check the trace again once it is complete.' },
  'not-linearizable': { level: 'error', summary: 'A history (Jepsen) whose results no sequential order of its operations explains.', help: 'The operations\' results contradict every order that respects real time: the system is not linearizable.' },
  'linearizability-unknown': { level: 'info', summary: 'A history whose linearizability the search could not decide within its budget.', help: 'The search stopped before an answer; a shorter history, or fewer concurrent operations, can be decided.' },
  'transaction-anomaly': { level: 'error', summary: "An anomaly (G-single, G1c, ...) Elle found in a Jepsen history, read from the results.edn beside it.", help: "The operations of the anomaly's cycle admit no serial order: each step says which dependency (ww, wr, rw, realtime, process) orders them." },
  'opened-range': { level: 'info', summary: 'A file too large to open whole, of which only the first events are open and checked.', help: 'What lies past the range is not checked; run `causeway check` on the file to check it whole.' },
};

/** SARIF's word for each severity. */
const LEVELS: Record<Severity, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note' };

/** The tool that wrote the log, as `tool.driver` names it. */
export interface SarifTool {
  name: string;
  version: string;
  /** Where users read about the tool and its findings (an absolute URI). */
  informationUri?: string;
}

/** One file of the run: its report, or why it could not be checked. */
export interface SarifFile {
  /** The file as a URI relative to `%SRCROOT%` (the working directory), or an absolute `file:` URI. */
  uri: string;
  report?: CheckSummary;
  error?: string;
}

/** Where the SARIF log's relative URIs start: the folder the check ran in. */
export const SOURCE_ROOT = '%SRCROOT%';

function rules(): Sarif.ReportingDescriptor[] {
  return FINDING_KINDS.map((kind) => {
    const text = RULE_TEXTS[kind];
    return {
      id: kind,
      name: kind,
      shortDescription: { text: text.summary },
      fullDescription: { text: `${text.summary} ${text.help}` },
      help: { text: text.help },
      defaultConfiguration: { level: LEVELS[text.level] },
    };
  });
}

function artifactLocation(uri: string): Sarif.ArtifactLocation {
  return uri.startsWith('file:') ? { uri } : { uri, uriBaseId: SOURCE_ROOT };
}

/** A finding's place: the file, and its line(s) unless it concerns the whole file (line 0). */
function location(uri: string, finding: Finding): Sarif.Location {
  const region: Sarif.Region | undefined =
    finding.line > 0 ? { startLine: finding.line, ...(finding.endLine !== undefined && finding.endLine > finding.line ? { endLine: finding.endLine } : {}) } : undefined;
  return { physicalLocation: { artifactLocation: artifactLocation(uri), ...(region ? { region } : {}) } };
}

function result(uri: string, finding: Finding, execution: string | undefined): Sarif.Result {
  return {
    ruleId: finding.kind,
    ruleIndex: FINDING_KINDS.indexOf(finding.kind),
    level: LEVELS[finding.severity],
    message: { text: finding.message },
    locations: [location(uri, finding)],
    ...(execution === undefined && finding.events.length === 0 ? {} : { properties: { ...(execution === undefined ? {} : { execution }), events: finding.events } }),
  };
}

/** Every finding of one file's report as results: the file's own, then each execution's. */
function fileResults(uri: string, report: CheckSummary): Sarif.Result[] {
  return [
    ...report.findings.map((f) => result(uri, f, undefined)),
    ...report.executions.flatMap((e) => e.findings.map((f) => result(uri, f, e.name))),
  ];
}

/** The log without its results: `results` is the run's last field and the run the log's last, so the text ends with `"results":[]}]}`. */
function logWithoutResults(files: readonly SarifFile[], tool: SarifTool): Sarif.Log {
  const failures = files.filter((f) => f.error !== undefined);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, ...(tool.informationUri ? { informationUri: tool.informationUri } : {}), rules: rules() } },
        invocations: [
          {
            executionSuccessful: failures.length === 0,
            toolExecutionNotifications: failures.map((f) => ({
              level: 'error',
              message: { text: f.error ?? '' },
              locations: [{ physicalLocation: { artifactLocation: artifactLocation(f.uri) } }],
            })),
          },
        ],
        results: [],
      },
    ],
  };
}

/** Every finding of every file as a result, one at a time. */
function* results(files: readonly SarifFile[]): Generator<Sarif.Result> {
  for (const f of files) if (f.report) yield* fileResults(f.uri, f.report);
}

/**
 * The SARIF 2.1.0 log of one check run over `files`: every finding a result with its rule (its
 * kind), level, message and location; files that could not be checked as error notifications of
 * the invocation, which then did not succeed.
 */
export function sarifLog(files: readonly SarifFile[], tool: SarifTool): Sarif.Log {
  const log = logWithoutResults(files, tool);
  log.runs[0].results = [...results(files)];
  return log;
}

/**
 * The JSON text of sarifLog(files, tool) in pieces, one result a line and `batch` results a piece,
 * so a trace with millions of findings is written without ever being one string.
 */
export function* sarifLogText(files: readonly SarifFile[], tool: SarifTool, batch = 1000): Generator<string> {
  const skeleton = JSON.stringify(logWithoutResults(files, tool));
  const end = ']}]}';
  yield skeleton.slice(0, skeleton.length - end.length);
  let lines: string[] = [];
  let separator = '\n';
  for (const result of results(files)) {
    lines.push(JSON.stringify(result));
    if (lines.length === batch) {
      yield separator + lines.join(',\n');
      separator = ',\n';
      lines = [];
    }
  }
  if (lines.length > 0) yield separator + lines.join(',\n');
  yield `\n${end}\n`;
}
