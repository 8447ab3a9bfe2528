// The commands of growing traces: Follow File / Stop Following (and, with the live session and
// the simulator, their commands), registered with the context keys that show them.

import * as vscode from 'vscode';
import { type CommandTable, registerCommandTable } from '../commands';
import type { TraceEditorProvider } from '../trace-editor';
import { FileFollowers } from './follow-file';

export function registerLiveCommands(editors: TraceEditorProvider, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const followers = new FileFollowers(editors, log);
  const following = () => vscode.commands.executeCommand('setContext', 'causeway.following', followers.files.length > 0);
  const commands: CommandTable = {
    'causeway.followFile': async (uri?: vscode.Uri) => {
      const followed = await followers.follow(uri);
      await following();
      return followed;
    },
    'causeway.stopFollowing': async (uri?: vscode.Uri) => {
      followers.stop(uri);
      await following();
    },
  };
  return [followers, ...registerCommandTable(commands)];
}
