// The live session's flow gate: the backlog's high and low marks, the host's holds, and the
// per-turn budget that makes a flood give the event loop back between turns.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FlowGate } from '../../extension/live/flow';

function gateWithMember(turnBudget = Infinity) {
  const gate = new FlowGate(100, 25, turnBudget);
  const member = { paused: false, setSessionPaused(paused: boolean) { this.paused = paused; } };
  gate.join(member);
  return { gate, member };
}

test('the backlog pauses reading above the high mark until it falls to the low mark', () => {
  const { gate, member } = gateWithMember();
  gate.backlog(100);
  assert.equal(member.paused, false);
  gate.backlog(101);
  assert.equal(member.paused, true);
  gate.backlog(30);
  assert.equal(member.paused, true, 'between the marks it stays paused');
  gate.backlog(25);
  assert.equal(member.paused, false);
  assert.equal(gate.pauses, 1);
});

test('holds pause reading until each is released, once', () => {
  const { gate, member } = gateWithMember();
  const first = gate.hold();
  const second = gate.hold();
  first();
  first();
  assert.equal(member.paused, true);
  second();
  assert.equal(member.paused, false);
});

test('past its budget a turn stops reading, and the next turn reads again without counting as back-pressure', async () => {
  const { gate, member } = gateWithMember(1000);
  gate.spend(600);
  assert.equal(member.paused, false);
  gate.spend(600);
  assert.equal(member.paused, true);
  assert.equal(gate.paused, false);
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(member.paused, false);
  gate.spend(900);
  assert.equal(member.paused, false, 'the budget starts again each turn');
  assert.equal(gate.pauses, 0);
});
