// One event in words, for the status line and the screen-reader grid: its id, kind, the messages
// it sends or receives, its line and how many events are before, after and concurrent with it.

import type { Shading } from '../model/causality';
import { KIND_NAMES, type TraceIndex } from '../model/trace-index';

/** "receive from bob:2", "send to bob:2, carol:7", or "" for an event without messages. */
export function messagesOf(index: TraceIndex, e: number, name: (e: number) => string): string {
  const { view } = index;
  const from: string[] = [];
  for (let j = view.edgeStart[e]; j < view.edgeStart[e + 1]; j++) if (view.edgeFrom[j] >= 0) from.push(name(view.edgeFrom[j]));
  const to: string[] = [];
  for (let j = index.outStart[e]; j < index.outStart[e + 1]; j++) to.push(name(index.outTo[j]));
  return [from.length ? `from ${from.join(', ')}` : '', to.length ? `to ${to.join(', ')}` : ''].filter(Boolean).join('; ');
}

/** "alice:3, receive from bob:2, line 12: 4 before, 20 after, 1 concurrent." */
export function describeEvent(index: TraceIndex, e: number, shading: Shading, name: (e: number) => string): string {
  const kind = KIND_NAMES[index.view.kind[e]] ?? 'event';
  const messages = messagesOf(index, e, name);
  const count = (n: number) => n.toLocaleString('en');
  return `${name(e)}, ${kind}${messages ? ` ${messages}` : ''}, line ${index.view.line[e]}: ${count(shading.past)} before, ${count(shading.future)} after, ${count(shading.concurrent)} concurrent.`;
}

/** "1 conflict", "3 conflicts". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
}
