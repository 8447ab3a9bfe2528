// The teaching traces bundled with the extension (examples/*.causal.jsonl, Jepsen histories
// examples/*.history.edn, Automerge and Yjs documents examples/*.automerge, *.yjs.jsonl): listed
// with the description each carries (the header's, the history's top comment, or for a binary
// document or an update log the first paragraph of its story, NAME.md), for the Open Example
// command and the walkthrough.

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

/** Each kind of example: its file name ending, the editor that opens it, and where its description is (`story`: NAME.md's text). */
const KINDS = [
  { suffix: '.causal.jsonl', viewType: 'causeway.trace', describe: headerDescription },
  { suffix: '.history.edn', viewType: 'causeway.import', describe: historyDescription },
  { suffix: '.automerge', viewType: 'causeway.import', story: true, describe: storyDescription },
  { suffix: '.yjs.jsonl', viewType: 'causeway.import', story: true, describe: storyDescription },
];

async function listExamples(extensionUri: vscode.Uri): Promise<Example[]> {
  const folder = vscode.Uri.joinPath(extensionUri, 'examples');
  const entries = await vscode.workspace.fs.readDirectory(folder);
  const examples = entries.flatMap(([file, type]) => {
    const kind = type === vscode.FileType.File ? KINDS.find((k) => file.endsWith(k.suffix)) : undefined;
    return kind ? [{ file, kind, name: file.slice(0, -kind.suffix.length) }] : [];
  });
  return Promise.all(
    examples
      .sort((a, b) => (a.file < b.file ? -1 : 1))
      .map(async ({ file, kind, name }) => {
        const uri = vscode.Uri.joinPath(folder, file);
        const described = kind.story ? vscode.Uri.joinPath(folder, `${name}.md`) : uri;
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(described));
        return { name, uri, description: kind.describe(text), viewType: kind.viewType };
      }),
  );
}

/** A story's first paragraph after its title: the description of a binary document or an update log. */
function storyDescription(markdown: string): string {
  return markdown.split(/\n\s*\n/).find((paragraph) => !paragraph.startsWith('#'))?.replace(/\s+/g, ' ').trim() ?? '';
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
