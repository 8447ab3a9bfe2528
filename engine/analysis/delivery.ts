// Message delivery checks: a message received twice by one replica, and a message received
// before another one addressed to the same replica whose send happened before its own send
// (causal-delivery order), found in O(replicas) per receive.

import type { Finding } from '../trace/diagnostics';
import { EventKind, Payload, type Trace } from '../trace/model';
import type { ComputedClocks } from '../replay/clocks';
import type { CausalOrder } from '../replay/order';

export function checkDelivery(trace: Trace, causal: CausalOrder, clocks: ComputedClocks): Finding[] {
  const findings: Finding[] = [];
  const R = clocks.replicaCount;
  const { replica, edgeStart, edgeFrom, kind, msg } = trace;
  const id = (i: number) => `${trace.eventId(i)} (line ${trace.line[i]})`;
  const own = (i: number) => clocks.entry(i, replica[i]);

  // Duplicates: one (message, receiver) pair received more than once. The first receive of each
  // message is kept in an array; receives of one message by other replicas go to a map.
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
      message: `${id(i)} receives message "${trace.messages.name(msg[i])}" again; ${id(first)} already received it. An operation-based CRDT would apply it twice unless deliveries are deduplicated.`,
      events: [trace.eventId(first), trace.eventId(i)],
    });
  }

  // Causal order: walk each replica's receives backwards, remembering per sender replica the
  // earliest send (by its own clock entry) received later; a receive whose send already knows
  // that send was delivered too early. Only a send's non-zero clock entries can know a send.
  const receivesOf = new Map<number, number[]>();
  for (let s = 0; s < trace.size; s++) {
    const i = causal.order[s];
    if (kind[i] !== EventKind.receive || edgeStart[i + 1] === edgeStart[i]) continue;
    const list = receivesOf.get(replica[i]);
    if (list) list.push(i);
    else receivesOf.set(replica[i], [i]);
  }
  const minLater = new Float64Array(R).fill(Infinity);
  const minLaterEvent = new Int32Array(R);
  for (const b of [...receivesOf.keys()].sort((x, y) => x - y)) {
    const list = receivesOf.get(b)!;
    const lowered: number[] = [];
    for (let x = list.length - 1; x >= 0; x--) {
      const e = list[x];
      const s = edgeFrom[edgeStart[e]];
      const payload = trace.payload[s];
      if (payload === Payload.none || payload === Payload.ops) {
        const j = clocks.findEntry(s, (r, value) => value >= minLater[r]);
        if (j >= 0) {
          const laterReceive = minLaterEvent[j];
          const earlierSend = edgeFrom[edgeStart[laterReceive]];
          findings.push({
            severity: payload === Payload.ops ? 'warning' : 'info',
            kind: 'causal-delivery-violation',
            line: trace.line[e],
            message:
              `${trace.replicas.name(b)} receives at ${id(e)} the message sent at ${id(s)} before the one sent at ${id(earlierSend)}, ` +
              `which it receives later at ${id(laterReceive)}, although that send happened before this one.` +
              (payload === Payload.ops ? ' Causal delivery buffers this operation until its dependency arrives.' : ''),
            events: [trace.eventId(earlierSend), trace.eventId(s), trace.eventId(e), trace.eventId(laterReceive)],
          });
        }
      }
      const j = replica[s];
      if (own(s) < minLater[j]) {
        if (minLater[j] === Infinity) lowered.push(j);
        minLater[j] = own(s);
        minLaterEvent[j] = e;
      }
    }
    for (const j of lowered) minLater[j] = Infinity;
  }
  return findings;
}
