// The trace view in parts (engine/view/wire.ts): what the webview puts back together is what the
// worker cut up, for the examples and for a view big enough to need many parts of each kind.

import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { labelOf, packLabels } from '../../engine/view/model';
import { decodedView, encodeView } from '../../engine/view/view-parts';
import { encodeParts, PartsDecoder } from '../../engine/view/wire';
import { engineView, exampleFiles } from './engine-views';
import { generateTrace } from './random-trace';

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

  for (const file of exampleFiles().slice(0, 4)) {
    it(`puts ${file}'s view back together from parts without its steps and with its conflicts in columns`, async () => {
      const { view, buffers } = engineView(file);
      const decoder = new PartsDecoder();
      for (const part of encodeView(view, buffers)) decoder.add(part);
      const { conflicts, ...back } = await decodedView(decoder);
      assert.deepEqual({ ...back, conflicts: conflicts.list() }, { ...view, buffers });
    });
  }

  it('sends a long list of conflicts as columns in a fifth of the bytes of their JSON, and puts each back as it was', async () => {
    const { view } = engineView(exampleFiles()[0]);
    const conflicts = Array.from({ length: 50_000 }, (_, n) => ({
      id: n === 7 ? 'renamed' : `c${n + 1}`,
      key: `k${n % 97}`,
      ...(n % 3 ? {} : { target: `field ${n % 5}` }),
      events: [n, n + 1, n + 1000],
      winners: n % 2 ? [n + 1000] : [n, n + 1],
      rule: n % 2 ? 'last-writer-wins' : 'multi-value',
      ...(n < 10 ? { reason: `why ${n}` } : {}),
    }));
    const big = { ...view, conflicts };
    const parts = encodeView(big, []);
    const bytes = parts.reduce((sum, p) => sum + p.length, 0);
    assert.ok(bytes < JSON.stringify(conflicts).length / 5, `${bytes} bytes for ${JSON.stringify(conflicts).length} of JSON`);
    const decoder = new PartsDecoder();
    for (const part of parts) decoder.add(part);
    const back = await decodedView(decoder);
    assert.deepEqual(back.conflicts.list(), conflicts);
  });

  it('sends the clocks as what changes along each lane and gets back every entry, whatever the clocks hold, pausing on a long trace', async () => {
    const { view } = engineView('partition-heals.causal.jsonl');
    const R = view.replicas.length;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat({ max: 3 }), { minLength: view.size * R, maxLength: view.size * R }), fc.nat({ max: 4 }), async (steps, big) => {
        // Clocks that grow along a lane as real ones do, with a few that jump past 16 bits or go back (a stranger trace's).
        const clocks = Uint32Array.from(steps, (step, at) => (at % 7 === big ? 70_000 * step : step));
        const decoder = new PartsDecoder();
        for (const part of encodeView({ ...view, clocks }, [])) decoder.add(part);
        assert.deepEqual((await decodedView(decoder)).clocks, clocks);
      }),
      { numRuns: 100 },
    );
    // 20,000 events on 16 replicas: the clocks cross in under a quarter of the 16-bit entries' bytes.
    const long = generateTrace({ events: 20_000, replicas: 16, seed: 3 }).view;
    const parts = encodeView(long, []);
    const clockBytes = parts.filter((p) => new TextDecoder().decode(p.subarray(4, 200)).includes('"field":"clockChange')).reduce((sum, p) => sum + p.length, 0);
    assert.ok(clockBytes < (2 * long.clocks.length) / 4, `${clockBytes} bytes for ${long.clocks.length} entries`);
    const decoder = new PartsDecoder();
    for (const part of parts) decoder.add(part);
    assert.deepEqual((await decodedView(decoder)).clocks, long.clocks);
    // 300,000 events: put back in pieces, other tasks running between them.
    const longer = generateTrace({ events: 300_000, replicas: 2, seed: 4, timelines: false }).view;
    const again = new PartsDecoder();
    for (const part of encodeView(longer, [])) again.add(part);
    let pauses = 0;
    assert.deepEqual((await decodedView(again, () => Promise.resolve(void pauses++))).clocks, longer.clocks);
    assert.equal(pauses, 2);
  });

  it("sends the labels as one string's UTF-8 bytes, and each event's label comes back as it was", async () => {
    const { view } = engineView(exampleFiles()[0]);
    const labels = Array.from({ length: 30_000 }, (_, e) => ['', `set k${e} = "é ✓ 🙂"`, 'x'.repeat(200), `send m${e} → b`, 'lone \ud800 half'][e % 5]);
    const big = { ...view, size: labels.length, ...packLabels(labels) };
    const parts = encodeView(big, []);
    assert.ok(parts.every((p) => p.length <= 1.1 * 1024 * 1024), 'no part over a megabyte');
    const decoder = new PartsDecoder();
    for (const part of parts) decoder.add(part);
    const back = await decodedView(decoder);
    assert.ok(Array.isArray(back.labelText) && back.labelText.length > 1, 'the labels stay the pieces they crossed in');
    // A lone surrogate is not UTF-8: it comes back as U+FFFD, one unit as it was, and the labels after it stay where they were.
    labels.forEach((label, e) => assert.equal(labelOf(back, e), label.replace('\ud800', '\ufffd'), `label ${e}`));
  });

  it("reads each event's label from a label text kept in pieces cut anywhere, labels running across cuts and empty pieces", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 12 }), { maxLength: 40 }), fc.array(fc.nat(400), { maxLength: 8 }), (labels, cuts) => {
        const packed = packLabels(labels);
        const text = packed.labelText as string;
        const at = [0, ...cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b), text.length];
        const pieces = at.slice(1).map((end, p) => text.slice(at[p], end));
        labels.forEach((label, e) => assert.equal(labelOf({ labelText: pieces, labelStart: packed.labelStart }, e), label, `label ${e}`));
      }),
    );
  });

  it('sends a growing array (lines, edge starts) as the steps between its values, a byte each, across parts', () => {
    let at = 70_000;
    const line = Uint32Array.from({ length: 3_000_001 }, (_, i) => (at += i % 7 === 0 ? 200 : 1));
    const parts = encodeParts({ line });
    assert.ok(parts.length > 1 && parts.reduce((sum, p) => sum + p.length, 0) < 0.26 * line.byteLength, `${parts.length} parts`);
    assert.deepEqual(decodeParts(parts), { line });
  });

  it('sends a long string as slices of its UTF-8 bytes, a character cut between two parts read whole, and a short one with the fields', () => {
    const MB = 1024 * 1024;
    // Each 4-byte emoji and 3-byte mark lands across a part's end somewhere: 'a' shifts them by one byte a time.
    for (const shift of [0, 1, 2, 3]) {
      const text = `${'a'.repeat(MB - 2 - shift)}🙂✓${'é→'.repeat(300_000)}🙂`;
      const parts = encodeParts({ text, short: 'é✓🙂' });
      assert.ok(parts.length >= 3 && parts.every((p) => p.length <= MB + 200), `${parts.length} parts`);
      assert.deepEqual(decodeParts(parts), { short: 'é✓🙂', text });
    }
  });

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
