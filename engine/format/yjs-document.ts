// A Yjs document read as Yjs gives it: every top-level shared type by name, typed from its own
// content (a map, a text, an array or an XML fragment), as plain JSON.

import type * as Y from 'yjs';
import { yjs } from './libraries';
import type { Json } from '../crdt/types';

/**
 * The kind of shared type a top-level type holds, from its first item's content; undefined while
 * it holds nothing but deleted items (which no longer say what they were).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shared types differ in their event types
export function typedShare(doc: Y.Doc, name: string, type: Y.AbstractType<any>): Y.AbstractType<any> | undefined {
  if (type instanceof yjs().Map || type instanceof yjs().Array || type instanceof yjs().Text || type instanceof yjs().XmlFragment) return type;
  if (type._map.size > 0) return doc.getMap(name);
  let first = type._start;
  while (first !== null && first.content instanceof yjs().ContentDeleted) first = first.right;
  if (first === null) return undefined;
  const content = first.content;
  if (content instanceof yjs().ContentString || content instanceof yjs().ContentFormat || content instanceof yjs().ContentEmbed) return doc.getText(name);
  if (content instanceof yjs().ContentType && (content.type instanceof yjs().XmlElement || content.type instanceof yjs().XmlText)) return doc.getXmlFragment(name);
  return doc.getArray(name);
}

/** The document as plain JSON: each top-level shared type that holds something, by name. */
export function documentJson(doc: Y.Doc): { [name: string]: Json } {
  const out: { [name: string]: Json } = {};
  for (const [name, type] of [...doc.share]) {
    const typed = typedShare(doc, name, type);
    if (typed) out[name] = (typed instanceof yjs().XmlFragment ? typed.toString() : typed.toJSON()) as Json;
  }
  return out;
}
