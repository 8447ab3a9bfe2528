// The `causeway` group of a ShiViz log: one JSON object per event carrying what ShiViz's
// host/clock/event text cannot (fields, kind, message, operation, state, ...), so that a trace
// survives native -> ShiViz -> native. Written by export-shiviz, read by the ShiViz importer.

import { type CrdtOp, type CrdtTypeName, isCrdtTypeName, type Json } from '../crdt/types';
import { EVENT_KIND_NAMES, type EventInput, type EventKindName, type ObjectSpec, PAYLOAD_NAMES, type PayloadName } from '../trace/model';
import { mayNestDeeperThan, nestedTooDeep, nestsDeeperThan } from '../util/json-depth';
import { isClockValue } from './clock-json';
import type { PendingExtra } from './pending';

/** Name of the regex group that carries the JSON. */
export const EXTRAS_GROUP = 'causeway';

export interface ExtrasRead {
  extra: PendingExtra;
  /** The exact label, when the event line could not carry it (line breaks, tabs, empty). */
  label?: string;
  fields?: Record<string, Json>;
  /** The clock on the log line was computed by the exporter, not recorded: use it for edges only. */
  clockComputed: boolean;
  /** Members that were not understood (kept out of the event). */
  ignored: string[];
}

type Reader = (v: unknown, x: ExtrasRead) => boolean;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';

const READERS: Record<string, Reader> = {
  kind: (v, x) => isString(v) && (EVENT_KIND_NAMES as readonly string[]).includes(v) && set(x, 'kind', v as EventKindName),
  id: (v, x) => isString(v) && set(x, 'id', v),
  key: (v, x) => isString(v) && set(x, 'key', v),
  op: (v, x) => isObject(v) && isString(v['type']) && set(x, 'op', v as unknown as CrdtOp),
  msg: (v, x) => isString(v) && set(x, 'msg', v),
  to: (v, x) => Array.isArray(v) && v.every(isString) && set(x, 'to', v as string[]),
  after: (v, x) => Array.isArray(v) && v.every(isString) && set(x, 'after', v as string[]),
  from: (v, x) => isString(v) && set(x, 'from', v),
  payload: (v, x) => isString(v) && (PAYLOAD_NAMES as readonly string[]).includes(v) && set(x, 'payload', v as PayloadName),
  time: (v, x) => typeof v === 'number' && Number.isFinite(v) && set(x, 'time', v),
  timeText: (v, x) => isString(v) && set(x, 'timeText', v),
  lamport: (v, x) => Number.isSafeInteger(v) && (v as number) >= 0 && set(x, 'lamport', v as number),
  hlc: (v, x) => isObject(v) && typeof v['wall'] === 'number' && Number.isFinite(v['wall']) && isClockValue(v['counter']) && set(x, 'hlc', { wall: v['wall'], counter: v['counter'] as number }),
  objects: (v, x) => isObject(v) && Object.values(v).every(isObjectSpec) && set(x, 'objects', v as Record<string, CrdtTypeName | ObjectSpec>),
  state: (v, x) => isObject(v) && set(x, 'state', v as Record<string, Json>),
  label: (v, x) => isString(v) && ((x.label = v), true),
  fields: (v, x) => isObject(v) && ((x.fields = v as Record<string, Json>), true),
  clockComputed: (v, x) => v === true && ((x.clockComputed = true), true),
};

/** A CRDT type as the native header's `objects` writes it: a name, or {type, values}. */
function isObjectSpec(v: unknown): boolean {
  if (isCrdtTypeName(v)) return true;
  return isObject(v) && isCrdtTypeName(v['type']) && (v['values'] === undefined || isCrdtTypeName(v['values']));
}

function set<K extends keyof PendingExtra>(x: ExtrasRead, name: K, value: PendingExtra[K]): true {
  x.extra[name] = value;
  return true;
}

/** Reads the group's JSON text; returns a problem in words when it is not an object. */
export function readExtras(text: string): ExtrasRead | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return `the "${EXTRAS_GROUP}" group is not valid JSON (${(e as Error).message})`;
  }
  if (!isObject(value)) return `the "${EXTRAS_GROUP}" group should be a JSON object`;
  if (mayNestDeeperThan(text.length) && nestsDeeperThan(value)) return nestedTooDeep(`the "${EXTRAS_GROUP}" group`);
  const x: ExtrasRead = { extra: {}, clockComputed: false, ignored: [] };
  for (const name in value) {
    const reader = Object.prototype.hasOwnProperty.call(READERS, name) ? READERS[name] : undefined;
    if (!reader || !reader(value[name], x)) x.ignored.push(name);
  }
  return x;
}

/** Characters a label cannot carry on a ShiViz event line. */
const UNSAFE_LABEL = /[\t\n\r\u2028\u2029]/;

/** The label as written on the event line (unsafe characters become spaces). */
export function lineLabel(label: string | undefined): string {
  return label === undefined ? '' : label.replace(/[\t\n\r\u2028\u2029]/g, ' ');
}

/**
 * The extras JSON of an exported event (undefined when there is nothing to carry). `inferredKind`
 * is the kind the importer will infer from the clocks: the kind is written only when it differs.
 */
export function extrasOf(
  e: EventInput,
  how: { inferredKind: EventKindName; clockComputed: boolean; customId: boolean },
): Record<string, Json> | undefined {
  const x: Record<string, Json> = {};
  if (e.kind !== how.inferredKind) x['kind'] = e.kind;
  const copy = ['key', 'msg', 'from', 'payload', 'time', 'timeText', 'lamport'] as const;
  if (e.id !== undefined && how.customId) x['id'] = e.id;
  for (const name of copy) if (e[name] !== undefined) x[name] = e[name] as Json;
  if (e.op !== undefined) x['op'] = e.op as unknown as Json;
  if (e.to !== undefined) x['to'] = e.to;
  if (e.hlc !== undefined) x['hlc'] = { wall: e.hlc.wall, counter: e.hlc.counter };
  if (e.state !== undefined) x['state'] = e.state;
  if (e.label !== undefined && (e.label === '' || UNSAFE_LABEL.test(e.label))) x['label'] = e.label;
  if (e.fields !== undefined && Object.keys(e.fields).length > 0) x['fields'] = e.fields;
  if (how.clockComputed) x['clockComputed'] = true;
  return Object.keys(x).length > 0 ? x : undefined;
}
