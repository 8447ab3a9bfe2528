// Where the CLI writes: the process's own streams, or a test's, so commands can run in-process.

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
}
