// The linearizability checker's figure for `npm run bench`: a 10,000-operation register history
// (5 processes, read/write/cas, a few timed-out operations) made linearizable by construction,
// and one without timeouts whose middle read is impossible, each checked in full.

import { checkLinearizability } from '../engine/analysis/linearizability';
import { NO_VALUE, registerModel, type RegisterInput, type RegisterOperation, type RegisterOutput } from '../engine/analysis/register-model';
import { prng } from '../engine/util/prng';
import type { Say } from './live';

/**
 * Operations of `processes` clients, each one after another; every operation takes effect at a
 * random point inside its interval, and its result is what the register held there.
 */
export function linearizableRegisterHistory(operations: number, processes: number, seed: number, timedOutShare = 0.002): RegisterOperation[] {
  const random = prng(seed);
  const free = new Array<number>(processes).fill(0);
  const drafts: { process: number; call: number; ret: number; at: number; input: RegisterInput; timedOut: boolean }[] = [];
  for (let id = 0; id < operations; id++) {
    const process = id % processes;
    const call = free[process] + random() * 5;
    const ret = call + 1 + random() * 20;
    free[process] = ret;
    const value = String(Math.floor(random() * 5));
    const pick = random();
    const input: RegisterInput = pick < 0.5 ? { f: 'read' } : pick < 0.8 ? { f: 'write', value } : { f: 'cas', from: String(Math.floor(random() * 5)), to: value };
    drafts.push({ process, call, ret, at: call + random() * (ret - call), input, timedOut: random() < timedOutShare });
  }
  let state = NO_VALUE;
  const outputs = new Map<number, RegisterOutput>();
  for (const [id, d] of [...drafts.entries()].sort((a, b) => a[1].at - b[1].at)) {
    if (d.input.f === 'read') outputs.set(id, { status: 'ok', value: state });
    else if (d.input.f === 'write') {
      state = d.input.value!;
      outputs.set(id, { status: 'ok' });
    } else if (d.input.from === state) {
      state = d.input.to!;
      outputs.set(id, { status: 'ok' });
    } else outputs.set(id, { status: 'fail' });
  }
  return drafts.map((d, id) =>
    d.timedOut && d.input.f !== 'read'
      ? { id, call: d.call, ret: Infinity, input: d.input, output: { status: 'unknown' } }
      : { id, call: d.call, ret: d.ret, input: d.input, output: outputs.get(id)! },
  );
}

/** Median milliseconds of `runs` checks. */
function timeCheck(ops: RegisterOperation[], runs: number): { ms: number; result: string } {
  const times: number[] = [];
  let result = '';
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = checkLinearizability(ops, registerModel()).result;
    times.push(performance.now() - start);
  }
  return { ms: times.sort((a, b) => a - b)[runs >> 1], result };
}

export function linearizabilityBenchmarks(say: Say): void {
  const history = linearizableRegisterHistory(10_000, 5, 7);
  const ok = timeCheck(history, 5);
  say('linearizabilityMs', ok.ms, `10,000-operation register history, 5 processes: ${ok.result} (median of 5)`);
  // One read in the middle of a history without timeouts returns a value nobody wrote: the search
  // must exhaust the orders before it (timed-out writes, which may take effect anywhere later,
  // multiply those orders; Porcupine and Knossos share that limit).
  const broken = linearizableRegisterHistory(10_000, 5, 7, 0);
  const read = broken.find((op, i) => i >= broken.length / 2 && op.input.f === 'read' && op.output.status === 'ok')!;
  read.output = { status: 'ok', value: '9' };
  const bad = timeCheck(broken, 5);
  say('linearizabilityViolationMs', bad.ms, `10,000 operations, no timeouts, one impossible read: ${bad.result}, with the shortest failing prefix (median of 5)`);
}
