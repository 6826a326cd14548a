/**
 * Trains the shipped default screw model headless in Chromium, through the pipeline runner:
 * seeded demo dataset → split → snapshot → profile → train (default config) → export to models/default/.
 * The same config is then trained and tested on a differently seeded dataset it was not tuned on;
 * both results are written to models/default/metrics.json.
 *
 *   npm run train:default [-- --count 400 --size 256]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';

const { values } = parseArgs({ options: { count: { type: 'string', default: '400' }, size: { type: 'string', default: '256' }, port: { type: 'string', default: '4877' } } });
const profile = mkdtempSync(join(tmpdir(), 'screwops-default-model-'));
const OUT = 'models/default';

function pipeline(...args: string[]): Record<string, unknown> {
  const stdout = execFileSync('npx', ['tsx', 'scripts/pipeline.ts', ...args, '--json', '--profile', profile, '--port', values.port!], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}

function trainOn(seed: number): Record<string, unknown> {
  const project = `Default model, seed ${seed}`;
  console.error(`— ${project}: generating ${values.count} images of ${values.size} px`);
  pipeline('generate', '--project', project, '--count', values.count!, '--size', values.size!, '--seed', String(seed), '--defect-ratio', '0.25');
  pipeline('split', '--project', project);
  const snapshot = pipeline('snapshot', '--project', project, '--name', `demo seed ${seed}`);
  const profiled = pipeline('profile', '--project', project);
  console.error(`— profiled: blocking failures ${JSON.stringify(profiled['blockingFailures'])}; training…`);
  const run = pipeline('train', '--project', project, '--name', `default seed ${seed}`);
  console.error(`— test accuracy ${run['testAccuracy']}, AUROC ${run['auroc']}, ${run['imagesPerSecond']} images/s on ${run['backend']}`);
  return { seed, snapshotHash: snapshot['snapshotHash'], ...run };
}

try {
  const shipped = trainOn(1);
  const zipPath = join(profile, 'model.zip');
  pipeline('export-model', '--project', 'Default model, seed 1', '--out', zipPath);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath)))) writeFileSync(join(OUT, name), bytes);
  const unseen = trainOn(2);
  const metrics = { dataset: { count: Number(values.count), size: Number(values.size), defectRatio: 0.25 }, shipped, unseenSeed: unseen, trainedAt: new Date().toISOString() };
  writeFileSync(join(OUT, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(JSON.stringify(metrics));
} finally {
  rmSync(profile, { recursive: true, force: true });
}
