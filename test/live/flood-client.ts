// A child process of the live tests: floods a session with numbered events on raw TCP connections
// (one per replica R1, R2, ...), waiting for `drain` like a well-behaved client, and prints how
// far each has handed complete lines to the OS. Every write stops half-way through a line (its
// other half starts the next write), so a kill can fall in the middle of a line.
// Usage: node --import tsx flood-client.ts '{"port":N,"token":"...","replicas":4,"events":50000,"labelBytes":100}'

import { connect } from 'node:net';

const { port, token, replicas, events, labelBytes = 5 } = JSON.parse(process.argv[2]) as { port: number; token: string; replicas: number; events: number; labelBytes?: number };
const BATCH = 200;
const label = 'x'.repeat(labelBytes);

function flood(replica: string): void {
  const socket = connect(port, '127.0.0.1');
  let seq = 0;
  let carry = '';
  const report = (written: number) => process.stdout.write(`${JSON.stringify({ replica, written })}\n`);
  const pump = () => {
    while (seq < events) {
      const lines: string[] = [];
      for (const end = Math.min(events, seq + BATCH); seq < end; ) lines.push(JSON.stringify({ kind: 'local', label, seq: ++seq }));
      let text = `${carry}${lines.join('\n')}\n`;
      carry = '';
      let complete = seq;
      if (seq < events) {
        const cut = text.length - 1 - Math.ceil(lines[lines.length - 1].length / 2);
        carry = text.slice(cut);
        text = text.slice(0, cut);
        complete = seq - 1;
      }
      if (!socket.write(text, () => report(complete))) {
        socket.once('drain', pump);
        return;
      }
    }
    socket.end();
  };
  socket.once('connect', () => socket.write(`${JSON.stringify({ causeway: 'live', version: 1, token, replica })}\n`));
  socket.once('data', pump);
  socket.on('error', (error) => {
    process.stderr.write(`${replica}: ${error.message}\n`);
    process.exitCode = 1;
  });
}

for (let r = 1; r <= replicas; r++) flood(`R${r}`);
