// Choose Log Format's "NDJSON with a mapping": asks which field of the file's first lines holds the
// replica, the event name, the sender, the receiver, the message id and the clock, one quick pick
// each listing the fields found (likely ones first, with an example value), and gives the mapping
// as the JSON text a sidecar NAME.causeway.json would hold.

import * as vscode from 'vscode';
import { candidatesFor, type FieldPath, type MappingPart, samplePaths } from '../engine/format/ndjson-mapping-fields';
import { parseMapping } from '../engine/format/ndjson-mapping';
import { quoted } from '../engine/format/pending';

interface FieldItem extends vscode.QuickPickItem {
  path?: string;
}

interface Question {
  part: MappingPart;
  prompt: string;
  required?: boolean;
}

function questions(): Question[] {
  return [
    { part: 'replica', prompt: vscode.l10n.t('Which field names the replica (node, process) an event happened on?'), required: true },
    { part: 'event', prompt: vscode.l10n.t('Which field names the event (its label)?') },
    { part: 'sender', prompt: vscode.l10n.t('Which field names the sender of the message an event sends or receives?') },
    { part: 'receiver', prompt: vscode.l10n.t('Which field names the receiver of that message?') },
    { part: 'message', prompt: vscode.l10n.t('Which fields identify a message (a send and its receive have equal values)? None: messages pair up in line order.') },
    { part: 'clock', prompt: vscode.l10n.t('Which field holds a vector clock? None: each replica\'s events are in line order.') },
  ];
}

function itemOf(field: FieldPath, picked = false): FieldItem {
  return { label: field.path, description: quoted(field.example, 40), path: field.path, picked };
}

/** Asks one part: suggested fields, then "none" (when the part is optional), then the other fields. */
async function ask(fields: readonly FieldPath[], question: Question, step: number, total: number, name: string): Promise<string[]> {
  const { suggested, others } = candidatesFor(fields, question.part);
  const title = vscode.l10n.t('Mapping of {0} ({1}/{2})', name, step, total);
  if (question.part === 'message') {
    const items = [...suggested.map((f) => itemOf(f, true)), ...others.map((f) => itemOf(f))];
    const picked = await vscode.window.showQuickPick(items, { title, placeHolder: question.prompt, canPickMany: true, ignoreFocusOut: true });
    if (!picked) throw new vscode.CancellationError();
    return picked.flatMap((item) => (item.path ? [item.path] : []));
  }
  const none: FieldItem = { label: vscode.l10n.t('(none)'), description: vscode.l10n.t('no field holds it') };
  const separator: FieldItem = { label: vscode.l10n.t('other fields'), kind: vscode.QuickPickItemKind.Separator };
  const items = [...suggested.map((f) => itemOf(f)), ...(question.required ? [] : [none]), ...(others.length > 0 ? [separator] : []), ...others.map((f) => itemOf(f))];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: question.prompt, ignoreFocusOut: true });
  if (!picked) throw new vscode.CancellationError();
  return picked.path ? [picked.path] : [];
}

/**
 * Asks the mapping of the NDJSON file `name` whose first bytes are `head`, as JSON text. Throws a
 * CancellationError when the user dismisses a question, and an Error when no line is a JSON object.
 */
export async function askMapping(head: string, name: string): Promise<string> {
  const fields = samplePaths(head);
  if (fields.length === 0) throw new Error(vscode.l10n.t('The first lines of {0} are not JSON objects with fields: a mapping reads JSON lines such as {"node": "a", "event": "send"}.', name));
  const mapping: Record<string, string | string[]> = {};
  const all = questions();
  for (const [k, question] of all.entries()) {
    const paths = await ask(fields, question, k + 1, all.length, name);
    if (paths.length === 0) continue;
    mapping[question.part] = question.part === 'message' ? paths : paths[0];
  }
  parseMapping(mapping);
  return JSON.stringify(mapping);
}
