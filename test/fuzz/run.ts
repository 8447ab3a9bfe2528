// `npm run fuzz [-- --factor N] [-- --seed S]`: the long fuzz run before a release. Runs every
// property of the suite N times as often as `npm test` does (20 by default), from a seed it prints,
// then says how many inputs it tried and what failed (with the seed and path to replay each).

import { parseArgs } from 'node:util';
import { fuzzProperties, runProperty } from './properties';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { factor: { type: 'string', default: '20' }, seed: { type: 'string' } } });
  const factor = Number(values.factor);
  const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
  if (!(factor > 0) || !Number.isInteger(seed)) throw new Error('--factor takes a positive number and --seed an integer.');
  process.stdout.write(`Fuzzing causeway check and the live ingest: seed ${seed}, ${factor}x the runs of npm test.\n`);
  const started = performance.now();
  let tried = 0;
  const failures: string[] = [];
  for (const property of fuzzProperties()) {
    const outcome = await runProperty(property, Math.ceil(property.runs * factor), seed);
    tried += outcome.tried;
    process.stdout.write(`${outcome.failure ? 'FAIL' : 'ok  '} ${String(outcome.tried).padStart(6)}  ${property.name}\n`);
    if (outcome.failure) failures.push(outcome.failure);
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(0);
  process.stdout.write(`\n${tried.toLocaleString('en-US')} inputs tried in ${seconds} s; ${failures.length} propert${failures.length === 1 ? 'y' : 'ies'} failed.\n`);
  for (const failure of failures) process.stdout.write(`\n${failure}\n`);
  return failures.length === 0 ? 0 : 1;
}

void main().then((status) => (process.exitCode = status));
