// Sequence-number checks: replicas that number their events (`seq`, written by live clients)
// reveal events lost on the way (numbers that never appear in the file) and events sent twice (a
// number that appears again). An event that arrives late, filling a jump, is neither.

import type { Finding } from '../trace/diagnostics';
import type { Trace } from '../trace/model';
import { partitionPoint } from '../util/bisect';

/** Each replica's distinct sequence numbers, sorted. */
function numbersByReplica(trace: Trace, sentSeq: Uint32Array): Float64Array[] {
  const sets = Array.from({ length: trace.replicas.size }, () => new Set<number>());
  for (let i = 0; i < trace.size; i++) if (sentSeq[i] !== 0) sets[trace.replica[i]].add(sentSeq[i]);
  return sets.map((set) => Float64Array.from(set).sort());
}

export function checkSequenceNumbers(trace: Trace): Finding[] {
  const { sentSeq } = trace;
  if (!sentSeq) return [];
  const present = numbersByReplica(trace, sentSeq);
  /** How many numbers strictly between `low` and `high` replica `r` has anywhere in the file. */
  const presentBetween = (r: number, low: number, high: number) => {
    const numbers = present[r];
    return partitionPoint(0, numbers.length, (k) => numbers[k] < high) - partitionPoint(0, numbers.length, (k) => numbers[k] <= low);
  };
  const findings: Finding[] = [];
  const seen = Array.from({ length: trace.replicas.size }, () => new Set<number>());
  const highest = new Float64Array(trace.replicas.size);
  for (let i = 0; i < trace.size; i++) {
    const seq = sentSeq[i];
    if (seq === 0) continue;
    const r = trace.replica[i];
    const where = `${trace.eventId(i)} (line ${trace.line[i]})`;
    const replica = trace.replicas.name(r);
    if (seen[r].has(seq)) {
      findings.push({
        severity: 'warning',
        kind: 'repeated-event',
        line: trace.line[i],
        message: `${where} has seq ${seq}, which an earlier event of ${replica} already has: the event was sent twice, or the replica's numbering restarted.`,
        events: [trace.eventId(i)],
      });
      continue;
    }
    seen[r].add(seq);
    if (seq > highest[r] + 1) {
      // The numbers skipped here that no event of the file carries, even later.
      const lost = seq - highest[r] - 1 - presentBetween(r, highest[r], seq);
      if (lost > 0) {
        findings.push({
          severity: 'warning',
          kind: 'lost-events',
          line: trace.line[i],
          message:
            highest[r] === 0
              ? `${where} is ${replica}'s first numbered event but has seq ${seq}: ${lost === 1 ? 'one event' : `${lost} events`} ${replica} numbered before it never arrived.`
              : `${where} has seq ${seq} after ${highest[r]}: ${lost === 1 ? 'one event' : `${lost} events`} of ${replica} numbered in between never arrived.`,
          events: [trace.eventId(i)],
        });
      }
    }
    if (seq > highest[r]) highest[r] = seq;
  }
  return findings;
}
