// "Causeway: Simulate...": picks a teaching preset or asks for a custom simulation (replicas,
// objects, sync mode, duration, latency, loss, partitions, seed), then streams it into a live
// session in real time or writes it to a trace file and opens it, with progress and Cancel.

import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { LiveSessionSink, type LineSink, StreamSink, streamSimulation } from '../../cli/simulation-stream';
import { configFromOptions, type SimulationOptions } from '../../engine/simulate/options';
import { PRESETS } from '../../engine/simulate/presets';
import { Simulation } from '../../engine/simulate/simulation';
import { SimulationConfigError } from '../../engine/simulate/units';
import type { LiveSessions } from './live-session';

/** What the command may be given (the walkthrough's links and the tests give it all; the palette asks). */
export interface SimulateArgs {
  /** A preset's name, or the text options of a custom run (a preset's name may be among them). */
  preset?: string;
  options?: SimulationOptions;
  target?: 'live' | 'file';
  /** Virtual ms per real ms when streaming live (default 1: real time). */
  speed?: number;
  /** The trace file to write (target "file"). */
  output?: vscode.Uri;
}

/** What a finished (or cancelled) run did. */
export interface SimulateResult {
  target: 'live' | 'file';
  events: number;
  /** The file the events went to (the live session's recording, or the written trace). */
  trace: vscode.Uri;
}

export async function simulate(sessions: LiveSessions, args: SimulateArgs = {}): Promise<SimulateResult | undefined> {
  const options = args.options ?? (args.preset ? { preset: args.preset } : await askOptions());
  if (!options) return undefined;
  const simulation = new Simulation(configFromOptions(options));
  const target = args.target ?? (await askTarget());
  if (!target) return undefined;
  const name = simulation.header.name ?? 'simulation';
  let sink: LineSink;
  let trace: vscode.Uri;
  if (target === 'live') {
    // A new session's recording keeps the preset's description and its lanes in the preset's order.
    const session = await sessions.start({ description: simulation.header.description, replicas: simulation.header.replicas });
    sink = new LiveSessionSink(session);
    trace = session.recording;
  } else {
    const output = args.output ?? (await askOutput(name));
    if (!output) return undefined;
    sink = new StreamSink(createWriteStream(output.fsPath), false, true);
    trace = output;
  }
  const events = await run(simulation, sink, name, target === 'live' ? (args.speed ?? 1) : undefined);
  if (target === 'file') await vscode.commands.executeCommand('vscode.openWith', trace, 'causeway.trace');
  return { target, events, trace };
}

/** Streams the simulation with a cancellable progress notification; returns the events written. */
async function run(simulation: Simulation, sink: LineSink, name: string, speed: number | undefined): Promise<number> {
  let events = 0;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Simulating {0}', name), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const cancelled = token.onCancellationRequested(() => controller.abort());
      let reportedSeconds = -1;
      try {
        await streamSimulation(simulation, sink, {
          speed,
          signal: controller.signal,
          onLine: (line) => {
            if (line.replica !== undefined) events++;
            const seconds = Math.floor(line.atMs / 100) / 10;
            if (seconds !== reportedSeconds) {
              reportedSeconds = seconds;
              progress.report({ message: vscode.l10n.t('{0} events, {1} s of simulated time', events, seconds) });
            }
          },
        });
      } finally {
        cancelled.dispose();
      }
    },
  );
  return events;
}

async function askOptions(): Promise<SimulationOptions | undefined> {
  const custom = { label: `$(settings) ${vscode.l10n.t('Custom simulation...')}`, description: vscode.l10n.t('replicas, objects, sync mode, network, partitions'), preset: undefined };
  const picks = [...PRESETS.map((p) => ({ label: p.title, description: p.name, detail: p.config.description, preset: p.name as string | undefined })), custom];
  const chosen = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Simulate'), placeHolder: vscode.l10n.t('A teaching preset (one per walkthrough step), or your own'), matchOnDetail: true });
  if (!chosen) return undefined;
  return chosen.preset ? { preset: chosen.preset } : askCustomOptions();
}

/** One input box per setting, each checked by the simulator's own parser as the user types. */
async function askCustomOptions(): Promise<SimulationOptions | undefined> {
  const questions: { key: keyof SimulationOptions; prompt: string; value: string }[] = [
    { key: 'replicas', prompt: vscode.l10n.t('Replicas: a count from 2 to 64, or names such as phone,laptop,tablet'), value: '4' },
    { key: 'objects', prompt: vscode.l10n.t('Objects: KEY:CRDT-TYPE, comma-separated (or-map takes its value type in parentheses)'), value: 'cart:pn-counter,tags:or-set' },
    { key: 'sync', prompt: vscode.l10n.t('Sync mode: ops (operation-based with causal delivery), state or delta'), value: 'delta' },
    { key: 'rate', prompt: vscode.l10n.t('Operation rate: per second for the whole system (20/s) or per replica (5/s/replica)'), value: '20/s' },
    { key: 'duration', prompt: vscode.l10n.t('How long replicas write: 10s, 500ms'), value: '10s' },
    { key: 'latency', prompt: vscode.l10n.t('Latency: fixed:5ms, uniform:1-10ms, exp:20ms or normal:20ms,5ms'), value: 'uniform:5-50ms' },
    { key: 'loss', prompt: vscode.l10n.t('Share of messages lost: 0.05 or 5%'), value: '0' },
    { key: 'dup', prompt: vscode.l10n.t('Share of messages duplicated: 0.05 or 5%'), value: '0' },
    { key: 'partition', prompt: vscode.l10n.t('Partitions (optional): A,B | C,D from 2s to 5s; several separated by ;'), value: '' },
    { key: 'seed', prompt: vscode.l10n.t('Seed: the same settings and seed give the same trace'), value: '1' },
  ];
  const options: Record<string, string> = {};
  for (const [i, q] of questions.entries()) {
    const answer = await vscode.window.showInputBox({
      title: vscode.l10n.t('Custom simulation ({0}/{1})', i + 1, questions.length),
      prompt: q.prompt,
      value: q.value,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() === '' && q.key === 'partition' ? undefined : problemWith({ ...options, [q.key]: text })),
    });
    if (answer === undefined) return undefined;
    if (answer.trim() !== '') options[q.key] = answer.trim();
  }
  return options;
}

/** What the simulator says is wrong with the options so far, or undefined. */
function problemWith(options: SimulationOptions): string | undefined {
  try {
    configFromOptions(options);
    return undefined;
  } catch (err) {
    if (err instanceof SimulationConfigError) return err.message;
    throw err;
  }
}

async function askTarget(): Promise<'live' | 'file' | undefined> {
  const picks = [
    { label: `$(broadcast) ${vscode.l10n.t('Stream into a live session')}`, detail: vscode.l10n.t('In real time: events appear in the diagram as the replicas make them.'), target: 'live' as const },
    { label: `$(save) ${vscode.l10n.t('Write a trace file')}`, detail: vscode.l10n.t('At once, then open it in Causeway.'), target: 'file' as const },
  ];
  const chosen = await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Simulate into') });
  return chosen?.target;
}

function askOutput(name: string): Thenable<vscode.Uri | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.file(join(folder, `${name}.causal.jsonl`)) : undefined,
    filters: { [vscode.l10n.t('Causeway trace')]: ['causal.jsonl', 'jsonl'] },
    title: vscode.l10n.t('Write the simulated trace'),
  });
}
