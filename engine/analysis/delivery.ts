// Message delivery checks: a message received twice by one replica (duplicate delivery), and a
// message received before another one whose send happened before its own (causal-delivery order).
//
// What a causal-delivery violation is, precisely. A receive delivers the send its first live
// incoming edge comes from; a replica's first receive of a send delivers it, a later receive of the
// same send is a duplicate (reported as such), never a delivery. Replica R violates causal order at
// a receive e2 delivering send s2 when R delivers, after e2, a send s1 with s1 -> s2 (s1 happened
// before s2, s1 != s2) that it had not delivered before e2. Only sends that carry operations or
// nothing take part (state and delta syncs need no causal order), and when s2 carries operations
// only an s1 that carries operations counts (a causal buffer waits for operations, not for acks).
// Two receives of one send are never a violation; a finding names four distinct events (s1, s2, e2
// and the later delivery of s1), one finding per violating e2. Receives record arrivals: operations
// that arrive early wait in the receiver's causal buffer, so the finding is information; a replica
// that applied one early is caught by the recorded-state check.

import type { Finding } from '../trace/diagnostics';
import { EventKind, Payload, type Trace } from '../trace/model';
import type { ComputedClocks } from '../replay/clocks';
import type { CausalOrder } from '../replay/order';

export function checkDelivery(trace: Trace, causal: CausalOrder, clocks: ComputedClocks): Finding[] {
  return [...duplicateDeliveries(trace), ...causalDeliveryViolations(trace, causal, clocks)];
}

const describe = (trace: Trace, i: number) => `${trace.eventId(i)} (line ${trace.line[i]})`;

/** Duplicates: one (message, receiver) pair received more than once. */
function duplicateDeliveries(trace: Trace): Finding[] {
  const findings: Finding[] = [];
  const R = trace.replicas.size;
  const { replica, edgeStart, kind, msg } = trace;
  // The first receive of each message is kept in an array; receives of one message by other replicas go to a map.
  const firstReceive = new Int32Array(trace.messages.size).fill(-1);
  const receivedByOthers = new Map<number, number>();
  for (let i = 0; i < trace.size; i++) {
    if (kind[i] !== EventKind.receive || msg[i] < 0 || edgeStart[i + 1] === edgeStart[i]) continue;
    let first = firstReceive[msg[i]];
    if (first < 0) {
      firstReceive[msg[i]] = i;
      continue;
    }
    if (replica[first] !== replica[i]) {
      const k = msg[i] * R + replica[i];
      const earlier = receivedByOthers.get(k);
      if (earlier === undefined) {
        receivedByOthers.set(k, i);
        continue;
      }
      first = earlier;
    }
    findings.push({
      severity: 'warning',
      kind: 'duplicate-delivery',
      line: trace.line[i],
      message:
        `${describe(trace, i)} receives message "${trace.messages.name(msg[i])}" again; ${describe(trace, first)} already received it. ` +
        (trace.payload[trace.edgeFrom[edgeStart[i]]] === Payload.ops
          ? 'An operation-based CRDT would apply it twice unless deliveries are deduplicated.'
          : 'The receiver handles it twice unless it deduplicates messages.'),
      events: [trace.eventId(first), trace.eventId(i)],
    });
  }
  return findings;
}

/** Causal-delivery findings listed one by one; the rest are counted in one summary (a random network reorders thousands). */
const MAX_LISTED = 500;

/** The send a receive delivers: the source of its first incoming edge that is not ignored, or -1. */
function deliveredSend(trace: Trace, causal: CausalOrder, e: number): number {
  for (let k = trace.edgeStart[e]; k < trace.edgeStart[e + 1]; k++) if (!causal.ignoredEdge[k]) return trace.edgeFrom[k];
  return -1;
}

/**
 * Causal order, in O(replicas) per receive: each replica's first deliveries are walked backwards,
 * remembering per sender replica j the earliest send from j (by its own clock entry) delivered later.
 * The send s2 a receive delivers knows a send s1 of replica j (s1 -> s2 or s1 = s2) exactly when
 * s2's computed clock entry for j is at least s1's own entry; s1 = s2 cannot happen, because each
 * send is delivered once per replica here.
 */
function causalDeliveryViolations(trace: Trace, causal: CausalOrder, clocks: ComputedClocks): Finding[] {
  const findings: Finding[] = [];
  let unlisted = 0;
  const R = clocks.replicaCount;
  const { replica, kind } = trace;
  const own = (i: number) => clocks.entry(i, replica[i]);

  // Per replica, its receives in the replica's order, then only the first delivery of each send.
  const receives: number[][] = Array.from({ length: R }, () => []);
  const sendOf = new Int32Array(trace.size).fill(-1);
  for (let x = 0; x < trace.size; x++) {
    const e = causal.order[x];
    if (kind[e] !== EventKind.receive) continue;
    sendOf[e] = deliveredSend(trace, causal, e);
    if (sendOf[e] >= 0) receives[replica[e]].push(e);
  }
  // Replicas are walked one after the other, so one mark per send says whether this one delivered it already.
  const deliveredBy = new Int32Array(trace.size).fill(-1);
  const deliveries = receives.map((list, b) =>
    list.filter((e) => {
      if (deliveredBy[sendOf[e]] === b) return false;
      deliveredBy[sendOf[e]] = b;
      return true;
    }),
  );

  // Per sender replica j, the earliest later-delivered send from j (its own entry, and the receive):
  // among the sends carrying operations, and among all that carry operations or nothing.
  const laterOps = new LaterDeliveries(R);
  const laterAny = new LaterDeliveries(R);
  for (let b = 0; b < R; b++) {
    laterOps.clear();
    laterAny.clear();
    const list = deliveries[b];
    for (let x = list.length - 1; x >= 0; x--) {
      const e = list[x];
      const s = sendOf[e];
      const payload = trace.payload[s];
      if (payload !== Payload.none && payload !== Payload.ops) continue;
      const later = payload === Payload.ops ? laterOps : laterAny;
      const laterReceive = later.knownBy(clocks, s);
      if (laterReceive >= 0 && findings.length >= MAX_LISTED) {
        unlisted++;
      } else if (laterReceive >= 0) {
        const earlierSend = sendOf[laterReceive];
        findings.push({
          severity: 'info',
          kind: 'causal-delivery-violation',
          line: trace.line[e],
          message:
            `${trace.replicas.name(b)} receives at ${describe(trace, e)} the message sent at ${describe(trace, s)} before the one sent at ${describe(trace, earlierSend)}, ` +
            `which it receives later at ${describe(trace, laterReceive)}, although that send happened before this one. ` +
            (payload === Payload.ops
              ? 'Causal delivery holds this operation in the buffer until its dependency arrives.'
              : 'Nothing in the trace says these messages had to arrive in causal order; an application that needs it must buffer this one.'),
          events: [trace.eventId(earlierSend), trace.eventId(s), trace.eventId(e), trace.eventId(laterReceive)],
        });
      }
      laterAny.note(replica[s], own(s), e);
      if (payload === Payload.ops) laterOps.note(replica[s], own(s), e);
    }
  }
  if (unlisted > 0) {
    findings.push({
      severity: 'info',
      kind: 'causal-delivery-violation',
      line: 0,
      message: `${unlisted} more message(s) arrive before one whose send happened before theirs; they are not listed one by one.`,
      events: [],
    });
  }
  return findings;
}

/**
 * Per sender replica: the smallest own clock entry among the sends delivered later, and where.
 * Cleared by the replicas it noted, so clearing it once per receiving replica stays O(deliveries).
 */
class LaterDeliveries {
  private readonly minOwn: Float64Array;
  private readonly receive: Int32Array;
  private readonly noted: number[] = [];

  constructor(replicas: number) {
    this.minOwn = new Float64Array(replicas).fill(Infinity);
    this.receive = new Int32Array(replicas).fill(-1);
  }

  clear(): void {
    for (const j of this.noted) this.minOwn[j] = Infinity;
    this.noted.length = 0;
  }

  note(senderReplica: number, own: number, receive: number): void {
    if (this.minOwn[senderReplica] === Infinity) this.noted.push(senderReplica);
    if (own < this.minOwn[senderReplica]) {
      this.minOwn[senderReplica] = own;
      this.receive[senderReplica] = receive;
    }
  }

  /** A later delivery whose send happened before send `s` (its computed clock knows that send), or -1. */
  knownBy(clocks: ComputedClocks, s: number): number {
    const j = clocks.findEntry(s, (r, value) => value >= this.minOwn[r]);
    return j < 0 ? -1 : this.receive[j];
  }
}
