// The replicas of the live-session benchmark, in their own process (so they do not share the
// session's event loop): a tracer per replica over causeway/client's live sink, writing operations
// and exchanging messages (so clocks have every replica's entry) as fast as the session reads them.
// Started by bench/live.ts with its settings as JSON in argv[2]; stops when its parent says "stop".

import { createTracer, liveSink, type LiveSink, type Tracer } from '../client/index';

const { port, token, replicas } = JSON.parse(process.argv[2]) as { port: number; token: string; replicas: number };
/** Events a replica writes per turn, and how many may wait in its sink before it writes more. */
const BATCH = 200;
const MAX_WAITING = 2000;

const sinks: LiveSink[] = [];
const tracers: Tracer[] = [];
for (let r = 0; r < replicas; r++) {
  const sink = liveSink({ port, token, onError: (error) => process.stderr.write(`live-clients: ${error.message}\n`) });
  sinks.push(sink);
  tracers.push(createTracer({ replica: `r${r + 1}`, sink, objects: { [`k${r}`]: 'pn-counter' } }));
}

let running = true;
let turn = 0;
function write(): void {
  if (!running) return;
  turn++;
  for (let r = 0; r < replicas; r++) {
    if (sinks[r].queued > MAX_WAITING) continue;
    const tracer = tracers[r];
    const peer = tracers[(r + 1 + (turn % (replicas - 1))) % replicas];
    for (let i = 0; i < BATCH; i++) {
      if (i % 20 === 19) peer.receive(tracer.send({ to: peer.replica }));
      else tracer.op(`k${r}`, { type: 'inc', value: 1 + (i % 3) });
    }
  }
  setImmediate(write);
}
write();

process.on('message', async () => {
  running = false;
  await Promise.all(tracers.map((t) => t.close()));
  process.exit(0);
});
