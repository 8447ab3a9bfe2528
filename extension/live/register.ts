// The commands of growing traces: live sessions (start, stop, token and address), the simulator,
// Follow File / Stop Following, registered with the context keys that show them.

import * as vscode from 'vscode';
import { type CommandTable, registerCommandTable } from '../commands';
import type { TraceEditorProvider } from '../trace-editor';
import { FileFollowers } from './follow-file';
import { LiveSessions } from './live-session';
import { type SimulateArgs, simulate } from './simulate-command';

/** `storage`: where recordings go when no workspace folder is open. */
export function registerLiveCommands(editors: TraceEditorProvider, log: vscode.LogOutputChannel, storage: vscode.Uri): vscode.Disposable[] {
  const followers = new FileFollowers(editors, log);
  const sessions = new LiveSessions(editors, log, storage);
  const following = () => vscode.commands.executeCommand('setContext', 'causeway.following', followers.files.length > 0);
  const commands: CommandTable = {
    'causeway.startLiveSession': () => sessions.start(),
    'causeway.stopLiveSession': () => sessions.stop(),
    'causeway.showLiveSession': () => sessions.show(),
    'causeway.simulate': (args?: SimulateArgs) => simulate(sessions, args),
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
  return [followers, sessions, ...registerCommandTable(commands)];
}
