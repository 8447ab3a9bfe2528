// Which send each receive of a TLA+ trace-validation log delivers: the packet names its sender
// (`pkt.snd`), receiver and message, so a receive is matched to a send of that packet, not guessed
// from the clocks alone; re-deliveries and receives of packets nobody sent stay visible as such.

import type { PendingExtra } from './pending';

/** A logged packet: what one send or receive line says about it. */
export interface Packet {
  /** The extra details of the pending event; `msg` is set on it once matched. */
  readonly extra: PendingExtra;
  readonly line: number;
  readonly sender: string;
  readonly receiver: string;
  /** The message as JSON text (`pkt.msg`): sends and receives of one packet carry the same. */
  readonly message: string;
  /** The message's `type`, for naming it. */
  readonly type: string;
  /** Send: the sender's own clock entry. Receive: the receiver's own entry. */
  readonly own: number;
  /** Receive: the sender's entry in the receive's clock (what it knows of the sender). */
  readonly senderEntry: number;
}

/** The sends of one packet (sender, receiver, message), in the sender's clock order. */
class SendsOfPacket {
  readonly sends: Packet[] = [];
  private delivered: Uint8Array = new Uint8Array(0);
  /** Every send below this index is delivered. */
  private allDeliveredBelow = 0;

  sort(): void {
    this.sends.sort((a, b) => a.own - b.own || a.line - b.line);
    this.delivered = new Uint8Array(this.sends.length);
  }

  /** Delivers the latest undelivered send at or below `known`, else names the latest delivered one; undefined when none is. */
  deliver(known: number): Packet | undefined {
    const { sends, delivered } = this;
    let lo = 0;
    let hi = sends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sends[mid].own <= known) lo = mid + 1;
      else hi = mid;
    }
    const top = lo - 1;
    for (let k = top; k >= this.allDeliveredBelow; k--) {
      if (delivered[k]) continue;
      delivered[k] = 1;
      while (delivered[this.allDeliveredBelow]) this.allDeliveredBelow++;
      return sends[k];
    }
    return top >= 0 ? sends[top] : undefined;
  }
}

const keyOf = (p: Packet) => `${p.sender}\u0000${p.receiver}\u0000${p.message}`;

/**
 * Gives every send a message id and every receive the id of the send it delivers: a send of the
 * same packet (sender, receiver, message) whose own clock entry the receive's clock covers, the
 * latest such send not yet delivered, else the latest one (the receive is then a re-delivery, which
 * the duplicate-delivery check reports). A receive that no logged send matches gets an id of its
 * own, so that it is reported as a receive of a message nobody sent. Receives are taken in each
 * receiver's clock order, as they happened.
 */
export function matchPackets(sends: readonly Packet[], receives: readonly Packet[]): void {
  const byKey = new Map<string, SendsOfPacket>();
  for (const packet of sends) {
    packet.extra.msg = `${packet.type} ${packet.sender}->${packet.receiver} (line ${packet.line})`;
    const key = keyOf(packet);
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = new SendsOfPacket()));
    list.sends.push(packet);
  }
  for (const list of byKey.values()) list.sort();
  const ordered = [...receives].sort((a, b) => (a.receiver < b.receiver ? -1 : a.receiver > b.receiver ? 1 : a.own - b.own || a.line - b.line));
  for (const receive of ordered) {
    const send = byKey.get(keyOf(receive))?.deliver(receive.senderEntry);
    receive.extra.msg = send
      ? send.extra.msg
      : `${receive.type} ${receive.sender}->${receive.receiver} (never sent; received at line ${receive.line})`;
  }
}
