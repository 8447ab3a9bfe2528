// Reads the first line of a live connection: it must be a hello of this protocol version with the
// session's token (compared in constant time); `replica`, `objects` and `ack` are checked for shape.

import { tokenMatches } from './token';
import { LIVE_PROTOCOL, LIVE_PROTOCOL_VERSION, type ErrorReply, type Hello } from './protocol';

const HELLO_EXAMPLE = `{"causeway":"live","version":1,"token":"…","replica":"A"}`;

/** The hello, or the error reply that refuses the connection. */
export function readHello(text: string, token: string): Hello | ErrorReply {
  const unauthorized = (message: string): ErrorReply => ({ error: 'unauthorized', message });
  const malformed = (message: string): ErrorReply => ({ error: 'malformed', line: 1, message: `The hello ${message}.` });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const hello = value as Record<string, unknown> | undefined;
  if (typeof hello !== 'object' || hello === null || hello['causeway'] !== LIVE_PROTOCOL) {
    return unauthorized(`The first message must be a hello such as ${HELLO_EXAMPLE}.`);
  }
  if (typeof hello['token'] !== 'string' || hello['token'] === '') {
    return unauthorized('The hello carries no token; copy the live session token from VS Code.');
  }
  if (!tokenMatches(hello['token'], token)) return unauthorized('Wrong token: it is not this live session\'s token.');
  if (hello['version'] !== LIVE_PROTOCOL_VERSION) {
    return malformed(`is not of protocol version ${LIVE_PROTOCOL_VERSION}, the one this session speaks`);
  }
  const replica = hello['replica'];
  if (replica !== undefined && (typeof replica !== 'string' || replica === '')) {
    return malformed('names its replica with something other than a non-empty string');
  }
  const objects = hello['objects'];
  if (objects !== undefined && !isObjectTypes(objects)) {
    return malformed('declares "objects" that do not map each key to a CRDT type, e.g. {"cart":"pn-counter"}');
  }
  if (hello['ack'] !== undefined && typeof hello['ack'] !== 'boolean') return malformed('has an "ack" that is not true or false');
  return hello as unknown as Hello;
}

/** `{"key": "type"}` or `{"key": {"type": ...}}`; the recording's reader checks the type names. */
function isObjectTypes(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every(
    (spec) => typeof spec === 'string' || (typeof spec === 'object' && spec !== null && typeof (spec as Record<string, unknown>)['type'] === 'string'),
  );
}
