/**
 * Training-speed benchmark in headless Chromium through the pipeline runner: the same small dataset
 * and config trained on the cpu backend and on wasm (with ScrewOps' gradient kernels), in one run.
 * Prints images/s per backend (median over epochs) and the speed-up, and one JSON line.
 *
 *   npx tsx scripts/bench-train.ts [--input 64 --epochs 2 --count 120]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runnerSession } from './lib/runner-session.ts';

const { values } = parseArgs({
  options: {
    input: { type: 'string', default: '64' },
    epochs: { type: 'string', default: '2' },
    count: { type: 'string', default: '120' },
  },
});
const session = runnerSession(4878);
const pipeline = session.json;
const config = join(session.profile, 'config.yaml');
writeFileSync(
  config,
  `epochs: ${values.epochs}\ninputSize: ${values.input}\nbatchSize: 16\nearlyStoppingPatience: 0\n`,
);

try {
  await pipeline('generate', '--count', values.count!, '--size', '256', '--seed', '5');
  await pipeline('split');
  await pipeline('snapshot', '--name', 'bench');
  const rows: Array<{ backend: string; imagesPerSecond: number }> = [];
  for (const backend of ['wasm', 'cpu']) {
    await pipeline('diagnostics', '--backend', backend);
    const run = await pipeline(
      'train',
      '--config',
      config,
      '--name',
      `bench ${backend}`,
      '--override',
      'benchmark',
    );
    rows.push({ backend: String(run['backend']), imagesPerSecond: Number(run['imagesPerSecond']) });
    console.log(
      `${backend.padEnd(5)} ${Number(run['imagesPerSecond']).toFixed(2)} images/s (input ${values.input} px wide, batch 16)`,
    );
  }
  await pipeline('diagnostics', '--backend', 'auto');
  const speedup = rows[0]!.imagesPerSecond / rows[1]!.imagesPerSecond;
  console.log(`wasm is ${speedup.toFixed(1)}x faster than cpu`);
  console.log(JSON.stringify({ bench: 'train', input: Number(values.input), rows, speedup }));
} finally {
  session.dispose();
}
