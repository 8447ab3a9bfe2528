// Seeded generators of hostile trace input for the fuzz suites: hostile strings, mutated samples,
// lines of wrong types, deep nesting, huge numbers, many replicas, spoofing names and hostile
// regexes, plus the samples to mutate (every format's fixtures, the examples, the real corpus).

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fc from 'fast-check';
import { EXAMPLES, REPO } from '../helpers/load';

export const hostile = fc.oneof(
  fc.constantFrom(
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '\u0000\u0001\u0007\u001b[31m\u007f',
    '\u2028\u2029',
    '\ud800',
    '\uFEFF',
    'abc\u202Eevil.exe',
    'ad\u200Bmin',
    '"\\',
    '1e999',
    '-1',
    '123456789012345678901234567890',
    '__proto__',
    '{"__proto__":{"x":1}}',
    'NaN',
    'null',
    '[]',
    '{}',
    '{"A":4294967296}',
    '{"A":1.5}',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.nat({ max: 10_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 1, max: 3000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
  fc.integer({ min: 1, max: 3000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
  fc.integer({ min: 1, max: 3000 }).map((n) => '['.repeat(n)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
);

/** Edits a valid sample: cut, insert hostile text, duplicate or drop lines, truncate. */
export const mutated = (sample: string) =>
  fc
    .array(
      fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), cut: fc.nat({ max: 80 }), insert: hostile, op: fc.constantFrom('splice', 'truncate', 'duplicate', 'newline') }),
      { minLength: 1, maxLength: 4 },
    )
    .map((edits) => {
      let text = sample;
      for (const { at, cut, insert, op } of edits) {
        const i = Math.floor(at * text.length);
        if (op === 'truncate') text = text.slice(0, i);
        else if (op === 'duplicate') text = text.slice(0, i) + text.slice(i, i + cut) + text.slice(i);
        else if (op === 'newline') text = `${text.slice(0, i)}\n${text.slice(i)}`;
        else text = text.slice(0, i) + insert + text.slice(i + cut);
      }
      return text;
    });

/** Lines made of JSON values, hostile strings and pieces of the sample. */
export const lines = (sample: string) =>
  fc
    .array(fc.oneof(hostile, fc.constantFrom(...sample.split('\n')), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v))), { maxLength: 30 })
    .chain((parts) => fc.constantFrom('\n', '\r\n').map((nl) => parts.join(nl)));

const HEADER = '{"format":"causeway","version":1}';

/** A native trace whose event carries a value nested `depth` levels deep (in a label, an op value or a clock). */
export const deeplyNested = fc
  .record({ depth: fc.integer({ min: 1000, max: 50_000 }), where: fc.constantFrom('label', 'value', 'clock'), open: fc.constantFrom('[', '{"a":') })
  .map(({ depth, where, open }) => {
    const close = open === '[' ? ']' : '}';
    const deep = `${open.repeat(depth)}${open === '[' ? '' : '1'}${close.repeat(depth)}`;
    const event =
      where === 'label'
        ? `{"replica":"A","kind":"local","label":${deep}}`
        : where === 'value'
          ? `{"replica":"A","kind":"op","key":"k","op":{"type":"set","value":${deep}}}`
          : `{"replica":"A","kind":"local","clock":${deep}}`;
    return `{"format":"causeway","version":1,"objects":{"k":"lww-register"}}\n${event}\n`;
  });

const HUGE = ['1e308', '1e999', '-1', '9007199254740993', '123456789012345678901234567890', '4294967296', '1.5', '-0', '0'];

/** Clocks, counters, seq numbers and timestamps far outside what real traces hold, in native and ShiViz traces. */
export const hugeNumbers = fc
  .record({ n: fc.constantFrom(...HUGE), m: fc.constantFrom(...HUGE), shiviz: fc.boolean() })
  .map(({ n, m, shiviz }) =>
    shiviz
      ? { name: 'huge.log', text: `A {"A":${n}}\nsend\nB {"A":${n},"B":${m}}\nrecv\n` }
      : {
          name: 'huge.causal.jsonl',
          text: `{"format":"causeway","version":1,"objects":{"c":"g-counter"}}\n{"replica":"A","kind":"op","key":"c","op":{"type":"inc","value":${n}},"clock":{"A":${n}},"seq":${m},"time":${m}}\n{"replica":"B","kind":"send","msg":"m","clock":{"B":${m}}}\n{"replica":"A","kind":"receive","msg":"m","clock":{"A":${m},"B":${n}}}\n`,
        },
  );

/** A native trace with `replicas` replicas, each sending to the next (clocks grow with the replica count). */
export function manyReplicasTrace(replicas: number): string {
  const out = [HEADER];
  for (let r = 0; r < replicas; r++) {
    out.push(`{"replica":"r${r}","kind":"send","msg":"m${r}"}`);
    if (r > 0) out.push(`{"replica":"r${r}","kind":"receive","msg":"m${r - 1}"}`);
  }
  return `${out.join('\n')}\n`;
}

export const manyReplicas = fc.integer({ min: 200, max: 3000 }).map(manyReplicasTrace);

/** Replica names, keys, labels and messages meant to deceive or break a display. */
export const spoofingNames = fc
  .array(fc.oneof(hostile.filter((s) => s.length < 200), fc.constantFrom('abc\u202Eevil.exe', '\u2066x\u2069', 'a\u0000b', '\u001b]0;title\u0007')), { minLength: 1, maxLength: 5 })
  .map((names) => {
    const out = [`{"format":"causeway","version":1,"description":${JSON.stringify(names[0])},"objects":{${names.map((n, i) => `${JSON.stringify(`${n}${i}`)}:"lww-register"`).join(',')}}}`];
    names.forEach((n, i) => {
      out.push(JSON.stringify({ replica: n, kind: 'op', key: `${n}${i}`, op: { type: 'set', value: n }, label: n }));
      out.push(JSON.stringify({ replica: `${n}-peer`, kind: 'send', msg: n }));
      out.push(JSON.stringify({ replica: n, kind: 'receive', msg: n }));
    });
    return `${out.join('\n')}\n`;
  });

/** Regexes a user might pass with --regex / --delimiter: catastrophic backtracking, invalid syntax, groups missing. */
export const HOSTILE_REGEXES: readonly { args: string[]; input: string }[] = [
  { args: ['--regex', '(?<host>(a+)+)(?<clock>{.*})\\n(?<event>.*)$'], input: `${'a'.repeat(40)}!\n` },
  { args: ['--regex', '(?<event>(x+x+)+y)\\n(?<host>\\S*) (?<clock>{.*})'], input: `${'x'.repeat(40)}\nA {"A":1}\n` },
  { args: ['--regex', '(?<host>.*)(?<clock>.*)(?<event>.*)(.*)*z'], input: `${'q'.repeat(5000)}\n` },
  { args: ['--delimiter', '^(a+)+$'], input: `${'a'.repeat(40)}!\nA {"A":1}\nx\n` },
  { args: ['--regex', '('], input: 'A {"A":1}\nx\n' },
  { args: ['--regex', '(?<host>\\S*)'], input: 'A {"A":1}\nx\n' },
  { args: ['--regex', ''], input: 'A {"A":1}\nx\n' },
  { args: ['--regex', '(?<host>\\S*) (?<clock>{.*})\\n(?<event>.*)(?<=a{1000})'], input: 'A {"A":1}\nx\n' },
];

/** A sample file to mutate: its name (for format detection), text and the CLI options that read it. */
export interface Sample {
  name: string;
  text: string;
  args: string[];
}

/** Every sample the repository holds: format fixtures, examples, the shared ShiViz logs and the real corpus. */
export function samples(): Sample[] {
  const found: Sample[] = [];
  const add = (dir: string, name: string, args: string[] = []) => {
    const text = readFileSync(join(dir, name), 'utf8');
    // Long files are cut so one mutation stays cheap.
    found.push({ name: basename(name), text: text.length > 20_000 ? text.slice(0, 20_000) : text, args });
  };
  const formats = join(REPO, 'test', 'fixtures', 'formats');
  for (const name of readdirSync(formats)) add(formats, name);
  for (const name of readdirSync(EXAMPLES)) if (name.endsWith('.causal.jsonl')) add(EXAMPLES, name);
  const shiviz = join(REPO, '..', 'shared', 'fixtures', 'shiviz');
  if (existsSync(join(shiviz, 'manifest.json'))) {
    const { logs } = JSON.parse(readFileSync(join(shiviz, 'manifest.json'), 'utf8')) as { logs: { file: string; regex: string; delimiter: string }[] };
    for (const log of logs) add(shiviz, log.file, ['--regex', log.regex, ...(log.delimiter ? ['--delimiter', log.delimiter] : [])]);
  }
  const real = join(REPO, 'test', 'fixtures', 'real');
  for (const group of existsSync(real) ? readdirSync(real) : []) {
    const manifest = join(real, group, 'manifest.json');
    if (!existsSync(manifest)) continue;
    const { files } = JSON.parse(readFileSync(manifest, 'utf8')) as { files: { file: string; options?: Record<string, string> }[] };
    for (const f of files) add(join(real, group), f.file, Object.entries(f.options ?? {}).flatMap(([k, v]) => [`--${k}`, v]));
  }
  return found;
}
