// An event's fields as readable `key: value` text for the tooltip and the details panel: strings
// bare, nested values as compact JSON, the fields a log line's parser captured (the nested
// `fields` object of ShiViz and mapped logs) listed one by one rather than as one JSON blob.

import type { Json } from '../../engine/crdt/types';

/** A field's value as text: strings as written, numbers and booleans plain, the rest compact JSON. */
export function fieldValueText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The fields to show as [key, value] pairs, leaving out `skip` (what the view already shows);
 * a nested `fields` object is unfolded into its own entries.
 */
export function readableFields(fields: Record<string, Json>, skip: ReadonlySet<string> = new Set()): [string, Json][] {
  const out: [string, Json][] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (skip.has(key)) continue;
    if (key === 'fields' && value !== null && typeof value === 'object' && !Array.isArray(value)) out.push(...Object.entries(value));
    else out.push([key, value]);
  }
  return out;
}

/** `key: value`, the value cut to `max` characters with an ellipsis (the whole text is in Details). */
export function fieldLine(key: string, value: Json, max: number): string {
  const text = fieldValueText(value);
  return `${key}: ${text.length > max ? `${text.slice(0, max - 1)}…` : text}`;
}
