// The fields Choose Log Format offers for an NDJSON mapping: every member path of the first lines
// with an example, and the likely replica, event, sender, receiver, message id and clock first.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { candidatesFor, samplePaths } from '../../engine/format/ndjson-mapping-fields';
import { parseMapping } from '../../engine/format/ndjson-mapping';

const unmapped = readFileSync(join(__dirname, '..', 'fixtures', 'extension', 'unmapped.ndjson'), 'utf8');
const suggested = (text: string, part: Parameters<typeof candidatesFor>[1]) => candidatesFor(samplePaths(text), part).suggested.map((f) => f.path);

test('the fields of the first lines are listed in file order, nested ones by their dotted path, with an example value', () => {
  const text = ['{"causeway-mapping": {"replica": "x"}}', '{"event": {"name": "recv", "nid": 2, "msg": {"from": 1, "to": 2}}, "vc": {"1": 3, "2": 1}, "a.b": 1}', 'not json', '{"extra": true}'].join('\n');
  assert.deepEqual(
    samplePaths(text).map((f) => [f.path, f.example, f.clockLike]),
    [
      ['event', { name: 'recv', nid: 2, msg: { from: 1, to: 2 } }, false],
      ['event.name', 'recv', false],
      ['event.nid', 2, false],
      ['event.msg', { from: 1, to: 2 }, true],
      ['event.msg.from', 1, false],
      ['event.msg.to', 2, false],
      ['vc', { 1: 3, 2: 1 }, true],
      ['vc.1', 3, false],
      ['vc.2', 1, false],
      ['extra', true, false],
    ],
  );
  assert.deepEqual(samplePaths('a log line\nanother'), [], 'no JSON object, no field');
});

test('the likely field of each part of a mapping comes first, and the suggestions make a valid mapping', () => {
  assert.deepEqual(suggested(unmapped, 'replica'), ['node']);
  assert.deepEqual(suggested(unmapped, 'event'), ['name']);
  assert.deepEqual(suggested(unmapped, 'sender'), ['from']);
  assert.deepEqual(suggested(unmapped, 'receiver'), ['to']);
  assert.deepEqual(suggested(unmapped, 'message'), ['id']);
  assert.deepEqual(suggested(unmapped, 'clock'), []);
  assert.deepEqual(candidatesFor(samplePaths(unmapped), 'replica').others.map((f) => f.path), ['ts', 'name', 'from', 'to', 'id', 'term']);
  const raft = '{"event": {"name": "recv", "nid": 2, "msg": {"from": 1, "to": 2, "type": "MsgApp"}}, "vc": {"1": 3}}';
  assert.deepEqual(suggested(raft, 'replica'), ['event.nid']);
  assert.deepEqual(suggested(raft, 'event'), ['event.name', 'event.msg.type']);
  assert.deepEqual(suggested(raft, 'clock'), ['vc']);
  assert.deepEqual(suggested('{"msg": {"a": 1}, "vc": {"a": 2}}', 'clock'), ['vc', 'msg'], 'a clock by its name first, then objects of whole numbers');
  assert.deepEqual(candidatesFor(samplePaths(raft), 'event').others.map((f) => f.path), ['event.nid', 'event.msg.from', 'event.msg.to', 'vc.1'], 'objects are not offered as single values');
  assert.deepEqual(parseMapping({ replica: 'event.nid', event: 'event.name', sender: 'event.msg.from', receiver: 'event.msg.to', clock: 'vc' }).clock, ['vc']);
});
