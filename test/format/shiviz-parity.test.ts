// ShiViz parity and bounded regexes: a log reads as ShiViz's own parser reads it (the regex is
// searched through the text, not anchored at line starts), each clock regression is one finding,
// and a user's regex cannot hang the import (it runs on RE2, in linear time).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeTrace } from '../../engine/analysis/analyze';
import { shivizFormat } from '../../engine/format/shiviz';
import { compileShivizRegex } from '../../engine/format/shiviz-regex';
import { TraceReadError } from '../../engine/format/types';
import { edgeList, eventsPerReplica, findingsOf, readTraceText } from './helpers';

describe('ShiViz parity: the parser regex is searched, as ShiViz searches it', () => {
  const voldemortLike = '\\[(?<date>\\d{4}-\\d{2}-\\d{2}) (?<path>\\S*)\\] (?<priority>(INFO|WARN)) (?<event>.*)\\n(?<host>\\S*) (?<clock>{.*})';

  it('reads a record preceded by stray characters on its line (a progress dot) as an event', () => {
    const text = ['[2013-05-24 a.B] INFO first', 'main {"main":1}', '.[2013-05-24 a.C] INFO second', 'main {"main":2}', ''].join('\n');
    const file = readTraceText(shivizFormat, text, { regex: voldemortLike });
    const t = file.executions[0];
    assert.equal(t.size, 2);
    assert.equal(t.event(1).label, 'second');
    assert.equal(t.event(1).line, 3);
    assert.deepEqual(findingsOf(file), []);
  });

  it('searches on after a match that ends inside a line', () => {
    // One-line records, two on a line: ShiViz finds both.
    const regex = '(?<host>[A-Z]) (?<clock>\\{[^}]*\\}) (?<event>\\w+);';
    const file = readTraceText(shivizFormat, 'A {"A":1} send; B {"A":1,"B":1} recv;\n', { regex });
    const t = file.executions[0];
    assert.deepEqual(eventsPerReplica(t), { A: 1, B: 1 });
    assert.deepEqual(edgeList(t), ['A:1->B:1']);
  });

  it('reads the five-line records TLC writes for ShiViz (a ^-anchored regex, clocks with escaped quotes)', () => {
    const state = (n: number, action: string, host: string, clock: string) =>
      [`State ${n}: <${action} line 1, col 1 to line 2, col 2 of module M>`, `/\\ Host = ${host}`, `/\\ Clock = "${clock}"`, '/\\ active = TRUE', '/\\ color = "white"', '/\\ counter = 0', '/\\ inbox = <<>>', ''].join('\n');
    const text = [
      '=== run 1 ===',
      'TLC2 Version 2.16',
      '',
      state(1, 'Init', 'n1', '{\\"n1\\":1,\\"n2\\":0}'),
      state(2, 'SendMsg', 'n2', '{\\"n1\\":1,\\"n2\\":1}'),
      state(3, 'Deactivate', 'n1', '{\\"n1\\":2,\\"n2\\":1}'),
    ].join('\n');
    const regex = '^State [0-9]+: <(?<event>\\w*) .*>\\n\\/\\\\ Host = (?<host>.*)\\n\\/\\\\ Clock = "(?<clock>.*)"\\n\\/\\\\ active = (?<active>.*)\\n\\/\\\\ color = (?<color>.*)\\n\\/\\\\ counter = (?<counter>.*)';
    const file = readTraceText(shivizFormat, text, { regex, delimiter: '^=== (?<trace>.*) ===$' });
    assert.equal(file.executions.length, 1);
    const t = file.executions[0];
    assert.equal(t.name, 'run 1');
    assert.deepEqual(eventsPerReplica(t), { n1: 2, n2: 1 });
    assert.deepEqual(edgeList(t), ['n1:1->n2:1', 'n2:1->n1:2']);
    assert.equal(t.event(t.eventIndex('n2:1')).label, 'SendMsg');
    assert.deepEqual(t.event(t.eventIndex('n2:1')).fields, { active: 'TRUE', color: '"white"', counter: '0' });
  });
});

describe('one clock regression, one finding', () => {
  const log = (records: [string, number][]) => records.map(([host, own], i) => `e${i}\n${host} {"${host}":${own}}\n`).join('');

  it('a log with N regressions gives N error findings, in the import and after the analysis', () => {
    // A restarts its clock (3 repeated entries: 1, 2, 3), B repeats an entry once, C's lines are only out of order.
    const records: [string, number][] = [
      ['A', 1], ['A', 2], ['A', 3], ['A', 1], ['A', 2], ['A', 3],
      ['B', 1], ['B', 2], ['B', 2], ['B', 3],
      ['C', 2], ['C', 1],
    ];
    const file = readTraceText(shivizFormat, log(records));
    const errors = (findings: readonly { kind: string; severity: string }[]) => findings.filter((f) => f.kind === 'clock-regression' && f.severity === 'error').length;
    assert.equal(errors(findingsOf(file)), 4);
    assert.equal(errors(analyzeTrace(file.executions[0]).findings), 4);
    // C's swapped lines are read in clock order (as ShiViz reads them): an info, not an error.
    assert.equal(findingsOf(file, 'clock-regression').filter((f) => f.severity === 'info').length, 1);
  });

  it('an event that both falls and repeats an entry is one finding, not two', () => {
    const file = readTraceText(shivizFormat, log([['A', 1], ['A', 2], ['A', 3], ['A', 2], ['A', 4]]));
    const found = analyzeTrace(file.executions[0]).findings.filter((f) => f.kind === 'clock-regression');
    assert.deepEqual(found.map((f) => [f.line, f.severity, f.events]), [[7, 'error', ['A:2', 'A:3']]]);
  });
});

describe('user regexes run with a bounded cost', () => {
  it('a catastrophically backtracking regex finishes at once (a backtracking engine takes over 5 s on this line)', () => {
    const regex = '(?<host>(a+)+b) (?<clock>{.*})\\n(?<event>.*)';
    const text = `${'a'.repeat(24)}c {"x":1}\nevent\nh {"h":1}\nok\n`;
    const start = performance.now();
    assert.throws(() => readTraceText(shivizFormat, text, { regex }), TraceReadError);
    assert.ok(performance.now() - start < 2000, `${Math.round(performance.now() - start)} ms`);
  });

  it('says which construct RE2 lacks and where the regex came from', () => {
    assert.throws(
      () => compileShivizRegex('(?<host>\\w+) (?<clock>{.*}) (?<event>(.)\\2)', 'parser', 'given with --regex'),
      (e: unknown) => e instanceof TraceReadError && /given with --regex uses a backreference/.test(e.message) && /RE2/.test(e.message),
    );
    assert.throws(() => compileShivizRegex('^=== (?<trace>.*)(?= ===$)', 'delimiter'), /delimiter regex .* uses a lookahead/);
    assert.throws(() => compileShivizRegex('(?<=x)(?<host>\\w+) (?<clock>{.*}) (?<event>.*)', 'parser'), /uses a lookbehind/);
    // RE2's own words, without its rewritten copy of the regex.
    assert.throws(() => compileShivizRegex('(?<host>\\w+) (?<clock>{.*}\\n(?<event>.)', 'parser'), /is not a valid regular expression: missing closing \)\.$/);
  });

  it('a regex header line that RE2 cannot run becomes a warning naming line 1, and the default regex is used', () => {
    const text = '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)(?=x)\nsend\nA {"A":1}\n';
    const file = readTraceText(shivizFormat, text);
    const [f] = findingsOf(file, 'parse-error');
    assert.equal(f.line, 1);
    assert.match(f.message, /on the first line of the log uses a lookahead/);
    assert.equal(file.executions[0].size, 1);
  });
});
