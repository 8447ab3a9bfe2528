// The teaching traces bundled with the extension (examples/*.causal.jsonl, and Jepsen histories
// examples/*.history.edn): listed with the description each carries (the header's, or the
// history's top comment), for the Open Example command and the walkthrough.

import * as vscode from 'vscode';
import { historyDescription } from '../engine/format/jepsen-history';

interface Example {
  /** File name without its suffix, e.g. `shopping-cart`. */
  name: string;
  uri: vscode.Uri;
  description: string;
  /** The editor that opens it: the native one, or the importing one. */
  viewType: string;
}

const NATIVE = '.causal.jsonl';
const HISTORY = '.history.edn';

async function listExamples(extensionUri: vscode.Uri): Promise<Example[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'examples');
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const names = entries.filter(([file, type]) => type === vscode.FileType.File && (file.endsWith(NATIVE) || file.endsWith(HISTORY))).map(([file]) => file);
  return Promise.all(
    names.sort().map(async (file) => {
      const uri = vscode.Uri.joinPath(folder, file);
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return file.endsWith(NATIVE)
        ? { name: file.slice(0, -NATIVE.length), uri, description: headerDescription(text), viewType: 'causeway.trace' }
        : { name: file.slice(0, -HISTORY.length), uri, description: historyDescription(text), viewType: 'causeway.import' };
    }),
  );
}

/** The header line's `description`, or '' when the first line is not a header with one. */
function headerDescription(text: string): string {
  const end = text.indexOf('\n');
  try {
    const header: unknown = JSON.parse(end < 0 ? text : text.slice(0, end));
    const description = (header as { description?: unknown } | null)?.description;
    return typeof description === 'string' ? description : '';
  } catch {
    return '';
  }
}

/** Opens a bundled example by name, or asks which one. */
export async function openExample(extensionUri: vscode.Uri, name?: string): Promise<void> {
  const examples = await listExamples(extensionUri);
  const chosen =
    name === undefined
      ? (
          await vscode.window.showQuickPick(
            examples.map((example) => ({ label: example.name, detail: example.description, example })),
            { title: vscode.l10n.t('Open Example Trace'), matchOnDetail: true },
          )
        )?.example
      : examples.find((example) => example.name === name);
  if (name !== undefined && !chosen) throw new Error(vscode.l10n.t('There is no example named {0}.', name));
  if (!chosen) return;
  await vscode.commands.executeCommand('vscode.openWith', chosen.uri, chosen.viewType);
  // Completes the walkthrough step of this example.
  await vscode.commands.executeCommand('setContext', 'causeway.openedExample', chosen.name);
}
