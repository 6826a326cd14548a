import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { readShippedBundle } from '../../tests/support/shipped-bundle.ts';
import { generateScrewImage, planDataset } from '../../workers/lib/synth/screw-generator.ts';
import { BUNDLE_FORMAT_VERSION, decisionThreshold, type ModelBundle } from '../bundle.ts';
import { preprocessGray } from '../preprocess/preprocess.ts';
import { isPreprocessSpec } from '../preprocess/spec.ts';
import {
  disposeModel,
  exportBundleZip,
  importBundleZip,
  loadBundleModel,
  modelPredictor,
} from './bundle-model.ts';

let shipped: ModelBundle;

beforeAll(async () => {
  expect(await tf.setBackend('cpu')).toBe(true);
  shipped = readShippedBundle();
});

/** Preprocessed crops of generated screws, one per seed: what the model sees in the app. */
function crops(seeds: number[]): Float32Array {
  const spec = shipped.metadata.preprocess;
  if (!isPreprocessSpec(spec)) throw new Error('The shipped model should use the canonical crop.');
  const size = shipped.metadata.inputShape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(seeds.length * size);
  const plan = planDataset({ count: 40, defectRatio: 0.5, seed: 5 });
  seeds.forEach((s, i) => {
    const item = plan[s]!;
    const image = generateScrewImage({ seed: item.seed, kind: item.kind, size: 256 });
    out.set(preprocessGray(image.pixels, image.width, image.height, spec).tensor, i * size);
  });
  return out;
}

describe('the shipped default model', () => {
  it('reads as format 1 and converts to a format-2 zip and back with identical answers', async () => {
    expect(shipped.metadata.formatVersion).toBe(1);
    const zip = await exportBundleZip(shipped, { goldenInputs: crops([0, 1, 2]) });
    const imported = await importBundleZip(zip);
    expect(imported.goldenDifference).toBe(0);
    expect(imported.bundle.metadata.formatVersion).toBe(BUNDLE_FORMAT_VERSION);
    expect(imported.bundle.metadata.threshold).toBe(shipped.metadata.metrics?.['threshold']);
    expect(decisionThreshold(imported.bundle.metadata)).toBe(decisionThreshold(shipped.metadata));
    const seeds = [3, 4, 5, 6, 7, 8];
    const shape = [seeds.length, ...shipped.metadata.inputShape];
    const x = crops(seeds);
    const before = await loadBundleModel(shipped);
    const after = await loadBundleModel(imported.bundle);
    const a = await modelPredictor(before)(x, shape);
    const b = await modelPredictor(after)(x, shape);
    before.dispose();
    after.dispose();
    expect(Array.from(b)).toEqual(Array.from(a));
    // The crops are real screws: the answers spread over both classes, so the golden data can catch a change.
    const bad = Array.from({ length: seeds.length }, (_, i) => a[2 * i + 1]!);
    expect(Math.max(...bad) - Math.min(...bad)).toBeGreaterThan(0.5);
  }, 60_000);
});

describe('disposeModel', () => {
  it('frees every weight of the shipped mirror-averaged model, where dispose alone keeps the classifier', async () => {
    const before = tf.memory().numTensors;
    const kept = await loadBundleModel(shipped);
    kept.dispose();
    const leftByDispose = tf.memory().numTensors - before;
    expect(leftByDispose).toBeGreaterThan(0);
    const model = await loadBundleModel(shipped);
    disposeModel(model);
    expect(tf.memory().numTensors - before).toBe(leftByDispose);
  });
});
