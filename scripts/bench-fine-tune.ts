/**
 * Fine-tuning benchmark in headless Chromium through the pipeline runner: one small snapshot of demo
 * screws at the shipped backbone's input size (about 40 train images), trained from scratch, with the
 * backbone frozen (head only) and with its top blocks fine-tuned, on the same seeds and schedule.
 * Prints images/s (median over epochs) and test AUROC per start, and one JSON line.
 *
 *   npx tsx scripts/bench-fine-tune.ts [--epochs 6 --count 300 --style demo --backend wasm]
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runnerSession } from './lib/runner-session.ts';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: '6' },
    count: { type: 'string', default: '300' },
    style: { type: 'string', default: 'demo' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const session = runnerSession(4879);
const pipeline = session.json;
const config = join(session.profile, 'config.yaml');
writeFileSync(config, `epochs: ${values.epochs}\nseed: 4\nearlyStoppingPatience: 0\n`);
const STARTS = [
  { name: 'scratch', args: ['--from', 'scratch'] },
  { name: 'head only', args: ['--from', 'default', '--freeze', 'backbone'] },
  { name: 'top blocks', args: ['--from', 'default', '--freeze', 'none'] },
];

try {
  await pipeline(
    'generate',
    '--count',
    values.count!,
    '--size',
    '128',
    '--seed',
    '23',
    '--style',
    values.style!,
  );
  await pipeline('split', '--train', '0.14', '--validation', '0.08', '--test', '0.78', '--seed', '3');
  await pipeline('snapshot', '--name', 'few shot');
  await pipeline('diagnostics', '--backend', values.backend!);
  const rows: Array<{ start: string; imagesPerSecond: number; auroc: number }> = [];
  for (const start of STARTS) {
    const run = await pipeline(
      'train',
      ...['--config', config, '--name', start.name, '--override', 'benchmark'],
      ...start.args,
    );
    const row = {
      start: start.name,
      imagesPerSecond: Number(run['imagesPerSecond']),
      auroc: Number(run['auroc']),
    };
    rows.push(row);
    console.log(
      `${start.name.padEnd(10)} ${row.imagesPerSecond.toFixed(1)} images/s, test AUROC ${row.auroc.toFixed(3)}`,
    );
  }
  await pipeline('diagnostics', '--backend', 'auto');
  console.log(
    JSON.stringify({ bench: 'fine-tune', style: values.style, epochs: Number(values.epochs), rows }),
  );
} finally {
  session.dispose();
}
