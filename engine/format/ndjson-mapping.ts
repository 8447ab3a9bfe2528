// A user's mapping from the fields of any NDJSON trace to Causeway events: which JSON path holds
// the replica, the event name, the sender, the receiver, the message identity and the clock.
// Parsed and checked here (a bad mapping is refused with the path at fault); read by ndjson-mapped.ts.

import { type BoundedRegex, compileBoundedRegex } from './bounded-regex';
import { isRecord } from './json-text';
import { quoted } from './pending';
import { TraceReadError } from './types';

/** A dotted path into a JSON object (`event.msg.from`), split into its member names. */
export type JsonPath = readonly string[];

/** How the fields of one NDJSON line become an event. */
export interface NdjsonMapping {
  /** The replica (node, process) the event happened on: required. */
  replica: JsonPath;
  /** The event's name, shown as its label. */
  event?: JsonPath;
  /** The sending and receiving replica of the message the event sends or receives. */
  sender?: JsonPath;
  receiver?: JsonPath;
  /** What identifies a message: a send and a receive whose values at these paths are equal carry the same message. */
  message?: JsonPath[];
  /** A vector clock object (`{"a": 3, "b": 1}`); without one, each replica's events are in line order. */
  clock?: JsonPath;
  /** Event names (regular expressions) that send, and that receive, a message. */
  send?: BoundedRegex;
  receive?: BoundedRegex;
}

/** The member a first line (or a sidecar file) holds its mapping in. */
export const MAPPING_KEY = 'causeway-mapping';

const PATH_KEYS = ['replica', 'event', 'sender', 'receiver', 'clock'] as const;
const KNOWN_KEYS = new Set<string>([...PATH_KEYS, 'message', 'send', 'receive']);

/** The value at `path` in `value`, or undefined when a member on the way is missing. */
export function valueAt(value: unknown, path: JsonPath): unknown {
  let at = value;
  for (const name of path) {
    if (!isRecord(at) || !Object.hasOwn(at, name)) return undefined;
    at = at[name];
  }
  return at;
}

/** `a.b.c` as a path; refused (naming `where`) when empty or with an empty member. */
function parsePath(text: unknown, where: string): JsonPath {
  if (typeof text !== 'string' || text === '' || text.split('.').some((part) => part === '')) {
    throw new TraceReadError(`The mapping's "${where}" should be a JSON path such as "event.msg.from" (member names joined by dots), found ${quoted(text)}.`);
  }
  return text.split('.');
}

/** A user's pattern on event names: it runs on the linear-time engine, like every regex a user gives. */
function parsePattern(text: unknown, where: string): BoundedRegex {
  if (typeof text !== 'string' || text === '') throw new TraceReadError(`The mapping's "${where}" should be a regular expression matched against the event name, found ${quoted(text)}.`);
  try {
    return compileBoundedRegex(text, {}, false, `The mapping's "${where}" ${quoted(text)}`);
  } catch (e) {
    throw new TraceReadError((e as Error).message);
  }
}

/**
 * Checks a mapping given as JSON (the object itself, or `{"causeway-mapping": {...}}`): every path
 * is a dotted member path, `replica` is required, `message` is one path or a list of them, and
 * `send`/`receive` are regular expressions. Throws a TraceReadError naming what is wrong.
 */
export function parseMapping(value: unknown): NdjsonMapping {
  const spec = isRecord(value) && isRecord(value[MAPPING_KEY]) ? value[MAPPING_KEY] : value;
  if (!isRecord(spec)) throw new TraceReadError(`A mapping is a JSON object such as {"replica": "nodeID", "event": "name"}, found ${quoted(spec)}.`);
  for (const key in spec) {
    if (!KNOWN_KEYS.has(key)) throw new TraceReadError(`The mapping names an unknown field "${key}"; it may name ${[...KNOWN_KEYS].join(', ')}.`);
  }
  if (spec['replica'] === undefined) throw new TraceReadError('The mapping must name the path of the replica, e.g. {"replica": "nodeID"}.');
  const mapping: NdjsonMapping = { replica: parsePath(spec['replica'], 'replica') };
  for (const key of PATH_KEYS) if (key !== 'replica' && spec[key] !== undefined) mapping[key] = parsePath(spec[key], key);
  const message = spec['message'];
  if (message !== undefined) {
    const list = Array.isArray(message) ? message : [message];
    if (list.length === 0) throw new TraceReadError('The mapping\'s "message" should name at least one path.');
    mapping.message = list.map((path, k) => parsePath(path, Array.isArray(message) ? `message[${k}]` : 'message'));
  }
  if (spec['send'] !== undefined) mapping.send = parsePattern(spec['send'], 'send');
  if (spec['receive'] !== undefined) mapping.receive = parsePattern(spec['receive'], 'receive');
  return mapping;
}

/** Parses mapping text (a sidecar file, `--mapping`), naming `source` when it is not JSON. */
export function parseMappingText(text: string, source: string): NdjsonMapping {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new TraceReadError(`${source} is not valid JSON (${(e as Error).message}); a mapping looks like {"replica": "nodeID", "event": "name"}.`);
  }
  try {
    return parseMapping(value);
  } catch (e) {
    if (e instanceof TraceReadError) throw new TraceReadError(`${source}: ${e.message}`);
    throw e;
  }
}
