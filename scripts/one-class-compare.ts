/**
 * Compares one-class detectors fitted on good screws only: PatchCore variants on the shipped
 * backbone (feature layers, bank size) and the golden template. Per pretraining or selection style
 * (the held-out looks are never generated here), it fits on `--train` good images and reports AUROC
 * on `--test` images of which a quarter are defective, plus the false-reject rate and recall at the
 * threshold set from the fit's own held-out good scores (2 % target), and the fit time.
 *
 *   npx tsx scripts/one-class-compare.ts [--train 30] [--test 200] [--styles a,b] [--variants v1,v2]
 *
 * Variants: `golden`, or `LAYERS@BANK[:mirror|:plain]` with LAYERS joined by '+', e.g.
 * `relu3+relu4@1000:plain` (without the suffix, fitOneClass's default on mirrored patches).
 * Crops are cached in .screwops/one-class-compare/ so later runs skip the generator.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type * as tfl from '@tensorflow/tfjs-layers';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleFromFiles, BUNDLE_FILES } from '../models/bundle-files.ts';
import { loadBundleModel } from '../models/bundle/bundle-model.ts';
import { fitGoldenTemplate, goldenTemplateScore } from '../models/one-class/golden-template.ts';
import { fitOneClass, scoreBatch } from '../models/one-class/one-class-model.ts';
import { thresholdAtFalseRejectRate } from '../models/one-class/threshold.ts';
import { preprocessGray } from '../models/preprocess/preprocess.ts';
import { inputHeight, isPreprocessSpec, type PreprocessSpec } from '../models/preprocess/spec.ts';
import { auroc } from '../workers/lib/metrics/classification.ts';
import { generateScrewImage, planDataset, toGray } from '../workers/lib/synth/screw-generator.ts';
import { PRETRAINING_STYLES, SELECTION_STYLES } from '../workers/lib/synth/style-sets.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== '--'),
  options: {
    train: { type: 'string', default: '30' },
    test: { type: 'string', default: '200' },
    styles: { type: 'string' },
    variants: { type: 'string', default: 'relu3+relu4@1000,relu3+relu4@250,relu3@1000,relu4@300,golden' },
    backend: { type: 'string', default: 'wasm' },
  },
  strict: true,
});
const TRAIN = Number(values.train);
const TEST = Number(values.test);
const TARGET_FRR = 0.02;
// Choices may be made on the pretraining and selection looks, never on the held-out ones.
const open = [...PRETRAINING_STYLES, ...SELECTION_STYLES];
const styles = values.styles ? values.styles.split(',') : open;
const unknown = styles.filter((s) => !open.includes(s));
if (unknown.length) {
  process.stderr.write(
    `one-class-compare: ${unknown.join(', ')} not among the pretraining or selection styles\n`,
  );
  process.exit(2);
}

const bundle = bundleFromFiles(
  Object.fromEntries(
    Object.values(BUNDLE_FILES).map((name) => [name, readFileSync(join('models/backbone', name))]),
  ),
);
const shippedSpec = bundle.metadata.preprocess;
if (!isPreprocessSpec(shippedSpec)) throw new Error('The shipped model should use the canonical crop.');
const spec: PreprocessSpec = shippedSpec;
const [H, W] = [inputHeight(spec), spec.inputSize];

interface Crops {
  pixels: Float32Array;
  defective: boolean[];
}

/** Standardised canonical crops of a seeded plan in one style, from the cache when there. */
function crops(style: string, count: number, defectRatio: number, seed: number): Crops {
  const dir = resolve('.screwops/one-class-compare');
  const file = join(dir, `${style}-${count}-${defectRatio}-${seed}-pp${spec.version}-${W}.bin`);
  const plan = planDataset({ count, defectRatio, seed });
  const defective = plan.map((p) => p.kind !== 'good');
  if (existsSync(file)) return { pixels: new Float32Array(readFileSync(file).buffer.slice(0)), defective };
  const pixels = new Float32Array(count * H * W);
  plan.forEach((item, i) => {
    const image = generateScrewImage({ seed: item.seed, kind: item.kind, size: 256, style });
    const gray = toGray(image.pixels, image.channels);
    pixels.set(preprocessGray(gray, image.width, image.height, spec).tensor, i * H * W);
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, new Uint8Array(pixels.buffer));
  return { pixels, defective };
}

interface Result {
  auroc: number;
  frr: number;
  recall: number;
  fitMs: number;
}

/** FRR and recall on the test images at the threshold set from good scores alone. */
function atThreshold(scores: ArrayLike<number>, defective: boolean[], threshold: number) {
  let goodFlagged = 0;
  let good = 0;
  let caught = 0;
  let bad = 0;
  defective.forEach((d, i) => {
    const flagged = scores[i]! >= threshold;
    if (d) [bad, caught] = [bad + 1, caught + (flagged ? 1 : 0)];
    else [good, goodFlagged] = [good + 1, goodFlagged + (flagged ? 1 : 0)];
  });
  return { frr: goodFlagged / good, recall: caught / bad };
}

function golden(train: Crops, test: Crops): Result {
  const t0 = performance.now();
  const list = Array.from({ length: TRAIN }, (_, i) => train.pixels.subarray(i * H * W, (i + 1) * H * W));
  const template = fitGoldenTemplate(list, W, H);
  // Its threshold comes from leave-one-out scores of the training crops, as PatchCore's from held-out ones.
  const heldOut = list.map((crop, i) => {
    const others = fitGoldenTemplate(
      list.filter((_, j) => j !== i),
      W,
      H,
    );
    return goldenTemplateScore(others, crop).score;
  });
  const fitMs = performance.now() - t0;
  const scores = test.defective.map(
    (_, i) => goldenTemplateScore(template, test.pixels.subarray(i * H * W, (i + 1) * H * W)).score,
  );
  const threshold = thresholdAtFalseRejectRate(heldOut, TARGET_FRR);
  return { auroc: auroc(scores, test.defective), ...atThreshold(scores, test.defective, threshold), fitMs };
}

async function patchCore(
  backbone: tfl.LayersModel,
  variant: string,
  train: Crops,
  test: Crops,
): Promise<Result> {
  const [spec, look] = variant.split(':');
  const [layers, bank] = spec!.split('@');
  const good = tf.tensor4d(train.pixels, [TRAIN, H, W, 1]);
  const t0 = performance.now();
  const fit = await fitOneClass(backbone, good, {
    maxBankSize: Number(bank),
    seed: 1,
    featureLayers: layers!.split('+'),
    ...(look ? { mirror: look === 'mirror' } : {}),
  });
  const fitMs = performance.now() - t0;
  const inputs = tf.tensor4d(test.pixels, [test.defective.length, H, W, 1]);
  const { scores } = await scoreBatch(fit.model, inputs);
  const threshold = thresholdAtFalseRejectRate([...fit.heldOutScores], TARGET_FRR);
  tf.dispose([good, inputs]);
  fit.model.dispose();
  return { auroc: auroc(scores, test.defective), ...atThreshold(scores, test.defective, threshold), fitMs };
}

async function main() {
  if (values.backend === 'wasm') {
    const dist = resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist');
    setWasmPaths(`${dist}/`);
  }
  if (!(await tf.setBackend(values.backend!)))
    throw new Error(`The ${values.backend} backend does not start here.`);
  const backbone = await loadBundleModel(bundle);
  const variants = values.variants!.split(',');
  const rows: Record<string, Record<string, Result>> = {};
  for (const [s, style] of styles.entries()) {
    const train = crops(style, TRAIN, 0, 1000 + s);
    const test = crops(style, TEST, 0.25, 2000 + s);
    for (const variant of variants) {
      const result =
        variant === 'golden' ? golden(train, test) : await patchCore(backbone, variant, train, test);
      (rows[variant] ??= {})[style] = result;
      process.stderr.write(`${style} ${variant} ${JSON.stringify(result)}\n`);
    }
  }
  const fmt = (x: number) => x.toFixed(3);
  process.stdout.write(`\nAUROC (FRR / recall at the 2 % threshold from good held-out scores), fit s\n`);
  process.stdout.write(`| variant | ${styles.join(' | ')} | mean AUROC | mean FRR | mean recall | fit s |\n`);
  process.stdout.write(`|${'---|'.repeat(styles.length + 5)}\n`);
  for (const variant of variants) {
    const r = styles.map((s) => rows[variant]![s]!);
    const mean = (f: (x: Result) => number) => r.reduce((a, x) => a + f(x), 0) / r.length;
    const cells = r.map((x) => `${fmt(x.auroc)} (${x.frr.toFixed(2)}/${x.recall.toFixed(2)})`);
    process.stdout.write(
      `| ${variant} | ${cells.join(' | ')} | ${fmt(mean((x) => x.auroc))} | ${fmt(mean((x) => x.frr))} | ${fmt(mean((x) => x.recall))} | ${(mean((x) => x.fitMs) / 1000).toFixed(1)} |\n`,
    );
  }
  process.stdout.write(`${JSON.stringify({ train: TRAIN, test: TEST, styles, rows })}\n`);
}

await main();
