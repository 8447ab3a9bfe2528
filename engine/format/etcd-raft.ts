// etcd-io/raft's trace-validation logs (state_trace.go, read by its tla/Traceetcdraft.tla): zap JSON
// lines `{"level":..,"tag":"trace","event":{"name","nid","state","role","log","conf","msg"?,"prop"?}}`,
// read as a built-in NDJSON mapping (ndjson-mapped.ts). No clock: the file is one process's log.
//
// Message identity: etcd's spec keeps messages in a bag and a receive takes one equal to the logged
// `event.msg` (type, term, from, to, entries, logTerm, index, commit, vote, reject, rejectHint), so
// the whole `msg` object is the identity; sends are `Send*` events, receives `Receive*` events.

import { MappedNdjsonReader } from './ndjson-mapped';
import { compileBoundedRegex } from './bounded-regex';
import type { NdjsonMapping } from './ndjson-mapping';
import type { TraceFormat } from './types';

const ETCD_RAFT_MAPPING: NdjsonMapping = {
  replica: ['event', 'nid'],
  event: ['event', 'name'],
  sender: ['event', 'msg', 'from'],
  receiver: ['event', 'msg', 'to'],
  message: [['event', 'msg']],
  send: compileBoundedRegex('^Send', {}, true, 'the send pattern'),
  receive: compileBoundedRegex('^Receive', {}, true, 'the receive pattern'),
};

export const etcdRaftFormat: TraceFormat = {
  id: 'etcd-raft',
  title: 'etcd-io/raft trace validation (NDJSON)',
  expected: 'zap JSON lines {"tag": "trace", "event": {"name": ..., "nid": ..., "msg"?: {...}}}, as etcd-io/raft writes for its TLA+ trace validation',
  extensions: ['ndjson'],
  detect(head) {
    const lines = head.split('\n', 6).filter((l) => l.trim() !== '');
    const events = lines.filter((l) => /"event"\s*:\s*\{\s*"name"\s*:\s*"[A-Za-z]+"\s*,\s*"nid"\s*:/.test(l)).length;
    return events > 0 && events === lines.length ? 0.95 : events > 0 ? 0.7 : 0;
  },
  createReader: (options) => new MappedNdjsonReader('etcd-raft', ETCD_RAFT_MAPPING, options),
};
