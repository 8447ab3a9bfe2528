// Interned strings: replica names, object keys, message ids and op values are stored once and
// referred to by dense integer ids from the trace's typed-array columns. Readers that scan bytes
// intern UTF-8 bytes directly (`internBytes`): those names are decoded only when first asked for.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/**
 * Names interned as bytes: an arena of UTF-8 byte strings, each mapped to a name id, with an
 * open-addressing table over them. Several byte strings can map to one id (invalid UTF-8 decodes
 * to the same text), so entries, not ids, own the bytes.
 */
class ByteNames {
  private arena = new Uint8Array(4096);
  private used = 0;
  /** Per entry: where its bytes start, how many, and the name id they stand for. */
  private entryStart = new Int32Array(64);
  private entryLength = new Int32Array(64);
  private entryId = new Int32Array(64);
  private entries = 0;
  /** Per id: the entry to decode its name from (-1: none). */
  private entryOfId = new Int32Array(64).fill(-1);
  /** Pairs of (entry + 1, the full hash of the entry's bytes); entry + 1 = 0 marks an empty slot. */
  private slots = new Int32Array(512);

  /** The id of bytes b[s, e) (hash h), or -1. */
  find(b: Uint8Array, s: number, e: number, h: number): number {
    const slots = this.slots;
    const mask = slots.length - 2;
    for (let slot = (h << 1) & mask; ; slot = (slot + 2) & mask) {
      const entry = slots[slot] - 1;
      if (entry < 0) return -1;
      if (slots[slot + 1] === h && this.equals(entry, b, s, e)) return this.entryId[entry];
    }
  }

  /** Records that bytes b[s, e) (hash h) stand for name `id`. */
  add(id: number, b: Uint8Array, s: number, e: number, h: number): void {
    const n = e - s;
    if (this.used + n > this.arena.length) this.arena = grown(this.arena, this.used + n);
    // A loop, not set(subarray): names are short, and a view object per name costs more than the copy.
    const arena = this.arena;
    for (let k = s, at = this.used; k < e; k++, at++) arena[at] = b[k];
    const entry = this.entries++;
    if (entry === this.entryStart.length) {
      this.entryStart = grown(this.entryStart, entry + 1);
      this.entryLength = grown(this.entryLength, entry + 1);
      this.entryId = grown(this.entryId, entry + 1);
    }
    this.entryStart[entry] = this.used;
    this.entryLength[entry] = n;
    this.entryId[entry] = id;
    this.used += n;
    if (id >= this.entryOfId.length) {
      const before = this.entryOfId.length;
      this.entryOfId = grown(this.entryOfId, id + 1);
      this.entryOfId.fill(-1, before);
    }
    if (this.entryOfId[id] < 0) this.entryOfId[id] = entry;
    if (4 * this.entries > this.slots.length) this.rehash();
    this.place(entry, h);
  }

  /** The name of `id` from its bytes. */
  decode(id: number): string {
    const entry = this.entryOfId[id];
    return decoder.decode(this.arena.subarray(this.entryStart[entry], this.entryStart[entry] + this.entryLength[entry]));
  }

  private place(entry: number, h: number): void {
    const mask = this.slots.length - 2;
    let slot = (h << 1) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 2) & mask;
    this.slots[slot] = entry + 1;
    this.slots[slot + 1] = h;
  }

  /** Twice the slots, each entry placed by the hash its slot kept (no byte is hashed again). */
  private rehash(): void {
    const old = this.slots;
    this.slots = new Int32Array(2 * old.length);
    for (let slot = 0; slot < old.length; slot += 2) if (old[slot] !== 0) this.place(old[slot] - 1, old[slot + 1]);
  }

  private equals(entry: number, b: Uint8Array, s: number, e: number): boolean {
    if (this.entryLength[entry] !== e - s) return false;
    const arena = this.arena;
    for (let k = this.entryStart[entry], p = s; p < e; k++, p++) if (arena[k] !== b[p]) return false;
    return true;
  }
}

function grown<T extends Uint8Array | Int32Array>(a: T, size: number): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, 2 * a.length));
  next.set(a);
  return next;
}

/** FNV-1a of b[s, e). */
export function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let k = s; k < e; k++) h = Math.imul(h ^ b[k], 0x01000193);
  return h;
}

export class StringTable {
  /** Ids by name; holds the names of ids [0, indexed) (names interned as bytes join when a string look-up needs them). */
  private readonly ids = new Map<string, number>();
  private indexed = 0;
  /** Names by id; undefined for names interned as bytes and not decoded yet. */
  private readonly names: (string | undefined)[] = [];
  private bytes: ByteNames | undefined;

  /** The id of `name`, adding it if it is new. */
  intern(name: string): number {
    let id = this.find(name);
    if (id < 0) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
      this.indexed++;
      if (this.bytes) {
        const b = encoder.encode(name);
        this.bytes.add(id, b, 0, b.length, hashBytes(b, 0, b.length));
      }
    }
    return id;
  }

  /** The id of the name whose UTF-8 bytes are b[s, e) (h = hashBytes of them), adding it if it is new. */
  internBytes(b: Uint8Array, s: number, e: number, h = hashBytes(b, s, e)): number {
    const bytes = this.byteNames();
    let id = bytes.find(b, s, e, h);
    if (id >= 0) return id;
    let ascii = true;
    for (let k = s; k < e && ascii; k++) ascii = b[k] < 0x80;
    if (ascii) {
      id = this.names.length;
      this.names.push(undefined);
    } else {
      // Other bytes may decode to the same text (invalid UTF-8): one id per text.
      id = this.intern(decoder.decode(b.subarray(s, e)));
      if (bytes.find(b, s, e, h) >= 0) return id;
    }
    bytes.add(id, b, s, e, h);
    return id;
  }

  /** The id of `name`, or -1 when it was never interned. */
  find(name: string): number {
    while (this.indexed < this.names.length) {
      this.ids.set(this.name(this.indexed), this.indexed);
      this.indexed++;
    }
    return this.ids.get(name) ?? -1;
  }

  name(id: number): string {
    const known = this.names[id];
    if (known !== undefined || this.bytes === undefined || !(id >= 0 && id < this.names.length)) return known!;
    return (this.names[id] = this.bytes.decode(id));
  }

  get size(): number {
    return this.names.length;
  }

  /** All names in id order (a copy). */
  all(): string[] {
    return this.names.map((_, id) => this.name(id));
  }

  /** The byte index, made on first use from the names interned as strings so far. */
  private byteNames(): ByteNames {
    if (this.bytes === undefined) {
      this.bytes = new ByteNames();
      this.names.forEach((name, id) => {
        const b = encoder.encode(name);
        this.bytes!.add(id, b, 0, b.length, hashBytes(b, 0, b.length));
      });
    }
    return this.bytes;
  }
}
