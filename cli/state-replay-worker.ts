// The CLI's state replay thread (a worker_threads thread, bundled to dist/state-replay-worker.js):
// for each KeyReplayJob it is sent, sorts the actions key by key and, when they fit one pass,
// hands the pass to the main thread, which claims keys too once its own analysis is done; sends
// back the values of the keys it replayed and the operations it refused. The protocol:
// cli/state-replay-thread.ts.

import { parentPort } from 'node:worker_threads';
import { KeyReplayer, keyPasses } from '../engine/replay/states-by-key';
import type { ReplayReply, ReplayRequest } from './state-replay-thread';

function replay({ id, job, claims }: ReplayRequest): ReplayReply {
  const replayer = new KeyReplayer(job);
  const keys: number[] = [];
  const passes = keyPasses(job);
  const first = passes.next();
  if (!first.done && first.value.to === job.keys) {
    // One pass holds every key: the main thread may claim some.
    parentPort!.postMessage({ id, pass: first.value } satisfies ReplayReply);
    for (let k = Atomics.add(claims, 0, 1); k < job.keys; k = Atomics.add(claims, 0, 1)) {
      replayer.replay(first.value, k);
      keys.push(k);
    }
  } else if (!first.done) {
    // Several passes (a very long trace): every key is replayed here.
    for (const pass of [first.value, ...passes]) {
      for (let k = pass.from; k < pass.to; k++) {
        replayer.replay(pass, k);
        keys.push(k);
      }
    }
  }
  const values = keys.map((k) => replayer.finalStates.map((row) => row[k].value()));
  return { id, keys, values, refused: replayer.refused, reasons: replayer.reasons };
}

parentPort!.on('message', (request: ReplayRequest) => {
  let reply: ReplayReply;
  try {
    reply = replay(request);
  } catch (e) {
    reply = { id: request.id, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
  }
  parentPort!.postMessage(reply);
});
