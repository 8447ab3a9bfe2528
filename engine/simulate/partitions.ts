// Network partitions of the simulated network: the schedule's text form
// (`A,B | C,D from 2s to 5s; A | C from 6s to 7s`) and which links are cut at a moment. While a
// partition lasts, replicas in different groups cannot reach each other; replicas it does not
// name keep every link (they bridge the groups).

import { formatDuration, parseDuration, SimulationConfigError } from './units';

export interface Partition {
  /** Two or more disjoint groups of replica names. */
  readonly groups: readonly (readonly string[])[];
  /** Virtual milliseconds since the start: cut from `fromMs` (inclusive) to `toMs` (exclusive). */
  readonly fromMs: number;
  readonly toMs: number;
}

const SHAPE = /^(.*?)\s+from\s+(\S+)\s+to\s+(\S+)$/;

/** Parses one partition; `where` names it in errors (`partition 2 "..."`). */
function parsePartition(text: string, where: string, replicas: readonly string[]): Partition {
  const shape = SHAPE.exec(text);
  if (!shape) throw new SimulationConfigError(`${where}: expected "GROUP | GROUP from TIME to TIME", such as "A,B | C,D from 2s to 5s".`);
  const [, groupsText, fromText, toText] = shape;
  const known = new Set(replicas);
  const placed = new Set<string>();
  const groups = groupsText.split('|').map((groupText, g) => {
    const names = groupText.split(',').map((name) => name.trim());
    if (names.some((name) => name === '')) throw new SimulationConfigError(`${where}: group ${g + 1} ("${groupText.trim()}") has an empty replica name.`);
    for (const name of names) {
      if (!known.has(name)) throw new SimulationConfigError(`${where}: unknown replica "${name}" (the replicas are ${replicas.join(', ')}).`);
      if (placed.has(name)) throw new SimulationConfigError(`${where}: replica "${name}" is in more than one group.`);
      placed.add(name);
    }
    return names;
  });
  if (groups.length < 2) throw new SimulationConfigError(`${where}: a partition needs at least two groups separated by "|".`);
  const fromMs = parseDuration(fromText, `${where}: start`);
  const toMs = parseDuration(toText, `${where}: end`);
  if (toMs <= fromMs) throw new SimulationConfigError(`${where}: it ends (${toText}) before it starts (${fromText}).`);
  return { groups, fromMs, toMs };
}

/** Parses a `;`-separated schedule against the simulation's replica names; an empty text is no partition. */
export function parsePartitions(text: string, replicas: readonly string[]): Partition[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .map((part, n) => ({ part, where: `partition ${n + 1} "${part}"` }))
    .filter(({ part }) => part !== '')
    .map(({ part, where }) => parsePartition(part, where, replicas));
}

export function formatPartitions(partitions: readonly Partition[]): string {
  return partitions
    .map((p) => `${p.groups.map((g) => g.join(',')).join(' | ')} from ${formatDuration(p.fromMs)} to ${formatDuration(p.toMs)}`)
    .join('; ');
}

/** Answers "is the link between two replicas cut at this moment?" for a schedule. */
export class PartitionSchedule {
  /** Per partition: replica name -> its group number. */
  private readonly groupOf: Map<string, number>[];

  constructor(private readonly partitions: readonly Partition[]) {
    this.groupOf = partitions.map((p) => new Map(p.groups.flatMap((names, g) => names.map((name) => [name, g] as const))));
  }

  /** Whether `a` and `b` are in different groups of a partition active at `atMs`. */
  separated(a: string, b: string, atMs: number): boolean {
    return this.partitions.some((p, n) => {
      if (atMs < p.fromMs || atMs >= p.toMs) return false;
      const ga = this.groupOf[n].get(a);
      const gb = this.groupOf[n].get(b);
      return ga !== undefined && gb !== undefined && ga !== gb;
    });
  }

  /** When the last partition heals (0 without partitions). */
  get lastHealMs(): number {
    return this.partitions.reduce((last, p) => Math.max(last, p.toMs), 0);
  }
}
