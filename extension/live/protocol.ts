// The live protocol's messages (docs/live-protocol.md), shared by the session (LiveServer) and
// the instrumentation client: the hello a connection starts with and the session's replies.

import type { CrdtTypeName } from '../../engine/crdt/types';
import type { ObjectSpec } from '../../engine/trace/model';

export const LIVE_PROTOCOL = 'live';
export const LIVE_PROTOCOL_VERSION = 1;

/** The CRDT type of each object key, as a trace header's `objects` gives it. */
export type ObjectTypes = Record<string, CrdtTypeName | ObjectSpec>;

/** The first message of every connection. */
export interface Hello {
  causeway: typeof LIVE_PROTOCOL;
  version: typeof LIVE_PROTOCOL_VERSION;
  token: string;
  /** The replica this connection speaks for: its events may leave out `replica`. */
  replica?: string;
  objects?: ObjectTypes;
  /** Ask for acknowledgements: the session then says which lines its recording's file holds. */
  ack?: boolean;
}

/** The session's answer to an accepted hello. */
export interface HelloAccepted {
  ok: 'hello';
  session: string;
  /** The recording's file name. */
  recording: string;
  /** With a replica in the hello: the highest `seq` the session has recorded for it (0 when none). */
  seq?: number;
}

/** unauthorized: the connection is closed; malformed: that line is refused and the connection goes on. */
export interface ErrorReply {
  error: 'unauthorized' | 'malformed';
  message: string;
  /** malformed: the 1-based line number on this connection (the hello is line 1). */
  line?: number;
}

/** With `ack` in the hello: every line of this connection up to `line` is dealt with, its event (if accepted) in the recording's file. */
export interface LinesWritten {
  ok: 'written';
  line: number;
}

export type SessionReply = HelloAccepted | LinesWritten | ErrorReply;
