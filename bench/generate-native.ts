// Generates large, valid native traces for benchmarks: R replicas, K keys of mixed CRDT types,
// full vector clocks on every line, sends carrying state to one random replica. Each key has a
// home replica that makes most of its writes (as in sharded or user-owned data), so conflicts
// are common but not universal. Deterministic for a seed, written as lines so a million events
// never sit in memory as one string.

import type { CrdtTypeName } from '../engine/crdt/types';
import { prng } from '../engine/util/prng';

export interface NativeTraceSpec {
  events: number;
  replicas: number;
  keys: number;
  seed?: number;
  /** Share of a key's writes made by its home replica (default 0.8). */
  homeShare?: number;
}

const KEY_TYPES: CrdtTypeName[] = ['pn-counter', 'g-counter', 'or-set', 'lww-register', 'mv-register', 'g-set', 'lww-map', 'rw-set', '2p-set', 'pn-counter'];


function opFor(type: CrdtTypeName, random: () => number, r: number): string {
  const element = `"e${Math.floor(random() * 20)}"`;
  switch (type) {
    case 'pn-counter':
      return random() < 0.7 ? '{"type":"inc","value":1}' : '{"type":"dec","value":1}';
    case 'g-counter':
      return '{"type":"inc","value":2}';
    case 'or-set':
    case 'rw-set':
    case '2p-set':
      return random() < 0.6 ? `{"type":"add","value":${element}}` : `{"type":"remove","value":${element}}`;
    case 'g-set':
      return `{"type":"add","value":${element}}`;
    case 'lww-register':
    case 'mv-register':
      return `{"type":"set","value":"v${r}-${Math.floor(random() * 1000)}"}`;
    case 'lww-map':
      return `{"type":"set","field":"f${Math.floor(random() * 8)}","value":${Math.floor(random() * 100)}}`;
    default:
      return '{"type":"inc","value":1}';
  }
}

/** Yields the trace's lines (without newlines): the header first. */
export function* generateNativeTrace(spec: NativeTraceSpec): Generator<string> {
  const random = prng(spec.seed ?? 42);
  const R = spec.replicas;
  const names = Array.from({ length: R }, (_, r) => `r${String(r).padStart(2, '0')}`);
  const keyNames = Array.from({ length: spec.keys }, (_, k) => `k${String(k).padStart(3, '0')}`);
  const keyTypes = keyNames.map((_, k) => KEY_TYPES[k % KEY_TYPES.length]);
  const objects = Object.fromEntries(keyNames.map((k, i) => [k, keyTypes[i]]));
  yield JSON.stringify({ format: 'causeway', version: 1, description: `Generated: ${spec.events} events, ${R} replicas, ${spec.keys} keys.`, replicas: names, objects });
  const clocks = Array.from({ length: R }, () => new Uint32Array(R));
  const inbox: { msg: number; clock: Uint32Array }[][] = Array.from({ length: R }, () => []);
  let nextMsg = 0;
  let time = 1_700_000_000_000;
  const clockText = (c: Uint32Array) => {
    let s = '{';
    for (let j = 0; j < R; j++) s += `${j ? ',' : ''}"${names[j]}":${c[j]}`;
    return `${s}}`;
  };
  for (let e = 0; e < spec.events; e++) {
    const r = Math.floor(random() * R);
    const c = clocks[r];
    time += 1 + Math.floor(random() * 3);
    const roll = random();
    const head = `{"replica":"${names[r]}","kind":`;
    if (roll < 0.25 && inbox[r].length > 0) {
      const m = inbox[r].shift()!;
      for (let j = 0; j < R; j++) if (m.clock[j] > c[j]) c[j] = m.clock[j];
      c[r]++;
      yield `${head}"receive","msg":"m${m.msg}","clock":${clockText(c)},"time":${time}}`;
    } else if (roll < 0.5) {
      c[r]++;
      const to = (r + 1 + Math.floor(random() * (R - 1))) % R;
      const msg = nextMsg++;
      inbox[to].push({ msg, clock: c.slice() });
      yield `${head}"send","msg":"m${msg}","to":"${names[to]}","clock":${clockText(c)},"time":${time}}`;
    } else if (roll < 0.9) {
      c[r]++;
      // Mostly one of the keys this replica is home to; otherwise any key.
      const homeKeys = Math.max(1, Math.floor(spec.keys / R));
      const k = random() < (spec.homeShare ?? 0.8) ? Math.min(spec.keys - 1, r * homeKeys + Math.floor(random() * homeKeys)) : Math.floor(random() * spec.keys);
      yield `${head}"op","key":"${keyNames[k]}","op":${opFor(keyTypes[k], random, r)},"clock":${clockText(c)},"time":${time}}`;
    } else {
      c[r]++;
      yield `${head}"local","clock":${clockText(c)},"time":${time}}`;
    }
  }
}
