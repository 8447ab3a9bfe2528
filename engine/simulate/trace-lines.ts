// How the simulator writes the native format: the header, and each event as one JSON line with its
// fields always in the same order, the vector clock in replica order, and `time` in virtual
// milliseconds after a fixed epoch (to the microsecond), so equal runs give equal bytes.

import type { CrdtSpec } from '../crdt/registry';
import type { CrdtOp, Json } from '../crdt/types';
import { entryOf, type VectorClock } from '../clock/vector';
import type { EventKindName, PayloadName, TraceHeader } from '../trace/model';
import type { SyncMode } from './config';

/** Virtual time 0 is this wall time (2023-11-14T22:13:20Z, as in the examples), in microseconds. */
export const SIMULATION_EPOCH_US = 1_700_000_000_000_000;

export interface SimulatedEvent {
  readonly replica: string;
  readonly kind: EventKindName;
  readonly key?: string;
  readonly op?: CrdtOp;
  readonly msg?: string;
  readonly to?: readonly string[];
  readonly payload?: PayloadName;
  readonly clock: VectorClock;
  /** Wall time in microseconds since the simulation's start, the replica's clock skew included. */
  readonly wallUs: number;
  readonly seq: number;
  readonly state?: Record<string, Json>;
}

/** Milliseconds since 1970 for a wall time in microseconds since the simulation's start. */
export function epochMs(wallUs: number): number {
  // An exact integer divided once: the nearest double to the decimal, printed as written.
  return (SIMULATION_EPOCH_US + wallUs) / 1000;
}

export function simulationHeader(name: string, description: string, replicas: readonly string[], objects: Readonly<Record<string, CrdtSpec>>, sync: SyncMode): TraceHeader {
  return {
    format: 'causeway',
    version: 1,
    name,
    description,
    replicas: [...replicas],
    objects: Object.fromEntries(Object.entries(objects).map(([key, { type, values }]) => [key, values ? { type, values } : type])),
    clock: 'vector',
    sync,
  };
}

/** The event's line; `replicas` gives the clock's entry order. */
export function eventLine(event: SimulatedEvent, replicas: readonly string[]): string {
  const clock: Record<string, number> = {};
  for (const name of replicas) {
    const value = entryOf(event.clock, name);
    if (value > 0) clock[name] = value;
  }
  return JSON.stringify({
    replica: event.replica,
    kind: event.kind,
    key: event.key,
    op: event.op,
    msg: event.msg,
    to: event.to,
    payload: event.payload,
    clock,
    time: epochMs(event.wallUs),
    seq: event.seq,
    state: event.state,
  });
}
