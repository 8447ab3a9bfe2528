// NDJSON traces read through a mapping: etcd-io/raft's trace-validation logs as they are (a built-in
// mapping), any other NDJSON shape through a user's mapping in a first line, a sidecar or --mapping,
// with sends paired to receives by message identity, and a bad mapping refused with the path at fault.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadTraceFile } from '../../cli/trace-file';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { detectFormat, formatById } from '../../engine/format/detect';
import { TraceReadError } from '../../engine/format/types';
import type { Trace, TraceFile } from '../../engine/trace/model';
import { REPO } from '../helpers/load';
import { readTraceText } from './helpers';

const ETCD = join(REPO, 'test', 'fixtures', 'real', 'etcd-raft');
const mapped = formatById('ndjson')!;

/** Message edges as "send line->receive line", sorted. */
function lineEdges(trace: Trace): string[] {
  const edges: string[] = [];
  for (let i = 0; i < trace.size; i++) {
    for (let k = trace.edgeStart[i]; k < trace.edgeStart[i + 1]; k++) edges.push(`${trace.line[trace.edgeFrom[k]]}->${trace.line[i]}`);
  }
  return edges.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}

/** Warnings and errors of the reading and of the analysis, counted by kind. */
function warnings(file: TraceFile): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const f of [...file.findings, ...file.executions.flatMap((t) => analyzeTrace(t).findings)]) {
    if (f.severity !== 'info') counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  }
  return counts;
}

describe('etcd-io/raft trace-validation logs', () => {
  const path = join(ETCD, 'example-3-nodes.ndjson');
  const text = readFileSync(path, 'utf8');

  it('are recognised from their content, not as another NDJSON format', () => {
    assert.equal(detectFormat(text.slice(0, 64 * 1024), 'example.ndjson')?.id, 'etcd-raft');
  });

  it('link each Receive* line to the Send* line of the same msg, a node sending to itself included', () => {
    const file = loadTraceFile(path);
    const trace = file.executions[0];
    assert.equal(file.format, 'etcd-raft');
    assert.deepEqual([trace.replicas.name(0), trace.replicas.name(1), trace.replicas.name(2)], ['1', '2', '3']);
    const edges = lineEdges(trace);
    // Node 3 asks nodes 1 and 2 for votes (lines 29 and 30) and votes for itself (31, received at 33).
    for (const edge of ['29->36', '30->35', '31->33']) assert.ok(edges.includes(edge), `${edge} in ${edges.slice(0, 8).join(' ')}`);
    assert.equal(edges.length, 84);
    assert.deepEqual(warnings(file), {});
  });
});

// Two nodes, no clock: "a" sends the same ping twice and a pong; "b" receives the pings and the pong
// (the pong's receive is logged before its send), then receives a message nobody sent.
const NO_CLOCK = [
  '{"causeway-mapping": {"replica": "who", "event": "what", "sender": "m.from", "receiver": "m.to", "message": ["m.body"]}}',
  '{"who": "a", "what": "send", "m": {"from": "a", "to": "b", "body": "ping"}}',
  '{"who": "a", "what": "send", "m": {"from": "a", "to": "b", "body": "ping"}}',
  '{"who": "b", "what": "recv", "m": {"from": "a", "to": "b", "body": "ping"}}',
  '{"who": "b", "what": "recv", "m": {"from": "a", "to": "b", "body": "pong"}}',
  '{"who": "a", "what": "send", "m": {"from": "a", "to": "b", "body": "pong"}}',
  '{"who": "b", "what": "recv", "m": {"from": "a", "to": "b", "body": "ping"}}',
  '{"who": "b", "what": "tick"}',
  '{"who": "b", "what": "recv", "m": {"from": "c", "to": "b", "body": "ping"}}',
].join('\n');

describe('an NDJSON trace read through a mapping in its first line', () => {
  it('pairs sends and receives of the same message first in, first out, and names only a receive with no send at all', () => {
    const file = readTraceText(mapped, NO_CLOCK);
    const trace = file.executions[0];
    assert.equal(trace.size, 8);
    assert.deepEqual(lineEdges(trace), ['2->4', '3->7', '6->5']);
    assert.deepEqual(warnings(file), { 'unknown-message': 1 });
    const unknown = trace.findings.find((f) => f.kind === 'unknown-message');
    assert.equal(unknown?.line, 9);
  });

  it('orders events by a mapped vector clock and pairs a receive with the send its clock covers', () => {
    const header = '{"causeway-mapping": {"replica": "n", "event": "e", "sender": "from", "receiver": "to", "message": "id", "clock": "vc"}}';
    const lines = [
      header,
      '{"n": "q", "e": "got", "from": "p", "to": "q", "id": 7, "vc": {"p": 1, "q": 1}}',
      '{"n": "p", "e": "put", "from": "p", "to": "q", "id": 7, "vc": {"p": 1}}',
      '{"n": "q", "e": "local", "vc": {"p": 1, "q": 2}}',
    ];
    const trace = readTraceText(mapped, lines.join('\n')).executions[0];
    assert.deepEqual(lineEdges(trace), ['3->2']);
    assert.equal(trace.line[0], 3, 'the send comes first, though logged after its receive');
  });
});

describe('a mapping outside the trace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'causeway-mapping-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const body = NO_CLOCK.split('\n').slice(1).join('\n');
  const mapping = JSON.parse(NO_CLOCK.split('\n')[0])['causeway-mapping'];

  it('is read from a sidecar NAME.causeway.json beside the trace', () => {
    writeFileSync(join(dir, 'run.ndjson'), body);
    writeFileSync(join(dir, 'run.causeway.json'), JSON.stringify(mapping));
    const file = loadTraceFile(join(dir, 'run.ndjson'));
    assert.equal(file.format, 'ndjson');
    assert.deepEqual(lineEdges(file.executions[0]), ['1->3', '2->6', '5->4']);
  });

  it('is read from the file --mapping names, which wins over the sidecar', () => {
    writeFileSync(join(dir, 'other.json'), JSON.stringify({ ...mapping, message: ['m.from'] }));
    const file = loadTraceFile(join(dir, 'run.ndjson'), { mappingFile: join(dir, 'other.json') });
    // Every message from a to b is now the same: the pong's early receive takes the first ping.
    assert.deepEqual(lineEdges(file.executions[0]), ['1->3', '2->4', '5->6']);
  });
});

describe('a bad mapping is refused, naming what is wrong', () => {
  const refused = (text: string, pattern: RegExp) =>
    assert.throws(() => readTraceText(mapped, `${text}\n{"n": "a"}\n`), (e: unknown) => e instanceof TraceReadError && pattern.test(e.message), text);

  it('a path that is not member names joined by dots', () => {
    refused('{"causeway-mapping": {"replica": "n", "sender": "msg..from"}}', /Line 1: The mapping's "sender" should be a JSON path .*found "msg\.\.from"/);
    refused('{"causeway-mapping": {"replica": "n", "message": ["a", 3]}}', /"message\[1\]" should be a JSON path/);
  });

  it('no replica, an unknown field, a pattern that is not a regular expression', () => {
    refused('{"causeway-mapping": {"event": "e"}}', /must name the path of the replica/);
    refused('{"causeway-mapping": {"replica": "n", "node": "x"}}', /unknown field "node"/);
    refused('{"causeway-mapping": {"replica": "n", "send": "("}}', /"send" "\(" is not a valid regular expression/);
    // A user's pattern runs on the linear-time engine: constructs it lacks are refused by name.
    refused('{"causeway-mapping": {"replica": "n", "send": "(a)\\\\1"}}', /"send" .* uses a backreference/);
  });

  it('a sidecar that is not JSON names its file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'causeway-mapping-'));
    try {
      writeFileSync(join(dir, 't.ndjson'), '{"n": "a"}\n');
      writeFileSync(join(dir, 't.causeway.json'), '{"replica": ');
      assert.throws(() => loadTraceFile(join(dir, 't.ndjson')), (e: unknown) => e instanceof TraceReadError && e.message.includes(join(dir, 't.causeway.json')) && /not valid JSON/.test(e.message));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file of JSON lines with no mapping says how to give one', () => {
    assert.throws(() => readTraceText(mapped, '{"n": "a"}\n'), (e: unknown) => e instanceof TraceReadError && /no mapping.*causeway-mapping.*sidecar/.test(e.message));
  });
});
