// A child process of the live tests: a headless live session (LiveServer, no VS Code) recording to
// the file named on the command line, so a test can kill -9 the session's whole process. It prints
// one JSON line with its port and token, then the session's count of recorded events each time it
// changes, as the status bar would show it.
// Usage: node --import tsx host-process.ts RECORDING

import { LiveServer } from '../../extension/live/server';

async function main(): Promise<void> {
  let server: LiveServer | undefined = undefined;
  server = await LiveServer.start({
    recordingPath: process.argv[2],
    batchMs: 5,
    onEvents: () => process.stdout.write(`${JSON.stringify({ recorded: server?.stats().recorded })}\n`),
  });
  process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token })}\n`);
}

void main();
