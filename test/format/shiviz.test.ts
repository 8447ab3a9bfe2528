// The ShiViz / GoVector importer: the real ShiViz example logs with numbers worked out by hand
// (and cross-checked with an independent script), regex headers, windows, executions, tolerance.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateShivizLog } from '../../bench/generate-shiviz';
import { shivizFormat } from '../../engine/format/shiviz';
import { compileShivizRegex, findMatch, GOVECTOR_REGEX, type PlainMatch, quickMatch, quickMatchBytes, SHIVIZ_DEFAULT_REGEX } from '../../engine/format/shiviz-regex';
import type { Trace } from '../../engine/trace/model';
import { TraceReadError } from '../../engine/format/types';
import {
  assertCausalIndexOrder,
  edgeList,
  eventsPerKind,
  eventsPerReplica,
  findingsOf,
  fixtureText,
  readTraceText,
  SHIVIZ_FIXTURES,
} from './helpers';

interface ManifestEntry {
  file: string;
  regex: string;
  delimiter: string;
}
const manifest = JSON.parse(fixtureText(SHIVIZ_FIXTURES, 'manifest.json')) as { logs: ManifestEntry[] };
const entry = (file: string) => manifest.logs.find((l) => l.file === file)!;
const readFixture = (file: string, seed = 1) => {
  const e = entry(file);
  return readTraceText(shivizFormat, fixtureText(SHIVIZ_FIXTURES, file), { regex: e.regex, delimiter: e.delimiter || undefined, name: file }, seed);
};

describe('ShiViz fixtures (numbers worked out by hand)', () => {
  it('simple-reliable-broadcast.log: 39 events on 3 nodes and 16 messages', () => {
    const file = readFixture('simple-reliable-broadcast.log');
    assert.equal(file.format, 'shiviz');
    assert.equal(file.executions.length, 1);
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { node0: 15, node1: 12, node2: 12 });
    // Each edge: the clock entry of another node rises above what the receiver knew, and the
    // candidate is not already known to another candidate (ShiViz's transitive reduction).
    assert.deepEqual(
      edgeList(t),
      [
        'node1:2->node0:4', 'node1:4->node0:5', 'node2:2->node0:10', 'node2:4->node0:11', 'node1:11->node0:13',
        'node2:10->node0:14', 'node0:2->node1:1', 'node2:5->node1:6', 'node2:7->node1:8', 'node0:6->node1:9',
        'node0:8->node1:10', 'node0:3->node2:1', 'node1:5->node2:6', 'node1:7->node2:8', 'node0:9->node2:9',
        'node0:12->node2:11',
      ].sort(),
    );
    assert.deepEqual(eventsPerKind(t), { send: 16, receive: 16, local: 7 });
    assert.deepEqual(findingsOf(file), []);
    const first = t.event(t.eventIndex('node0:1'));
    assert.equal(first.label, 'Initiating RBBroadcast(DataMessage(1,Message1))');
    assert.deepEqual(first.clock, { node0: 1 });
    assert.deepEqual(first.fields, { date: '10/13/2014 14:37:20.543' });
    assert.equal(first.line, 1);
    assertCausalIndexOrder(t);
  });

  it('facebook.log: 47 events on 4 hosts, 23 messages, one local event', () => {
    const t = readFixture('facebook.log').executions[0];
    assert.deepEqual(eventsPerReplica(t), { alice: 11, loadBalancer: 10, eastDC: 16, westDC: 10 });
    assert.deepEqual(t.replicas.all(), ['alice', 'loadBalancer', 'eastDC', 'westDC']);
    assert.deepEqual(
      edgeList(t),
      [
        'eastDC:6->alice:2', 'eastDC:8->alice:4', 'eastDC:12->alice:6', 'eastDC:14->alice:8', 'westDC:8->alice:10',
        'alice:1->loadBalancer:1', 'alice:3->loadBalancer:3', 'alice:5->loadBalancer:5', 'alice:7->loadBalancer:7',
        'alice:9->loadBalancer:9', 'westDC:2->eastDC:2', 'westDC:3->eastDC:3', 'loadBalancer:2->eastDC:5',
        'loadBalancer:4->eastDC:7', 'westDC:6->eastDC:10', 'loadBalancer:6->eastDC:11', 'loadBalancer:8->eastDC:13',
        'westDC:10->eastDC:16', 'eastDC:1->westDC:1', 'eastDC:4->westDC:4', 'eastDC:9->westDC:5',
        'loadBalancer:10->westDC:7', 'eastDC:15->westDC:9',
      ].sort(),
    );
    assert.deepEqual(eventsPerKind(t), { send: 23, receive: 23, local: 1 });
    assert.equal(t.event(t.eventIndex('alice:11')).kind, 'local');
    const e = t.event(t.eventIndex('alice:3'));
    assert.deepEqual(e.fields, { ip: '24.22.130.14', date: '5/27/2013 10:55:03 AM', action: 'POST' });
    assert.equal(e.label, 'status=“Breakfast” uid=alice location=kansas');
    assert.deepEqual(e.clock, { alice: 3, loadBalancer: 2, eastDC: 6, westDC: 3 });
    assert.equal(e.line, 5);
    assertCausalIndexOrder(t);
  });

  it('multiple-comparison.log: 5 executions named by the delimiter, 8 events and 4 messages each', () => {
    const file = readFixture('multiple-comparison.log');
    assert.deepEqual(
      file.executions.map((t) => t.name),
      ['Base execution', 'Same as base', 'Different host from base', 'All events are different from base', 'Some events are different from base'],
    );
    for (const t of file.executions) {
      const other = t.name === 'Different host from base' ? 'seattle' : 'mountainView';
      assert.deepEqual(eventsPerReplica(t), { [other]: 4, paloAlto: 4 });
      assert.deepEqual(edgeList(t), [`${other}:1->paloAlto:1`, `paloAlto:2->${other}:2`, `paloAlto:3->${other}:3`, `${other}:4->paloAlto:4`].sort());
    }
    assert.deepEqual(findingsOf(file), []);
    assert.equal(file.executions[1].event(0).line, 21);
  });

  it('voldemort-simple-threadnames.log: 863 events on 19 threads, as ShiViz reads it (a record after a stray "." is an event)', () => {
    const file = readFixture('voldemort-simple-threadnames.log');
    assert.equal(file.executions.length, 1);
    const t = file.executions[0];
    assert.equal(t.size, 863);
    const per = eventsPerReplica(t);
    assert.equal(Object.keys(per).length, 19);
    assert.equal(per['main'], 792);
    // Lines 293, 585, 877...: ".[2013-05-24 ..." (a progress dot before the record): ShiViz searches, it does not anchor.
    const dotted = t.event(t.eventIndex('main:135'));
    assert.equal(dotted.line, 293);
    assert.equal(dotted.label, 'metadata init().');
    // The one record ShiViz skips too (line 1001: two log lines run together, no clock line after it).
    const skipped = findingsOf(file, 'skipped-text');
    assert.deepEqual(skipped.map((f) => [f.line, f.severity]), [[1001, 'info']]);
    assert.deepEqual(findingsOf(file).filter((f) => f.kind !== 'skipped-text'), []);
    assert.equal(t.event(0).fields?.['priority'], 'INFO');
  });

  it('gives the same trace whatever the chunk boundaries', () => {
    const a = readFixture('facebook.log', 1).executions[0];
    for (const seed of [2, 3, 4]) {
      const b = readFixture('facebook.log', seed).executions[0];
      assert.deepEqual(edgeList(b), edgeList(a));
      for (let i = 0; i < a.size; i++) assert.deepEqual(b.event(i), a.event(i));
    }
  });
});

describe('ShiViz regexes', () => {
  it('reads the regex from a GoVector header line, and uses ShiViz default regex without one', () => {
    const govector = '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)\n\nA {"A":1}\nhello\nB {"B":1, "A":1}\nworld\n';
    const a = readTraceText(shivizFormat, govector).executions[0];
    assert.deepEqual(edgeList(a), ['A:1->B:1']);
    assert.equal(a.event(1).label, 'world');
    assert.equal(a.event(1).line, 5);
    const shiviz = 'hello\nA {"A":1}\nworld\nB {"B":1, "A":1}\n';
    const b = readTraceText(shivizFormat, shiviz).executions[0];
    assert.deepEqual(edgeList(b), ['A:1->B:1']);
    assert.equal(b.event(0).label, 'hello');
  });

  it('translates Go-style (?P<name>) groups and matches regexes spanning three lines', () => {
    const text = 'A\n{"A":1}\nfirst\nB\n{"B":1,"A":1}\nsecond\n';
    const t = readTraceText(shivizFormat, text, { regex: '(?P<host>\\w+)\\n(?P<clock>{.*})\\n(?P<event>.*)' }).executions[0];
    assert.equal(t.size, 2);
    assert.equal(t.event(1).label, 'second');
    assert.equal(t.event(1).line, 4);
  });

  it('turns extra named groups into fields and tolerates trailing spaces and CRLF', () => {
    const text = '2024-01-01 A {"A":1}   \r\nsent\r\n2024-01-02 B { "B" : 1 , "A" : 1 }\r\ngot\r\n';
    const t = readTraceText(shivizFormat, text, { regex: '(?<date>\\S+) (?<host>\\S+) (?<clock>{.*})\\s*\\n(?<event>.*)' }).executions[0];
    assert.deepEqual(t.event(1).fields, { date: '2024-01-02' });
    assert.deepEqual(t.event(1).clock, { B: 1, A: 1 });
    assert.equal(t.event(1).label, 'got');
  });

  it('names executions without a trace group "execution N" and keeps them in file order', () => {
    const text = 'x\nA {"A":1}\n---\ny\nB {"B":1}\n---\nz\nC {"C":1}\n';
    const file = readTraceText(shivizFormat, text, { delimiter: '^---$' });
    assert.deepEqual(file.executions.map((t) => t.name), ['execution 1', 'execution 2', 'execution 3']);
    assert.deepEqual(file.executions.map((t) => t.event(0).label), ['x', 'y', 'z']);
  });

  it('rejects a regex without the host, clock and event groups, or an invalid one, with TraceReadError', () => {
    assert.throws(() => shivizFormat.createReader({ regex: '(?<host>\\S*) (?<event>.*)' }), TraceReadError);
    assert.throws(() => shivizFormat.createReader({ regex: '(?<host>(\\S*) (?<clock>.*) (?<event>.*)' }), TraceReadError);
  });

  it('throws TraceReadError when nothing in a non-empty log matches', () => {
    assert.throws(() => readTraceText(shivizFormat, 'just some text\nand more\n'), (e: unknown) => e instanceof TraceReadError && e.line === 1);
  });

  it('reads an empty file as one empty execution', () => {
    const file = readTraceText(shivizFormat, '');
    assert.equal(file.executions.length, 1);
    assert.equal(file.executions[0].size, 0);
  });

  it('reports skipped text as line ranges, ignoring blank lines', () => {
    const text = 'a\nA {"A":1}\n\ngarbage one\ngarbage two\n\nb\nA {"A":2}\n';
    const file = readTraceText(shivizFormat, text);
    const skipped = findingsOf(file, 'skipped-text');
    assert.equal(skipped.length, 1);
    // "garbage one" could start an event (event line + host line) until "garbage two" fails to be a host line.
    assert.equal(skipped[0].line, 4);
    assert.equal(skipped[0].endLine, 5);
    assert.equal(file.executions[0].size, 2);
  });

  it('re-reads fields from the bytes when a ByteSource is given', () => {
    const text = fixtureText(SHIVIZ_FIXTURES, 'facebook.log');
    const bytes = new TextEncoder().encode(text);
    const e = entry('facebook.log');
    const eager = readTraceText(shivizFormat, text, { regex: e.regex }).executions[0];
    const lazy = readTraceText(shivizFormat, text, { regex: e.regex, bytes: { read: (o, l) => bytes.subarray(o, o + l) } }).executions[0];
    assert.ok([...lazy.extras.values()].every((x) => x.fields === undefined), 'fields are not held in memory');
    for (let i = 0; i < eager.size; i++) assert.deepEqual(lazy.event(i), eager.event(i));
  });
});

describe('ShiViz tolerance', () => {
  it('accepts clock gaps and a late start as warnings', () => {
    const text = 'a\nA {"A":2}\nb\nA {"A":5}\nc\nB {"B":1,"A":5}\n';
    const file = readTraceText(shivizFormat, text);
    const gaps = findingsOf(file, 'clock-gap');
    assert.deepEqual(gaps.map((f) => [f.severity, f.line, f.events]), [
      ['warning', 1, ['A:1']],
      ['warning', 3, ['A:1', 'A:2']],
    ]);
    assert.deepEqual(edgeList(file.executions[0]), ['A:2->B:1']);
  });

  it('takes the latest logged event below a clock value that was never logged', () => {
    const text = 'a\nA {"A":1}\nb\nA {"A":3}\nc\nB {"B":1,"A":2}\n';
    assert.deepEqual(edgeList(readTraceText(shivizFormat, text).executions[0]), ['A:1->B:1']);
  });

  it('makes a host that only appears in clocks a replica, with an unknown-replica warning', () => {
    const text = 'a\nA {"A":1,"Ghost":3}\n';
    const file = readTraceText(shivizFormat, text);
    const t = file.executions[0];
    assert.deepEqual(t.replicas.all(), ['A', 'Ghost']);
    const [f] = findingsOf(file, 'unknown-replica');
    assert.equal(f.severity, 'warning');
    assert.equal(f.line, 1);
    assert.match(f.message, /Ghost/);
  });

  it('reports an own clock that goes backwards or repeats as an error naming both events and lines', () => {
    const text = 'a\nA {"A":1}\nb\nA {"A":2}\nc\nA {"A":2}\n';
    const [f] = findingsOf(readTraceText(shivizFormat, text), 'clock-regression');
    assert.equal(f.severity, 'error');
    assert.equal(f.line, 5);
    assert.deepEqual(f.events, ['A:2', 'A:3']);
    assert.match(f.message, /line 3/);
    assert.match(f.message, /line 5/);
  });

  it('orders a host by its own clock when its lines are out of order (as ShiViz does), saying so as an info', () => {
    const text = 'second\nA {"A":2}\nfirst\nA {"A":1}\n';
    const file = readTraceText(shivizFormat, text);
    const t = file.executions[0];
    assert.deepEqual([t.event(0).label, t.event(1).label], ['first', 'second']);
    assert.deepEqual(findingsOf(file, 'clock-regression').map((f) => f.severity), ['info']);
  });

  it('reports a happens-before cycle with its events and lines, and still loads the rest', () => {
    const text = 'a\nA {"A":1,"B":1}\nb\nB {"B":1,"A":1}\nc\nC {"C":1}\n';
    const file = readTraceText(shivizFormat, text);
    const [f] = findingsOf(file, 'causal-cycle');
    assert.equal(f.severity, 'error');
    assert.deepEqual([...f.events].sort(), ['A:1', 'B:1']);
    assert.match(f.message, /A:1 \(line 1\)/);
    assert.match(f.message, /B:1 \(line 3\)/);
    const t = file.executions[0];
    assert.equal(t.size, 3);
    assert.equal(edgeList(t).length, 1);
    assertCausalIndexOrder(t);
  });

  it('skips an event whose clock is not JSON, saying why, and keeps the others', () => {
    const text = 'a\nA {"A":1}\nb\nA {oops}\nc\nA {"A":2}\n';
    const file = readTraceText(shivizFormat, text);
    const [f] = findingsOf(file, 'parse-error');
    assert.equal(f.line, 3);
    assert.match(f.message, /could not be read/);
    assert.equal(file.executions[0].size, 2);
  });
});

/** Vector clocks recomputed from the trace's structure alone: program order plus message edges. */
function clocksFromEdges(t: Trace): Record<string, number>[] {
  const clocks: Record<string, number>[] = [];
  const last = new Map<number, number>();
  for (let i = 0; i < t.size; i++) {
    const clock: Record<string, number> = { ...(last.has(t.replica[i]) ? clocks[last.get(t.replica[i])!] : {}) };
    for (let k = t.edgeStart[i]; k < t.edgeStart[i + 1]; k++) {
      for (const [host, v] of Object.entries(clocks[t.edgeFrom[k]])) clock[host] = Math.max(clock[host] ?? 0, v);
    }
    const own = t.replicas.name(t.replica[i]);
    clock[own] = (clock[own] ?? 0) + 1;
    clocks.push(clock);
    last.set(t.replica[i], i);
  }
  return clocks;
}

describe('ShiViz edge inference on generated logs', () => {
  it('finds every causal dependency of a generated 5,000-event, 8-host log: clocks rebuilt from the edges equal the recorded ones', () => {
    const t = readTraceText(shivizFormat, generateShivizLog({ events: 5000, hosts: 8, seed: 7 }), {}, 3, 4096).executions[0];
    assert.equal(t.size, 5000);
    const rebuilt = clocksFromEdges(t);
    for (let i = 0; i < t.size; i++) assert.deepEqual(rebuilt[i], t.recordedClock(i), `clock of ${t.eventId(i)}`);
    assertCausalIndexOrder(t);
  });
});

describe('ShiViz lines read from bytes (GoVector and ShiViz default regexes)', () => {
  /** The same regexes, spelled so that they run through the regex engine on text. */
  const spelledOut = { govector: '(?<host>\\S*)[ ](?<clock>{.*})\\n(?<event>.*)', shiviz: '(?<event>.*)\\n(?<host>\\S*)[ ](?<clock>{.*})' };
  const host = fc.constantFrom('A', 'B', 'host1', 'é', '', 'A\tB', '\uFEFFA');
  const clock = fc.constantFrom('{"A":1}', '{"A":2, "B":1}', '{ "B" : 3 }', '{"A":1,"A":2}', '{"2":1,"A":3}', '{"é":1}', '{"A\\u0042":1}', '{"A":-1}', '{"A":1}\r', '{"A":1} x', '{oops}', '{}');
  const event = fc.constantFrom('send', 'x\ry', 'a\u2028b', 'übung', '{"A":1}');
  it('reads random logs exactly as the regex engine does', () => {
    for (const shape of ['govector', 'shiviz'] as const) {
      // (An empty GoVector event line is the one difference: a regex match ending in "\n" does not cover it.)
      const events = fc.array(fc.tuple(host, clock, shape === 'shiviz' ? fc.oneof(event, fc.constant('')) : event), { maxLength: 10 });
      fc.assert(
        fc.property(events, fc.nat({ max: 40 }), (events, chunk) => {
          const lines = events.flatMap(([h, c, e]) => (shape === 'govector' ? [`${h} ${c}`, e] : [e, `${h} ${c}`]));
          const text = `${lines.join('\n')}\n`;
          const read = (regex: string) => {
            try {
              const file = readTraceText(shivizFormat, text, { regex }, 1, chunk + 1);
              const findings = findingsOf(file).map((f) => ({ ...f, message: f.message.replace(JSON.stringify(regex), 'the regex') }));
              return { findings, events: file.executions.map((t) => Array.from({ length: t.size }, (_, i) => t.event(i))) };
            } catch (e) {
              return (e as Error).message.replace(JSON.stringify(regex), 'the regex');
            }
          };
          assert.deepEqual(read(shape === 'govector' ? GOVECTOR_REGEX : SHIVIZ_DEFAULT_REGEX), read(spelledOut[shape]));
        }),
        { numRuns: 500 },
      );
    }
  });
});

describe('quickMatch (GoVector and ShiViz default regexes without the regex engine)', () => {
  const chars = fc.constantFrom('a', 'B', '1', ' ', '  ', '\t', '{', '}', '"', ':', ',', '\u00a0', '\u3000', '\r', '\u2028', 'é', '😀');
  const line = fc.array(chars, { maxLength: 12 }).map((parts) => parts.join(''));
  const clockLine = fc.tuple(line, line, line).map(([host, inner, tail]) => `${host} {${inner}}${tail}`);
  it('quickMatchBytes agrees with the regexes, where it can tell from the bytes', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    const out: PlainMatch = { hostEnd: 0, clockEnd: 0 };
    for (const [shape, source] of [['govector', GOVECTOR_REGEX], ['shiviz', SHIVIZ_DEFAULT_REGEX]] as const) {
      const regex = compileShivizRegex(source, 'parser');
      fc.assert(
        fc.property(fc.oneof(line, clockLine), fc.oneof(line, clockLine), (first, second) => {
          const [hostLine, eventLine] = shape === 'govector' ? [first, second] : [second, first];
          const b = bytes(hostLine);
          const e = bytes(eventLine);
          if (!quickMatchBytes(b, 0, b.length, e, 0, e.length, out)) return;
          const clock = hostLine.slice(out.hostEnd + 1, out.clockEnd);
          // Its promise holds for clocks ClockTextReader reads from bytes: ASCII, without \r.
          if (/[^\x20-\x7e\t]/.test(clock)) return;
          const m = findMatch(regex, `${first}\n${second}`);
          assert.ok(m);
          assert.deepEqual({ host: hostLine.slice(0, out.hostEnd), clock, event: eventLine }, { host: m.groups!['host'], clock: m.groups!['clock'], event: m.groups!['event'] });
        }),
        { numRuns: 3000 },
      );
    }
  });

  for (const [shape, source] of [['govector', GOVECTOR_REGEX], ['shiviz', SHIVIZ_DEFAULT_REGEX]] as const) {
    it(`agrees with the ${shape} regex on random line pairs`, () => {
      const regex = compileShivizRegex(source, 'parser');
      assert.equal(regex.shape, shape);
      fc.assert(
        fc.property(fc.oneof(line, clockLine), fc.oneof(line, clockLine), (first, second) => {
          const quick = quickMatch(shape, first, second);
          if (quick === undefined) return;
          // quickMatch answers for a match at the start of the first line.
          const m = findMatch(regex, `${first}\n${second}`);
          if (!m || m.index > 0) return assert.equal(quick, null);
          assert.deepEqual(quick, { host: m.groups!['host'], clock: m.groups!['clock'], event: m.groups!['event'] });
        }),
        { numRuns: 2000 },
      );
    });
  }
});
