// Typed arrays another thread can read without a copy: over a SharedArrayBuffer where the
// platform has one (Node; a browser only when cross-origin isolated), else over an ordinary
// buffer. Posting an array over shared memory to a worker shares it; an ordinary one is copied
// twice (serialised, then deserialised), which for the tens of megabytes of a million-event
// analysis costs hundreds of milliseconds on each side.

type Numbers = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float64Array;
type NumbersOf<T extends Numbers> = new (buffer: ArrayBufferLike) => T;

function bufferOf(bytes: number): ArrayBufferLike {
  return typeof SharedArrayBuffer === 'function' ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
}

/** A zeroed array of `length` values in memory other threads can share. */
export function sharedArray<T extends Numbers>(type: NumbersOf<T> & { BYTES_PER_ELEMENT: number }, length: number): T {
  return new type(bufferOf(length * type.BYTES_PER_ELEMENT));
}

/** A copy of `values` in memory other threads can share. */
export function sharedCopy<T extends Numbers>(values: T): T {
  const copy = sharedArray(values.constructor as NumbersOf<T> & { BYTES_PER_ELEMENT: number }, values.length);
  copy.set(values as never);
  return copy;
}
