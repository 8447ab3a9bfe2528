// Generators of small files with very many replicas (issue #12, item 3): the inputs whose dense
// replicas × replicas and events × replicas arrays once ran out of memory. Used by the memory
// tests at a few thousand replicas, and from the command line at full size to measure:
//   node --import tsx test/engine/hostile-traces.ts KIND COUNT > FILE

import { generateOtlp } from '../../bench/generate-otlp';

const name = (r: number) => `r${r}`;

/** A native header naming `replicas` replicas, then one write on the first of them. */
export function headerNamingReplicas(replicas: number): string {
  const names = Array.from({ length: replicas }, (_, r) => name(r));
  const header = { format: 'causeway', version: 1, replicas: names, objects: { x: 'lww-register' } };
  return `${JSON.stringify(header)}\n${JSON.stringify({ replica: name(0), kind: 'op', key: 'x', op: { type: 'set', value: 1 } })}\n`;
}

/** A clock naming `replicas` replicas, the first of them at 1 and every other at 0. */
function wideClock(replicas: number): Record<string, number> {
  const clock: Record<string, number> = {};
  for (let r = 0; r < replicas; r++) clock[name(r)] = r === 0 ? 1 : 0;
  return clock;
}

/** A native trace of one event whose recorded clock names `replicas` replicas. */
export function nativeEventWithWideClock(replicas: number): string {
  const header = { format: 'causeway', version: 1, objects: { x: 'lww-register' } };
  const event = { replica: name(0), kind: 'op', key: 'x', op: { type: 'set', value: 1 }, clock: wideClock(replicas) };
  return `${JSON.stringify(header)}\n${JSON.stringify(event)}\n`;
}

/** A ShiViz log (default regex: the event line, then `host clock`) of one event whose clock names `replicas` hosts. */
export function shivizEventWithWideClock(replicas: number): string {
  return `start\n${name(0)} ${JSON.stringify(wideClock(replicas))}\n`;
}

/** A DistributedClocks tracing log of one event whose clock names `replicas` hosts. */
export function distributedClocksEventWithWideClock(replicas: number): string {
  return `${JSON.stringify({ TracerIdentity: name(0), TraceID: 1, Tag: 'CreateTrace', Body: {}, VectorClock: wideClock(replicas) })}\n`;
}

/** A native trace of `events` writes to one register, each on its own replica (no messages). */
export function eventsOnDistinctReplicas(events: number): string {
  const lines = [JSON.stringify({ format: 'causeway', version: 1, objects: { x: 'lww-register' } })];
  for (let r = 0; r < events; r++) lines.push(JSON.stringify({ replica: name(r), kind: 'op', key: 'x', op: { type: 'set', value: r } }));
  return `${lines.join('\n')}\n`;
}

/** An OTLP/JSON export of as many spans as `services`, each on a random one of them (about 63% of them get a span). */
export function otlpWithServices(services: number): string {
  return generateOtlp({ spans: services, services });
}

export const HOSTILE_TRACES = {
  header: headerNamingReplicas,
  'native-clock': nativeEventWithWideClock,
  'shiviz-clock': shivizEventWithWideClock,
  'dclocks-clock': distributedClocksEventWithWideClock,
  distinct: eventsOnDistinctReplicas,
  otlp: otlpWithServices,
} as const;

if (process.argv[1]?.endsWith('hostile-traces.ts') && process.argv.length === 4) {
  const kind = process.argv[2] as keyof typeof HOSTILE_TRACES;
  process.stdout.write(HOSTILE_TRACES[kind](Number(process.argv[3])));
}
