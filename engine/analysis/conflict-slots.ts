// The slots of the conflict search (one replica's view of one written target), numbered from 0:
// replica × target directly when there are fewer of those than writes learned, else only the
// pairs a replica actually learns a write of (at most one new pair per write learned).

import { counted, type MemoryBudget } from './limits';

/** Bytes a numbered pair takes in the map (key, value and the map's own overhead). */
const MAP_ENTRY_BYTES = 64;

export class ConflictSlots {
  /** Number of slots: per-slot arrays have this length. */
  readonly count: number;
  /** Pair key (r × targets + t) -> slot, when numbered as they come. */
  private readonly ids: Map<number, number> | undefined;

  constructor(
    replicas: number,
    private readonly targets: number,
    /** How many writes replicas learn in all (their own and the ones delivered to them). */
    learnedWrites: number,
    /** Bytes each slot takes in the search's per-slot arrays. */
    bytesPerSlot: number,
    budget: MemoryBudget,
  ) {
    const pairs = replicas * targets;
    this.ids = pairs > learnedWrites ? new Map() : undefined;
    this.count = Math.min(pairs, learnedWrites);
    const bytes = this.count * (bytesPerSlot + (this.ids ? MAP_ENTRY_BYTES : 0));
    budget.reserve(bytes, `conflict frontiers of ${counted(replicas)} replicas × ${counted(targets)} written targets`);
  }

  /** The slot of replica r's view of target t. */
  of(r: number, t: number): number {
    const key = r * this.targets + t;
    if (this.ids === undefined) return key;
    let id = this.ids.get(key);
    if (id === undefined) this.ids.set(key, (id = this.ids.size));
    return id;
  }
}
