/**
 * Data-library benchmark in Node: the split assignment, the duplicate grouping behind it, the near-pair
 * search and the dataset profile's finish step (which runs the leak check), each on 10,000 images of
 * seeded synthetic data. Each case runs once to warm up, then --runs times; prints the median and the
 * spread in ms per case, and one JSON line.
 *
 *   npx tsx scripts/bench-data.ts [--count 10000] [--runs 5]
 */
import { parseArgs } from 'node:util';
import { median } from '../workers/lib/profile/stats.ts';
import { syntheticAccumulator } from '../workers/lib/profile/synthetic-profile.ts';
import { createRng } from '../workers/lib/rng.ts';
import { forEachNearPair, groupDuplicates } from '../workers/lib/splits/duplicate-groups.ts';
import { assignSplits } from '../workers/lib/splits/splits.ts';
import {
  blankCandidates,
  clusteredCandidates,
  randomCandidates,
} from '../workers/lib/splits/synthetic-hashes.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
  },
});
const count = Number(values.count);
const runs = Number(values.runs);
if (!(Number.isInteger(count) && count > 1 && Number.isInteger(runs) && runs > 0)) {
  console.error('--count must be an integer above 1 and --runs a positive integer');
  process.exit(2);
}

/** Times `work` once as a warm-up and then `runs` times; the inputs are built before, outside the timing. */
function time(work: () => unknown): { medianMs: number; minMs: number; maxMs: number } {
  work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return { medianMs: median(times), minMs: Math.min(...times), maxMs: Math.max(...times) };
}

const rng = createRng('bench-data');
const splitItems = Array.from({ length: count }, (_, i) => ({
  id: `img-${i}`,
  label: rng.chance(0.5) ? 'good' : rng.pick(['scratch', 'thread', null]),
  group: `img-${i}`,
  current: null,
}));
const clustered = clusteredCandidates('bench-clustered', count, Math.ceil(count / 5), 6);
const random = randomCandidates('bench-random', count);
const blank = blankCandidates(count);
const randomHashes = random.map((c) => c.phash ?? '');
const good = Math.floor(count / 2);
const goodTest = Math.floor(good / 5);
const profilePlan = { good: { train: good - goodTest, test: goodTest }, bad: { train: count - good } };

const cases: Record<string, () => unknown> = {
  assignSplits: () =>
    assignSplits(splitItems, { ratios: { train: 0.7, validation: 0.15, test: 0.15 }, seed: 1 }),
  'groupDuplicates, clustered': () => groupDuplicates(clustered, 4),
  'groupDuplicates, random': () => groupDuplicates(random, 4),
  'groupDuplicates, two hashes': () => groupDuplicates(blank, 4),
  'forEachNearPair, random, 4 bits': () => forEachNearPair(randomHashes, 4, () => undefined),
};
const rows: Array<{ case: string; medianMs: number; minMs: number; maxMs: number }> = [];
for (const [name, work] of Object.entries(cases)) rows.push({ case: name, ...time(work) });
// finish() computes the summaries, outliers and duplicate/leak groups; filling the accumulator is not
// timed, so each run gets one filled beforehand.
{
  const accs = Array.from({ length: runs + 1 }, () => syntheticAccumulator(profilePlan, 'bench-profile'));
  rows.push({ case: 'ProfileAccumulator.finish', ...time(() => accs.pop()?.finish()) });
}

for (const r of rows) {
  console.log(
    `${r.case.padEnd(34)} median ${r.medianMs.toFixed(1).padStart(8)} ms  (min ${r.minMs.toFixed(1)}, max ${r.maxMs.toFixed(1)}; ${count} images, ${runs} runs)`,
  );
}
console.log(JSON.stringify({ bench: 'data', count, runs, rows }));
