// Elle's verdict beside a Jepsen history (`results.edn`): each anomaly (`:G-single`, `:G1c`, ...)
// with the operations of its cycle (by their `:index`) and an explanation, Elle's own text when
// the file holds it. Causeway does not look for anomalies itself: it shows what Elle found.

import { parseEdn } from './jepsen-history';

/** One anomaly Elle reported: its type, the `:index` of each operation of its cycle, and why. */
export interface ElleAnomaly {
  type: string;
  indices: number[];
  explanation: string;
}

type EdnValue = unknown;

function isMap(value: EdnValue): value is Record<string, EdnValue> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A map read from EDN, unwrapped from a tagged record such as `#jepsen.history.Op{...}`. */
function untag(value: EdnValue): EdnValue {
  if (isMap(value) && typeof value['tag'] === 'string' && 'val' in value && Object.keys(value).length === 2) return untag(value['val']);
  return value;
}

/** A value read back as EDN-like text (keywords without their colon): `[[append x 2] [r y []]]`. */
function ednText(value: EdnValue): string {
  if (value === null || value === undefined) return 'nil';
  if (value === 'elle.list-append/init' || value === 'elle.rw-register/init') return 'its initial state';
  if (Array.isArray(value)) return `[${value.map(ednText).join(' ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** An operation of a cycle as a user recognises it: what it did, by which process, and its `:index`. */
function opText(op: EdnValue): string {
  if (!isMap(op)) return ednText(op);
  return `${ednText(op['f'] ?? 'txn')} ${ednText(op['value'])} by process ${ednText(op['process'])} (:index ${ednText(op['index'])})`;
}

/** What one step of a cycle says, from Elle's step map (`{:type :rw, :key :x, :value 1, :value' 2}`). */
function describeStep(step: EdnValue, from: string, to: string): string {
  const s = untag(step);
  if (!isMap(s)) return `${from} < ${to}`;
  const key = `key ${ednText(s['key'])}`;
  const value = ednText(s['value']);
  const next = ednText(s["value'"]);
  switch (s['type']) {
    case 'ww':
      return `${from} < ${to}, because ${to} wrote ${next} to ${key} after ${from} wrote ${value} (ww)`;
    case 'wr':
      return `${from} < ${to}, because ${to} observed ${from}'s write of ${value} to ${key} (wr)`;
    case 'rw':
      return `${from} < ${to}, because ${from} read ${key} as ${value} and did not observe ${to}'s write of ${next} (rw)`;
    case 'realtime':
      return `${from} < ${to}, because ${from} completed before ${to} began (realtime)`;
    case 'process':
      return `${from} < ${to}, because the same process ran ${from} before ${to} (process)`;
    default:
      return `${from} < ${to} (${ednText(s['type'])})`;
  }
}

/** An anomaly as Elle writes it: a map with `:cycle` and `:steps`, or (older Elle) its explanation text. */
function anomalyOf(type: string, entry: EdnValue): ElleAnomaly | undefined {
  const e = untag(entry);
  if (typeof e === 'string') {
    // "Let:\n  T1 = {... :index 3}\n ...": the operations are named with their maps.
    const indices = [...e.matchAll(/^\s*T\d+\s*=\s*\{.*?:index\s+(\d+)/gm)].map((m) => Number(m[1]));
    return { type, indices, explanation: e.replace(/\s*\n\s*/g, ' ').trim() };
  }
  if (!isMap(e)) return undefined;
  if (!Array.isArray(e['cycle'])) {
    // An anomaly without a cycle (`:G1a`, `:internal`, ...): the operations it names.
    const ops = Object.values(e).map(untag).filter((op): op is Record<string, EdnValue> => isMap(op) && typeof op['index'] === 'number');
    const mop = e['mop'] === undefined ? '' : ` in ${ednText(e['mop'])}`;
    return { type, indices: ops.map((op) => op['index'] as number), explanation: `${ops.map(opText).join(' and ')}${mop}.` };
  }
  const cycle = e['cycle'].map(untag);
  const indices = cycle.map((op) => (isMap(op) && typeof op['index'] === 'number' ? op['index'] : -1));
  // The cycle names its first operation again at the end; the steps go between neighbours.
  const names = indices.map((index, i) => (i === indices.length - 1 && index === indices[0] ? 'T1' : `T${i + 1}`));
  const steps = Array.isArray(e['steps']) ? e['steps'] : [];
  const because = steps.map((step, i) => describeStep(step, names[i] ?? '?', names[i + 1] ?? names[0])).join('; ');
  const distinct = indices.length > 1 && indices[indices.length - 1] === indices[0] ? indices.slice(0, -1) : indices;
  const who = distinct.map((_, i) => `T${i + 1} = ${opText(cycle[i])}`).join(', ');
  return { type, indices: distinct, explanation: `${who}${because ? `. ${because}: a cycle, so no serial order exists` : ''}.` };
}

/** Every `:anomalies` map in the results, at any depth (Jepsen nests each checker's result). */
function collectAnomalies(value: EdnValue, out: ElleAnomaly[], depth = 0): void {
  const v = untag(value);
  if (depth > 32 || v === null || typeof v !== 'object') return;
  if (Array.isArray(v)) return;
  for (const [key, member] of Object.entries(v)) {
    const m = untag(member);
    if (key === 'anomalies' && isMap(m)) {
      for (const [type, list] of Object.entries(m)) {
        if (!Array.isArray(list)) continue;
        for (const entry of list) {
          const anomaly = anomalyOf(type, entry);
          if (anomaly && anomaly.indices.length > 0) out.push(anomaly);
        }
      }
    } else collectAnomalies(m, out, depth + 1);
  }
}

/** The anomalies of Elle's or Jepsen's `results.edn`. Throws when the text is not readable EDN. */
export function readElleAnomalies(text: string): ElleAnomaly[] {
  const results = parseEdn(text);
  // edn-data answers null for a map cut short.
  if (!isMap(untag(results))) throw new Error('it does not hold one complete EDN map');
  const out: ElleAnomaly[] = [];
  collectAnomalies(results, out);
  return out;
}
