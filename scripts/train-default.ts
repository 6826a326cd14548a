/**
 * Trains the shipped default screw model headless in Chromium, through the pipeline runner:
 * seeded demo dataset → split → snapshot → profile → train (default config) → export to models/default/.
 * The same config is trained and tested on a differently seeded dataset it was not tuned on, side
 * by side; both results are written to models/default/metrics.json.
 *
 *   npm run train:default [-- --count 3000 --size 256]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { runnerSession, type RunnerSession } from './lib/runner-session.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '3000' },
    size: { type: 'string', default: '256' },
    port: { type: 'string', default: '4877' },
  },
});
const OUT = 'models/default';

async function trainOn(seed: number, pipeline: RunnerSession['json']): Promise<Record<string, unknown>> {
  const project = `Default model, seed ${seed}`;
  console.error(`— ${project}: generating ${values.count} images of ${values.size} px`);
  await pipeline(
    'generate',
    '--project',
    project,
    '--count',
    values.count!,
    '--size',
    values.size!,
    '--seed',
    String(seed),
    '--defect-ratio',
    '0.25',
  );
  await pipeline('split', '--project', project);
  const snapshot = await pipeline('snapshot', '--project', project, '--name', `demo seed ${seed}`);
  const profiled = await pipeline('profile', '--project', project);
  console.error(
    `— seed ${seed} profiled: blocking failures ${JSON.stringify(profiled['blockingFailures'])}; training…`,
  );
  // The default model is the backbone other runs start from: it learns from scratch itself.
  const config = join(tmpdir(), `screwops-default-seed${seed}.yaml`);
  writeFileSync(config, 'from: scratch\n');
  const trained = await pipeline(
    'train',
    '--project',
    project,
    '--name',
    `default seed ${seed}`,
    '--config',
    config,
  );
  console.error(
    `— seed ${seed}: test accuracy ${trained['testAccuracy']}, AUROC ${trained['auroc']}, ${trained['imagesPerSecond']} images/s on ${trained['backend']}`,
  );
  return { seed, snapshotHash: snapshot['snapshotHash'], ...trained };
}

// One session (profile and port) per seed, so the two train side by side on two cores.
const [first, second] = [1, 2].map((seed) => runnerSession(Number(values.port) + seed));
try {
  const [shipped, unseen] = await Promise.all([trainOn(1, first!.json), trainOn(2, second!.json)]);
  const zipPath = join(first!.profile, 'model.zip');
  await first!.json('export-model', '--project', 'Default model, seed 1', '--out', zipPath);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath))))
    writeFileSync(join(OUT, name), bytes);
  const metrics = {
    dataset: { count: Number(values.count), size: Number(values.size), defectRatio: 0.25 },
    shipped,
    unseenSeed: unseen,
    trainedAt: new Date().toISOString(),
  };
  writeFileSync(join(OUT, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  // The drift reference is measured on the new model's own training data and features.
  execFileSync('npx', ['tsx', 'scripts/drift-reference-default.ts'], { stdio: 'inherit' });
  console.log(JSON.stringify(metrics));
} finally {
  for (const s of [first, second]) s!.dispose();
}
