// Lamport clocks: one counter per replica, ticked by local events and sends, and set to
// max(local, remote) + 1 on receive; stamps are totally ordered by (counter, replica id).

import type { Stamp } from '../crdt/types';

export { compareStamps } from './stamp';

/** The counter after a local event or a send. */
export function lamportTick(time: number): number {
  return time + 1;
}

/**
 * The counter after receiving a message stamped `remote`: the maximum of both, then one more, so
 * the receive comes after the send. (Ticking first and then taking the maximum can give the receive
 * the send's own time.)
 */
export function lamportReceive(local: number, remote: number): number {
  return Math.max(local, remote) + 1;
}

/** A Lamport clock owned by one replica: each method returns the stamp of the event it records. */
export class LamportClock {
  private counter: number;

  constructor(
    readonly replica: string,
    time = 0,
  ) {
    this.counter = time;
  }

  /** The current counter (the time of the last recorded event). */
  get time(): number {
    return this.counter;
  }

  /** A local event. */
  tick(): Stamp {
    this.counter = lamportTick(this.counter);
    return this.stamp();
  }

  /** A send: ticks and returns the stamp to put on the message. */
  send(): Stamp {
    return this.tick();
  }

  /** A receive of a message stamped with time `remote`. */
  receive(remote: number): Stamp {
    this.counter = lamportReceive(this.counter, remote);
    return this.stamp();
  }

  /** The stamp of the last recorded event. */
  stamp(): Stamp {
    return { time: this.counter, replica: this.replica };
  }
}
