/**
 * Trains a candidate backbone on many looks, headless in Chromium through the pipeline runner: one
 * seeded dataset per pretraining style (every generator look but the held-out and selection ones) →
 * split → snapshot → profile → train → export to .screwops/pretrain-styles/candidate/ with its
 * metrics. The held-out and selection styles are never generated here. Whether the candidate ships as
 * the backbone (its model.json, weights.bin and screwops.json copied to models/backbone/, with a
 * metrics.json) is decided on the selection styles (`npm run held-out -- --selection`), never on the
 * held-out ones.
 *
 * Resumable: the browser profile is kept in .screwops/pretrain-styles/ with a record of the finished
 * steps, and an interrupted training run continues from its last checkpoint when started again.
 *
 * `--from default` carries on from the shipped model's weights instead of starting from scratch: a
 * new head first, then the top blocks at a tenth of `--learning-rate`, as any run from a backbone.
 *
 *   npm run pretrain:styles [-- --per-style 400 --size 256 --epochs 40 --from scratch|default
 *                              --learning-rate 0.002 --fresh]
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { unzipSync } from 'fflate';
import { runnerSession } from './lib/runner-session.ts';
import { HELD_OUT_STYLES, PRETRAINING_STYLES, SELECTION_STYLES } from '../workers/lib/synth/style-sets.ts';
import { DEMO_STYLE, STYLE_NAMES } from '../workers/lib/synth/styles.ts';

const { values } = parseArgs({
  options: {
    'per-style': { type: 'string', default: '400' },
    size: { type: 'string', default: '256' },
    epochs: { type: 'string', default: '40' },
    port: { type: 'string', default: '4878' },
    fresh: { type: 'boolean', default: false },
    from: { type: 'string', default: 'scratch' },
    'learning-rate': { type: 'string', default: '0.002' },
  },
});
const OUT = '.screwops/pretrain-styles/candidate';
const PROFILE = '.screwops/pretrain-styles/profile';
const PROJECT = 'Default model';
const SNAPSHOT = 'pretraining styles';
const RUN = 'default';
const DEFECT_RATIO = 0.25;
const perStyle = Number(values['per-style']);
const from = values.from!;
if (from !== 'scratch' && from !== 'default')
  throw new Error(`--from must be scratch or default; got ${JSON.stringify(from)}.`);

/**
 * Each style's own seed, fixed by its place in the catalogue (the demo keeps seed 1, the drift
 * reference's), so no two looks share a screw and a look keeps its images whatever the sets hold.
 */
const seedOf = (style: string) => (style === DEMO_STYLE ? 1 : 100 + STYLE_NAMES.indexOf(style));

if (PRETRAINING_STYLES.some((s) => HELD_OUT_STYLES.includes(s) || SELECTION_STYLES.includes(s)))
  throw new Error('A held-out or selection style is among the pretraining styles; keep them apart.');
if (values.fresh) rmSync(PROFILE, { recursive: true, force: true });
mkdirSync(PROFILE, { recursive: true });
const STATE = join(PROFILE, 'steps.json');
const done = new Set<string>(existsSync(STATE) ? (JSON.parse(readFileSync(STATE, 'utf8')) as string[]) : []);

/** Runs a step once: a later start skips what an earlier one finished. */
async function step(name: string, work: () => Promise<unknown>): Promise<void> {
  if (done.has(name)) return console.error(`— ${name}: done earlier`);
  console.error(`— ${name}…`);
  await work();
  done.add(name);
  writeFileSync(STATE, JSON.stringify([...done]));
}

const session = runnerSession(values.port!, { profile: PROFILE });
const pipeline = (...args: string[]) => session.json(...args, '--project', PROJECT);
try {
  for (const style of PRETRAINING_STYLES)
    await step(`generate ${style}`, () =>
      pipeline(
        'generate',
        ...['--style', style, '--count', String(perStyle), '--size', values.size!],
        ...['--seed', String(seedOf(style)), '--defect-ratio', String(DEFECT_RATIO)],
      ),
    );
  await step('split', () => pipeline('split'));
  await step('snapshot', () => pipeline('snapshot', '--name', SNAPSHOT));
  const profiled = await pipeline('profile', '--snapshot', SNAPSHOT);
  const blocking = (profiled['blockingFailures'] as string[] | undefined) ?? [];
  console.error(`— profiled: blocking failures ${JSON.stringify(blocking)}; training…`);
  // Many looks in one snapshot are the point here; an assertion that expects one look may object.
  const override = blocking.length
    ? ['--override', 'the pretraining snapshot mixes generator looks on purpose']
    : [];
  const config = join(PROFILE, 'train.yaml');
  writeFileSync(
    config,
    `epochs: ${Number(values.epochs)}\nfrom: ${from}\nfreeze: none\nlearningRate: ${Number(values['learning-rate'])}\n`,
  );
  const started = Date.now();
  const trained = await pipeline(
    'train',
    ...['--snapshot', SNAPSHOT, '--name', RUN, '--resume', '--config', config],
    ...override,
  );
  console.error(`— trained: test accuracy ${trained['testAccuracy']}, AUROC ${trained['auroc']}`);
  const zipPath = join(PROFILE, 'model.zip');
  await pipeline('export-model', '--run', RUN, '--out', zipPath);
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  for (const [name, bytes] of Object.entries(unzipSync(readFileSync(zipPath))))
    writeFileSync(join(OUT, name), bytes);
  const metrics = {
    // The demo look's share: the drift reference is measured on it, as the demo station sees it.
    dataset: { count: perStyle, size: Number(values.size), defectRatio: DEFECT_RATIO },
    styles: Object.fromEntries(PRETRAINING_STYLES.map((s) => [s, { seed: seedOf(s), count: perStyle }])),
    heldOutStyles: HELD_OUT_STYLES,
    selectionStyles: SELECTION_STYLES,
    shipped: { seed: seedOf(DEMO_STYLE), lastSessionMs: Date.now() - started, ...trained },
    trainedAt: new Date().toISOString(),
  };
  writeFileSync(join(OUT, 'metrics.json'), JSON.stringify(metrics, null, 2) + '\n');
  console.log(JSON.stringify(metrics));
} finally {
  session.dispose();
}
