// The observed-remove map: each field holds a CRDT of one type (default PN-Counter). An update
// tags the field's new state with a dot; a delete drops the dots it has seen, so a concurrent
// update keeps the field (add-wins), and a field deleted then updated again starts afresh.

import { dotBytes, dotText } from './dot-context';
import { DotKernel, type DotNumbered, isDotNumbered, type KernelEntry, sortedTokens, type Token } from './dot-kernel';
import { jsonStringBytes, listBytes, setJsonProperty } from './json';
import { fieldOf, unsupportedOp } from './op-args';
import { type AnyCrdt, type Crdt, type CrdtOp, CrdtOpError, type CrdtTypeName, type Json, type OpContext } from './types';

/**
 * How a field is stored: each update puts the field's whole new state under a new dot and drops
 * the dots it has seen, so concurrent updates leave several states (siblings) whose join is the
 * field's value. States under a dot never change after they are made; they are shared, not copied.
 */
type FieldState = AnyCrdt;

/** Or-map entries are keyed by their field name. */
function fieldName(entry: KernelEntry<FieldState>): string {
  return entry.key as string;
}

function fieldEntryBytes(entry: KernelEntry<FieldState>): number {
  let states = 0;
  for (const t of entry.tokens) states += '{"dot":,"state":}'.length + dotBytes(t.replica, t.seq) + t.payload.byteSize();
  return jsonStringBytes(fieldName(entry)) + 1 + listBytes(entry.tokens.length, states);
}

export class OrMap implements Crdt<OrMap>, DotNumbered {
  get type(): 'or-map' {
    return 'or-map';
  }
  /** Joined state of each field, by its token list (token lists are replaced, never modified). */
  private readonly joined = new WeakMap<readonly Token<FieldState>[], FieldState>();
  private live: { version: number; value: { [field: string]: Json } } | undefined;

  /**
   * @param values the CRDT type of every field's value
   * @param createValue makes an empty state of that type
   */
  constructor(
    readonly values: CrdtTypeName,
    private readonly createValue: () => AnyCrdt,
    private readonly kernel = new DotKernel<FieldState>(fieldEntryBytes, false),
  ) {}

  /** `update` applies `op.op` to `op.field`'s value; `delete` removes the field as this replica sees it. */
  mutate(op: CrdtOp, ctx: OpContext): OrMap {
    if (op.type !== 'update' && op.type !== 'delete') throw unsupportedOp('or-map', op);
    const field = fieldOf(op);
    if (op.type === 'delete') return this.derive(this.kernel.replace(this.kernel.entry(field), field, field, []));
    const inner = op.op;
    if (typeof inner !== 'object' || inner === null) {
      throw new CrdtOpError(`update of field "${field}" needs an inner op for its ${this.values}`);
    }
    const replica = ctx.dot.replica;
    const seq = this.kernel.context.nextSeq(replica);
    const state = this.copyOfField(field);
    // Dots this replica used before (in any earlier state of the field) are below seq: mark them seen
    // in the new state, so its own dots are new and states it has deleted cannot come back through it.
    if (isDotNumbered(state)) state.advanceDots(replica, seq - 1);
    state.mutate(inner, ctx);
    this.kernel.context.claimNext(replica); // only now: a failed inner op leaves no trace
    return this.derive(this.kernel.replace(this.kernel.entry(field), field, field, [{ replica, seq, payload: state }]));
  }

  private derive(kernel: DotKernel<FieldState>): OrMap {
    return new OrMap(this.values, this.createValue, kernel);
  }

  /** The field's value as a CRDT state (the join of its siblings); do not modify it. */
  fieldState(field: string): AnyCrdt | undefined {
    const tokens = this.kernel.tokensOf(field);
    return tokens.length === 0 ? undefined : this.join(tokens);
  }

  /** Fields present, sorted. */
  fields(): string[] {
    return this.kernel.sortedLive(fieldName).map(fieldName);
  }

  private join(tokens: readonly Token<FieldState>[]): FieldState {
    if (tokens.length === 1) return tokens[0].payload;
    let state = this.joined.get(tokens);
    if (state === undefined) {
      const sorted = sortedTokens(tokens);
      state = sorted[0].payload.clone() as FieldState;
      for (let i = 1; i < sorted.length; i++) state.merge(sorted[i].payload);
      this.joined.set(tokens, state);
    }
    return state;
  }

  /** A fresh, modifiable copy of the field's current state (empty when absent). */
  private copyOfField(field: string): FieldState {
    const tokens = this.kernel.tokensOf(field);
    if (tokens.length === 0) return this.createValue();
    if (tokens.length === 1) return tokens[0].payload.clone() as FieldState;
    return this.join(tokens).clone() as FieldState;
  }

  advanceDots(replica: string, seq: number): void {
    this.kernel.advance(replica, seq);
  }

  merge(other: OrMap): void {
    this.kernel.merge(other.kernel);
  }

  clone(): OrMap {
    return this.derive(this.kernel.clone());
  }

  equals(other: OrMap): boolean {
    return this.kernel.equals(other.kernel);
  }

  leq(other: OrMap): boolean {
    return this.kernel.leq(other.kernel);
  }

  /** Each present field's value, fields sorted. */
  value(): Json {
    const version = this.kernel.version;
    if (this.live?.version !== version) {
      const value: { [field: string]: Json } = {};
      for (const entry of this.kernel.sortedLive(fieldName)) {
        // Frozen: value() hands out shallow copies, and these are shared with them.
        setJsonProperty(value, fieldName(entry), Object.freeze(this.join(entry.tokens).value()) as Json);
      }
      this.live = { version, value };
    }
    return { ...this.live.value };
  }

  inspect(): Json {
    const fields: { [field: string]: Json } = {};
    for (const entry of this.kernel.sortedLive(fieldName)) {
      const states = sortedTokens(entry.tokens).map((t) => ({ dot: dotText(t.replica, t.seq), state: t.payload.inspect() }));
      setJsonProperty(fields, fieldName(entry), states);
    }
    const state: { [key: string]: Json } = { fields };
    this.kernel.context.inspectInto(state);
    return state;
  }

  byteSize(): number {
    const { count, bytes } = this.kernel.liveBytes();
    return '{"fields":,}'.length + listBytes(count, bytes) + this.kernel.context.inspectBytes();
  }
}
