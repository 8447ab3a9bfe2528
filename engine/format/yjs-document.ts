// A Yjs document read as Yjs gives it: every top-level shared type by name, typed from its own
// content (a map, a text, an array or an XML fragment), as plain JSON.

import * as Y from 'yjs';
import type { Json } from '../crdt/types';

/**
 * The kind of shared type a top-level type holds, from its first item's content; undefined while
 * it holds nothing but deleted items (which no longer say what they were).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- shared types differ in their event types
export function typedShare(doc: Y.Doc, name: string, type: Y.AbstractType<any>): Y.AbstractType<any> | undefined {
  if (type instanceof Y.Map || type instanceof Y.Array || type instanceof Y.Text || type instanceof Y.XmlFragment) return type;
  if (type._map.size > 0) return doc.getMap(name);
  let first = type._start;
  while (first !== null && first.content instanceof Y.ContentDeleted) first = first.right;
  if (first === null) return undefined;
  const content = first.content;
  if (content instanceof Y.ContentString || content instanceof Y.ContentFormat || content instanceof Y.ContentEmbed) return doc.getText(name);
  if (content instanceof Y.ContentType && (content.type instanceof Y.XmlElement || content.type instanceof Y.XmlText)) return doc.getXmlFragment(name);
  return doc.getArray(name);
}

/** The document as plain JSON: each top-level shared type that holds something, by name. */
export function documentJson(doc: Y.Doc): { [name: string]: Json } {
  const out: { [name: string]: Json } = {};
  for (const [name, type] of [...doc.share]) {
    const typed = typedShare(doc, name, type);
    if (typed) out[name] = (typed instanceof Y.XmlFragment ? typed.toString() : typed.toJSON()) as Json;
  }
  return out;
}
