// The trace view in parts, for crossing to the webview without a long task on either side: typed
// arrays cut into byte slices, long lists into small JSON pieces. The trace worker encodes, the
// webview decodes each piece as it arrives; the extension host only forwards bytes.

/** At most this many bytes of a typed array per part. */
const ARRAY_PART_BYTES = 4 * 1024 * 1024;
/** About this many bytes of JSON per part of a list (a single long item makes a bigger part). */
const LIST_PART_CHARS = 1024 * 1024;

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
const ARRAY_TYPES = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array } as const;
type ArrayType = keyof typeof ARRAY_TYPES;

/** What a part carries: the object's plain fields, a slice of one typed array, or some items of one list. */
type PartHead =
  | { kind: 'fields' }
  | { kind: 'array'; field: string; type: ArrayType; length: number; at: number }
  | { kind: 'list'; field: string };

function isTypedArray(value: unknown): value is TypedArray {
  return ArrayBuffer.isView(value) && (value.constructor.name as string) in ARRAY_TYPES;
}

/** One part: a 4-byte length, its head as JSON, then its payload (the slice's bytes or the items' JSON). */
function part(head: PartHead, payload: Uint8Array): Uint8Array {
  const headBytes = new TextEncoder().encode(JSON.stringify(head));
  const bytes = new Uint8Array(4 + headBytes.length + payload.length);
  new DataView(bytes.buffer).setUint32(0, headBytes.length, true);
  bytes.set(headBytes, 4);
  bytes.set(payload, 4 + headBytes.length);
  return bytes;
}

function arrayParts(field: string, array: TypedArray): Uint8Array[] {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  const type = array.constructor.name as ArrayType;
  const parts: Uint8Array[] = [];
  const step = ARRAY_PART_BYTES - (ARRAY_PART_BYTES % array.BYTES_PER_ELEMENT);
  let at = 0;
  do {
    parts.push(part({ kind: 'array', field, type, length: array.length, at: at / array.BYTES_PER_ELEMENT }, bytes.subarray(at, at + step)));
    at += step;
  } while (at < bytes.length);
  return parts;
}

function listParts(field: string, list: readonly unknown[]): Uint8Array[] {
  const parts: Uint8Array[] = [];
  let items: string[] = [];
  let chars = 0;
  const flush = () => {
    parts.push(part({ kind: 'list', field }, new TextEncoder().encode(`[${items.join(',')}]`)));
    items = [];
    chars = 0;
  };
  for (const item of list) {
    const json = JSON.stringify(item) ?? 'null';
    items.push(json);
    chars += json.length;
    if (chars >= LIST_PART_CHARS) flush();
  }
  if (items.length > 0 || parts.length === 0) flush();
  return parts;
}

/**
 * Cuts an object of plain JSON fields, typed arrays and lists into parts of about a megabyte or
 * four: the plain fields first, then each typed array and list. `decodeParts` puts it back together.
 */
export function encodeParts(value: Record<string, unknown>): Uint8Array[] {
  const fields: Record<string, unknown> = {};
  const rest: Uint8Array[] = [];
  for (const [field, v] of Object.entries(value)) {
    if (isTypedArray(v)) rest.push(...arrayParts(field, v));
    else if (Array.isArray(v)) rest.push(...listParts(field, v));
    else fields[field] = v;
  }
  return [part({ kind: 'fields' }, new TextEncoder().encode(JSON.stringify(fields))), ...rest];
}

/** Puts parts back together, one at a time as they arrive (each a short task), in the order they were cut. */
export class PartsDecoder {
  private readonly parts: Record<string, unknown> = {};
  private readonly decoder = new TextDecoder();

  add(bytes: Uint8Array): void {
    const { parts: value, decoder } = this;
    const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    const head = JSON.parse(decoder.decode(bytes.subarray(4, 4 + headLength))) as PartHead;
    const payload = bytes.subarray(4 + headLength);
    if (head.kind === 'fields') Object.assign(value, JSON.parse(decoder.decode(payload)));
    else if (head.kind === 'list') {
      const list = (value[head.field] ??= []) as unknown[];
      for (const item of JSON.parse(decoder.decode(payload)) as unknown[]) list.push(item);
    } else {
      const Type = ARRAY_TYPES[head.type];
      const array = (value[head.field] ??= new Type(head.length)) as TypedArray;
      // Copied byte-wise: the payload's offset need not be aligned to the element size.
      new Uint8Array(array.buffer).set(payload, head.at * array.BYTES_PER_ELEMENT);
    }
  }

  /** The object put back together from the parts added so far. */
  value<T>(): T {
    return this.parts as T;
  }
}
