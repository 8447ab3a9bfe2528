// Sequence-number checks: replicas that number their events (`seq`, written by live clients)
// reveal events lost on the way (a jump) and events sent twice (a repeat). One pass, O(events).

import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';

export function checkSequenceNumbers(trace: Trace): Finding[] {
  const { sentSeq } = trace;
  if (!sentSeq) return [];
  const findings: Finding[] = [];
  const last = new Float64Array(trace.replicas.size);
  for (let i = 0; i < trace.size; i++) {
    const seq = sentSeq[i];
    if (seq === 0) continue;
    const r = trace.replica[i];
    const expected = last[r] + 1;
    const where = `${trace.eventId(i)} (line ${trace.line[i]})`;
    const replica = trace.replicas.name(r);
    if (seq > expected) {
      const lost = seq - expected;
      findings.push({
        severity: 'warning',
        kind: 'lost-events',
        line: trace.line[i],
        message:
          last[r] === 0
            ? `${where} is ${replica}'s first numbered event but has seq ${seq}: the ${lost === 1 ? 'event' : `${lost} events`} ${replica} numbered before it never arrived.`
            : `${where} has seq ${seq} after ${last[r]}: ${lost === 1 ? 'one event' : `${lost} events`} of ${replica} were lost on the way.`,
        events: [trace.eventId(i)],
      });
    } else if (seq < expected) {
      findings.push({
        severity: 'warning',
        kind: 'repeated-event',
        line: trace.line[i],
        message: `${where} has seq ${seq}, which ${replica} already used (its last was ${last[r]}): the event was sent twice, or the replica's numbering restarted.`,
        events: [trace.eventId(i)],
      });
      continue;
    }
    last[r] = seq;
  }
  return findings;
}
