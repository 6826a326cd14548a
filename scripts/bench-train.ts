/**
 * Training-speed benchmark in headless Chromium through the pipeline runner: the same small dataset
 * and config trained on the cpu backend and on wasm (with ScrewOps' gradient kernels), in one run.
 * Prints images/s per backend (median over epochs) and the speed-up, and one JSON line.
 *
 *   npx tsx scripts/bench-train.ts [--input 64 --epochs 2 --count 120]
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { input: { type: 'string', default: '64' }, epochs: { type: 'string', default: '2' }, count: { type: 'string', default: '120' } } });
const profile = mkdtempSync(join(tmpdir(), 'screwops-bench-train-'));
const config = join(profile, 'config.yaml');
writeFileSync(config, `epochs: ${values.epochs}\ninputSize: ${values.input}\nbatchSize: 16\nearlyStoppingPatience: 0\n`);

const pipeline = (...args: string[]) =>
  JSON.parse(execFileSync('npx', ['tsx', 'scripts/pipeline.ts', ...args, '--json', '--profile', profile, '--port', '4878'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })) as Record<string, unknown>;

try {
  pipeline('generate', '--count', values.count!, '--size', '256', '--seed', '5');
  pipeline('split');
  pipeline('snapshot', '--name', 'bench');
  const rows: Array<{ backend: string; imagesPerSecond: number }> = [];
  for (const backend of ['wasm', 'cpu']) {
    pipeline('diagnostics', '--backend', backend);
    const run = pipeline('train', '--config', config, '--name', `bench ${backend}`, '--override', 'benchmark');
    rows.push({ backend: String(run['backend']), imagesPerSecond: Number(run['imagesPerSecond']) });
    console.log(`${backend.padEnd(5)} ${Number(run['imagesPerSecond']).toFixed(2)} images/s (input ${values.input} px wide, batch 16)`);
  }
  pipeline('diagnostics', '--backend', 'auto');
  const speedup = rows[0]!.imagesPerSecond / rows[1]!.imagesPerSecond;
  console.log(`wasm is ${speedup.toFixed(1)}x faster than cpu`);
  console.log(JSON.stringify({ bench: 'train', input: Number(values.input), rows, speedup }));
} finally {
  rmSync(profile, { recursive: true, force: true });
}
