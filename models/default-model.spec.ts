import * as tfl from '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tf } from '../workers/tf/runtime.ts';
import { generateScrewImage, planDataset } from '../workers/lib/synth/screw-generator.ts';
import { auroc } from '../workers/lib/metrics/classification.ts';
import { bundleFromFiles, BUNDLE_FILES } from './bundle-files.ts';
import { badProbabilities, type ModelBundle } from './bundle.ts';
import { preprocessGray } from './preprocess/preprocess.ts';
import { inputHeight, isPreprocessSpec, type PreprocessSpec } from './preprocess/spec.ts';
import { useWasmBackend } from '../tests/support/wasm-backend.ts';

// DEFAULT_MODEL_DIR checks a freshly trained candidate before it replaces the shipped model.
const DIR = resolve(process.env.DEFAULT_MODEL_DIR ?? 'models/default');

let bundle: ModelBundle;

/** The shipped model's preprocessing: the canonical crop. */
function cropSpec(): PreprocessSpec {
  const spec = bundle.metadata.preprocess;
  if (!isPreprocessSpec(spec))
    throw new Error(`The default model should use the canonical crop, not ${JSON.stringify(spec)}.`);
  return spec;
}

beforeAll(async () => {
  // Read once: every test looks at the same files, and a bundle that does not load fails them all.
  bundle = bundleFromFiles(
    Object.fromEntries(Object.values(BUNDLE_FILES).map((name) => [name, readFileSync(join(DIR, name))])),
  );
  expect(await useWasmBackend()).toBe(true);
});

describe('the shipped default model', () => {
  it('loads as a bundle of this preprocessing version, with its recorded metrics', () => {
    expect(bundle.metadata.classes).toEqual(['good', 'bad']);
    expect(bundle.metadata.inputShape).toEqual([inputHeight(cropSpec()), cropSpec().inputSize, 1]);
    const metrics = JSON.parse(readFileSync(join(DIR, 'metrics.json'), 'utf8')) as {
      shipped: { runId: string; testAccuracy: number };
    };
    expect(metrics.shipped.runId).toBe(bundle.metadata.lineage.runId);
  });

  it('looks at every part twice, as the crop and its mirror, as it was trained to see them alike', () => {
    expect((bundle.metadata.lineage.params as { augment: { flip: boolean } }).augment.flip).toBe(true);
    expect(JSON.stringify(bundle.modelTopology)).toContain('"mirror_mean"');
  });

  it('tells good from defective screws it has never seen, through the one preprocessing path', async () => {
    const { outputs } = bundle.metadata;
    const preprocess = cropSpec();
    const model = await tfl.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: bundle.modelTopology,
        weightSpecs: bundle.weightSpecs as tf.io.WeightsManifestEntry[],
        weightData: bundle.weightData,
      }),
    );
    // A seed neither the shipped run nor its unseen-seed twin trained or tested on.
    const plan = planDataset({ count: 200, defectRatio: 0.25, seed: 97 });
    const width = preprocess.inputSize;
    const height = inputHeight(preprocess);
    const batch = new Float32Array(plan.length * width * height);
    plan.forEach((item, i) => {
      const image = generateScrewImage({ seed: item.seed, kind: item.kind, size: 256 });
      batch.set(
        preprocessGray(image.pixels, image.width, image.height, preprocess).tensor,
        i * width * height,
      );
    });
    const probs = tf.tidy(() =>
      (model.predict(tf.tensor4d(batch, [plan.length, height, width, 1])) as tf.Tensor2D).dataSync(),
    );
    model.dispose();
    const defective = plan.map((item) => item.kind !== 'good');
    const bad = badProbabilities(probs, outputs.classOf);
    const threshold =
      typeof bundle.metadata.metrics?.['threshold'] === 'number' ? bundle.metadata.metrics['threshold'] : 0.5;
    const accuracy = bad.filter((b, i) => b >= threshold === defective[i]).length / plan.length;
    expect(accuracy).toBeGreaterThanOrEqual(0.95);
    expect(auroc(bad, defective)).toBeGreaterThanOrEqual(0.98);
  }, 60_000);
});
