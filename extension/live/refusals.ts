// Refused connections of a live session, per client address: each is logged, until an address is
// refused more than a few times in a window, when its further refusals are summed up in one line
// per window; and the more an address is refused in a row, the later its refusals are answered,
// so a client retrying a wrong token in a loop is slowed to a few attempts a second.

import type { LogEntry } from './connection';
import { groupedCount } from '../../engine/util/count-text';

export interface RefusalPolicy {
  /** Refusals of an address logged one by one in a window, and answered at once (default 5). */
  free: number;
  /** The window, and the quiet time after which an address starts afresh, in ms (default 5,000). */
  windowMs: number;
  /** The first delay past the free refusals, in ms; it doubles with each refusal (default 100). */
  firstDelayMs: number;
  /** The longest delay, in ms (default 2,000). */
  maxDelayMs: number;
}

/** Addresses tracked one by one; beyond, refusals are summed up together (loopback has 16 M addresses). */
const MAX_ADDRESSES = 1024;
const OTHER_ADDRESSES = 'other addresses';

interface AddressRecord {
  /** Refusals since the address was last quiet for a window. */
  streak: number;
  lastAt: number;
  /** Refusals in the current log window, and those not logged one by one. */
  inWindow: number;
  unlogged: number;
  lastWhy: string;
  windowTimer?: NodeJS.Timeout;
}

export class RefusalLimiter {
  private readonly policy: RefusalPolicy;
  private readonly addresses = new Map<string, AddressRecord>();

  constructor(
    private readonly log: (entry: LogEntry) => void,
    policy: Partial<RefusalPolicy> = {},
  ) {
    this.policy = { free: 5, windowMs: 5000, firstDelayMs: 100, maxDelayMs: 2000, ...policy };
  }

  /**
   * A connection from `address` was refused: logs `message` (or counts it for the window's summary)
   * and returns how long to wait before answering it (0 when `slowDown` is false).
   */
  refused(address: string, message: string, slowDown: boolean): number {
    const now = Date.now();
    const record = this.recordOf(address, now);
    record.streak++;
    record.lastAt = now;
    record.lastWhy = message;
    if (++record.inWindow <= this.policy.free) this.log({ level: 'warning', message });
    else record.unlogged++;
    record.windowTimer ??= setTimeout(() => this.endWindow(address), this.policy.windowMs).unref();
    const beyond = record.streak - this.policy.free;
    if (!slowDown || beyond <= 0) return 0;
    return Math.min(this.policy.maxDelayMs, this.policy.firstDelayMs * 2 ** Math.min(beyond - 1, 30));
  }

  /** Logs what the current windows have not logged yet (when the session closes). */
  flush(): void {
    for (const address of [...this.addresses.keys()]) this.endWindow(address);
  }

  private recordOf(address: string, now: number): AddressRecord {
    let record = this.addresses.get(address);
    if (!record && this.addresses.size >= MAX_ADDRESSES) return this.recordOf(OTHER_ADDRESSES, now);
    if (!record) this.addresses.set(address, (record = { streak: 0, lastAt: now, inWindow: 0, unlogged: 0, lastWhy: '' }));
    if (now - record.lastAt > this.policy.windowMs) record.streak = 0;
    return record;
  }

  private endWindow(address: string): void {
    const record = this.addresses.get(address);
    if (!record) return;
    clearTimeout(record.windowTimer);
    record.windowTimer = undefined;
    if (record.unlogged > 0) {
      const seconds = this.policy.windowMs / 1000;
      const slowed = record.streak > this.policy.free ? ` Its refusals are now answered up to ${this.policy.maxDelayMs / 1000} s late.` : '';
      const count = record.unlogged === 1 ? 'one more connection' : `${groupedCount(record.unlogged)} more connections`;
      this.log({ level: 'warning', message: `Refused ${count} from ${address} in the last ${seconds} s; the last: ${record.lastWhy}${slowed}` });
    }
    record.inWindow = 0;
    record.unlogged = 0;
    if (Date.now() - record.lastAt > this.policy.windowMs) this.addresses.delete(address);
  }
}
