// The trace view in parts (engine/view/wire.ts): what the webview puts back together is what the
// worker cut up, for the examples and for a view big enough to need many parts of each kind.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeParts, PartsDecoder } from '../../engine/view/wire';
import { engineView, exampleFiles } from './engine-views';

/** Adds the parts one by one, counting them. */
function decodeParts<T>(parts: Uint8Array[], onPart = () => {}): T {
  const decoder = new PartsDecoder();
  for (const part of parts) {
    decoder.add(part);
    onPart();
  }
  return decoder.value<T>();
}

describe('the trace view in parts', () => {
  for (const file of exampleFiles().slice(0, 4)) {
    it(`puts ${file}'s view and buffers back together as they were`, () => {
      const { view, buffers } = engineView(file);
      const parts = encodeParts({ ...view, buffers });
      assert.deepEqual(decodeParts(parts), { ...JSON.parse(JSON.stringify({ ...view, buffers })), ...typedOf(view) });
    });
  }

  it('cuts a big view into parts of at most a megabyte and puts it back together, each kind in order', () => {
    const clocks = Uint32Array.from({ length: 3_000_001 }, (_, i) => (i * 2654435761) >>> 0);
    // Values that fit 16 bits (a million 16-entry clocks of a replica's events) cross in half the bytes.
    const steps = Uint32Array.from({ length: 3_000_001 }, (_, i) => i % 65_536);
    const replica = Uint16Array.from({ length: 3_000_001 }, (_, i) => i % 16);
    const labels = Array.from({ length: 200_000 }, (_, i) => `op ${i} "quoted" é\n`);
    const conflicts = Array.from({ length: 20_000 }, (_, i) => ({ id: `c${i}`, events: [i, i + 1], target: i % 2 ? undefined : 'x' }));
    const parts = encodeParts({ name: 'big', size: 3_000_001, clocks, steps, replica, labels, conflicts, empty: new Int32Array(0) });
    const bytesOf = (field: string) => parts.filter((p) => new TextDecoder().decode(p.subarray(4, 200)).includes(`"field":"${field}"`)).reduce((sum, p) => sum + p.length, 0);
    assert.ok(bytesOf('steps') < 0.51 * steps.byteLength, `steps cross in ${bytesOf('steps')} bytes`);
    assert.ok(bytesOf('replica') < 0.51 * replica.byteLength, `replicas cross in ${bytesOf('replica')} bytes`);
    assert.ok(bytesOf('clocks') >= clocks.byteLength, 'values over 16 bits cross whole');
    assert.ok(parts.length > 10, `${parts.length} parts`);
    assert.ok(Math.max(...parts.map((p) => p.length)) <= 1024 * 1024 + 200, 'no part over a megabyte');
    let pauses = 0;
    const back = decodeParts<Record<string, unknown>>(parts, () => void pauses++);
    assert.equal(pauses, parts.length);
    assert.deepEqual(back, { name: 'big', size: 3_000_001, clocks, steps, replica, labels, conflicts: JSON.parse(JSON.stringify(conflicts)), empty: new Int32Array(0) });
  });
});

/** The typed-array fields of a view (JSON turns them into objects). */
function typedOf(view: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(view).filter(([, v]) => ArrayBuffer.isView(v)));
}
