// Interned strings: replica names, object keys, message ids and op values are stored once and
// referred to by dense integer ids from the trace's typed-array columns.

export class StringTable {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  /** The id of `name`, adding it if it is new. */
  intern(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      id = this.names.length;
      this.names.push(name);
      this.ids.set(name, id);
    }
    return id;
  }

  /** The id of `name`, or -1 when it was never interned. */
  find(name: string): number {
    return this.ids.get(name) ?? -1;
  }

  name(id: number): string {
    return this.names[id];
  }

  get size(): number {
    return this.names.length;
  }

  /** All names in id order (a copy). */
  all(): string[] {
    return this.names.slice();
  }
}
