// `npm start`: builds everything, then opens the examples with the extension loaded: in desktop VS
// Code when `code` is on PATH, else in the VS Code server (set up under .cache/ the first time),
// whose address it prints, staying up until Ctrl+C. CAUSEWAY_PORT picks the port (default: a free one).

import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ensureVsCodeServer, ROOT, startVsCodeServer } from './vscode-server';

const EXAMPLES = join(ROOT, 'examples');

function hasDesktopCode(): boolean {
  return spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0;
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'esbuild.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (hasDesktopCode()) {
    console.log('Opening the examples in VS Code with Causeway loaded from this folder...');
    execFileSync('code', [`--extensionDevelopmentPath=${ROOT}`, EXAMPLES], { stdio: 'inherit' });
    return;
  }
  ensureVsCodeServer();
  const port = process.env.CAUSEWAY_PORT ? Number(process.env.CAUSEWAY_PORT) : undefined;
  // Installed (linked) rather than under development: the smoke-test driver that honours a
  // development path hides every notification, and a user must see progress and Cancel.
  const server = await startVsCodeServer({
    port,
    smokeTestDriver: false,
    installedExtensions: [ROOT],
    userSettings: { 'git.openRepositoryInParentFolders': 'never' },
  });
  const stop = () => void server.stop().then(() => process.exit(0));
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, stop);
  const url = server.workbenchUrl({ folder: EXAMPLES });
  console.log(
    [
      '',
      'Causeway is running in VS Code (the VS Code server, with this folder linked in as an installed extension).',
      'Open this address in a browser on this machine (or forward the port):',
      '',
      `  ${url}`,
      '',
      'Then open any examples/*.causal.jsonl, or run "Causeway: Open Example Trace..." from the command palette (F1).',
      'Rebuild with `node esbuild.mjs extension webview` and run "Developer: Reload Window" to see changes. Ctrl+C stops the server.',
    ].join('\n'),
  );
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
