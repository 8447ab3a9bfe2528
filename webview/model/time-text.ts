// Times as the webview shows them (Details, tooltips, timelines): the engine's one way of writing a
// time (engine/util/time-text.ts), and which event fields are times.

import type { Json } from '../../engine/crdt/types';
import { timeText } from '../../engine/util/time-text';

export { timeText };

/** An event field as Details shows it when it is a time (`time`, read exactly from `timeText`); undefined for other fields. */
export function fieldTimeText(name: string, value: Json, fields: Record<string, Json>): string | undefined {
  if (name !== 'time' || typeof value !== 'number') return undefined;
  const exact = fields['timeText'];
  return timeText(value, typeof exact === 'string' ? exact : undefined);
}
