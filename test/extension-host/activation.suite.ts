// Extension-host tests of activation and contributions: the extension activates, and every command
// its package.json contributes is registered.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { causeway } from './helpers';

describe('Activation', () => {
  it('activates and exports its API', async () => {
    const api = await causeway();
    assert.equal(typeof api.onDidDrawTrace, 'function');
  });

  it('registers every command that package.json contributes', async () => {
    await causeway();
    const contributed = (vscode.extensions.getExtension('causeway.causeway')!.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands.map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.ok(contributed.length >= 9, `only ${contributed.length} commands contributed`);
    assert.deepEqual(
      contributed.filter((c) => !registered.has(c)),
      [],
    );
  });
});
