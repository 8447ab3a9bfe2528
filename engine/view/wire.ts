// The trace view in parts, for crossing to the webview without a long task on either side: typed
// arrays cut into byte slices (in the narrowest unsigned type that holds their values), long lists
// into small JSON pieces, long strings into slices of their UTF-8 bytes. The trace worker encodes,
// the webview decodes each piece as it arrives; the extension host only forwards bytes.

/** At most this many bytes of a typed array per part (each part is a task of its own on every side it crosses). */
const ARRAY_PART_BYTES = 1024 * 1024;
/** About this many bytes of JSON per part of a list (a single long item makes a bigger part): parsed in the webview in a few milliseconds. */
const LIST_PART_CHARS = 256 * 1024;
/** Strings longer than this cross as UTF-8 bytes in parts of their own (ARRAY_PART_BYTES each), decoded as each arrives; shorter ones with the plain fields. */
const TEXT_PART_CHARS = 64 * 1024;

type TypedArray = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;
const ARRAY_TYPES = { Uint8Array, Uint16Array, Uint32Array, Int32Array, Float64Array } as const;
type ArrayType = keyof typeof ARRAY_TYPES;

/** What a part carries: the object's plain fields, a slice of one typed array, some items of one list, or a slice of one long string's UTF-8 bytes (`last` in its last part). */
type PartHead =
  | { kind: 'fields' }
  | { kind: 'array'; field: string; type: ArrayType; length: number; at: number; narrow?: NarrowType; delta?: number; offset?: number }
  | { kind: 'list'; field: string }
  | { kind: 'text'; field: string; last: boolean };

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

/** Narrower types an unsigned array's values may cross in (a million 16-entry clocks of at most 65,535 take half the bytes). */
type NarrowType = 'Uint8Array' | 'Uint16Array';

/** The narrowest unsigned type holding every value up to `max`, if narrower than `array`'s. */
function narrowerThan(array: Uint16Array | Uint32Array | Int32Array, max: number): NarrowType | undefined {
  if (max <= 0xff) return 'Uint8Array';
  return max <= 0xffff && !(array instanceof Uint16Array) ? 'Uint16Array' : undefined;
}

/** A signed array whose values lie close together (keys or senders, -1 for none) crosses less its least value (`offset`), in a narrower unsigned type. */
function signedCrossingOf(array: Int32Array): { crossing: TypedArray; narrow?: NarrowType; offset?: number } {
  let min = 0;
  let max = 0;
  for (const value of array) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  const narrow = narrowerThan(array, max - min);
  if (!narrow) return { crossing: array };
  const crossing = new ARRAY_TYPES[narrow](array.length);
  for (let i = 0; i < array.length; i++) crossing[i] = array[i] - min;
  return { crossing, narrow, offset: -min };
}

/**
 * How an integer array crosses in fewer bytes: its values in a narrower type, or the differences
 * between neighbours (a non-decreasing array such as lines or edge starts: a million lines in a
 * megabyte) when they fit a type narrower still, with the first value (`delta`) they start from.
 * Signed values cross as they are.
 */
function crossingOf(array: TypedArray): { crossing: TypedArray; narrow?: NarrowType; delta?: number; offset?: number } {
  if (array instanceof Int32Array) return signedCrossingOf(array);
  if (!(array instanceof Uint16Array || array instanceof Uint32Array)) return { crossing: array };
  let max = 0;
  let maxStep = 0;
  for (let i = 0; i < array.length; i++) {
    const value = array[i];
    if (value > max) max = value;
    const step = i === 0 ? 0 : value - array[i - 1];
    if (step > maxStep || step < 0) maxStep = step < 0 ? Infinity : step;
  }
  const narrow = narrowerThan(array, max);
  const deltaNarrow = narrowerThan(array, maxStep);
  if (deltaNarrow && (!narrow || (deltaNarrow === 'Uint8Array' && narrow === 'Uint16Array'))) {
    const steps = new ARRAY_TYPES[deltaNarrow](array.length);
    for (let i = 1; i < array.length; i++) steps[i] = array[i] - array[i - 1];
    return { crossing: steps, narrow: deltaNarrow, delta: array[0] };
  }
  return narrow ? { crossing: new ARRAY_TYPES[narrow](array), narrow } : { crossing: array };
}

function arrayParts(field: string, array: TypedArray): Uint8Array[] {
  const { crossing, narrow, delta, offset } = crossingOf(array);
  const bytes = new Uint8Array(crossing.buffer, crossing.byteOffset, crossing.byteLength);
  const type = array.constructor.name as ArrayType;
  const parts: Uint8Array[] = [];
  const step = ARRAY_PART_BYTES - (ARRAY_PART_BYTES % crossing.BYTES_PER_ELEMENT);
  let at = 0;
  do {
    const head: PartHead = { kind: 'array', field, type, length: array.length, at: at / crossing.BYTES_PER_ELEMENT, ...(narrow ? { narrow } : {}), ...(delta === undefined ? {} : { delta }), ...(offset === undefined ? {} : { offset }) };
    parts.push(part(head, bytes.subarray(at, at + step)));
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

/** A long string's UTF-8 bytes in slices (a slice may end inside a character: the decoder reads on across). */
function textParts(field: string, text: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const parts: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += ARRAY_PART_BYTES) {
    parts.push(part({ kind: 'text', field, last: at + ARRAY_PART_BYTES >= bytes.length }, bytes.subarray(at, at + ARRAY_PART_BYTES)));
  }
  return parts;
}

/**
 * Cuts an object of plain JSON fields, typed arrays, lists and long strings into parts of about a
 * quarter of a megabyte (lists) or one (typed arrays, strings): the plain fields first, then each
 * of the others. `PartsDecoder` puts it back together. A string's lone surrogates come back as
 * U+FFFD (one UTF-16 unit each, so offsets into the string still hold).
 */
export function encodeParts(value: Record<string, unknown>): Uint8Array[] {
  const fields: Record<string, unknown> = {};
  const rest: Uint8Array[] = [];
  for (const [field, v] of Object.entries(value)) {
    if (isTypedArray(v)) rest.push(...arrayParts(field, v));
    else if (Array.isArray(v)) rest.push(...listParts(field, v));
    else if (typeof v === 'string' && v.length > TEXT_PART_CHARS) rest.push(...textParts(field, v));
    else fields[field] = v;
  }
  return [part({ kind: 'fields' }, new TextEncoder().encode(JSON.stringify(fields))), ...rest];
}

/** Puts an array's values from `at` on back together from what they are above `least`. */
function addOffset(array: TypedArray, aboveLeast: TypedArray, at: number, least: number): void {
  for (let i = 0; i < aboveLeast.length; i++) array[at + i] = aboveLeast[i] + least;
}

/** Puts an array's values from `at` on back together from the differences between neighbours (from `first`, or the value before `at`, which came in an earlier part). */
function addSteps(array: TypedArray, steps: TypedArray, at: number, first: number): void {
  let value = at === 0 ? first : array[at - 1];
  for (let i = 0; i < steps.length; i++) array[at + i] = value += steps[i];
}

/** Puts parts back together, one at a time as they arrive (each a short task), in the order they were cut. */
export class PartsDecoder {
  private readonly parts: Record<string, unknown> = {};
  private readonly decoder = new TextDecoder();
  /** Each long string's pieces decoded so far, with the decoder that holds a character cut between two parts. */
  private readonly texts = new Map<string, { decoder: InstanceType<typeof TextDecoder>; pieces: string[] }>();

  add(bytes: Uint8Array): void {
    const { parts: value, decoder } = this;
    const headLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
    const head = JSON.parse(decoder.decode(bytes.subarray(4, 4 + headLength))) as PartHead;
    const payload = bytes.subarray(4 + headLength);
    if (head.kind === 'fields') Object.assign(value, JSON.parse(decoder.decode(payload)));
    else if (head.kind === 'text') {
      const text = this.texts.get(head.field) ?? { decoder: new TextDecoder(), pieces: [] };
      this.texts.set(head.field, text);
      text.pieces.push(text.decoder.decode(payload, { stream: !head.last }));
    } else if (head.kind === 'list') {
      const list = (value[head.field] ??= []) as unknown[];
      for (const item of JSON.parse(decoder.decode(payload)) as unknown[]) list.push(item);
    } else {
      const Type = ARRAY_TYPES[head.type];
      const array = (value[head.field] ??= new Type(head.length)) as TypedArray;
      // Copied byte-wise: the payload's offset need not be aligned to the element size.
      if (head.narrow === undefined) new Uint8Array(array.buffer).set(payload, head.at * array.BYTES_PER_ELEMENT);
      else if (head.offset !== undefined) addOffset(array, new ARRAY_TYPES[head.narrow](payload.slice().buffer), head.at, -head.offset);
      else if (head.delta === undefined) array.set(new ARRAY_TYPES[head.narrow](payload.slice().buffer), head.at);
      else addSteps(array, new ARRAY_TYPES[head.narrow](payload.slice().buffer), head.at, head.delta);
    }
  }

  /**
   * The object put back together from the parts added so far: a long string's pieces joined into
   * one, or, for the fields named in `inPieces`, left as the list of its pieces (joining tens of
   * megabytes of text is one long task).
   */
  value<T>(inPieces: readonly string[] = []): T {
    for (const [field, { pieces }] of this.texts) this.parts[field] = inPieces.includes(field) ? pieces : pieces.length === 1 ? pieces[0] : pieces.join('');
    this.texts.clear();
    return this.parts as T;
  }
}
